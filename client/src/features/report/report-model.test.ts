import { describe, expect, it } from "vitest";
import type { Report } from "@mockroom/shared";
import { noteClock, noteEditedClock, noteReplayHref, radarPoints, reportPathOf, toMarkdown } from "./report-model.ts";

const level = (n: 1 | 2 | 3 | 4, label: string) => ({
  level: n,
  label,
  behaviours: ["says a concrete thing", "does another thing"],
});
const report: Report = {
  roomId: "room0001abcd",
  roomTitle: "Peer mock",
  round: 1,
  roundType: "system-design",
  prompt: { id: "p", title: "Fraud | detection", statement: "Design it." },
  rubric: {
    id: "r",
    title: "ML system design",
    roundType: "system-design",
    description: "d",
    evidenceTags: [],
    dimensions: ["a", "b"].map((id) => ({
      id,
      title: `Dim ${id}`,
      weight: 1,
      description: "d",
      levels: [level(1, "Not yet"), level(2, "Emerging"), level(3, "Senior"), level(4, "Staff")],
    })),
  },
  released: true,
  releasedAt: 1,
  startedAt: 0,
  interviewers: [
    { id: "lead0001", name: "Lena", lead: true },
    { id: "shad0001", name: "Sam", lead: false },
  ],
  candidates: [{ id: "cand0001", name: "Cara" }],
  dimensions: [
    {
      dimensionId: "a",
      title: "Dim a",
      weight: 1,
      level: 4,
      shadows: [{ interviewerId: "shad0001", level: 3 }],
      agreement: "adjacent",
      noteIds: [],
    },
    {
      dimensionId: "b",
      title: "Dim b",
      weight: 1,
      level: null,
      shadows: [{ interviewerId: "shad0001", level: null }],
      agreement: null,
      noteIds: [],
    },
  ],
  overall: 4,
  shadowOverall: 3,
  strongest: ["a"],
  weakest: [],
  agreement: { compared: 1, agree: 0, withinOne: 1 },
  notes: [
    {
      id: "note0001",
      round: 1,
      authorId: "lead0001",
      authorName: "Lena",
      authorLead: true,
      ts: 61_000,
      clockMs: 61_000,
      text: "named\ncosts",
      dimensionId: "a",
      tags: ["named-trade-off"],
    },
  ],
  generatedAt: 9,
};

describe("report model", () => {
  it("[RP1] exports Markdown with the summary, a row per dimension with the shadow, and stamped notes", () => {
    const md = toMarkdown(report);
    expect(md).toContain("# Feedback: Peer mock, round 1");
    expect(md).toContain("**Overall:** 4.0 · Staff");
    expect(md).toContain("| Dim a | 1 | 4 · Staff | 3 · Senior | one level apart |");
    expect(md).toContain("| Dim b | 1 | not scored | not scored | — |");
    expect(md).toContain("- **1:01** Lena _(Dim a)_: named costs [named-trade-off]");
    expect(md).toContain("**Prompt:** Fraud | detection");
  });

  it("places radar vertices clockwise from 12 o'clock, unscored at the centre", () => {
    const [top, right, bottom, left] = radarPoints([4, 2, null, 4], 100, 100, 80);
    expect(top).toEqual({ x: 100, y: 20 });
    expect(right!.x).toBeCloseTo(140);
    expect(right!.y).toBeCloseTo(100);
    expect(bottom!.x).toBeCloseTo(100);
    expect(bottom!.y).toBeCloseTo(100);
    expect(left!.x).toBeCloseTo(20);
  });

  it("[RPL10] [RPL11] a note's time is the session clock and links into the replay at that moment", () => {
    const note = report.notes[0]!;
    expect(noteClock(report, note)).toBe("1:01");
    expect(noteReplayHref(report, note)).toBe("/r/room0001abcd/replay/1?t=61000&note=note0001");
    // Taken before the agenda started: the cockpit stamped 0, and every page says so in words.
    expect(noteClock({ startedAt: 100_000 }, note)).toBe("before start");
    expect(noteClock({ startedAt: null }, note)).toBe("before start");
  });

  it("[SC11] an edited note says when it was edited, on the session clock; the Markdown export too", () => {
    const note = report.notes[0]!;
    expect(noteEditedClock(report, note)).toBeNull();
    expect(noteEditedClock(report, { editedAt: null })).toBeNull();
    expect(noteEditedClock(report, { editedAt: 125_000 })).toBe("2:05");
    expect(toMarkdown(report)).not.toContain("edited");
    const edited = { ...report, notes: [{ ...note, editedAt: 125_000 }] };
    expect(toMarkdown(edited)).toContain("[named-trade-off] _(edited 2:05)_");
  });

  it("parses report routes", () => {
    expect(reportPathOf("/r/room0001abcd/report/2")).toEqual({ roomId: "room0001abcd", round: 2 });
    expect(reportPathOf("/r/room0001abcd/report/0")).toBeNull();
    expect(reportPathOf("/r/room0001abcd")).toBeNull();
  });
});
