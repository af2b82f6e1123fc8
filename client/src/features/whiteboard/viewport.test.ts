import { describe, expect, it } from "vitest";
import { scrollFor, viewportOf } from "./viewport.ts";

describe("follow viewport", () => {
  it("round-trips through the published centre", () => {
    const leader = { scrollX: -120, scrollY: 340, zoom: 1.5, width: 1200, height: 800 };
    const vp = viewportOf(leader);
    expect(scrollFor(vp, leader)).toEqual({ scrollX: leader.scrollX, scrollY: leader.scrollY });
  });

  it("keeps the same scene point in the middle of a differently sized follower", () => {
    const vp = viewportOf({ scrollX: 0, scrollY: 0, zoom: 2, width: 1000, height: 600 });
    const follower = { width: 500, height: 300 };
    const { scrollX, scrollY } = scrollFor(vp, follower);
    // Scene point at the follower's centre: screen / zoom - scroll.
    expect(follower.width / 2 / vp.zoom - scrollX).toBeCloseTo(vp.cx);
    expect(follower.height / 2 / vp.zoom - scrollY).toBeCloseTo(vp.cy);
  });
});
