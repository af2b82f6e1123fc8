import { Store } from "../../realtime/index.ts";

export const SPEEDS = [1, 1.5, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

export interface PlayerState {
  /** The playhead, in server ms. */
  t: number;
  playing: boolean;
  speed: Speed;
  skipIdle: boolean;
}

export interface PlayerClock {
  /** Monotonic ms (performance.now in the page). */
  now(): number;
  /** Calls `fn` on the next frame; returns a cancel function. */
  frame(fn: () => void): () => void;
}

/**
 * The replay's transport, framework-free: a playhead that advances with the clock at a speed, and
 * jumps over idle stretches when asked. The page renders from `state`; the engine turns the playhead
 * into a board and a pad; audio follows the playhead.
 */
export class PlayerModel {
  readonly state: Store<PlayerState>;
  private cancel: (() => void) | null = null;
  private lastTick = 0;

  constructor(
    readonly start: number,
    readonly end: number,
    private idle: readonly [number, number][],
    private readonly clock: PlayerClock,
  ) {
    this.state = new Store<PlayerState>({ t: start, playing: false, speed: 1, skipIdle: false });
  }

  setIdle(idle: readonly [number, number][]): void {
    this.idle = idle;
  }

  play(): void {
    const s = this.state.get();
    if (s.playing) return;
    // Playing from the very end starts over, as every media player does.
    const t = s.t >= this.end ? this.start : s.t;
    this.state.set({ ...s, t, playing: true });
    this.lastTick = this.clock.now();
    this.schedule();
  }

  pause(): void {
    this.cancel?.();
    this.cancel = null;
    const s = this.state.get();
    if (s.playing) this.state.set({ ...s, playing: false });
  }

  toggle(): void {
    if (this.state.get().playing) this.pause();
    else this.play();
  }

  seek(t: number): void {
    const s = this.state.get();
    this.state.set({ ...s, t: Math.min(this.end, Math.max(this.start, t)) });
    this.lastTick = this.clock.now();
  }

  step(deltaMs: number): void {
    this.seek(this.state.get().t + deltaMs);
  }

  setSpeed(speed: Speed): void {
    this.state.set({ ...this.state.get(), speed });
  }

  setSkipIdle(skipIdle: boolean): void {
    this.state.set({ ...this.state.get(), skipIdle });
  }

  /** Advances the playhead by the time since the last tick; exposed for tests. */
  tick(): void {
    const s = this.state.get();
    if (!s.playing) return;
    const now = this.clock.now();
    let t = s.t + (now - this.lastTick) * s.speed;
    this.lastTick = now;
    if (s.skipIdle) {
      const gap = this.idle.find(([from, to]) => t >= from && t < to);
      if (gap) t = gap[1];
    }
    if (t >= this.end) {
      this.cancel = null;
      this.state.set({ ...s, t: this.end, playing: false });
      return;
    }
    this.state.set({ ...s, t });
  }

  private schedule(): void {
    this.cancel = this.clock.frame(() => {
      this.tick();
      if (this.state.get().playing) this.schedule();
    });
  }

  destroy(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
