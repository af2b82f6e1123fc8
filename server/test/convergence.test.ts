import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocKey, docIdFor } from "@mockroom/shared";
import { pick, randInt, seededRandom } from "@mockroom/shared/testing";
import { allPersisted, setUpRoom, sleep, startServer, waitFor, yClient, type Rig, type YClient } from "./rig.ts";

/**
 * Seeded convergence through the real server: clients edit the board map and the pad at random,
 * drop off and come back (editing while offline), then every doc — and a replay of the durable
 * log — must agree. A failing seed is printed; pin it in REGRESSION_SEEDS.
 */
const SEEDS = Array.from({ length: 12 }, (_, i) => 1_000 + i);
const REGRESSION_SEEDS: number[] = [];
const CLIENTS = 3;
const STEPS = 80;

interface El {
  id: string;
  version: number;
  versionNonce: number;
  index: string;
  isDeleted: boolean;
  x: number;
}

let rig: Rig;
beforeAll(async () => {
  rig = await startServer();
});
afterAll(async () => {
  await rig.close();
});

const snapshot = (doc: Y.Doc) => ({
  pad: doc.getText(DocKey.Pad).toString(),
  board: Object.fromEntries([...doc.getMap<El>(DocKey.Board).entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
});

describe("seeded convergence through the server", () => {
  for (const seed of [...REGRESSION_SEEDS, ...SEEDS]) {
    it(`[CV1] seed ${seed}: ${CLIENTS} clients with random edits and reconnects converge with nothing lost`, async () => {
      const rand = seededRandom(seed);
      const s = await setUpRoom(rig.url);
      const docId = docIdFor(s.room.roomId, 1);
      const tokens = [s.interviewer.token, s.candidate.token, s.interviewer.token];
      const clients: YClient[] = tokens.slice(0, CLIENTS).map((t) => yClient(rig.url, docId, t));
      const created = new Set<string>();
      try {
        await Promise.all(clients.map((c) => c.synced()));
        for (let step = 0; step < STEPS; step++) {
          const c = pick(rand, clients);
          const r = rand();
          const board = c.doc.getMap<El>(DocKey.Board);
          const pad = c.doc.getText(DocKey.Pad);
          if (r < 0.25) {
            const id = `e${seed}-${step}`;
            created.add(id);
            board.set(id, {
              id,
              version: 1,
              versionNonce: randInt(rand, 0, 1e9),
              index: `a${randInt(rand, 0, 99)}`,
              isDeleted: false,
              x: 0,
            });
          } else if (r < 0.45 && board.size > 0) {
            const cur = board.get(pick(rand, [...board.keys()]))!;
            const kind = rand();
            // Moves, deletes (tombstones) and reorders bump the version, as Excalidraw does.
            const next = { ...cur, version: cur.version + 1, versionNonce: randInt(rand, 0, 1e9) };
            if (kind < 0.5) next.x = randInt(rand, -500, 500);
            else if (kind < 0.75) next.isDeleted = true;
            else next.index = `a${randInt(rand, 0, 99)}`;
            board.set(cur.id, next);
          } else if (r < 0.75) {
            pad.insert(randInt(rand, 0, pad.length), `[${step}]`);
          } else if (r < 0.85 && pad.length > 2) {
            const at = randInt(rand, 0, pad.length - 2);
            pad.delete(at, randInt(rand, 1, Math.min(4, pad.length - at)));
          } else if (r < 0.93) {
            if (c.provider.shouldConnect) c.provider.disconnect();
            else c.provider.connect();
          }
          if (rand() < 0.3) await sleep(randInt(rand, 0, 15));
        }
        for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
        await waitFor(() => clients.every((c) => c.provider.synced && allPersisted(c)), 15_000, `seed ${seed} settle`);
        const expected = snapshot(clients[0]!.doc);
        await waitFor(
          () => clients.every((c) => JSON.stringify(snapshot(c.doc)) === JSON.stringify(expected)),
          15_000,
          `seed ${seed} converge`,
        );
        for (const id of created) expect(expected.board[id], `element ${id} lost (seed ${seed})`).toBeDefined();
        const replay = new Y.Doc();
        for (const e of await rig.storage.docLog.read(docId)) Y.applyUpdate(replay, e.update);
        expect(snapshot(replay), `durable log disagrees (seed ${seed})`).toEqual(expected);
      } finally {
        for (const c of clients) c.destroy();
      }
    });
  }
});
