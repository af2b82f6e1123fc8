import * as Y from "yjs";
import type { TextOp } from "@mockroom/shared";

/*
 * The pad delta of one transaction, in O(distance from the previous edit + size of the edit)
 * instead of O(length of the pad).
 *
 * Y.Text's own `event.delta` walks the item list from the first character on every transaction, so
 * decoding a 50,000-update session was quadratic in the pad's length (8–13 s). Here we collect the
 * transaction's changed pad items directly (new structs from beforeState..afterState, and the
 * transaction's delete set), find them by walking outwards from a remembered position (typing is
 * local, so the walk is short), and emit the same retain/insert/delete runs Yjs would, in document
 * order. The remembered position is a character ID plus the number of visible characters before it;
 * an ID survives Yjs's item splits and merges, an item object does not.
 */

/** A character (by Yjs ID) and how many visible characters precede it. */
interface Marker {
  client: number;
  clock: number;
  index: number;
}

/** `changed` maps each pad item the transaction inserted (true) or deleted (false). */
const changedItems = (text: Y.Text, tr: Y.Transaction): Map<Y.Item, boolean> | null => {
  const changed = new Map<Y.Item, boolean>();
  const clients = tr.doc.store.clients;
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i]!;
      if (s.id.clock >= after) break;
      if (s instanceof Y.Item && s.parent === text) changed.set(s, true);
    }
  }
  for (const [client, ranges] of tr.deleteSet.clients) {
    const structs = clients.get(client);
    if (!structs) continue;
    for (const r of ranges) {
      for (let i = Y.findIndexSS(structs, r.clock); i < structs.length; i++) {
        const s = structs[i]!;
        if (s.id.clock >= r.clock + r.len) break;
        if (!(s instanceof Y.Item) || s.parent !== text) continue;
        // Inserted and deleted in the same transaction: no visible effect.
        if (changed.get(s) === true) changed.delete(s);
        else if (s.id.clock < r.clock || s.id.clock + s.length > r.clock + r.len)
          return null; // not aligned: let Yjs do it
        else changed.set(s, false);
      }
    }
  }
  for (const item of changed.keys()) if (!(item.content instanceof Y.ContentString)) return null;
  return changed;
};

export class TextDeltaTracker {
  private marker: Marker | null = null;
  /** Transactions that needed Yjs's whole-text `event.delta` (for tests: it must stay rare). */
  slowPaths = 0;

  constructor(private readonly text: Y.Text) {}

  /** The delta of `event` (trailing retain dropped), as TextOps against the text before the transaction. */
  deltaOf(event: Y.YTextEvent): TextOp[] {
    const ops = this.fastDelta(event.transaction) ?? this.slowDelta(event);
    while (ops.length > 0 && "r" in ops.at(-1)!) ops.pop();
    return ops;
  }

  private slowDelta(event: Y.YTextEvent): TextOp[] {
    this.marker = null;
    this.slowPaths++;
    const ops: TextOp[] = [];
    for (const d of event.delta) {
      if (d.retain !== undefined) ops.push({ r: d.retain });
      else if (typeof d.insert === "string") ops.push({ i: d.insert });
      else if (d.delete !== undefined) ops.push({ d: d.delete });
    }
    return ops;
  }

  private fastDelta(tr: Y.Transaction): TextOp[] | null {
    const changed = changedItems(this.text, tr);
    if (!changed) return null;
    if (changed.size === 0) return [];
    // Visible length of an item before this transaction.
    const before = (it: Y.Item): number => {
      if (!it.countable) return 0;
      const c = changed.get(it);
      if (c !== undefined) return c ? 0 : it.length;
      return it.deleted ? 0 : it.length;
    };
    const start = this.resolveMarker(before);
    // Walk outwards from the marker until every changed item is found; the leftmost one (by signed
    // distance) is where the delta starts.
    let left = start.item?.left ?? null;
    let leftIndex = start.index;
    let right = start.item;
    let rightIndex = start.index;
    let found = 0;
    let first: Y.Item | null = null;
    let firstIndex = 0;
    let firstDist = Infinity;
    for (let dist = 0; found < changed.size && (left !== null || right !== null); dist++) {
      if (right !== null) {
        if (changed.has(right)) {
          found++;
          if (dist < firstDist) [first, firstIndex, firstDist] = [right, rightIndex, dist];
        }
        rightIndex += before(right);
        right = right.right;
      }
      if (left !== null && found < changed.size) {
        leftIndex -= before(left);
        if (changed.has(left)) {
          found++;
          if (-dist - 1 < firstDist) [first, firstIndex, firstDist] = [left, leftIndex, -dist - 1];
        }
        left = left.left;
      }
    }
    if (found < changed.size || first === null) return null;
    const ops: TextOp[] = [];
    const push = (op: TextOp) => {
      const last = ops.at(-1);
      if (last && "r" in last && "r" in op) last.r += op.r;
      else if (last && "i" in last && "i" in op) last.i += op.i;
      else if (last && "d" in last && "d" in op) last.d += op.d;
      else ops.push(op);
    };
    if (firstIndex > 0) push({ r: firstIndex });
    let remaining = changed.size;
    for (let it: Y.Item | null = first; it !== null && remaining > 0; it = it.right) {
      const c = changed.get(it);
      if (c === undefined) {
        if (!it.deleted && it.countable) push({ r: it.length });
        continue;
      }
      remaining--;
      if (c) push({ i: (it.content as Y.ContentString).str });
      else push({ d: it.length });
    }
    // The first changed character keeps its index in the new text: everything before it is unchanged.
    this.marker = { client: first.id.client, clock: first.id.clock, index: firstIndex };
    return ops;
  }

  /** The item holding the marker's character and the visible length before it (pre-transaction). */
  private resolveMarker(before: (it: Y.Item) => number): { item: Y.Item | null; index: number } {
    const m = this.marker;
    const fromStart = { item: this.text._start, index: 0 };
    if (!m) return fromStart;
    const doc = this.text.doc;
    const structs = doc?.store.clients.get(m.client);
    if (!structs) return fromStart;
    let s: Y.Item | Y.GC | undefined;
    try {
      s = structs[Y.findIndexSS(structs, m.clock)];
    } catch {
      return fromStart;
    }
    if (!(s instanceof Y.Item) || s.parent !== this.text) return fromStart;
    // Splits and merges keep clocks contiguous inside an item, so the offset is a clock difference.
    return { item: s, index: m.index - (before(s) > 0 ? m.clock - s.id.clock : 0) };
  }
}
