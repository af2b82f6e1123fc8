import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CandidatePrompt,
  CockpitState,
  ErrorBody,
  MAX_NOTE_CHARS,
  Note,
  PromptCatalogue,
  Report,
  RoundList,
  RubricCatalogue,
  RoundPublic,
  bearer,
} from "@mockroom/shared";
import { joinRoom, startServer, waitFor, yClient, type Rig } from "./rig.ts";
import {
  codeOf,
  cockpitClient,
  expectOk,
  getAs,
  setUpCockpit,
  type CockpitClient,
  type CockpitSetUp,
} from "./scoring-rig.ts";

const FRAUD = "payment-fraud-detection";
const FEED = "social-feed-ranking";
const CODING = "sliding-window-event-counter";

let rig: Rig;
let s: CockpitSetUp;
let clock: number;
const clients: CockpitClient[] = [];
const connect = async (token: string) => {
  const c = await cockpitClient(rig.url, token);
  clients.push(c);
  return c;
};
const api = (path: string) => `${rig.url}/api${path}`;
const roomApi = (path = "") => api(`/rooms/${s.room.roomId}${path}`);
const errorCode = (text: string) => ErrorBody.parse(JSON.parse(text)).error.code;
const stored = async () => ({
  scores: await rig.storage.scoring.listScores(s.room.roomId, 1),
  notes: await rig.storage.scoring.listNotes(s.room.roomId, 1),
  events: (await rig.storage.events.list(s.room.roomId)).filter((e) => e.kind !== "join" && e.kind !== "leave"),
});

beforeEach(async () => {
  clock = 1_800_000_000_000;
  rig = await startServer({ now: () => clock });
  s = await setUpCockpit(rig.url, { tick: () => (clock += 1) });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await rig.close();
});

