import { unzipSync, strFromU8 } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  DocKey,
  MetaKey,
  ReplayEngine,
  Report,
  Timeline,
  bearer,
  decodeBoardValue,
  docIdFor,
  encodeBoardValue,
  sessionClockLabel,
  sessionClockMs,
  type RoundPublic,
  visibleElements,
  type TimelineElement,
} from "@mockroom/shared";
import { randInt, seededRandom } from "@mockroom/shared/testing";
import { summarise } from "../src/recording/webm.ts";
import { chromeChunks, consent, recordingClient, uploadChunk } from "./recording-helpers.ts";
import {
  allPersisted,
  setUpRoom,
  sleep,
  startServer,
  tempDir,
  waitFor,
  yClient,
  type ControlSocket,
  type Rig,
  type SetUp,
  type YClient,
} from "./rig.ts";

let rig: Rig;
let s: SetUp;
const sockets: ControlSocket[] = [];
const ys: YClient[] = [];

beforeEach(async () => {
  rig = await startServer();
  s = await setUpRoom(rig.url);
});
afterEach(async () => {
  for (const c of ys.splice(0)) c.destroy();
  for (const sock of sockets.splice(0)) sock.close();
  await rig.close();
});

const api = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${rig.url}/api/rooms/${s.room.roomId}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: bearer(token) } : {}), ...(init.headers ?? {}) },
  });
const timelineFor = async (token: string, round = 1) => {
  const res = await api(`/rounds/${round}/replay`, token);
  if (res.status !== 200) throw new Error(`timeline ${res.status} ${await res.text()}`);
  return Timeline.parse(await res.json());
};
const client = async (token: string) => {
  const c = await recordingClient(rig.url, token);
  sockets.push(c.socket);
  return c;
};
const writer = async (token: string) => {
  const c = yClient(rig.url, docIdFor(s.room.roomId, 1), token);
  ys.push(c);
  await c.synced();
  return c;
};

interface Snapshot {
  /** Server ts of the first and last update of the step that led to this state. */
  from: number;
  t: number;
  elements: TimelineElement[];
  pad: string;
  language: string | null;
}

/** What the server's live document holds right now, as a person would see it. */
const liveState = (): Omit<Snapshot, "t" | "from"> => {
  const doc = rig.app.hub.stateOf(docIdFor(s.room.roomId, 1))!;
  const board: TimelineElement[] = [];
  doc.getMap<unknown>(DocKey.Board).forEach((raw) => {
    const el = decodeBoardValue(raw);
    if (el) board.push(el as TimelineElement);
  });
  const lang = doc.getMap<unknown>(DocKey.Meta).get(MetaKey.Language);
  return {
    elements: JSON.parse(JSON.stringify(visibleElements(board))) as TimelineElement[],
    pad: doc.getText(DocKey.Pad).toString(),
    language: typeof lang === "string" ? lang : null,
  };
};

/** Runs a seeded script of edits by two real y-websocket clients; returns the live state after each step. */
const scriptedSession = async (seed: number, steps: number): Promise<Snapshot[]> => {
  const rand = seededRandom(seed);
  const a = await writer(s.interviewer.token);
  const b = await writer(s.candidate.token);
  const versions = new Map<string, TimelineElement>();
  const snapshots: Snapshot[] = [];
  const editElement = (c: YClient, id: string, kind: "new" | "move" | "delete") => {
    const prev = versions.get(id);
    const el: TimelineElement = {
      id,
      type: pickType(rand),
      x: randInt(rand, -500, 500),
      y: randInt(rand, -500, 500),
      width: randInt(rand, 10, 200),
      height: randInt(rand, 10, 200),
      version: (prev?.version ?? 0) + 1,
      versionNonce: randInt(rand, 0, 2 ** 31),
      index: prev?.index ?? `a${String(versions.size).padStart(4, "0")}`,
      isDeleted: kind === "delete",
    };
    versions.set(id, el);
    // [BRD2] Mostly JSON text as the app writes it, sometimes a plain object as rounds recorded
    // before BRD2 hold: the replay reads both.
    c.doc.getMap(DocKey.Board).set(id, rand() < 0.8 ? encodeBoardValue(el) : el);
  };
  const editPad = (c: YClient) => {
    const text = c.doc.getText(DocKey.Pad);
    const pos = randInt(rand, 0, text.length);
    if (text.length > 0 && rand() < 0.3)
      text.delete(Math.min(pos, text.length - 1), Math.min(3, text.length - pos) || 1);
    else text.insert(pos, rand() < 0.2 ? "\n" : "def f(x): return x");
  };
  const logLength = async () => (await rig.storage.docLog.read(docIdFor(s.room.roomId, 1))).length;
  for (let step = 0; step < steps; step++) {
    const c = rand() < 0.5 ? a : b;
    const r = rand();
    const before = await logLength();
    const live = [...versions.values()].filter((e) => !e.isDeleted);
    if (r < 0.1) {
      // Both write at once: different elements and the pad, merged by the server.
      editElement(a, `el${step}a`, "new");
      editPad(b);
    } else if (r < 0.4 || live.length === 0) editElement(c, `el${step}`, "new");
    else if (r < 0.55) editElement(c, live[randInt(rand, 0, live.length - 1)]!.id, "move");
    else if (r < 0.62) editElement(c, live[randInt(rand, 0, live.length - 1)]!.id, "delete");
    else if (r < 0.95) editPad(c);
    else c.doc.getMap(DocKey.Meta).set(MetaKey.Language, rand() < 0.5 ? "python" : "go");
    // A pure deletion does not advance a client's clock, so count log entries rather than trust acks.
    const edits = r < 0.1 ? 2 : 1;
    await waitFor(async () => (await logLength()) >= before + edits, 5_000, "step logged");
    const fresh = (await rig.storage.docLog.read(docIdFor(s.room.roomId, 1))).slice(before);
    snapshots.push({ from: fresh[0]!.ts, t: fresh.at(-1)!.ts, ...liveState() });
    // The next step's updates must carry a later server time than this snapshot's.
    await sleep(2 + randInt(rand, 0, 6));
  }
  return snapshots;
};
const pickType = (rand: () => number) =>
  (["rectangle", "ellipse", "diamond", "arrow", "text"] as const)[randInt(rand, 0, 4)]!;

