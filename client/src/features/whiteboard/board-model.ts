import type * as Y from "yjs";
import {
  DocKey,
  compareZ,
  decodeBoardValue,
  encodeBoardValue,
  orderScene,
  supersedes,
  type BoardElementLike,
} from "@mockroom/shared";

/** How one element type travels through the shared map. */
export interface BoardCodec<T extends BoardElementLike> {
  /**
   * Turns an element object written by any peer (the parsed map value, BRD2) into an element, or
   * null if it is malformed. Must return a fresh object: the editor mutates elements in place.
   */
  decode(value: unknown): T | null;
  /** The plain-JSON view of an element that the map stores as text (encodeBoardValue). */
  encode(element: T): object;
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
 * What the model knows of one map key, valid while the map still holds `raw`: a Y.Map hands out
 * the same value object until the key is written again, so one identity compare says whether the
 * rest is current. Without it every local change would re-parse the whole board to compare stamps.
 */
interface Entry<T> {
  raw: unknown;
  stamp: Stamp | null;
  /** The parsed value (BRD2), until decode turns it into `element`; then dropped. */
  value: object | null;
  /** Decoded from `raw`. Once handed to the editor it may be mutated in place (see decode). */
  element: T | null;
}

/**
 * More map keys changed than this since the last reconcile (a re-sync, a paste) and the model
 * walks everything: one sort beats many single inserts.
 */
const INCREMENTAL_MAX_CHANGES = 64;

/** Position of `el` in a scene sorted by compareZ, or where it would go. */
const lowerBound = <T extends BoardElementLike>(scene: readonly T[], el: BoardElementLike): number => {
  let lo = 0;
  let hi = scene.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareZ(scene[mid]!, el) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The last reconcile's result, and each element's stamp and z-index as they were then. */
interface Baseline<T> {
  scene: T[];
  byId: Map<string, T>;
  versions: number[];
  nonces: number[];
  indexes: (string | null | undefined)[];
}

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
  private readonly entries = new Map<string, Entry<T>>();
  /** Map keys written since the last reconcile, by anyone: all a reconcile needs to look at. */
  private readonly dirty = new Set<string>();
  private baseline: Baseline<T> | null = null;
  /** Reconciles that walked every element (tests and the benchmark check the fast path is taken). */
  fullReconciles = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly codec: BoardCodec<T>,
    private canWrite: boolean,
  ) {
    this.map = doc.getMap<unknown>(DocKey.Board);
    this.map.observe(this.onMapChange);
  }

  setCanWrite(canWrite: boolean): void {
    // A model that becomes writable must re-assert every local winner: take the full path once.
    if (canWrite !== this.canWrite) this.baseline = null;
    this.canWrite = canWrite;
  }

  /** Called whenever the map changes because of someone else (or a re-sync). */
  onRemoteChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private readonly onMapChange = (event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
    for (const key of event.keysChanged) this.dirty.add(key);
    if (tr.origin === this.origin) return;
    for (const l of [...this.listeners]) l();
  };

