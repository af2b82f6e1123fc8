import { describe, expect, it } from "vitest";
import type { Timeline } from "@mockroom/shared";
import {
  activitySpans,
  buildMarkers,
  clockLabel,
  deepLinkTarget,
  idleSpans,
  lengthLabel,
  nextMarker,
  noteClockLabel,
  prevMarker,
} from "./timeline-model.ts";

const tl = (over: Partial<Timeline> = {}): Timeline => ({
  roomId: "room00001",
  round: 1,
  title: "T",
  startedAt: 0,
  endedAt: 100_000,
  sessionStartedAt: null,
  participants: [
    { id: "ivy000001", name: "Ivy", role: "interviewer", colour: "#7c3aed" },
    { id: "cam000001", name: "Cam", role: "candidate", colour: "#0891b2" },
  ],
  changes: [],
  events: [],
  notes: [],
  scores: [],
  tracks: [],
  released: true,
  viewer: { participantId: "cam000001", role: "candidate" },
  ...over,
});

describe("replay timeline model", () => {
  it("[RPL7] markers: phases, joins, notes, scores and recording pauses, in time order", () => {
    const m = buildMarkers(
      tl({
        events: [
          { ts: 10_000, kind: "join", actorId: "cam000001", data: null },
          { ts: 50_000, kind: "phase", actorId: "ivy000001", data: { title: "Deep dive" } },
          { ts: 70_000, kind: "recording-paused", actorId: "ivy000001", data: null },
          { ts: 80_000, kind: "unknown-kind", actorId: null, data: null },
        ],
        notes: [{ id: "note00001", ts: 30_000, authorId: "ivy000001", text: "Good", dimensionId: null, tags: [] }],
        scores: [{ ts: 60_000, authorId: "ivy000001", dimensionId: "framing", level: 3 }],
      }),
    );
    expect(m.map((x) => [x.t, x.lane, x.label])).toEqual([
      [10_000, "people", "Cam joined"],
      [30_000, "notes", "Note by Ivy"],
      [50_000, "phases", "Phase: Deep dive"],
      [60_000, "scores", "framing: level 3"],
      [70_000, "recording", "Ivy paused recording"],
    ]);
    expect(nextMarker(m, 0)?.t).toBe(30_000);
    expect(prevMarker(m, 55_000)?.t).toBe(50_000);
    expect(prevMarker(m, 50_100)?.t).toBe(30_000);
  });

  it("[RPL8] activity: edits close together form one span per author and kind; idle is what is left", () => {
    const changes = [0, 1_000, 2_000, 20_000].map((t) => ({ t, a: "cam000001", b: [] }));
    const spans = activitySpans(
      tl({ changes: [...changes, { t: 1_500, a: "ivy000001", p: [{ i: "x" }] }] }),
      new Map([["ivy000001", [40_000, 40_250]]]),
    );
    expect(spans.map((s) => [s.participantId, s.kind, s.from, s.to])).toEqual([
      ["cam000001", "drawing", 0, 2_000],
      ["ivy000001", "typing", 1_500, 2_500],
      ["cam000001", "drawing", 20_000, 21_000],
      ["ivy000001", "talking", 40_000, 41_000],
    ]);
    expect(idleSpans(0, 100_000, spans, [])).toEqual([
      [2_500, 19_500],
      [21_000, 39_500],
      [41_000, 100_000],
    ]);
  });

  it("[RPL10] the playhead and the notes read the session clock: the same labels as the report", () => {
    const frame = { start: 10_000, origin: 40_000, end: 160_000 };
    expect(clockLabel(100_000, frame)).toBe("1:00");
    expect(clockLabel(20_000, frame)).toBe("before start");
    expect(noteClockLabel(100_000, frame)).toBe("1:00");
    expect(lengthLabel(frame)).toBe("2:00");
    // A round whose agenda never started has no session clock: the playhead counts from the first
    // moment, and notes say what the report says.
    const unstarted = { start: 10_000, origin: null, end: 160_000 };
    expect(clockLabel(70_000, unstarted)).toBe("1:00");
    expect(noteClockLabel(70_000, unstarted)).toBe("before start");
    expect(lengthLabel(unstarted)).toBe("2:30");
  });

  it("[RPL11] a deep link opens at the note's own moment, else at t on the session clock", () => {
    const m = buildMarkers(
      tl({
        notes: [{ id: "note00001", ts: 30_400, authorId: "ivy000001", text: "Good", dimensionId: null, tags: [] }],
      }),
    );
    const frame = { start: 0, origin: 10_000 };
    expect(deepLinkTarget(m, frame, { t: 20_000, note: "note00001" })).toEqual({ t: 30_400, noteId: "note00001" });
    // A note the viewer cannot see (or a stale id) falls back to the time.
    expect(deepLinkTarget(m, frame, { t: 20_000, note: "gone00001" })).toEqual({ t: 30_000, noteId: null });
    expect(deepLinkTarget(m, { start: 5_000, origin: null }, { t: 1_000 })).toEqual({ t: 6_000, noteId: null });
    expect(deepLinkTarget(m, frame, {})).toBeNull();
  });
});