describe("replay timeline", () => {
  it("[RPL1][RPL5][BRD2] property: for random t, the replayed board and pad equal what the live document held at t", async () => {
    for (const seed of [11, 23]) {
      if (seed !== 11) {
        // A fresh room (and document) per seed.
        for (const c of ys.splice(0)) c.destroy();
        s = await setUpRoom(rig.url);
      }
      const snapshots = await scriptedSession(seed, 70);
      for (let i = 1; i < snapshots.length; i++) expect(snapshots[i]!.t).toBeGreaterThan(snapshots[i - 1]!.t);
      const timeline = await timelineFor(s.candidate.token);
      const engine = new ReplayEngine(timeline.changes, { keyframeEveryChanges: 8, keyframeEveryMs: 50 });
      const rand = seededRandom(seed * 31);
      const from = snapshots[0]!.t - 20;
      const to = snapshots.at(-1)!.t + 20;
      const probes = [
        ...snapshots.map((snap) => snap.t),
        ...snapshots.map((snap) => snap.t - 1),
        ...Array.from({ length: 300 }, () => from + rand() * (to - from)),
      ].sort(() => rand() - 0.5);
      let checked = 0;
      for (const t of probes) {
        // Between the two updates of a concurrent step the document was in a state no snapshot saw.
        if (snapshots.some((snap) => snap.from <= t && t < snap.t)) continue;
        checked++;
        const expected = snapshots.findLast((snap) => snap.t <= t);
        const frame = engine.frameAt(t);
        const want = expected ?? { elements: [], pad: "", language: null };
        expect(frame.pad, `seed ${seed} t=${t}`).toBe(want.pad);
        expect(frame.elements, `seed ${seed} t=${t}`).toEqual(want.elements);
        expect(frame.language).toBe(want.language);
      }
      expect(checked).toBeGreaterThan(probes.length * 0.8);
    }
  });

  it("[RPL1] the timeline carries room events, participants and the viewer", async () => {
    const c = await client(s.candidate.token);
    await consent(c.socket, true);
    const t = await timelineFor(s.candidate.token);
    expect(t.viewer).toEqual({ participantId: s.candidate.participantId, role: "candidate" });
    expect(t.participants.map((p) => p.name).sort()).toEqual(["Cam", "Ivy", "Obi"]);
    expect(t.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["join", "recording-consent"]));
    expect(t.startedAt).toBeLessThanOrEqual(t.endedAt);
  });

  it("[RPL1] the decoder is incremental: a live round's replay keeps up with new edits", async () => {
    const a = await writer(s.interviewer.token);
    a.doc.getText(DocKey.Pad).insert(0, "hello");
    await waitFor(() => allPersisted(a));
    expect((await timelineFor(s.candidate.token)).changes).toHaveLength(1);
    a.doc.getText(DocKey.Pad).insert(5, " world");
    await waitFor(() => allPersisted(a));
    const t = await timelineFor(s.candidate.token);
    expect(t.changes).toHaveLength(2);
    expect(new ReplayEngine(t.changes).frameAt(Number.MAX_SAFE_INTEGER).pad).toBe("hello world");
  });
});

