import { describe, expect, it } from "vitest";
import {
  DEFAULT_AGENDA,
  agreementOf,
  extremes,
  formatClock,
  phaseStatus,
  sessionClockMs,
  summariseAgreement,
} from "./scoring.ts";

const rubric = { dimensions: ["a", "b", "c", "d"].map((id) => ({ id })) } as Parameters<typeof extremes>[0];

describe("agenda clock", () => {
  it("[TM3] counts a phase down from its budget, overruns go negative, and the end is done", () => {
    const base = { agenda: DEFAULT_AGENDA, startedAt: 1_000, phaseStartedAt: 1_000 };
    expect(phaseStatus({ ...base, phaseIndex: -1, phaseStartedAt: null, startedAt: null }, 5_000)).toEqual({
      kind: "not-started",
      totalMs: 50 * 60_000,
    });
    expect(phaseStatus({ ...base, phaseIndex: 0 }, 1_000 + 60_000)).toMatchObject({
      kind: "running",
      index: 0,
      remainingMs: 4 * 60_000,
      progress: 0.2,
    });
    expect(phaseStatus({ ...base, phaseIndex: 0 }, 1_000 + 6 * 60_000)).toMatchObject({
      remainingMs: -60_000,
      progress: 1,
    });
    expect(phaseStatus({ ...base, phaseIndex: 5 }, 11_000)).toEqual({ kind: "done", elapsedMs: 10_000 });
  });

  it("[SC10] the session clock is ms since the agenda started, 0 before", () => {
    expect(sessionClockMs(null, 5)).toBe(0);
    expect(sessionClockMs(100, 50)).toBe(0);
    expect(sessionClockMs(100, 1_100)).toBe(1_000);
  });

  it("formats clocks as m:ss, h:mm:ss and negative overruns", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(65_400)).toBe("1:05");
    expect(formatClock(3_600_000 + 61_000)).toBe("1:01:01");
    expect(formatClock(-61_000)).toBe("-1:01");
  });
});

describe("agreement and extremes", () => {
  it("[RP1] compares lead and shadow per dimension and summarises", () => {
    expect(agreementOf(3, 3)).toBe("agree");
    expect(agreementOf(3, 2)).toBe("adjacent");
    expect(agreementOf(1, 4)).toBe("differ");
    expect(agreementOf(null, 4)).toBeNull();
    expect(summariseAgreement(rubric, { a: 1, b: 2, c: 3 }, { a: 1, b: 4, d: 2 })).toEqual({
      compared: 2,
      agree: 1,
      withinOne: 1,
    });
  });

  it("[RP1] strongest and weakest are every dimension at the top and bottom level", () => {
    expect(extremes(rubric, {})).toEqual({ strongest: [], weakest: [] });
    expect(extremes(rubric, { a: 3, b: 3 })).toEqual({ strongest: ["a", "b"], weakest: [] });
    expect(extremes(rubric, { a: 4, b: 1, c: 4, d: 2 })).toEqual({ strongest: ["a", "c"], weakest: ["b"] });
  });
});