describe("cockpit permissions", () => {
  it("[SC3] every cockpit write from a candidate or an observer is forbidden and stores nothing", async () => {
    const lead = await connect(s.interviewer.token);
    expectOk(await lead.call("prompt:set", { round: 1, promptId: FRAUD }));
    expectOk(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 3 }));
    expectOk(await lead.call("note:add", { round: 1, text: "lead note", tags: [] }));
    const before = await stored();
    const noteId = before.notes[0]!.id;
    for (const token of [s.candidate.token, s.observer.token]) {
      const c = await connect(token);
      const writes: [string, unknown][] = [
        ["prompt:set", { round: 1, promptId: FEED }],
        ["score:set", { round: 1, dimensionId: "serving", level: 1 }],
        ["note:add", { round: 1, text: "sneaky", tags: [] }],
        ["note:delete", { round: 1, noteId }],
        ["phase:advance", { round: 1, to: 0 }],
        ["feedback:release", { round: 1 }],
        ["round:swap", { round: 1 }],
      ];
      for (const [event, msg] of writes) {
        expect(codeOf(await c.call(event as "score:set", msg)), event).toBe("forbidden");
      }
    }
    expect(await stored()).toEqual(before);
    expect((await rig.storage.rooms.get(s.room.roomId))?.round).toBe(1);
  });

  it("[SC4] a score outside 1..4, a non-integer or an unknown dimension is invalid_message; nothing stored", async () => {
    const lead = await connect(s.interviewer.token);
    for (const level of [0, 5, 2.5, "3", -1, undefined, {}]) {
      expect(codeOf(await lead.call("score:set", { round: 1, dimensionId: "serving", level }))).toBe("invalid_message");
    }
    expect(codeOf(await lead.call("score:set", { round: 1, dimensionId: "astrology", level: 3 }))).toBe(
      "invalid_message",
    );
    expect(codeOf(await lead.call("score:set", { round: 1, dimensionId: "NOT A SLUG", level: 3 }))).toBe(
      "invalid_message",
    );
    expect((await stored()).scores).toEqual([]);
    // The server keeps serving: a good score right after is accepted.
    expect(expectOk(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 4 }))).toMatchObject({
      dimensionId: "serving",
      level: 4,
    });
    expect(expectOk(await lead.call("score:set", { round: 1, dimensionId: "serving", level: null }))).toMatchObject({
      level: null,
    });
    expect((await stored()).scores).toEqual([]);
  });

  it("[SC5] an oversized note is too_large; an unknown dimension or evidence tag is invalid_message", async () => {
    const lead = await connect(s.interviewer.token);
    expect(codeOf(await lead.call("note:add", { round: 1, text: "x".repeat(MAX_NOTE_CHARS + 1), tags: [] }))).toBe(
      "too_large",
    );
    expect(codeOf(await lead.call("note:add", { round: 1, text: "ok", dimensionId: "astrology", tags: [] }))).toBe(
      "invalid_message",
    );
    expect(codeOf(await lead.call("note:add", { round: 1, text: "ok", tags: ["made-up-tag"] }))).toBe(
      "invalid_message",
    );
    expect(codeOf(await lead.call("note:add", { round: 1, text: "   ", tags: [] }))).toBe("invalid_message");
    expect((await stored()).notes).toEqual([]);
    const note = Note.parse(
      expectOk(
        await lead.call("note:add", {
          round: 1,
          text: "y".repeat(MAX_NOTE_CHARS),
          dimensionId: "tradeoffs",
          tags: ["named-trade-off", "named-trade-off"],
        }),
      ),
    );
    expect(note.tags).toEqual(["named-trade-off"]);
    // Only the author deletes a note; the shadow is refused.
    const shadow = await connect(s.shadow.token);
    expect(codeOf(await shadow.call("note:delete", { round: 1, noteId: note.id }))).toBe("forbidden");
    expect(expectOk(await lead.call("note:delete", { round: 1, noteId: note.id }))).toEqual({ noteId: note.id });
    expect(codeOf(await lead.call("note:delete", { round: 1, noteId: note.id }))).toBe("not_found");
  });

  it("[SC7] writes to a past or released round are round_closed; to a future round not_found", async () => {
    const lead = await connect(s.interviewer.token);
    expect(codeOf(await lead.call("score:set", { round: 2, dimensionId: "serving", level: 3 }))).toBe("not_found");
    expectOk(await lead.call("feedback:release", { round: 1 }));
    expect(codeOf(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 3 }))).toBe("round_closed");
    expect(codeOf(await lead.call("note:add", { round: 1, text: "late", tags: [] }))).toBe("round_closed");
    expectOk(await lead.call("round:swap", { round: 1 }));
    // The lead is a candidate now; the old candidate interviews round 2. Round 1 is closed to everyone.
    const cand = await connect(s.candidate.token);
    expect(codeOf(await cand.call("score:set", { round: 1, dimensionId: "serving", level: 3 }))).toBe("forbidden");
    expect(codeOf(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 3 }))).toBe("round_closed");
    await expect(rig.storage.scoring.listScores(s.room.roomId, 1)).resolves.toEqual([]);
  });

  it("[SC6] lead and shadow score independently: neither receives the other's sheet or notes before release", async () => {
    const lead = await connect(s.interviewer.token);
    const shadow = await connect(s.shadow.token);
    await waitFor(() => lead.cockpit != null && shadow.cockpit != null);
    expect(lead.cockpit!.lead).toBe(true);
    expect(shadow.cockpit!.lead).toBe(false);
    expectOk(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 4 }));
    expectOk(await lead.call("note:add", { round: 1, text: "LEAD-ONLY-7f3a", tags: [] }));
    expectOk(await shadow.call("score:set", { round: 1, dimensionId: "serving", level: 2 }));
    expectOk(await shadow.call("note:add", { round: 1, text: "SHADOW-ONLY-91bc", tags: [] }));
    await waitFor(() => lead.cockpit?.notes.length === 1 && shadow.cockpit?.notes.length === 1);
    expect(lead.cockpit!.scores).toEqual({ serving: 4 });
    expect(shadow.cockpit!.scores).toEqual({ serving: 2 });
    expect(lead.saw("SHADOW-ONLY-91bc")).toBe(false);
    expect(shadow.saw("LEAD-ONLY-7f3a")).toBe(false);
    // The shadow's pre-release report is a preview of their own sheet only.
    const pre = Report.parse(JSON.parse((await getAs(roomApi("/rounds/1/report"), s.shadow.token)).text));
    expect(pre.interviewers.map((i) => i.id)).toEqual([s.shadow.participantId]);
    expect(pre.dimensions.find((d) => d.dimensionId === "serving")?.level).toBe(2);
    expect(JSON.stringify(pre)).not.toContain("LEAD-ONLY-7f3a");

    expectOk(await lead.call("feedback:release", { round: 1 }));
    await waitFor(() => shadow.cockpit?.released === true && lead.cockpit?.released === true);
    expect(shadow.cockpit!.notes.map((n) => n.text).sort()).toEqual(["LEAD-ONLY-7f3a", "SHADOW-ONLY-91bc"]);
    expect(shadow.cockpit!.sheets?.map((x) => [x.lead, x.scores])).toEqual([
      [true, { serving: 4 }],
      [false, { serving: 2 }],
    ]);
  });

  it("[SC9] a closed round keeps its roster: the swapped-in interviewer cannot read round 1 before release", async () => {
    const lead = await connect(s.interviewer.token);
    expectOk(await lead.call("note:add", { round: 1, text: "about the candidate", tags: [] }));
    expectOk(await lead.call("round:swap", { round: 1 }));
    // The round-1 candidate interviews round 2, but round 1 was about them.
    const r = await getAs(roomApi("/rounds/1/report"), s.candidate.token);
    expect(r.status).toBe(403);
    expect(errorCode(r.text)).toBe("not_released");
    expect(
      (
        await rig.app.scoring.timelineFor(s.room.roomId, 1, {
          participantId: s.candidate.participantId,
          role: "interviewer",
        })
      ).notes,
    ).toEqual([]);
    const cand = await connect(s.candidate.token);
    expect(codeOf(await cand.call("feedback:release", { round: 1 }))).toBe("forbidden");
    // The round-1 interviewer, now a candidate, still reads and may release round 1.
    expect((await getAs(roomApi("/rounds/1/report"), s.interviewer.token)).status).toBe(200);
    expectOk(await lead.call("feedback:release", { round: 1 }));
    expect((await getAs(roomApi("/rounds/1/report"), s.candidate.token)).status).toBe(200);
  });

  it("[SC10] notes are stamped by the server with the session clock: ms since the agenda started, 0 before", async () => {
    const lead = await connect(s.interviewer.token);
    const early = Note.parse(expectOk(await lead.call("note:add", { round: 1, text: "before start", tags: [] })));
    expect(early.clockMs).toBe(0);
    expectOk(await lead.call("phase:advance", { round: 1, to: 0 }));
    clock += 125_000;
    const forged = { round: 1, text: "later", tags: [], clockMs: 1, ts: 5 };
    const later = Note.parse(expectOk(await lead.call("note:add", forged)));
    expect(later.clockMs).toBe(125_000);
    expect(later.ts).toBe(clock);
  });
});

