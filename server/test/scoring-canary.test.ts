import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Report, bearer } from "@mockroom/shared";
import { startServer, tempDir, waitFor, yClient, type Rig, type YClient } from "./rig.ts";
import { cockpitClient, expectOk, getAs, setUpCockpit, type CockpitClient, type CockpitSetUp } from "./scoring-rig.ts";

/*
 * The canary (SC1, SC2, SC6): interviewers write unique markers into notes (one tied to a scored
 * dimension) and a distinctive score sheet. Every byte a candidate's and an observer's Socket.io
 * connection receives, every API answer they can get, their Yjs document and awareness, and the
 * room event log are searched for them: absent before release, present (via the report) after.
 * The lead's own connection is the positive control: the markers do travel, just not there.
 */

let rig: Rig;
let s: CockpitSetUp;
const open: { close(): void }[] = [];
const marker = (what: string) => `CANARY-${what}-${randomBytes(6).toString("hex")}`;

beforeEach(async () => {
  rig = await startServer({ sqliteFile: join(tempDir(), "canary.sqlite") });
  s = await setUpCockpit(rig.url);
});
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await rig.close();
});

const connect = async (token: string): Promise<CockpitClient> => {
  const c = await cockpitClient(rig.url, token);
  open.push(c);
  return c;
};
const doc = (token: string): YClient => {
  const y = yClient(rig.url, `${s.room.roomId}.1`, token);
  open.push({ close: () => y.destroy() });
  return y;
};

/** Every HTTP answer a participant can ask for about this room, concatenated as received. */
const everyApiAnswer = async (token: string): Promise<{ text: string; reportStatus: number }> => {
  const room = `${rig.url}/api/rooms/${s.room.roomId}`;
  const urls = [room, `${room}/rounds`, `${room}/rounds/1/report`, `${rig.url}/api/prompts`, `${rig.url}/api/rubrics`];
  let text = "";
  let reportStatus = 0;
  for (const url of urls) {
    const r = await getAs(url, token);
    text += `\n${r.status} ${url}\n${r.text}`;
    if (url.endsWith("/report")) reportStatus = r.status;
  }
  return { text, reportStatus };
};

