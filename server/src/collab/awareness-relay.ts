import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { YMessage } from "@mockroom/shared";

/**
 * Awareness entries are dropped when their client has not renewed them for this long. Clients
 * renew every 15 s (y-protocols), so this is the same 30 s y-protocols' `Awareness` uses.
 */
export const AWARENESS_OUTDATED_MS = 30_000;

interface Entry {
  clock: number;
  /** The state as the client sent it (JSON text); null once removed, kept so stale clocks lose. */
  json: string | null;
  lastUpdated: number;
  /** The connection that announced it, so its states go when it leaves. */
  owner: object | null;
}

/**
 * The server's side of the y-protocols awareness protocol, without `Awareness` itself: states are
 * kept as the JSON text clients sent and relayed with the same clock rules, so an idle room pays
 * for one small map instead of an `Awareness` object with its own 3 s timer (idle memory, see
 * docs/benchmarks.md). The hub sweeps outdated states of every room from one timer.
 */
export class AwarenessRelay {
  private readonly entries = new Map<number, Entry>();
  /** Live (non-removed) states: lets the hub skip rooms with nothing to sweep or send. */
  private live = 0;

  get size(): number {
    return this.live;
  }

  /**
   * Applies one awareness update (the payload inside an Awareness message) with y-protocols'
   * `applyAwarenessUpdate` clock rules and returns the frame to broadcast, or null if nothing
   * changed. Throws on malformed input before changing anything.
   */
  apply(update: Uint8Array, owner: object, now: number): Uint8Array | null {
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    const items: { id: number; clock: number; json: string; removal: boolean }[] = [];
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      items.push({ id, clock, json, removal: JSON.parse(json) === null });
    }
    const changed: number[] = [];
    for (const { id, clock, json, removal } of items) {
      const prev = this.entries.get(id);
      const currClock = prev?.clock ?? 0;
      const live = prev !== undefined && prev.json !== null;
      if (!(currClock < clock || (currClock === clock && removal && live))) continue;
      if (removal) {
        if (live) this.live--;
        this.entries.set(id, { clock, json: null, lastUpdated: now, owner: null });
        if (prev !== undefined) changed.push(id);
      } else {
        if (!live) this.live++;
        this.entries.set(id, { clock, json, lastUpdated: now, owner });
        changed.push(id);
      }
    }
    return changed.length > 0 ? this.encode(changed) : null;
  }

  /** Marks the given states (or every state announced by `owner`) removed; returns the frame for peers. */
  removeOwnedBy(owner: object, now: number): Uint8Array | null {
    const ids: number[] = [];
    for (const [id, e] of this.entries) if (e.owner === owner && e.json !== null) ids.push(id);
    return this.remove(ids, now);
  }

  /** Removes states not renewed for `AWARENESS_OUTDATED_MS`; returns the frame for peers. */
  sweep(now: number): Uint8Array | null {
    if (this.live === 0) return null;
    const ids: number[] = [];
    for (const [id, e] of this.entries)
      if (e.json !== null && now - e.lastUpdated >= AWARENESS_OUTDATED_MS) ids.push(id);
    return this.remove(ids, now);
  }

  /** Every live state, for a late joiner or a query-awareness; null when there is none. */
  encodeAll(): Uint8Array | null {
    if (this.live === 0) return null;
    const ids: number[] = [];
    for (const [id, e] of this.entries) if (e.json !== null) ids.push(id);
    return this.encode(ids);
  }

  /** As y-protocols' `removeAwarenessStates`: the clock moves on so the removal wins over the last state. */
  private remove(ids: number[], now: number): Uint8Array | null {
    if (ids.length === 0) return null;
    for (const id of ids) {
      const e = this.entries.get(id)!;
      this.entries.set(id, { clock: e.clock + 1, json: null, lastUpdated: now, owner: null });
      this.live--;
    }
    return this.encode(ids);
  }

  private encode(ids: number[]): Uint8Array {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, ids.length);
    for (const id of ids) {
      const e = this.entries.get(id)!;
      encoding.writeVarUint(inner, id);
      encoding.writeVarUint(inner, e.clock);
      encoding.writeVarString(inner, e.json ?? "null");
    }
    const out = encoding.createEncoder();
    encoding.writeVarUint(out, YMessage.Awareness);
    encoding.writeVarUint8Array(out, encoding.toUint8Array(inner));
    return encoding.toUint8Array(out);
  }
}
