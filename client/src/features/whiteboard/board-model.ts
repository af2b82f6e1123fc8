import type * as Y from "yjs";
import { DocKey, orderScene, supersedes, type BoardElementLike } from "@mockroom/shared";

/** How one element type travels through the shared map. */
export interface BoardCodec<T extends BoardElementLike> {
  /**
   * Turns a map value written by any peer into an element, or null if it is malformed. Must return
   * a fresh object: the editor mutates elements in place, and the map's copy must never change
   * behind Yjs's back.
   */
  decode(value: unknown): T | null;
  /** A plain-JSON copy for the map, for the same reason. */
  encode(element: T): Record<string, unknown>;
}

interface Stamp {
  id: string;
  version: number;
  versionNonce: number;
}

const stampOf = (id: string, value: unknown): Stamp | null => {
  if (typeof value !== "object" || value === null) return null;
  const version: unknown = Reflect.get(value, "version");
  const versionNonce: unknown = Reflect.get(value, "versionNonce");
  return typeof version === "number" && typeof versionNonce === "number" ? { id, version, versionNonce } : null;
};

const sameStamp = (a: Stamp, b: BoardElementLike): boolean =>
  a.version === b.version && a.versionNonce === b.versionNonce;

/**
 * The whiteboard binding, framework-free: a Y.Map keyed by element id whose values are whole
 * elements. The merge rule is `supersedes` from shared (highest version, then lowest nonce).
 *
 * - Local edits are written only when they supersede what the map holds. Nothing is ever deleted
 *   from the map: a delete is an `isDeleted` tombstone with a higher version, so a delete and a
 *   concurrent move resolve by version like any other edit.
 * - Y.Map resolves concurrent writes of one key by client id, which can keep the *older* element.
 *   So whoever holds a copy that supersedes the map's re-asserts it (writes it again, now causally
 *   after the loser), and every peer converges on the highest version.
 */
export class BoardModel<T extends BoardElementLike> {
  readonly map: Y.Map<unknown>;
  /** Marks our own transactions so the observer can tell them from remote ones. */
  private readonly origin = { board: "local" };
  private readonly listeners = new Set<() => void>();
  /** Decoded map values by id, reused while the map value and the object are unchanged. */
  private readonly decoded = new Map<string, { stamp: Stamp; element: T }>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly codec: BoardCodec<T>,
    private canWrite: boolean,
  ) {
    this.map = doc.getMap<unknown>(DocKey.Board);
    this.map.observe(this.onMapChange);
  }

  setCanWrite(canWrite: boolean): void {
    this.canWrite = canWrite;
  }

  /** Called whenever the map changes because of someone else (or a re-sync). */
  onRemoteChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private readonly onMapChange = (_event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
    if (tr.origin === this.origin) return;
    for (const l of [...this.listeners]) l();
  };

  /** Writes the local elements that supersede the map's copy. Returns how many were written. */
  pushLocal(elements: readonly T[]): number {
    if (!this.canWrite) return 0;
    const writes: T[] = [];
    for (const el of elements) {
      const current = stampOf(el.id, this.map.get(el.id));
      if (!current || supersedes(el, current)) writes.push(el);
    }
    this.write(writes);
    return writes.length;
  }

  /**
   * Merges the map into the local scene: per element, the superseding copy wins; a local copy
   * that beats the map's is re-asserted. Returns the merged scene in z-order. Local objects are
   * kept by reference when they win, so an element being dragged is never swapped under the
   * pointer.
   */
  reconcile(local: readonly T[]): T[] {
    const localById = new Map(local.map((e) => [e.id, e]));
    const scene: T[] = [];
    const reassert: T[] = [];
    this.map.forEach((raw, id) => {
      const stamp = stampOf(id, raw);
      const mine = localById.get(id);
      if (mine && (!stamp || !supersedes(stamp, mine))) {
        scene.push(mine);
        if (!stamp || supersedes(mine, stamp)) reassert.push(mine);
        return;
      }
      const theirs = stamp ? this.decode(id, raw, stamp) : null;
      if (theirs) scene.push(theirs);
      else if (mine) scene.push(mine);
    });
    for (const mine of local) {
      if (!this.map.has(mine.id)) {
        scene.push(mine);
        reassert.push(mine);
      }
    }
    if (this.canWrite) this.write(reassert);
    return orderScene(scene);
  }

  /** The map's elements alone, decoded and in z-order (tombstones included). */
  snapshot(): T[] {
    const out: T[] = [];
    this.map.forEach((raw, id) => {
      const stamp = stampOf(id, raw);
      const el = stamp ? this.decode(id, raw, stamp) : null;
      if (el) out.push(el);
    });
    return orderScene(out);
  }

  private decode(id: string, raw: unknown, stamp: Stamp): T | null {
    const cached = this.decoded.get(id);
    // The cached object may have been handed to the editor and mutated since; reuse it only if not.
    if (cached && sameStamp(cached.stamp, cached.element) && sameStamp(stamp, cached.element)) return cached.element;
    const element = this.codec.decode(raw);
    if (!element || element.id !== id) {
      this.decoded.delete(id);
      return null;
    }
    this.decoded.set(id, { stamp, element });
    return element;
  }

  private write(elements: readonly T[]): void {
    if (elements.length === 0) return;
    this.doc.transact(() => {
      for (const el of elements) this.map.set(el.id, this.codec.encode(el));
    }, this.origin);
  }

  destroy(): void {
    this.map.unobserve(this.onMapChange);
    this.listeners.clear();
    this.decoded.clear();
  }
}

/** The board as the doc holds it right now, decoded and in z-order, without binding anything. */
export const readScene = <T extends BoardElementLike>(doc: Y.Doc, codec: BoardCodec<T>): T[] => {
  const out: T[] = [];
  doc.getMap<unknown>(DocKey.Board).forEach((raw, id) => {
    const el = codec.decode(raw);
    if (el && el.id === id) out.push(el);
  });
  return orderScene(out);
};
