import * as Y from "yjs";
import { DocKey, encodeBoardValue } from "@mockroom/shared";
import { boardElement, boardValue } from "../loadgen/pair.ts";
import { seededRandom } from "@mockroom/shared/testing";

/** A logged update as the server's doc log stores it (see server/src/persistence/ports.ts). */
export interface SessionUpdate {
  seq: number;
  docId: string;
  ts: number;
  authorId: string;
  update: Uint8Array;
}

export interface SessionOptions {
  updates: number;
  durationMs: number;
  /** Elements on the board at most; creates stop there and the rest of board work is moves and edits. */
  maxElements: number;
  seed: number;
}

/** The same seeded PRNG the tests use, so a benchmark session can be regenerated exactly. */
export const rng = seededRandom;

const WORDS = [
  "def ",
  "rank",
  "(items",
  "): ",
  "return ",
  "sorted",
  "(x, key=",
  "lambda ",
  "score",
  "\n    ",
  "# ",
  "feature",
  "store",
  "embed",
  "ctr",
];

/**
 * A synthetic round: two people, one typing in the pad and both working on the board, every change
 * its own Yjs update with a server timestamp — what the doc log holds after a real session.
 * Pad: typing bursts with a moving cursor and some deletions. Board: elements created up to
 * `maxElements`, then moved (version + 1, new versionNonce), restyled and occasionally deleted
 * (tombstoned), as Excalidraw does.
 */
export const generateSession = (o: SessionOptions): SessionUpdate[] => {
  const rand = rng(o.seed);
  const docs = [new Y.Doc(), new Y.Doc()];
  docs[0]!.clientID = 1001;
  docs[1]!.clientID = 1002;
  const authors = ["participant-cand", "participant-ivy"];
  const out: SessionUpdate[] = [];
  const start = Date.UTC(2026, 0, 15, 10, 0, 0);
  const step = o.durationMs / o.updates;
  const captured: { update: Uint8Array | null } = { update: null };
  for (const d of docs)
    d.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== "peer") captured.update = u;
    });
  const versions: number[] = [];
  let cursor = 0;
  let i = 0;
  while (out.length < o.updates) {
    const who = rand() < 0.7 ? 0 : 1;
    const doc = docs[who]!;
    const pad = doc.getText(DocKey.Pad);
    const board = doc.getMap(DocKey.Board);
    const r = rand();
    captured.update = null;
    if (r < 0.6) {
      if (rand() < 0.05) cursor = Math.floor(rand() * (pad.length + 1));
      cursor = Math.min(cursor, pad.length);
      if (rand() < 0.12 && cursor > 0) {
        const n = Math.min(cursor, 1 + Math.floor(rand() * 5));
        pad.delete(cursor - n, n);
        cursor -= n;
      } else {
        const w = WORDS[Math.floor(rand() * WORDS.length)]!;
        pad.insert(cursor, w);
        cursor += w.length;
      }
    } else if (versions.length < o.maxElements && (versions.length < 20 || rand() < 0.1)) {
      const n = versions.length;
      versions.push(1);
      board.set(`el-${n}`, boardValue(`el-${n}`, n, 1, rand() * 2000, rand() * 1200));
    } else {
      const n = Math.floor(rand() * versions.length);
      const v = versions[n]! + 1;
      versions[n] = v;
      const el = boardElement(`el-${n}`, n, v, rand() * 2000, rand() * 1200);
      if (rand() < 0.02) el["isDeleted"] = true;
      else if (rand() < 0.1) el["strokeColor"] = ["#e03131", "#2f9e44", "#1971c2"][Math.floor(rand() * 3)]!;
      board.set(`el-${n}`, encodeBoardValue(el));
    }
    const u = captured.update;
    if (!u) continue;
    Y.applyUpdate(docs[1 - who]!, u, "peer");
    out.push({
      seq: out.length + 1,
      docId: "bench.1",
      ts: Math.round(start + i * step + rand() * step * 0.5),
      authorId: authors[who]!,
      update: u,
    });
    i++;
  }
  for (const d of docs) d.destroy();
  return out;
};

/** What a viewer sees: the pad text and the visible elements' ids and versions. */
export interface Visible {
  pad: string;
  elements: number;
  digest: string;
}