describe("privacy canary", () => {
  it("[SC1] [SC2] [SC6] markers in notes and scores never reach a candidate or observer before release; the report carries them after", async () => {
    const NOTE = marker("NOTE");
    const DIM_NOTE = marker("DIMNOTE");
    const SHADOW = marker("SHADOW");
    // Only ever written through note:edit (SC11): an edit must be as private as the note it rewrites.
    const EDITED = marker("EDITED");
    // A score sheet as it would serialise: a dimension id followed by its level.
    const SHEET = `"problem-framing":4`;

    const lead = await connect(s.interviewer.token);
    const shadow = await connect(s.shadow.token);
    const cand = await connect(s.candidate.token);
    const obs = await connect(s.observer.token);
    const candDoc = doc(s.candidate.token);
    const leadDoc = doc(s.interviewer.token);
    await Promise.all([candDoc.synced(), leadDoc.synced()]);
    leadDoc.provider.awareness.setLocalStateField("user", { name: "Lena Lead" });
    leadDoc.doc.getText("pad").insert(0, "def score(): pass");

    expectOk(await lead.call("prompt:set", { round: 1, promptId: "payment-fraud-detection" }));
    await waitFor(() => lead.cockpit?.prompt != null);
    const PROBE = lead.cockpit!.prompt!.probes[1]!.slice(0, 48);
    const TRADEOFF = lead.cockpit!.prompt!.tradeoffs[0]!.slice(0, 48);
    expectOk(await lead.call("phase:advance", { round: 1, to: 0 }));
    expectOk(await lead.call("score:set", { round: 1, dimensionId: "problem-framing", level: 4 }));
    expectOk(await lead.call("score:set", { round: 1, dimensionId: "serving", level: 2 }));
    expectOk(await lead.call("note:add", { round: 1, text: `Free note ${NOTE}`, tags: [] }));
    expectOk(
      await lead.call("note:add", {
        round: 1,
        text: `Weighed precision vs recall ${DIM_NOTE}`,
        dimensionId: "tradeoffs",
        tags: ["named-trade-off"],
      }),
    );
    const draft = expectOk<{ id: string }>(await lead.call("note:add", { round: 1, text: "draft", tags: [] }));
    expectOk(
      await lead.call("note:edit", {
        round: 1,
        noteId: draft.id,
        text: `Edited ${EDITED}`,
        dimensionId: "serving",
        tags: ["named-trade-off"],
      }),
    );
    expectOk(await shadow.call("score:set", { round: 1, dimensionId: "problem-framing", level: 3 }));
    expectOk(await shadow.call("note:add", { round: 1, text: `Shadow saw ${SHADOW}`, tags: [] }));
    // Everyone asks for a sync too, as a reconnecting client would.
    for (const c of [lead, shadow, cand, obs]) expectOk(await c.call("round:sync", {}));

    // Positive control: the markers did travel, to their authors.
    await waitFor(
      () => lead.saw(NOTE) && lead.saw(DIM_NOTE) && lead.saw(EDITED) && lead.saw(SHEET) && shadow.saw(SHADOW),
    );
    expect(lead.saw(PROBE)).toBe(true);

    const candApi = await everyApiAnswer(s.candidate.token);
    const obsApi = await everyApiAnswer(s.observer.token);
    expect(candApi.reportStatus).toBe(403);
    expect(obsApi.reportStatus).toBe(403);
    const candState = Buffer.from(Y.encodeStateAsUpdate(candDoc.doc)).toString("latin1");
    const candAwareness = JSON.stringify([...candDoc.provider.awareness.getStates().values()]);
    const events = JSON.stringify(await rig.storage.events.list(s.room.roomId));
    expect(candDoc.doc.getText("pad").toString()).toBe("def score(): pass");
    expect(candAwareness).toContain("Lena Lead");

    const hidden = [NOTE, DIM_NOTE, EDITED, SHADOW, SHEET, PROBE, TRADEOFF];
    const exposures: Record<string, string> = {
      "candidate socket": cand.received.join("\n"),
      "observer socket": obs.received.join("\n"),
      "candidate API": candApi.text,
      "observer API": obsApi.text,
      "candidate Yjs doc": candState,
      "candidate awareness": candAwareness,
      "room events": events,
    };
    expect(cand.received.length).toBeGreaterThan(5);
    for (const [where, bytes] of Object.entries(exposures))
      for (const m of hidden) expect(bytes.includes(m), `${m} in ${where}`).toBe(false);
    // Lead and shadow do not see each other's work before release.
    expect(shadow.saw(NOTE) || shadow.saw(DIM_NOTE) || shadow.saw(EDITED)).toBe(false);
    expect(lead.saw(SHADOW)).toBe(false);
    expect(shadow.saw(SHEET)).toBe(false);

    expectOk(await lead.call("feedback:release", { round: 1 }));
    await waitFor(() => cand.round?.released === true);
    const after = await everyApiAnswer(s.candidate.token);
    expect(after.reportStatus).toBe(200);
    for (const m of [NOTE, DIM_NOTE, EDITED, SHADOW]) expect(after.text).toContain(m);
    // The report carries the edited text, not the draft it replaced.
    expect(after.text).not.toContain(`"text":"draft"`);
    const report = Report.parse(
      await (
        await fetch(`${rig.url}/api/rooms/${s.room.roomId}/rounds/1/report`, {
          headers: { authorization: bearer(s.candidate.token) },
        })
      ).json(),
    );
    const framing = report.dimensions.find((d) => d.dimensionId === "problem-framing")!;
    expect(framing).toMatchObject({ level: 4, shadows: [{ level: 3 }], agreement: "adjacent" });
    expect(report.notes.find((n) => n.text.includes(DIM_NOTE))?.dimensionId).toBe("tradeoffs");
    // Probes and trade-offs are interviewer material for good: release publishes feedback, not the question bank.
    for (const m of [PROBE, TRADEOFF]) {
      expect(after.text.includes(m), `${m} after release`).toBe(false);
      expect(cand.saw(m)).toBe(false);
    }
    // The shadow now sees the lead's work.
    await waitFor(() => shadow.saw(NOTE));
  });
});
