import { describe, expect, it } from "vitest";
import { FollowEcho, scrollFor, viewportOf } from "./viewport.ts";

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

describe("[UI4] following ends when the follower moves the board", () => {
  it("[UI4] the views following applies are echoes; anything else is the person's own move", () => {
    const echo = new FollowEcho();
    const a = { scrollX: -120.25, scrollY: 340, zoom: 1.5 };
    const b = { scrollX: 10, scrollY: 20, zoom: 0.75 };
    expect(echo.isOwnMove(a)).toBe(true); // nothing applied yet
    echo.applying(a);
    echo.applying(b);
    // Excalidraw may report an earlier view after a later one was applied (one React batch).
    expect(echo.isOwnMove(b)).toBe(false);
    expect(echo.isOwnMove(a)).toBe(false);
    expect(echo.isOwnMove({ ...a, scrollX: a.scrollX + 0.3 })).toBe(false); // float noise
    expect(echo.isOwnMove({ ...b, scrollY: b.scrollY - 40 })).toBe(true); // a wheel scroll
    expect(echo.isOwnMove({ ...b, zoom: 0.8 })).toBe(true); // a zoom
  });

  it("[UI4] remembers only the last few applied views", () => {
    const echo = new FollowEcho();
    const old = { scrollX: 0, scrollY: 0, zoom: 1 };
    echo.applying(old);
    for (let i = 1; i <= 4; i++) echo.applying({ scrollX: i * 100, scrollY: 0, zoom: 1 });
    expect(echo.isOwnMove(old)).toBe(true);
    expect(echo.isOwnMove({ scrollX: 400, scrollY: 0, zoom: 1 })).toBe(false);
  });
});