describe("note edits", () => {
  const addNote = async (c: CockpitClient, text: string) =>
    Note.parse(expectOk(await c.call("note:add", { round: 1, text, dimensionId: "serving", tags: [] })));

  it("[SC11] the author edits text, dimension and tags; ts and clockMs stay; editedAt is stamped; the report shows it", async () => {
    const lead = await connect(s.interviewer.token);
    const shadow = await connect(s.shadow.token);
    expectOk(await lead.call("phase:advance", { round: 1, to: 0 }));
    clock += 60_000;
    const first = await addNote(lead, "asked about label delay");
    clock += 30_000;
    const edited = Note.parse(
      expectOk(
        await lead.call("note:edit", {
          round: 1,
          noteId: first.id,
          text: "EDITED-4d2e: asked about label delay, twice",
          dimensionId: "tradeoffs",
          tags: ["named-trade-off", "named-trade-off"],
          ts: 1,
          clockMs: 1,
        }),
      ),
    );
    expect(edited).toEqual({
      ...first,
      text: "EDITED-4d2e: asked about label delay, twice",
      dimensionId: "tradeoffs",
      tags: ["named-trade-off"],
      editedAt: clock,
    });
    expect(first.editedAt).toBeNull();
    expect((await stored()).notes).toEqual([{ ...edited, roomId: s.room.roomId }]);
    await waitFor(() => lead.cockpit?.notes[0]?.text === edited.text);
    // An absent dimension unties the note.
    const untied = Note.parse(expectOk(await lead.call("note:edit", { round: 1, noteId: first.id, text: "plain" })));
    expect(untied).toMatchObject({ dimensionId: null, tags: [], ts: first.ts, clockMs: 60_000 });
    expectOk(await lead.call("note:edit", { round: 1, noteId: first.id, text: edited.text, tags: [] }));
    // Like note:add, the shadow's connection never carries the lead's note before release (SC6).
    expect(shadow.saw("EDITED-4d2e")).toBe(false);
    const report = Report.parse(JSON.parse((await getAs(roomApi("/rounds/1/report"), s.interviewer.token)).text));
    expect(report.notes.map((n) => [n.text, n.clockMs, n.editedAt])).toEqual([[edited.text, 60_000, clock]]);
  });

  it("[SC11] [SC3] only the note's author may edit it: candidate, observer and shadow are forbidden; nothing stored", async () => {
    const lead = await connect(s.interviewer.token);
    const note = await addNote(lead, "lead note");
    const before = await stored();
    for (const token of [s.candidate.token, s.observer.token, s.shadow.token]) {
      const c = await connect(token);
      expect(codeOf(await c.call("note:edit", { round: 1, noteId: note.id, text: "hijacked", tags: [] }))).toBe(
        "forbidden",
      );
    }
    expect(await stored()).toEqual(before);
  });

  it("[SC11] [SC5] an edit over the limit is too_large, an unknown dimension or tag invalid_message, a missing note not_found; nothing stored", async () => {
    const lead = await connect(s.interviewer.token);
    const note = await addNote(lead, "lead note");
    const before = await stored();
    const edit = (over: Record<string, unknown>) => lead.call("note:edit", { round: 1, noteId: note.id, ...over });
    expect(codeOf(await edit({ text: "x".repeat(MAX_NOTE_CHARS + 1), tags: [] }))).toBe("too_large");
    expect(codeOf(await edit({ text: "ok", dimensionId: "astrology", tags: [] }))).toBe("invalid_message");
    expect(codeOf(await edit({ text: "ok", tags: ["made-up-tag"] }))).toBe("invalid_message");
    expect(codeOf(await edit({ text: "   ", tags: [] }))).toBe("invalid_message");
    expect(codeOf(await edit({ text: "ok", noteId: "not a note id!" }))).toBe("invalid_message");
    expect(codeOf(await edit({ text: "ok", noteId: "missing00001" }))).toBe("not_found");
    expect(await stored()).toEqual(before);
    expectOk(await lead.call("note:delete", { round: 1, noteId: note.id }));
    expect(codeOf(await edit({ text: "ok" }))).toBe("not_found");
  });

  it("[SC11] [SC7] edits to a released or past round are round_closed, to a future round not_found; nothing stored", async () => {
    const lead = await connect(s.interviewer.token);
    const note = await addNote(lead, "final words");
    expect(codeOf(await lead.call("note:edit", { round: 2, noteId: note.id, text: "x" }))).toBe("not_found");
    expectOk(await lead.call("feedback:release", { round: 1 }));
    const before = await stored();
    expect(codeOf(await lead.call("note:edit", { round: 1, noteId: note.id, text: "rewritten" }))).toBe("round_closed");
    expectOk(await lead.call("round:swap", { round: 1 }));
    // Now a candidate, the author is still an interviewer of round 1, which is closed.
    expect(codeOf(await lead.call("note:edit", { round: 1, noteId: note.id, text: "rewritten" }))).toBe("round_closed");
    // Round 2's interviewer cannot reach a round-1 note through the current round either.
    const cand = await connect(s.candidate.token);
    expect(codeOf(await cand.call("note:edit", { round: 2, noteId: note.id, text: "rewritten" }))).toBe("not_found");
    expect(codeOf(await cand.call("note:edit", { round: 1, noteId: note.id, text: "rewritten" }))).toBe("forbidden");
    expect((await stored()).notes).toEqual(before.notes);
  });
});