  /** Writes the local elements that supersede the map's copy. Returns how many were written. */
  pushLocal(elements: readonly T[]): number {
    if (!this.canWrite) return 0;
    const writes: T[] = [];
    for (const el of elements) {
      const current = this.stamp(el.id, this.map.get(el.id));
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
   *
   * Cost: O(changed keys · log n) plus one pass of pointer compares when `local` is the scene this
   * method last returned, untouched (the usual case: a peer moved something, nothing local
   * happened); otherwise a full walk and sort.
   */
  reconcile(local: readonly T[]): T[] {
    return this.reconcileChanged(local) ?? this.reconcileAll(local);
  }

  private reconcileAll(local: readonly T[]): T[] {
    this.fullReconciles++;
    const localById = new Map(local.map((e) => [e.id, e]));
    const scene: T[] = [];
    const reassert: T[] = [];
    this.map.forEach((raw, id) => {
      const stamp = this.stamp(id, raw);
      const mine = localById.get(id);
      if (mine && (!stamp || !supersedes(stamp, mine))) {
        scene.push(mine);
        if (!stamp || supersedes(mine, stamp)) reassert.push(mine);
        return;
      }
      const theirs = this.decode(id, raw);
      if (theirs) scene.push(theirs);
      else if (mine) scene.push(mine);
    });
    for (const mine of local) {
      if (!this.map.has(mine.id)) {
        scene.push(mine);
        reassert.push(mine);
      }
    }
    const ordered = orderScene(scene);
    if (this.canWrite) this.write(reassert);
    this.remember(ordered);
    return ordered.slice();
  }

  /** The incremental reconcile: null when `local` is not the last result untouched, or too much changed. */
  private reconcileChanged(local: readonly T[]): T[] | null {
    const b = this.baseline;
    if (!b || local.length !== b.scene.length || this.dirty.size > INCREMENTAL_MAX_CHANGES) return null;
    // The editor mutates elements in place (a local move bumps version and nonce), so same objects
    // is not enough: same stamps and z-index too.
    for (let i = 0; i < local.length; i++) {
      const e = local[i]!;
      if (e !== b.scene[i] || e.version !== b.versions[i] || e.versionNonce !== b.nonces[i] || e.index !== b.indexes[i])
        return null;
    }
    const reassert: T[] = [];
    for (const id of this.dirty) {
      // The same decision as reconcileAll, for one id.
      const raw: unknown = this.map.get(id);
      const stamp = this.map.has(id) ? this.stamp(id, raw) : null;
      const mine = b.byId.get(id);
      let next: T | undefined;
      if (mine && (!stamp || !supersedes(stamp, mine))) {
        next = mine;
        if (!stamp || supersedes(mine, stamp)) reassert.push(mine);
      } else next = this.decode(id, raw) ?? mine;
      if (next === mine) continue;
      if (mine) {
        const at = lowerBound(b.scene, mine);
        if (b.scene[at] !== mine) return this.bail();
        b.scene.splice(at, 1);
        b.versions.splice(at, 1);
        b.nonces.splice(at, 1);
        b.indexes.splice(at, 1);
        b.byId.delete(id);
      }
      if (next) {
        const at = lowerBound(b.scene, next);
        b.scene.splice(at, 0, next);
        b.versions.splice(at, 0, next.version);
        b.nonces.splice(at, 0, next.versionNonce);
        b.indexes.splice(at, 0, next.index);
        b.byId.set(id, next);
      }
    }
    if (this.canWrite) this.write(reassert);
    this.dirty.clear();
    return b.scene.slice();
  }

  /** The baseline went inconsistent (it should not): forget it and take the full path. */
  private bail(): null {
    this.baseline = null;
    return null;
  }

  private remember(scene: T[]): void {
    this.dirty.clear();
    const byId = new Map<string, T>();
    for (const e of scene) byId.set(e.id, e);
    // Duplicate ids (a malformed local scene) cannot be tracked by id: no fast path then.
    this.baseline =
      byId.size === scene.length
        ? {
            scene,
            byId,
            versions: scene.map((e) => e.version),
            nonces: scene.map((e) => e.versionNonce),
            indexes: scene.map((e) => e.index),
          }
        : null;
  }

  /** The map's elements alone, decoded and in z-order (tombstones included). */
  snapshot(): T[] {
    const out: T[] = [];
    this.map.forEach((raw, id) => {
      const el = this.decode(id, raw);
      if (el) out.push(el);
    });
    return orderScene(out);
  }

  /** This key's entry for the value the map holds now, parsing it only if it changed. */
  private entry(id: string, raw: unknown): Entry<T> {
    const known = this.entries.get(id);
    if (known && known.raw === raw) return known;
    const value = decodeBoardValue(raw);
    const entry: Entry<T> = { raw, stamp: stampOf(id, value), value, element: null };
    this.entries.set(id, entry);
    return entry;
  }

  private stamp(id: string, raw: unknown): Stamp | null {
    return this.entry(id, raw).stamp;
  }

  /** The element the map holds for `id`, or null if the value is not one (no stamp, bad shape). */
  private decode(id: string, raw: unknown): T | null {
    const entry = this.entry(id, raw);
    if (!entry.stamp) return null;
    // The editor bumps the version of an element it mutates in place: reuse it only if untouched.
    if (entry.element && sameStamp(entry.stamp, entry.element)) return entry.element;
    const value = entry.value ?? decodeBoardValue(raw);
    entry.value = null;
    const element = value ? this.codec.decode(value) : null;
    entry.element = element && element.id === id ? element : null;
    return entry.element;
  }

  private write(elements: readonly T[]): void {
    if (elements.length === 0) return;
    this.doc.transact(() => {
      for (const el of elements) {
        const raw = encodeBoardValue(this.codec.encode(el));
        this.map.set(el.id, raw);
        // Our own text: its stamp is known, no need to parse it back. The element stays the
        // editor's; a later decode of this value makes a fresh copy.
        this.entries.set(el.id, {
          raw,
          stamp: { id: el.id, version: el.version, versionNonce: el.versionNonce },
          value: null,
          element: null,
        });
      }
    }, this.origin);
  }

  destroy(): void {
    this.map.unobserve(this.onMapChange);
    this.listeners.clear();
    this.entries.clear();
    this.dirty.clear();
    this.baseline = null;
  }
}

/** The board as the doc holds it right now, decoded and in z-order, without binding anything. */
export const readScene = <T extends BoardElementLike>(doc: Y.Doc, codec: BoardCodec<T>): T[] => {
  const out: T[] = [];
  doc.getMap<unknown>(DocKey.Board).forEach((raw, id) => {
    const value = decodeBoardValue(raw);
    const el = value ? codec.decode(value) : null;
    if (el && el.id === id) out.push(el);
  });
  return orderScene(out);
};