describe("replay access", () => {
  const endpoints = ["/rounds/1/replay", "/rounds/1/export"];

  it("[RPL2][RPL9] interviewers and the candidate may open the replay; observers not until an interviewer allows it", async () => {
    for (const path of endpoints) {
      expect((await api(path, s.interviewer.token)).status, path).toBe(200);
      expect((await api(path, s.candidate.token)).status, path).toBe(200);
      const obs = await api(path, s.observer.token);
      expect([obs.status, ((await obs.json()) as { error: { code: string } }).error.code]).toEqual([403, "forbidden"]);
    }
    const put = (token: string, observersAllowed: boolean) =>
      api("/replay/access", token, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ observersAllowed }),
      });
    expect((await put(s.candidate.token, true)).status).toBe(403);
    expect((await put(s.observer.token, true)).status).toBe(403);
    expect((await put(s.interviewer.token, true)).status).toBe(200);
    for (const path of endpoints) expect((await api(path, s.observer.token)).status, path).toBe(200);
    expect(await (await api("/replay/access", s.observer.token)).json()).toEqual({ observersAllowed: true });
    expect((await put(s.interviewer.token, false)).status).toBe(200);
    expect((await api("/rounds/1/replay", s.observer.token)).status).toBe(403);
    const kinds = (await rig.storage.events.list(s.room.roomId)).map((e) => e.kind);
    expect(kinds.filter((k) => k === "replay-access")).toHaveLength(2);
  });

  it("[RPL2] anyone else is refused: no token 401, a bad token 401, another room's token 403", async () => {
    const other = await setUpRoom(rig.url);
    for (const path of [...endpoints, "/rounds/1/tracks/trackAAAA1/audio"]) {
      expect((await api(path)).status, path).toBe(401);
      expect((await api(path, "garbage.token")).status, path).toBe(401);
      expect((await api(path, s.room.invites.candidate.token)).status, path).toBe(401);
      for (const who of [other.interviewer, other.candidate, other.observer]) {
        const res = await api(path, who.token);
        expect(res.status, path).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("wrong_room");
      }
    }
    expect((await api("/rounds/2/replay", s.candidate.token)).status).toBe(404);
    expect((await api("/rounds/nope/replay", s.candidate.token)).status).toBe(404);
  });

  it("[RPL3] the candidate sees the interviewer's notes only after release; the interviewer always sees their own", async () => {
    const intv = await client(s.interviewer.token);
    const sync = await intv.socket.emitWithAck("round:sync", {});
    expect(sync.ok).toBe(true);
    const note = await intv.socket.emitWithAck("note:add", { round: 1, text: "Good framing of the metric", tags: [] });
    expect(note.ok).toBe(true);
    expect((await timelineFor(s.candidate.token)).notes).toEqual([]);
    expect((await timelineFor(s.candidate.token)).released).toBe(false);
    expect((await timelineFor(s.interviewer.token)).notes.map((n) => n.text)).toEqual(["Good framing of the metric"]);
    await api("/replay/access", s.interviewer.token, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ observersAllowed: true }),
    });
    expect((await timelineFor(s.observer.token)).notes).toEqual([]);
    expect((await intv.socket.emitWithAck("feedback:release", { round: 1 })).ok).toBe(true);
    const after = await timelineFor(s.candidate.token);
    expect(after.released).toBe(true);
    expect(after.notes).toMatchObject([{ text: "Good framing of the metric", authorId: s.interviewer.participantId }]);
  });

  it("[RPL10] the timeline carries the session clock's origin, so the replay and the report read a note the same", async () => {
    const intv = await client(s.interviewer.token);
    expect((await intv.socket.emitWithAck("round:sync", {})).ok).toBe(true);
    const early = await intv.socket.emitWithAck("note:add", { round: 1, text: "Before the clock", tags: [] });
    expect(early.ok).toBe(true);
    expect((await timelineFor(s.interviewer.token)).sessionStartedAt).toBeNull();
    await sleep(5);
    expect((await intv.socket.emitWithAck("phase:advance", { round: 1, to: 0 })).ok).toBe(true);
    await sleep(30);
    expect((await intv.socket.emitWithAck("note:add", { round: 1, text: "On the clock", tags: [] })).ok).toBe(true);
    // A later phase does not move the origin: the session clock counts from the agenda's start.
    expect((await intv.socket.emitWithAck("phase:advance", { round: 1, to: 1 })).ok).toBe(true);
    expect((await intv.socket.emitWithAck("feedback:release", { round: 1 })).ok).toBe(true);

    const round = (await intv.socket.emitWithAck("round:sync", {})) as { ok: true; data: { round: RoundPublic } };
    const timeline = await timelineFor(s.candidate.token);
    expect(timeline.sessionStartedAt).toBe(round.data.round.startedAt);
    expect(timeline.sessionStartedAt).toBeGreaterThanOrEqual(timeline.startedAt);
    const res = await api("/rounds/1/report", s.candidate.token);
    const report = Report.parse(await res.json());
    expect(report.startedAt).toBe(timeline.sessionStartedAt);
    for (const n of timeline.notes) {
      const inReport = report.notes.find((r) => r.id === n.id)!;
      expect(inReport.ts).toBe(n.ts);
      // The report's stamp and the replay's label come from one function with the same inputs.
      expect(sessionClockMs(timeline.sessionStartedAt, n.ts)).toBe(inReport.clockMs);
      expect(sessionClockLabel(timeline.sessionStartedAt, n.ts)).toBe(sessionClockLabel(report.startedAt, inReport.ts));
    }
    const labels = timeline.notes.map((n) => sessionClockLabel(timeline.sessionStartedAt, n.ts));
    expect(labels[0]).toBe("before start");
    expect(labels[1]).toMatch(/^0:0\d$/);
  });
});