describe("agenda timer", () => {
  it("[TM1] an interviewer advances phases; everyone gets round:state; each change is a logged phase event", async () => {
    const lead = await connect(s.interviewer.token);
    const cand = await connect(s.candidate.token);
    const obs = await connect(s.observer.token);
    expectOk(await lead.call("prompt:set", { round: 1, promptId: FRAUD }));
    expect(cand.round!.phaseIndex).toBe(-1);
    expectOk(await lead.call("phase:advance", { round: 1, to: 0 }));
    clock += 60_000;
    const r = RoundPublic.parse(expectOk(await lead.call("phase:advance", { round: 1, to: 1 })));
    expect(r).toMatchObject({ phaseIndex: 1, phaseStartedAt: clock, startedAt: clock - 60_000 });
    await waitFor(() => cand.round?.phaseIndex === 1 && obs.round?.phaseIndex === 1);
    expect(cand.round!.agenda.map((p) => p.id)).toEqual([
      "clarify-scope",
      "requirements-metrics",
      "high-level-design",
      "deep-dive",
      "wrap-up",
    ]);
    expect(codeOf(await cand.call("phase:advance", { round: 1, to: 2 }))).toBe("forbidden");
    expect(codeOf(await lead.call("phase:advance", { round: 1, to: 6 }))).toBe("invalid_message");
    const phases = (await rig.storage.events.list(s.room.roomId, 1)).filter((e) => e.kind === "phase");
    expect(phases.map((e) => [e.ts, (e.data as { index: number }).index])).toEqual([
      [clock - 60_000, 0],
      [clock, 1],
    ]);
    expectOk(await lead.call("phase:advance", { round: 1, to: 5 }));
    await waitFor(() => cand.round?.phaseIndex === 5);
  });

  it("[TM2] advancing to the current phase again is a no-op: no second event, clock unchanged", async () => {
    const lead = await connect(s.interviewer.token);
    const shadow = await connect(s.shadow.token);
    expectOk(await lead.call("phase:advance", { round: 1, to: 0 }));
    clock += 5_000;
    const [a, b] = await Promise.all([
      lead.call("phase:advance", { round: 1, to: 1 }),
      shadow.call("phase:advance", { round: 1, to: 1 }),
    ]);
    expect(RoundPublic.parse(expectOk(a)).phaseStartedAt).toBe(RoundPublic.parse(expectOk(b)).phaseStartedAt);
    expect((await rig.storage.events.list(s.room.roomId, 1)).filter((e) => e.kind === "phase")).toHaveLength(2);
  });
});

