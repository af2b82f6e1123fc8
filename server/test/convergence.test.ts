import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode, DocKey, decodeBoardValue, docIdFor } from "@mockroom/shared";
import { carryOver } from "@mockroom/shared/yjs";
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

/** Cumulative odds of each kind of random step; what is left above `toggle` is the caller's own. */
interface Odds {
  create: number;
  change: number;
  insert: number;
  remove: number;
  toggle: number;
}
const CV1_ODDS: Odds = { create: 0.25, change: 0.45, insert: 0.75, remove: 0.85, toggle: 0.93 };

/**
 * One random step by `c`, chosen by `r`: create an element, change one (move, tombstone or
 * reorder, each bumping the version as Excalidraw does), type or delete in the pad, or drop off /
 * come back. Returns false when `r` is past `odds.toggle`: the step is the caller's to choose.
 */
function randomStep(
  rand: () => number,
  c: YClient,
  r: number,
  id: string,
  step: number,
  created: Set<string>,
  odds: Odds,
): boolean {
  const board = c.doc.getMap<unknown>(DocKey.Board);
  const pad = c.doc.getText(DocKey.Pad);
  if (r < odds.create) {
    created.add(id);
    board.set(id, {
      id,
      version: 1,
      versionNonce: randInt(rand, 0, 1e9),
      index: `a${randInt(rand, 0, 99)}`,
      isDeleted: false,
      x: 0,
    });
  } else if (r < odds.change) {
    if (board.size === 0) return true;
    const key = pick(rand, [...board.keys()]);
    // A value may be an object (written here) or JSON text (re-asserted by a carry-over, BRD2).
    const cur = decodeBoardValue(board.get(key)) as El | null;
    if (!cur) return true;
    const kind = rand();
    const next = { ...cur, version: cur.version + 1, versionNonce: randInt(rand, 0, 1e9) };
    if (kind < 0.5) next.x = randInt(rand, -500, 500);
    else if (kind < 0.75) next.isDeleted = true;
    else next.index = `a${randInt(rand, 0, 99)}`;
    board.set(key, next);
  } else if (r < odds.insert) {
    pad.insert(randInt(rand, 0, pad.length), `[${step}]`);
  } else if (r < odds.remove) {
    if (pad.length <= 2) return true;
    const at = randInt(rand, 0, pad.length - 2);
    pad.delete(at, randInt(rand, 1, Math.min(4, pad.length - at)));
  } else if (r < odds.toggle) {
    if (c.provider.shouldConnect) c.provider.disconnect();
    else c.provider.connect();
  } else return false;
  return true;
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
          randomStep(rand, pick(rand, clients), rand(), `e${seed}-${step}`, step, created, CV1_ODDS);
          if (rand() < 0.3) await sleep(randInt(rand, 0, 15));
        }
        for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
        await waitFor(() => clients.every((c) => c.provider.synced && allPersisted(c)), 15_000, `seed ${seed} settle`);
        // Compare the docs with each other until they agree: one early snapshot of the first could
        // miss an update still on its way to it.
        const same = () => new Set(clients.map((c) => JSON.stringify(snapshot(c.doc)))).size === 1;
        await waitFor(same, 15_000, `seed ${seed} converge`);
        const expected = snapshot(clients[0]!.doc);
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

/**
 * CV2: the same random sessions, but now and then everyone drops off, the room unloads and (with a
 * low threshold) its board history is compacted (DOC12) while clients keep editing offline. A
 * client that comes back from an older epoch is refused (4410) and resets as the app does (DOC13):
 * a fresh doc, then `carryOver`. Every doc must still agree with the others, nothing created may
 * be lost, and a replay of the log from zero — the full history the recording keeps — must show the
 * same state as the compacted docs.
 */
/** 10 seeds in CI; `CV2_N=80` for a deeper run (80 seeds: ~50 compactions, ~140 resets). */
const CV2_SEEDS = Array.from({ length: Number(process.env["CV2_N"] ?? 10) }, (_, i) => 2_000 + i);
const tally = { compactions: 0, resets: 0 };
/** Above `toggle` (to 0.97): everyone drops off and the room unloads, maybe compacted. */
const CV2_ODDS: Odds = { create: 0.2, change: 0.5, insert: 0.72, remove: 0.8, toggle: 0.92 };

describe("seeded convergence across compactions", () => {
  let crig: Rig;
  beforeAll(async () => {
    crig = await startServer({ compactMinCollected: 4 });
  });
  afterAll(async () => {
    await crig.close();
  });

  for (const seed of CV2_SEEDS) {
    it(`[CV2] seed ${seed}: clients drop off across compactions, reset, and converge with the log; nothing lost`, async () => {
      const rand = seededRandom(seed);
      const s = await setUpRoom(crig.url);
      const docId = docIdFor(s.room.roomId, 1);
      const tokens = [s.interviewer.token, s.candidate.token, s.interviewer.token];
      const clients: YClient[] = tokens.map((t) => yClient(crig.url, docId, t));
      const created = new Set<string>();
      let epoch = 0;
      /** DOC13 as the app does it: a refused doc is replaced by a fresh one with its edits carried over. */
      const resetRefused = async () => {
        for (const [i, old] of clients.entries()) {
          if (!old.closes.some((c) => c.code === CloseCode.DocReset)) continue;
          old.provider.disconnect();
          const fresh = yClient(crig.url, docId, tokens[i]!);
          await fresh.synced();
          carryOver(old.doc, fresh.doc, "carry-over");
          old.destroy();
          clients[i] = fresh;
          tally.resets++;
        }
      };
      try {
        await Promise.all(clients.map((c) => c.synced()));
        for (let step = 0; step < STEPS; step++) {
          await resetRefused();
          const r = rand();
          if (!randomStep(rand, pick(rand, clients), r, `e${seed}-${step}`, step, created, CV2_ODDS) && r < 0.97) {
            // Everyone drops off: the room unloads, maybe compacted, while they go on offline.
            for (const other of clients) other.provider.disconnect();
            await waitFor(() => !crig.app.hub.isLoaded(docId), 5_000, `seed ${seed} unload`);
            const snap = await crig.storage.snapshots.latest(docId);
            if ((snap?.epoch ?? 0) > epoch) {
              epoch = snap!.epoch!;
              tally.compactions++;
            }
          }
          if (rand() < 0.3) await sleep(randInt(rand, 0, 15));
        }
        for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
        await waitFor(
          async () => {
            await resetRefused();
            return clients.every((c) => c.provider.synced && allPersisted(c));
          },
          15_000,
          `seed ${seed} settle`,
        );
        // Updates carried over by a late reset may still be on their way to the others: compare the
        // docs with each other until they agree, not with one early snapshot.
        const same = () => new Set(clients.map((c) => JSON.stringify(snapshot(c.doc)))).size === 1;
        await waitFor(same, 15_000, `seed ${seed} converge`);
        const expected = snapshot(clients[0]!.doc);
        for (const id of created) expect(expected.board[id], `element ${id} lost (seed ${seed})`).toBeDefined();
        const replay = new Y.Doc();
        for (const e of await crig.storage.docLog.read(docId)) Y.applyUpdate(replay, e.update);
        expect(snapshot(replay), `the log from zero disagrees (seed ${seed})`).toEqual(expected);
      } finally {
        for (const c of clients) c.destroy();
      }
    });
  }

  it("[CV2] the seeds above went through compactions and resets (the test exercised what it claims)", () => {
    expect(tally.compactions).toBeGreaterThan(0);
    expect(tally.resets).toBeGreaterThan(0);
    console.log("CV2 compactions / resets:", tally.compactions, tally.resets);
  });
});
