import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { DocKey } from "../protocol/yjs-wire.ts";
import { boardHistory, compactBoardHistory } from "./compact.ts";

/** A small deterministic generator, so a failing seed can be replayed. */
const rng = (seed: number) => {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
};
const el = (id: string, version: number, x: number) =>
  JSON.stringify({ id, version, versionNonce: version * 7, index: `a${id}`, x, y: 0, type: "rectangle" });

/** A board of `n` elements moved `moves` times, plus pad text and a meta key. */
function historyDoc(n: number, moves: number, seed = 1, clientID?: number): Y.Doc {
  const rand = rng(seed);
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  const board = doc.getMap<string>(DocKey.Board);
  const versions: number[] = [];
  doc.transact(() => {
    for (let i = 0; i < n; i++) board.set(`e${i}`, el(`e${i}`, (versions[i] = 1), i));
  });
  for (let m = 0; m < moves; m++) {
    const i = Math.floor(rand() * n);
    board.set(`e${i}`, el(`e${i}`, ++versions[i]!, rand() * 1000));
  }
  doc.getText(DocKey.Pad).insert(0, "def f():\n    return 1\n");
  doc.getText(DocKey.Pad).delete(4, 1);
  doc.getMap(DocKey.Meta).set("language", "go");
  board.delete("e0");
  return doc;
}

const load = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
};
const visible = (doc: Y.Doc) => ({
  board: Object.fromEntries([...doc.getMap(DocKey.Board).entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
  pad: doc.getText(DocKey.Pad).toString(),
  meta: doc.getMap(DocKey.Meta).toJSON(),
});

describe("board history compaction", () => {
  it("[DOC12] keeps the visible state and the state vector, and drops the overwritten entries", () => {
    const doc = historyDoc(200, 3000);
    const c = compactBoardHistory(doc)!;
    expect(c).not.toBeNull();
    expect(c.live).toBe(199);
    // Every move, less those of e0: a deleted key keeps its chain.
    expect(c.collected).toBeGreaterThan(2900);
    expect(c.collected).toBeLessThan(3000);
    const compacted = load(c.state);
    expect(visible(compacted)).toEqual(visible(doc));
    expect(Y.encodeStateVector(compacted)).toEqual(Y.encodeStateVector(doc));
    expect(boardHistory(compacted)).toEqual({ live: 199, overwritten: 0 });
    expect(c.state.byteLength).toBeLessThan(Y.encodeStateAsUpdate(doc).byteLength);
    // Encoding the compacted doc again is stable, and the source doc was not touched.
    expect(visible(load(Y.encodeStateAsUpdate(compacted)))).toEqual(visible(doc));
    expect(boardHistory(doc).overwritten).toBe(c.collected);
  });

  it("[DOC12] is skipped when it would save little or cannot see every struct", () => {
    expect(compactBoardHistory(historyDoc(200, 150))).toBeNull();
    expect(compactBoardHistory(historyDoc(2000, 1500))).toBeNull(); // fewer overwritten than live
    const gap = new Y.Doc();
    const src = historyDoc(50, 2000);
    const updates: Uint8Array[] = [];
    src.on("update", (u: Uint8Array) => updates.push(u));
    src.getMap(DocKey.Board).set("e1", el("e1", 99, 0));
    src.getMap(DocKey.Board).set("e1", el("e1", 100, 0));
    Y.applyUpdate(gap, Y.encodeStateAsUpdate(src, Y.encodeStateVector(src)));
    Y.applyUpdate(gap, updates[1]!); // depends on updates[0], which this doc never got
    Y.applyUpdate(gap, Y.encodeStateAsUpdate(historyDoc(50, 2000, 9)));
    expect(gap.store.pendingStructs).not.toBeNull();
    expect(compactBoardHistory(gap, 10)).toBeNull();
  });

  it("[DOC12] docs of one epoch converge with each other and with the full history (seeded)", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(seed);
      const full = historyDoc(30, 400, seed);
      const state = compactBoardHistory(full, 100)!.state;
      const peers = [load(state), load(state), load(state)];
      const server = load(state);
      const inbox: Uint8Array[][] = peers.map(() => []);
      peers.forEach((p, i) =>
        p.on("update", (u: Uint8Array, origin: unknown) => {
          if (origin === "remote") return;
          Y.applyUpdate(server, u);
          Y.applyUpdate(full, u);
          peers.forEach((_, j) => j !== i && inbox[j]!.push(u));
        }),
      );
      for (let step = 0; step < 60; step++) {
        const i = Math.floor(rand() * peers.length);
        const p = peers[i]!;
        const r = rand();
        if (r < 0.45) p.getMap<string>(DocKey.Board).set(`e${Math.floor(rand() * 35)}`, el("x", step, rand()));
        else if (r < 0.5) p.getMap<string>(DocKey.Board).delete(`e${Math.floor(rand() * 35)}`);
        else if (r < 0.8) p.getText(DocKey.Pad).insert(Math.floor(rand() * p.getText(DocKey.Pad).length), "ab");
        else if (p.getText(DocKey.Pad).length > 2) p.getText(DocKey.Pad).delete(0, 1);
        // Deliver some of the inbox, so writes are concurrent.
        for (const [j, box] of inbox.entries())
          while (box.length > 0 && rand() < 0.5) Y.applyUpdate(peers[j]!, box.shift()!, "remote");
      }
      for (const [j, box] of inbox.entries()) for (const u of box.splice(0)) Y.applyUpdate(peers[j]!, u, "remote");
      const want = visible(server);
      for (const p of peers) expect(visible(p), `seed ${seed}`).toEqual(want);
      expect(visible(full), `seed ${seed}`).toEqual(want);
    }
  });

  it("[DOC12] a write from a pre-compaction doc whose origin was collected is garbage in compacted docs (why DOC13 resets such docs)", () => {
    // Client ids fixed so that, with the full history, Yjs orders the stale write last (it wins).
    const server = historyDoc(20, 2000, 1, 1);
    const old = load(Y.encodeStateAsUpdate(server));
    old.clientID = 1000;
    // The server's doc moves e5 on; `old` never sees it and moves e5 itself.
    server.getMap<string>(DocKey.Board).set("e5", el("e5", 500, 1));
    const state = compactBoardHistory(server)!.state;
    const stale: Uint8Array[] = [];
    old.on("update", (u: Uint8Array) => stale.push(u));
    old.getMap<string>(DocKey.Board).set("e5", el("e5", 900, 2));
    const compacted = load(state);
    Y.applyUpdate(compacted, stale[0]!);
    expect(compacted.getMap<string>(DocKey.Board).get("e5")).toBe(el("e5", 500, 1));
    // With the full history the same write is kept: the two would diverge.
    const withHistory = load(Y.encodeStateAsUpdate(server));
    Y.applyUpdate(withHistory, stale[0]!);
    expect(withHistory.getMap<string>(DocKey.Board).get("e5")).toBe(el("e5", 900, 2));
  });
});