describe("prompts", () => {
  it("[PR1] the candidate gets the statement, interviewers the probes; changing rubric under scores is a conflict", async () => {
    const lead = await connect(s.interviewer.token);
    const cand = await connect(s.candidate.token);
    expectOk(await lead.call("prompt:set", { round: 1, promptId: FRAUD }));
    await waitFor(() => cand.round?.prompt?.id === FRAUD && lead.cockpit?.prompt?.id === FRAUD);
    const probe = lead.cockpit!.prompt!.probes[0]!;
    const tradeoff = lead.cockpit!.prompt!.tradeoffs[0]!;
    expect(CandidatePrompt.strict().safeParse(cand.round!.prompt).success).toBe(true);
    expect(cand.round!.prompt!.statement.length).toBeGreaterThan(50);
    expect(cand.saw(probe.slice(0, 40))).toBe(false);
    expect(cand.saw(tradeoff.slice(0, 40))).toBe(false);
    expect(codeOf(await lead.call("prompt:set", { round: 1, promptId: "no-such-prompt" }))).toBe("invalid_message");
    expectOk(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 3 }));
    // Same rubric: fine. Another rubric (coding) would orphan the system-design scores.
    expectOk(await lead.call("prompt:set", { round: 1, promptId: FEED }));
    expect(codeOf(await lead.call("prompt:set", { round: 1, promptId: CODING }))).toBe("conflict");
    const kinds = (await rig.storage.events.list(s.room.roomId, 1)).filter((e) => e.kind === "prompt");
    expect(kinds.map((e) => (e.data as { promptId: string }).promptId)).toEqual([FRAUD, FEED]);
  });

  it("[CAT1] the public catalogue lists prompts without probes or trade-offs, and the rubrics", async () => {
    const p = await getAs(api("/prompts"), null);
    expect(p.status).toBe(200);
    const cat = PromptCatalogue.parse(JSON.parse(p.text));
    expect(cat.prompts.length).toBeGreaterThanOrEqual(29);
    expect(cat.prompts.filter((x) => x.roundType === "system-design").length).toBeGreaterThanOrEqual(12);
    expect(p.text).not.toMatch(/"probes"|"tradeoffs"|"rubricId"/);
    const r = RubricCatalogue.parse(JSON.parse((await getAs(api("/rubrics"), null)).text));
    expect(r.rubrics.map((x) => x.roundType).sort()).toEqual([
      "behavioural",
      "data-pipelines",
      "ml-coding",
      "ml-theory",
      "system-design",
    ]);
  });

  it("[CAT2] creating a room checks the rubric and prompt against the content and the round type", async () => {
    const post = (body: object) =>
      fetch(api("/rooms"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const base = { title: "Mock", roundType: "system-design" };
    for (const bad of [
      { ...base, promptId: "no-such-prompt" },
      { ...base, rubricId: "no-such-rubric" },
      { ...base, promptId: CODING },
      { ...base, rubricId: "ml-coding" },
    ]) {
      const res = await post(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(errorCode(await res.text())).toBe("invalid_message");
    }
    const ok = await post({ ...base, promptId: FRAUD, rubricId: "ml-system-design" });
    expect(ok.status).toBe(201);
    const { roomId, invites } = (await ok.json()) as { roomId: string; invites: { candidate: { token: string } } };
    const cand = await joinRoom(rig.url, roomId, invites.candidate.token, "Cy");
    const c = await connect(cand.token);
    expect(c.round).toMatchObject({ rubricId: "ml-system-design", prompt: { id: FRAUD } });
    // No choice: the rubric for the round type.
    const plain = await post({ title: "Mock", roundType: "behavioural" });
    const pr = (await plain.json()) as { roomId: string; invites: { candidate: { token: string } } };
    const pc = await joinRoom(rig.url, pr.roomId, pr.invites.candidate.token, "Pat");
    expect((await connect(pc.token)).round).toMatchObject({ rubricId: "behavioural", prompt: null });
  });
});

describe("release, swap and reports", () => {
  it("[SC8] release is per round, idempotent and logged once; the candidate gets the report only after it", async () => {
    const lead = await connect(s.interviewer.token);
    const cand = await connect(s.candidate.token);
    const before = await getAs(roomApi("/rounds/1/report"), s.candidate.token);
    expect(before.status).toBe(403);
    expect(errorCode(before.text)).toBe("not_released");
    expect((await getAs(roomApi("/rounds/1/report"), s.observer.token)).status).toBe(403);
    clock += 1_000;
    expectOk(await lead.call("feedback:release", { round: 1 }));
    expectOk(await lead.call("feedback:release", { round: 1 }));
    await waitFor(() => cand.round?.released === true);
    expect(cand.round!.releasedAt).toBe(clock);
    expect((await rig.storage.events.list(s.room.roomId, 1)).filter((e) => e.kind === "release")).toHaveLength(1);
    expect((await getAs(roomApi("/rounds/1/report"), s.candidate.token)).status).toBe(200);
    expect((await getAs(roomApi("/rounds/1/report"), s.observer.token)).status).toBe(200);
    expect((await getAs(roomApi("/rounds/1/report"), null)).status).toBe(401);
    expect((await getAs(roomApi("/rounds/9/report"), s.interviewer.token)).status).toBe(404);
    expect((await getAs(roomApi("/rounds/zz/report"), s.interviewer.token)).status).toBe(404);
  });

  it("[SW1] a swap starts round 2: roles exchanged, channels moved, room:state and round:state broadcast, logged", async () => {
    const lead = await connect(s.interviewer.token);
    const shadow = await connect(s.shadow.token);
    const cand = await connect(s.candidate.token);
    const obs = await connect(s.observer.token);
    await waitFor(() => cand.cockpit === undefined && lead.cockpit != null);
    // Round-1 board work, to prove it is kept.
    const y1 = yClient(rig.url, `${s.room.roomId}.1`, s.candidate.token);
    await y1.synced();
    y1.doc.getText("pad").insert(0, "round one work");
    await waitFor(async () => (await rig.storage.docLog.read(`${s.room.roomId}.1`)).length > 0);
    y1.destroy();

    expectOk(await lead.call("prompt:set", { round: 1, promptId: FRAUD }));
    const res = expectOk<{ round: number }>(await shadow.call("round:swap", { round: 1, promptId: FEED }));
    expect(res.round).toBe(2);
    await waitFor(() => cand.room?.room.round === 2 && obs.round?.round === 2);
    const roles = Object.fromEntries(cand.room!.participants.map((p) => [p.id, p.role]));
    expect(roles).toEqual({
      [s.interviewer.participantId]: "candidate",
      [s.shadow.participantId]: "candidate",
      [s.candidate.participantId]: "interviewer",
      [s.observer.participantId]: "observer",
    });
    expect(cand.room!.participants.find((p) => p.lead)?.id).toBe(s.candidate.participantId);
    // The new interviewer has a cockpit for round 2 with the new prompt; the old ones lost theirs.
    await waitFor(() => cand.cockpit?.round === 2 && lead.cockpit === null && shadow.cockpit === null);
    expect(CockpitState.parse(cand.cockpit).prompt?.id).toBe(FEED);
    expect(cand.cockpit!.scores).toEqual({});
    expect(obs.round).toMatchObject({ round: 2, prompt: { id: FEED }, phaseIndex: -1, released: false });
    const interviewerRoom = `room:${s.room.roomId}:interviewers`;
    const members = await rig.app.io.in(interviewerRoom).fetchSockets();
    expect(members.map((m) => m.data.participantId)).toEqual([s.candidate.participantId]);
    const swap = (await rig.storage.events.list(s.room.roomId, 2)).find((e) => e.kind === "swap");
    expect(swap?.data).toMatchObject({ fromRound: 1, toRound: 2 });
    // Round 2's document is fresh and writable; round 1's is kept.
    const y2 = yClient(rig.url, `${s.room.roomId}.2`, s.candidate.token);
    await y2.synced();
    expect(y2.doc.getText("pad").toString()).toBe("");
    const again = yClient(rig.url, `${s.room.roomId}.1`, s.candidate.token);
    await again.synced();
    expect(again.doc.getText("pad").toString()).toBe("round one work");
    y2.destroy();
    again.destroy();
  });

  it("[SW2] a double-clicked or stale swap changes nothing; a swap with no candidate is a conflict", async () => {
    const lead = await connect(s.interviewer.token);
    const [a, b] = await Promise.all([lead.call("round:swap", { round: 1 }), lead.call("round:swap", { round: 1 })]);
    // The second click arrives after the first made its sender a candidate.
    expect([codeOf(a), codeOf(b)].sort()).toEqual(["forbidden", "ok"]);
    const fresh = await connect(s.candidate.token);
    expect(codeOf(await fresh.call("round:swap", { round: 1 }))).toBe("conflict");
    expect((await rig.storage.rooms.get(s.room.roomId))?.round).toBe(2);
    // A room with only an interviewer has nobody to swap with.
    const res = await fetch(api("/rooms"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Solo", roundType: "ml-coding" }),
    });
    const solo = (await res.json()) as { roomId: string; invites: { interviewer: { token: string } } };
    const only = await joinRoom(rig.url, solo.roomId, solo.invites.interviewer.token, "Ira");
    const c = await connect(only.token);
    expect(codeOf(await c.call("round:swap", { round: 1 }))).toBe("conflict");
  });

  it("[RP1] [SW3] a swap gives two reports, each with its own prompt, sheet, agreement, overall and notes", async () => {
    const lead = await connect(s.interviewer.token);
    const shadow = await connect(s.shadow.token);
    expectOk(await lead.call("prompt:set", { round: 1, promptId: FRAUD }));
    expectOk(await lead.call("phase:advance", { round: 1, to: 0 }));
    const lead1 = { "problem-framing": 4, serving: 2, tradeoffs: 3, monitoring: 1 } as const;
    const shadow1 = { "problem-framing": 4, serving: 3, tradeoffs: 1 } as const;
    for (const [d, l] of Object.entries(lead1))
      expectOk(await lead.call("score:set", { round: 1, dimensionId: d, level: l }));
    for (const [d, l] of Object.entries(shadow1))
      expectOk(await shadow.call("score:set", { round: 1, dimensionId: d, level: l }));
    clock += 90_000;
    expectOk(await shadow.call("note:add", { round: 1, text: "late one", dimensionId: "serving", tags: [] }));
    clock -= 30_000;
    expectOk(
      await lead.call("note:add", {
        round: 1,
        text: "named costs",
        dimensionId: "tradeoffs",
        tags: ["named-trade-off"],
      }),
    );
    expectOk(await lead.call("feedback:release", { round: 1 }));
    expectOk(await lead.call("round:swap", { round: 1, promptId: CODING }));
    const cand = await connect(s.candidate.token);
    expectOk(await cand.call("score:set", { round: 2, dimensionId: cand.cockpit!.rubric.dimensions[0]!.id, level: 3 }));
    expectOk(await cand.call("feedback:release", { round: 2 }));

    const r1 = Report.parse(JSON.parse((await getAs(roomApi("/rounds/1/report"), s.candidate.token)).text));
    expect(r1).toMatchObject({ round: 1, roundType: "system-design", prompt: { id: FRAUD }, released: true });
    expect(r1.interviewers).toEqual([
      { id: s.interviewer.participantId, name: "Lena Lead", lead: true },
      { id: s.shadow.participantId, name: "Sam Shadow", lead: false },
    ]);
    expect(r1.candidates.map((c) => c.id)).toEqual([s.candidate.participantId]);
    const dim = (id: string) => r1.dimensions.find((d) => d.dimensionId === id)!;
    expect(dim("problem-framing")).toMatchObject({ level: 4, agreement: "agree" });
    expect(dim("serving")).toMatchObject({ level: 2, agreement: "adjacent", shadows: [{ level: 3 }] });
    expect(dim("tradeoffs")).toMatchObject({ level: 3, agreement: "differ" });
    expect(dim("monitoring")).toMatchObject({ level: 1, agreement: null });
    expect(dim("communication")).toMatchObject({ level: null, agreement: null });
    expect(r1.agreement).toEqual({ compared: 3, agree: 1, withinOne: 2 });
    const w = Object.fromEntries(r1.rubric.dimensions.map((d) => [d.id, d.weight]));
    const expected =
      Object.entries(lead1).reduce((sum, [d, l]) => sum + w[d]! * l, 0) /
      Object.keys(lead1).reduce((sum, d) => sum + w[d]!, 0);
    expect(r1.overall).toBeCloseTo(expected, 10);
    expect(r1.strongest).toEqual(["problem-framing"]);
    expect(r1.weakest).toEqual(["monitoring"]);
    expect(r1.notes.map((n) => [n.text, n.clockMs, n.authorLead])).toEqual([
      ["named costs", 60_000, true],
      ["late one", 90_000, false],
    ]);
    expect(dim("tradeoffs").noteIds).toEqual([r1.notes[0]!.id]);

    const r2 = Report.parse(JSON.parse((await getAs(roomApi("/rounds/2/report"), s.interviewer.token)).text));
    expect(r2).toMatchObject({ round: 2, roundType: "ml-coding", prompt: { id: CODING }, agreement: null });
    expect(r2.interviewers.map((i) => i.id)).toEqual([s.candidate.participantId]);
    expect(r2.candidates.map((c) => c.id).sort()).toEqual([s.interviewer.participantId, s.shadow.participantId].sort());
    expect(r2.notes).toEqual([]);
  });

  it("[RP2] the rounds list says which reports each viewer may open", async () => {
    const lead = await connect(s.interviewer.token);
    expectOk(await lead.call("prompt:set", { round: 1, promptId: FRAUD }));
    expectOk(await lead.call("round:swap", { round: 1 }));
    const list = async (token: string) => RoundList.parse(JSON.parse((await getAs(roomApi("/rounds"), token)).text));
    expect((await list(s.interviewer.token)).rounds).toEqual([
      expect.objectContaining({ round: 1, current: false, promptTitle: expect.any(String), reportAvailable: true }),
      expect.objectContaining({ round: 2, current: true, released: false, reportAvailable: false }),
    ]);
    expect((await list(s.candidate.token)).rounds.map((r) => r.reportAvailable)).toEqual([false, true]);
    expect((await list(s.observer.token)).rounds.map((r) => r.reportAvailable)).toEqual([false, false]);
    const res = await fetch(roomApi("/rounds"), { headers: { authorization: bearer(s.room.invites.candidate.token) } });
    expect(res.status).toBe(401);
  });

  it("[SC2] timelineFor shows a candidate nothing before release, the author their own, everyone all after", async () => {
    const lead = await connect(s.interviewer.token);
    const shadow = await connect(s.shadow.token);
    expectOk(await lead.call("note:add", { round: 1, text: "lead", tags: [] }));
    expectOk(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 3 }));
    expectOk(await shadow.call("note:add", { round: 1, text: "shadow", tags: [] }));
    const view = (participantId: string, role: "interviewer" | "candidate" | "observer") =>
      rig.app.scoring.timelineFor(s.room.roomId, 1, { participantId, role });
    const nothing = { released: false, sessionStartedAt: null, notes: [], scores: [] };
    expect(await view(s.candidate.participantId, "candidate")).toEqual(nothing);
    expect(await view(s.observer.participantId, "observer")).toEqual(nothing);
    const mine = await view(s.interviewer.participantId, "interviewer");
    expect(mine.notes.map((n) => n.text)).toEqual(["lead"]);
    expect(mine.scores).toEqual([
      { ts: clock, authorId: s.interviewer.participantId, dimensionId: "serving", level: 3 },
    ]);
    expectOk(await lead.call("feedback:release", { round: 1 }));
    const after = await view(s.candidate.participantId, "candidate");
    expect(after.released).toBe(true);
    expect(after.notes.map((n) => n.text).sort()).toEqual(["lead", "shadow"]);
  });
});
