import { strToU8, zipSync } from "fflate";
import {
  DEFAULT_PAD_LANGUAGE,
  DocKey,
  ErrorCode,
  MetaKey,
  RecordingEventKind,
  colourFor,
  docIdFor,
  visibleElements,
  type Role,
  type Timeline,
  type TimelineElement,
  type TimelineNote,
  type TimelineScore,
} from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import type { ParticipantRecord, RoomRecord, Storage } from "../persistence/ports.ts";
import type { RecordingService } from "../recording/recording-service.ts";
import { DocChangeDecoder, asElement } from "./doc-changes.ts";

/** The viewer-filtered notes and scores of a round; the scoring service implements this (SC*). */
export interface PrivateTimelineSource {
  timelineFor(
    roomId: string,
    round: number,
    viewer: { participantId: string; role: Role },
  ): Promise<{
    released: boolean;
    sessionStartedAt: number | null;
    notes: { id: string; ts: number; authorId: string; text: string; dimensionId?: string | null; tags?: string[] }[];
    scores: { ts: number; authorId: string; dimensionId: string; level: number | null }[];
  }>;
}

/** A round's report as the viewer may see it; throws a DomainError (e.g. not_released) otherwise. */
export interface ReportSource {
  report(roomId: string, round: number, viewerId: string): Promise<unknown>;
}

export interface ReplayDeps {
  storage: Pick<Storage, "docLog" | "events" | "participants">;
  recording: RecordingService;
  privateTimeline?: PrivateTimelineSource | undefined;
  reports?: ReportSource | undefined;
  now: () => number;
}

/** Decoders kept warm: a replay page asks again on every reload, a live round grows meanwhile. */
const DECODER_CACHE_ENTRIES = 8;

const CODE_EXTENSIONS: Record<string, string> = {
  python: "py",
  javascript: "js",
  typescript: "ts",
  java: "java",
  go: "go",
  cpp: "cpp",
  "c++": "cpp",
  sql: "sql",
};

/**
 * Builds a round's replay timeline and export bundle, and decides who may see them (RPL*, EXP*).
 * Knows nothing of HTTP: the edge passes the authenticated room and participant.
 */
export class ReplayService {
  private readonly decoders = new Map<string, DocChangeDecoder>();

  constructor(private readonly deps: ReplayDeps) {}

  /** RPL2: interviewers and candidates; observers only while an interviewer allows it. */
  async assertAccess(room: RoomRecord, viewer: ParticipantRecord, round: number): Promise<void> {
    if (round < 1 || round > room.round) throw new DomainError(ErrorCode.NotFound, "no such round");
    if (viewer.role === "observer" && !(await this.observersAllowed(room.id)))
      throw new DomainError(ErrorCode.Forbidden, "an interviewer has not opened the replay to observers");
  }

  async observersAllowed(roomId: string): Promise<boolean> {
    let allowed = false;
    for (const e of await this.deps.storage.events.list(roomId)) {
      if (e.kind !== RecordingEventKind.ReplayAccess) continue;
      const v = (e.data as { observersAllowed?: unknown } | null)?.observersAllowed;
      if (typeof v === "boolean") allowed = v;
    }
    return allowed;
  }

  /** RPL9: only interviewers open or close the replay to observers; the change is a room event. */
  async setObserverAccess(
    room: RoomRecord,
    actor: ParticipantRecord,
    allowed: boolean,
  ): Promise<{ observersAllowed: boolean }> {
    if (actor.role !== "interviewer")
      throw new DomainError(ErrorCode.Forbidden, "only an interviewer can share the replay");
    if ((await this.observersAllowed(room.id)) !== allowed)
      await this.deps.storage.events.append({
        roomId: room.id,
        round: room.round,
        ts: this.deps.now(),
        kind: RecordingEventKind.ReplayAccess,
        actorId: actor.id,
        data: { observersAllowed: allowed },
      });
    return { observersAllowed: allowed };
  }

  async timeline(room: RoomRecord, viewer: ParticipantRecord, round: number): Promise<Timeline> {
    await this.assertAccess(room, viewer, round);
    const decoder = await this.decoder(room.id, round);
    const [events, people, tracks, priv] = await Promise.all([
      this.deps.storage.events.list(room.id, round),
      this.deps.storage.participants.listByRoom(room.id),
      this.deps.recording.tracksFor(room.id, round),
      this.privateFor(room.id, round, viewer),
    ]);
    const times: number[] = [];
    if (decoder.changes.length > 0) times.push(decoder.changes[0]!.t, decoder.changes.at(-1)!.t);
    if (events.length > 0) times.push(events[0]!.ts, events.at(-1)!.ts);
    for (const t of tracks) times.push(t.startedAt, t.startedAt + t.durationMs);
    for (const n of priv.notes) times.push(n.ts);
    const startedAt = times.length ? Math.min(...times) : room.createdAt;
    const endedAt = times.length ? Math.max(...times) : room.createdAt;
    return {
      roomId: room.id,
      round,
      title: room.title,
      startedAt,
      endedAt,
      sessionStartedAt: priv.sessionStartedAt,
      participants: people.map((p) => ({
        id: p.id,
        name: p.name,
        role: p.role,
        colour: colourFor(p.role, p.colourIndex),
      })),
      // The decoder owns this array and keeps appending; hand out a stable copy.
      changes: decoder.changes.slice(),
      events: events.map((e) => ({ ts: e.ts, kind: e.kind, actorId: e.actorId, data: e.data ?? null })),
      notes: priv.notes,
      scores: priv.scores,
      tracks,
      released: priv.released,
      viewer: { participantId: viewer.id, role: viewer.role },
    };
  }

