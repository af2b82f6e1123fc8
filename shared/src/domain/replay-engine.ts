import { supersedes, visibleElements } from "./board.ts";
import { applyTextOps, type DocChange, type TimelineElement } from "./timeline.ts";

/*
 * The replay engine: given a round's document changes, the board and pad at any time t (RPL4, RPL5).
 * Pure and DOM-free so the player, the server's tests and the benchmark suite all run the same code.
 *
 * Seeking never replays from zero. The engine keeps keyframes of the visible state (the board map
 * resolved with `supersedes`, the pad text, the language) every KEYFRAME_EVERY_CHANGES changes or
 * KEYFRAME_EVERY_MS of session time, whichever comes first. A seek copies the nearest keyframe at or
 * before t and applies the tail; playing forward applies changes to the current state in place.
 * Keyframes are built lazily, as far as a seek needs, so the first frame does not wait for a pass
 * over the whole session; `warm()` builds the rest (call it when the player is idle).
 *
 * Elements are shared by reference between keyframes and frames: treat them as immutable.
 */

export const KEYFRAME_EVERY_CHANGES = 256;
export const KEYFRAME_EVERY_MS = 20_000;

export interface ReplayFrame {
  /** The time asked for. */
  t: number;
  /** How many changes (in timeline order) are applied: every change with ts ≤ t. */
  applied: number;
  /** Visible elements (no tombstones), in z-order. */
  elements: readonly TimelineElement[];
  pad: string;
  language: string | null;
}

interface State {
  applied: number;
  board: Map<string, TimelineElement>;
  pad: string;
  language: string | null;
}

export interface ReplayEngineOptions {
  keyframeEveryChanges?: number;
  keyframeEveryMs?: number;
}

export class ReplayEngine {
  private readonly times: Float64Array;
  private readonly keyframes: State[];
  private readonly everyChanges: number;
  private readonly everyMs: number;
  /** The working state: advanced in place while playing forward. */
  private cursor: State;
  private lastFrame: ReplayFrame | null = null;

  constructor(
    private readonly changes: readonly DocChange[],
    opts: ReplayEngineOptions = {},
  ) {
    this.everyChanges = Math.max(1, opts.keyframeEveryChanges ?? KEYFRAME_EVERY_CHANGES);
    this.everyMs = Math.max(1, opts.keyframeEveryMs ?? KEYFRAME_EVERY_MS);
    this.times = new Float64Array(changes.length);
    for (let i = 0; i < changes.length; i++) {
      const t = changes[i]!.t;
      // Timestamps come from one server clock in log order; clamp so a clock step back cannot break the search.
      this.times[i] = i > 0 ? Math.max(t, this.times[i - 1]!) : t;
    }
    const empty: State = { applied: 0, board: new Map(), pad: "", language: null };
    this.keyframes = [empty];
    this.cursor = clone(empty);
  }

  get changeCount(): number {
    return this.changes.length;
  }

  /** Time of the first and last change (0 when there are none). */
  get firstChangeAt(): number {
    return this.times.length ? this.times[0]! : 0;
  }
  get lastChangeAt(): number {
    return this.times.length ? this.times[this.times.length - 1]! : 0;
  }

  /** Keyframes built so far (for tests and the benchmark). */
  get keyframeCount(): number {
    return this.keyframes.length;
  }

  /** Number of changes with ts ≤ t. */
  appliedAt(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The board and pad as they were at time t (server ms). */
  frameAt(t: number): ReplayFrame {
    const target = this.appliedAt(t);
    if (this.lastFrame && this.lastFrame.applied === target && this.cursor.applied === target)
      return this.lastFrame.t === t ? this.lastFrame : (this.lastFrame = { ...this.lastFrame, t });
    this.moveTo(target);
    const s = this.cursor;
    this.lastFrame = {
      t,
      applied: target,
      elements: visibleElements(s.board.values()),
      pad: s.pad,
      language: s.language,
    };
    return this.lastFrame;
  }

  /** Builds every remaining keyframe. */
  warm(): void {
    this.ensureKeyframesTo(this.changes.length);
  }

  private moveTo(target: number): void {
    const c = this.cursor;
    // Playing forward (or a short hop ahead): continue from where we are.
    if (c.applied <= target && target - c.applied <= this.everyChanges) {
      this.applyRange(c, target);
      return;
    }
    this.ensureKeyframesTo(target);
    const k = this.keyframeAtOrBefore(target);
    this.cursor = clone(k);
    this.applyRange(this.cursor, target);
  }

  private keyframeAtOrBefore(applied: number): State {
    let lo = 0;
    let hi = this.keyframes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.keyframes[mid]!.applied <= applied) lo = mid;
      else hi = mid - 1;
    }
    return this.keyframes[lo]!;
  }

  /** Extends the keyframe list until it covers `applied` changes. */
  private ensureKeyframesTo(applied: number): void {
    let last = this.keyframes[this.keyframes.length - 1]!;
    if (last.applied + this.everyChanges > applied && last.applied <= applied) return;
    const work = clone(last);
    let lastTime = last.applied > 0 ? this.times[last.applied - 1]! : this.firstChangeAt;
    while (work.applied < Math.min(applied, this.changes.length)) {
      const next = this.changes[work.applied]!;
      applyChange(work, next);
      work.applied++;
      const t = this.times[work.applied - 1]!;
      if (work.applied - last.applied >= this.everyChanges || t - lastTime >= this.everyMs) {
        last = clone(work);
        this.keyframes.push(last);
        lastTime = t;
      }
    }
  }

  private applyRange(s: State, target: number): void {
    while (s.applied < target) {
      applyChange(s, this.changes[s.applied]!);
      s.applied++;
    }
  }
}

const clone = (s: State): State => ({ applied: s.applied, board: new Map(s.board), pad: s.pad, language: s.language });

/** Applies one change in place. Board writes keep the superseding element (the clients' merge rule). */
const applyChange = (s: State, change: DocChange): void => {
  if (change.b) {
    for (const [id, el] of change.b) {
      if (el === null) s.board.delete(id);
      else if (supersedes(el, s.board.get(id))) s.board.set(id, el);
    }
  }
  if (change.p) s.pad = applyTextOps(s.pad, change.p);
  if (change.l !== undefined) s.language = change.l;
};
