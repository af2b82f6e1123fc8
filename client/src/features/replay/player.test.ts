import { describe, expect, it } from "vitest";
import { PlayerModel } from "./player.ts";

const fakeClock = () => {
  let now = 0;
  const frames: (() => void)[] = [];
  return {
    clock: { now: () => now, frame: (fn: () => void) => (frames.push(fn), () => frames.splice(frames.indexOf(fn), 1)) },
    advance(ms: number) {
      now += ms;
      const due = frames.splice(0);
      for (const f of due) f();
    },
  };
};

describe("replay player", () => {
  it("[RPL6] plays at the chosen speed, clamps seeks, and stops at the end", () => {
    const c = fakeClock();
    const p = new PlayerModel(1_000, 11_000, [], c.clock);
    p.play();
    c.advance(1_000);
    expect(p.state.get().t).toBe(2_000);
    p.setSpeed(4);
    c.advance(500);
    expect(p.state.get().t).toBe(4_000);
    p.seek(-5);
    expect(p.state.get().t).toBe(1_000);
    p.step(5_000);
    expect(p.state.get().t).toBe(6_000);
    c.advance(10_000);
    expect(p.state.get()).toMatchObject({ t: 11_000, playing: false });
    p.play();
    expect(p.state.get().t).toBe(1_000);
  });

  it("[RPL6] skip idle jumps over idle stretches only when asked", () => {
    const c = fakeClock();
    const p = new PlayerModel(0, 100_000, [[2_000, 60_000]], c.clock);
    p.play();
    c.advance(3_000);
    expect(p.state.get().t).toBe(3_000);
    p.setSkipIdle(true);
    c.advance(100);
    expect(p.state.get().t).toBe(60_000);
    p.pause();
    c.advance(1_000);
    expect(p.state.get()).toMatchObject({ t: 60_000, playing: false });
  });
});