  /** The seekable WebM of one track of the round, after the same access check as the timeline. */
  async trackAudio(room: RoomRecord, viewer: ParticipantRecord, round: number, trackId: string): Promise<Uint8Array> {
    await this.assertAccess(room, viewer, round);
    const key = { roomId: room.id, round, trackId };
    if (!(await this.deps.recording.getTrack(key))) throw new DomainError(ErrorCode.NotFound, "no such track");
    const audio = await this.deps.recording.trackAudio(key);
    if (!audio) throw new DomainError(ErrorCode.NotFound, "this track has no playable audio");
    return audio.bytes;
  }

  /** EXP1: one zip per round with the final board, the code, the event log, the audio and the report. */
  async exportBundle(
    room: RoomRecord,
    viewer: ParticipantRecord,
    round: number,
  ): Promise<{ filename: string; bytes: Uint8Array }> {
    const timeline = await this.timeline(room, viewer, round);
    const decoder = await this.decoder(room.id, round);
    const board: TimelineElement[] = [];
    decoder.doc.getMap<unknown>(DocKey.Board).forEach((raw, key) => {
      const el = asElement(key, raw);
      if (el) board.push(el);
    });
    const language = decoder.doc.getMap<unknown>(DocKey.Meta).get(MetaKey.Language);
    // The pad shows the default until someone picks a language, so export it as such.
    const lang = typeof language === "string" ? language : DEFAULT_PAD_LANGUAGE;
    const files: Record<string, Uint8Array> = {
      "board.excalidraw": json({
        type: "excalidraw",
        version: 2,
        source: "mockroom",
        elements: visibleElements(board),
        appState: { viewBackgroundColor: "#ffffff", gridSize: null },
        files: {},
      }),
      [`code.${CODE_EXTENSIONS[lang] ?? "txt"}`]: strToU8(decoder.doc.getText(DocKey.Pad).toString()),
      "events.json": json({
        roomId: room.id,
        title: room.title,
        round,
        participants: timeline.participants,
        events: timeline.events,
        notes: timeline.notes,
        scores: timeline.scores,
        audio: timeline.tracks,
      }),
    };
    const names = new Map(timeline.participants.map((p) => [p.id, slug(p.name)]));
    for (const t of timeline.tracks) {
      const audio = await this.deps.recording.trackAudio({ roomId: room.id, round, trackId: t.trackId });
      if (audio) files[`audio/${names.get(t.participantId) ?? "someone"}-${t.trackId}.webm`] = audio.bytes;
    }
    files["report.json"] = json(await this.reportFor(room.id, round, viewer.id));
    // Audio is already compressed; deflating it again only costs time.
    const zipped = zipSync(
      Object.fromEntries(
        Object.entries(files).map(([name, data]) => [name, [data, { level: name.startsWith("audio/") ? 0 : 6 }]]),
      ),
    );
    return { filename: `mockroom-${slug(room.title)}-round-${round}.zip`, bytes: zipped };
  }

  private async reportFor(roomId: string, round: number, viewerId: string): Promise<unknown> {
    if (!this.deps.reports) return { available: false, reason: "reports are not enabled on this server" };
    try {
      return await this.deps.reports.report(roomId, round, viewerId);
    } catch (e) {
      if (e instanceof DomainError) return { available: false, reason: e.code };
      throw e;
    }
  }

  private async privateFor(
    roomId: string,
    round: number,
    viewer: ParticipantRecord,
  ): Promise<{ released: boolean; sessionStartedAt: number | null; notes: TimelineNote[]; scores: TimelineScore[] }> {
    const none = { released: false, sessionStartedAt: null, notes: [], scores: [] };
    if (!this.deps.privateTimeline) return none;
    try {
      const t = await this.deps.privateTimeline.timelineFor(roomId, round, {
        participantId: viewer.id,
        role: viewer.role,
      });
      return {
        released: t.released,
        sessionStartedAt: t.sessionStartedAt,
        notes: t.notes.map((n) => ({
          id: n.id,
          ts: n.ts,
          authorId: n.authorId,
          text: n.text,
          dimensionId: n.dimensionId ?? null,
          tags: n.tags ?? [],
        })),
        scores: t.scores,
      };
    } catch (e) {
      // A round the cockpit never touched has no notes; that is not an error for the replay.
      if (e instanceof DomainError && e.code === ErrorCode.NotFound) return none;
      throw e;
    }
  }

  private async decoder(roomId: string, round: number): Promise<DocChangeDecoder> {
    const docId = docIdFor(roomId, round);
    let d = this.decoders.get(docId);
    if (d) this.decoders.delete(docId);
    else d = new DocChangeDecoder();
    this.decoders.set(docId, d);
    if (this.decoders.size > DECODER_CACHE_ENTRIES) {
      const oldest = this.decoders.keys().next().value!;
      this.decoders.get(oldest)?.doc.destroy();
      this.decoders.delete(oldest);
    }
    d.apply(await this.deps.storage.docLog.read(docId, d.lastSeq));
    return d;
  }
}

const json = (value: unknown): Uint8Array => strToU8(JSON.stringify(value, null, 2));
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40) || "mock";
