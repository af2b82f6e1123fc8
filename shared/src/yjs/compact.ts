import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { DocKey } from "../protocol/yjs-wire.ts";

/**
 * Board history compaction (DOC12). Every move of an element overwrites its key in the board map,
 * and Yjs keeps each overwritten entry as a deleted item that every later load must integrate: a
 * 2,000-element board with 40,000 moves spends ~90 % of its load on history nobody can see
 * (docs/benchmarks.md). This re-encodes a doc with
 *
 * - every overwritten board entry as a garbage-collected range (ids kept, content and links gone),
 * - every live board entry without its link to the entry it replaced (it becomes the first and only
 *   entry of its key),
 * - everything else (pad, meta) exactly as Yjs encodes it, and a delete set of the deleted items
 *   only (a GC range is deleted by what it is).
 *
 * A key that was deleted from the map (no live entry) keeps its chain as it is: a later write to it
 * starts from the chain's first entry, and only with the same chain does it win or lose as it
 * would against the full history.
 *
 * Item ids and the state vector are unchanged, so acks, diffs and the log's clocks stay valid. What
 * changes is that a later write whose origin is a collected entry — made by someone who never saw
 * the overwrite — integrates as garbage wherever the compacted state is loaded, while a doc with the
 * full history would keep it. So a compacted state must only ever meet docs from the same epoch:
 * the server compacts only when nobody is connected and makes older docs start afresh (DOC13).
 *
 * Built on Yjs' exported struct classes and encoder, the same calls `encodeStateAsUpdate` makes.
 */

/** Below this many overwritten board entries a compaction saves too little to be worth an epoch. */
export const COMPACT_MIN_COLLECTED = 1_000;

export interface Compaction {
  /** A v1 update holding the doc's whole state, board history collected. */
  state: Uint8Array;
  /** Overwritten board entries turned into garbage. */
  collected: number;
  /** Live board entries. */
  live: number;
}

/**
 * What compaction does with one struct: keep it, collect it (an overwritten entry of a key that
 * still has a live one) or stand it alone (a live entry).
 */
function classify(board: Y.Map<unknown>, s: Y.Item | Y.GC): "keep" | "collect" | "alone" {
  if (!(s instanceof Y.Item) || s.parent !== board || s.parentSub === null) return "keep";
  if (!s.deleted) return "alone";
  return board._map.get(s.parentSub)?.deleted === false ? "collect" : "keep";
}

/** Counts the board map's live entries and the overwritten ones compaction would collect. */
export function boardHistory(doc: Y.Doc): { live: number; overwritten: number } {
  const board = doc.getMap(DocKey.Board);
  let live = 0;
  let overwritten = 0;
  for (const structs of doc.store.clients.values())
    for (const s of structs) {
      const c = classify(board, s);
      if (c === "collect") overwritten += s.length;
      else if (c === "alone") live += s.length;
    }
  return { live, overwritten };
}

/**
 * The compacted state of `doc`, or null when compaction is not worth it (fewer than `minCollected`
 * overwritten entries, or no more of them than live ones) or not possible (structs still waiting
 * for missing dependencies, which an encoding of the store alone would drop).
 */
export function compactBoardHistory(doc: Y.Doc, minCollected = COMPACT_MIN_COLLECTED): Compaction | null {
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return null;
  const { live, overwritten } = boardHistory(doc);
  if (overwritten < minCollected || overwritten <= live) return null;
  const board = doc.getMap(DocKey.Board);
  const encoder = new Y.UpdateEncoderV1();
  // Higher client ids first, as Yjs writes them (not required for correctness, only for identical layout).
  const clients = [...doc.store.clients.entries()].sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  /**
   * Deleted ranges of the structs written, per client: the deleted items only. A GC range is
   * deleted by what it is, so naming it again would only make every load walk ~one range per live
   * element for nothing.
   */
  const deleted = new Map<number, [clock: number, len: number][]>();
  for (const [client, structs] of clients) {
    const out: (Y.Item | Y.GC)[] = [];
    const ranges: [number, number][] = [];
    let gcRun: Y.GC | null = null;
    for (const s of structs) {
      const c = classify(board, s);
      if (c === "collect" || s instanceof Y.GC) {
        // New objects only: the store's own structs must not change under a live doc.
        if (gcRun) gcRun.length += s.length;
        else out.push((gcRun = new Y.GC(s.id, s.length)));
        continue;
      }
      gcRun = null;
      if (c === "alone") {
        // Origin and right origin null, so the parent is written out (as the root key): the entry stands alone.
        out.push(new Y.Item(s.id, null, null, null, null, board, s.parentSub, s.content));
        continue;
      }
      out.push(s);
      if (s.deleted) {
        const last = ranges.at(-1);
        if (last && last[0] + last[1] === s.id.clock) last[1] += s.length;
        else ranges.push([s.id.clock, s.length]);
      }
    }
    encoding.writeVarUint(encoder.restEncoder, out.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, out[0]!.id.clock);
    for (const s of out) s.write(encoder, 0);
    if (ranges.length > 0) deleted.set(client, ranges);
  }
  writeDeleteSet(encoder, deleted);
  return { state: encoder.toUint8Array(), collected: overwritten, live };
}

/** The v1 delete-set section, as Yjs' (unexported) `writeDeleteSet` writes it. */
function writeDeleteSet(encoder: Y.UpdateEncoderV1, deleted: Map<number, [number, number][]>): void {
  encoding.writeVarUint(encoder.restEncoder, deleted.size);
  for (const [client, ranges] of deleted) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
}