describe("export", () => {
  it("[EXP1][BRD2] one zip per round: final board, code, event log, audio files and report", async () => {
    const a = await writer(s.candidate.token);
    a.doc.getMap(DocKey.Meta).set(MetaKey.Language, "python");
    a.doc.getText(DocKey.Pad).insert(0, "print('hi')\n");
    const box = {
      id: "box1",
      type: "rectangle",
      x: 1,
      y: 2,
      width: 3,
      height: 4,
      version: 2,
      versionNonce: 7,
      index: "a0",
      isDeleted: false,
    };
    a.doc.getMap(DocKey.Board).set("box1", encodeBoardValue(box));
    // An element in the object form of rounds recorded before BRD2; deleted, so not exported.
    a.doc.getMap(DocKey.Board).set("gone", { ...box, id: "gone", isDeleted: true });
    a.doc.getMap(DocKey.Board).set("old", { ...box, id: "old", index: "a1" });
    await waitFor(() => allPersisted(a));
    await consent((await client(s.candidate.token)).socket, true);
    const chunks = chromeChunks();
    for (let i = 0; i < chunks.length; i++)
      expect(
        (await uploadChunk(rig.url, s.room.roomId, 1, "exportAAAA", i, chunks[i]!, { token: s.candidate.token }))
          .status,
      ).toBe(201);

    const res = await api("/rounds/1/export", s.candidate.token);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="mockroom-.*-round-1\.zip"/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names).toEqual(["audio/cam-exportAAAA.webm", "board.excalidraw", "code.py", "events.json", "report.json"]);
    const board = JSON.parse(strFromU8(files["board.excalidraw"]!)) as { type: string; elements: { id: string }[] };
    expect(board.type).toBe("excalidraw");
    expect(board.elements.map((e) => e.id)).toEqual(["box1", "old"]);
    expect(strFromU8(files["code.py"]!)).toBe("print('hi')\n");
    const log = JSON.parse(strFromU8(files["events.json"]!)) as { events: { kind: string }[]; audio: unknown[] };
    expect(log.events.map((e) => e.kind)).toContain("recording-consent");
    expect(log.audio).toHaveLength(1);
    const audio = summarise(files["audio/cam-exportAAAA.webm"]!)!;
    expect(audio.durationMs).toBeGreaterThan(3_500);
    expect(audio.cues.length).toBeGreaterThan(0);
    // Before release the candidate's report is withheld, and the bundle says so rather than failing.
    expect(JSON.parse(strFromU8(files["report.json"]!))).toEqual({ available: false, reason: "not_released" });
  });

  it("[EXP1] the export works on durable storage after a restart", async () => {
    await rig.close();
    const file = `${tempDir()}/db.sqlite`;
    rig = await startServer({ sqliteFile: file });
    s = await setUpRoom(rig.url);
    const a = await writer(s.interviewer.token);
    a.doc.getText(DocKey.Pad).insert(0, "SELECT 1;");
    await waitFor(() => allPersisted(a));
    for (const c of ys.splice(0)) c.destroy();
    await rig.close();
    rig = await startServer({ sqliteFile: file });
    const files = unzipSync(new Uint8Array(await (await api("/rounds/1/export", s.interviewer.token)).arrayBuffer()));
    expect(strFromU8(files["code.py"]!)).toBe("SELECT 1;");
    // The doc in the bundle is rebuilt from the log alone.
    const doc = new Y.Doc();
    for (const e of await rig.storage.docLog.read(docIdFor(s.room.roomId, 1))) Y.applyUpdate(doc, e.update);
    expect(doc.getText(DocKey.Pad).toString()).toBe("SELECT 1;");
  });
});
