import { describe, expect, it } from "vitest";
import { replayAtOf, replayPath, replayRouteOf, reportPath, reportRouteOf } from "./page-links.ts";
import { sessionClockLabel, sessionClockMs } from "./scoring.ts";

describe("page links", () => {
  it("[RPL11] a replay deep link round-trips: ?t=<session ms>&note=<id>", () => {
    const href = replayPath("room0001abcd", 2, { t: 83_456.4, note: "note00000001" });
    expect(href).toBe("/r/room0001abcd/replay/2?t=83456&note=note00000001");
    const [pathname = "", search = ""] = href.split(/(?=\?)/);
    expect(replayRouteOf(pathname)).toEqual({ roomId: "room0001abcd", round: 2 });
    expect(replayAtOf(search)).toEqual({ t: 83_456, note: "note00000001" });
    expect(replayPath("room0001abcd", 1)).toBe("/r/room0001abcd/replay/1");
    expect(replayAtOf("")).toEqual({ t: undefined, note: undefined });
  });

  it("[RPL11] a mangled link still opens the replay: bad values are dropped, not trusted", () => {
    expect(replayAtOf("?t=-5&note=%3Cscript%3E")).toEqual({ t: undefined, note: undefined });
    expect(replayAtOf("?t=1e9&note=short")).toEqual({ t: undefined, note: undefined });
    expect(replayAtOf("?note=note00000001&t=12&t=99")).toEqual({ t: 12, note: "note00000001" });
    expect(replayAtOf("?t")).toEqual({ t: undefined, note: undefined });
  });

  it("parses only well-formed room and round paths", () => {
    expect(reportRouteOf(reportPath("room0001abcd", 3))).toEqual({ roomId: "room0001abcd", round: 3 });
    expect(reportRouteOf("/r/room0001abcd/report/0")).toBeNull();
    expect(reportRouteOf("/r/room0001abcd/report/21")).toBeNull();
    expect(replayRouteOf("/r/bad/replay/1")).toBeNull();
    expect(replayRouteOf("/r/%E0%A4%A/replay/1")).toBeNull();
    expect(replayRouteOf("/r/room0001abcd/report/1")).toBeNull();
  });
});

describe("session clock", () => {
  it("[RPL10] one label for a moment: m:ss since the agenda started, 'before start' before it or without it", () => {
    const start = 1_000_000;
    expect(sessionClockLabel(start, start + 83_999)).toBe("1:23");
    expect(sessionClockLabel(start, start)).toBe("0:00");
    expect(sessionClockLabel(start, start - 1)).toBe("before start");
    expect(sessionClockLabel(null, start)).toBe("before start");
    expect(sessionClockLabel(start, start + 3_725_000)).toBe("1:02:05");
    // The label reads what the note stamp (SC10) holds.
    expect(sessionClockMs(start, start + 83_999)).toBe(83_999);
    expect(sessionClockMs(start, start - 1)).toBe(0);
  });
});
