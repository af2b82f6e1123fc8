import {
  DEFAULT_AGENDA,
  ErrorCode,
  MAX_NOTE_CHARS,
  PHASE_NOT_STARTED,
  RoundNo,
  sessionClockMs,
  toCandidatePrompt,
  type AddNote,
  type AdvancePhase,
  type CockpitState,
  type DeleteNote,
  type EditNote,
  type InterviewerSheet,
  type Note,
  type Prompt,
  type ReleaseFeedback,
  type Report,
  type Role,
  type RoundList,
  type RoundPublic,
  type RoundSync,
  type Rubric,
  type ScoreSaved,
  type SetPrompt,
  type SetScore,
  type SwapRoles,
} from "@mockroom/shared";
import { newId } from "../auth/tokens.ts";
import { DomainError } from "../errors.ts";
import type { ParticipantRecord, RoomRecord, Storage } from "../persistence/ports.ts";
import type { RoundRecord } from "../persistence/scoring-ports.ts";
import type { ContentCatalog } from "./content.ts";
import { buildReport, sheetOf, toNote } from "./report.ts";
import { rosterOf, type RoundRoster } from "./roster.ts";

/** Room event kinds this service writes for the replay timeline. Their data never holds scores or notes (SC1). */
export const ScoringEventKind = { Prompt: "prompt", Phase: "phase", Release: "release", Swap: "swap" } as const;

export interface Actor {
  roomId: string;
  participantId: string;
}

export interface SwapResult {
  round: number;
  /** Former candidates, now interviewers. */
  promoted: string[];
  /** Former interviewers, now candidates. */
  demoted: string[];
}

/** What the replay may show one viewer of one round: nothing private before release unless they interviewed it. */
export interface ScoringTimeline {
  released: boolean;
  /** Origin of the session clock (the agenda's start), null before it started; not private (RoundPublic has it). */
  sessionStartedAt: number | null;
  notes: Note[];
  scores: { ts: number; authorId: string; dimensionId: string; level: number }[];
}

const MAX_ROUND = RoundNo.maxValue ?? 20;
const fail = (code: ErrorCode, message: string) => new DomainError(code, message);

/**
 * The interviewer's cockpit as a domain service: prompt choice, agenda clock, private scores and
 * notes, release and role swap. The server is the authority on who may see what: every read takes
 * a viewer and every write an actor, checked against the round's roster. Knows nothing of
 * sockets or HTTP; the edges broadcast what a call returns.
 */
export class ScoringService {
  private readonly now: () => number;
  /** Writes are serialised per room, so a swap never interleaves with a score for the old round. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    private readonly content: Promise<ContentCatalog>,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  catalog(): Promise<ContentCatalog> {
    return this.content;
  }

  // ---- reads ----------------------------------------------------------------------------

  async roundPublic(roomId: string): Promise<RoundPublic> {
    const room = await this.room(roomId);
    const rec = await this.ensureRound(room);
    const cat = await this.content;
    const prompt = rec.promptId ? (cat.prompt(rec.promptId) ?? null) : null;
    return {
      round: rec.round,
      rubricId: rec.rubricId,
      prompt: prompt ? toCandidatePrompt(prompt) : null,
      agenda: [...(prompt?.agenda ?? DEFAULT_AGENDA)],
      phaseIndex: rec.phaseIndex,
      phaseStartedAt: rec.phaseStartedAt,
      startedAt: rec.startedAt,
      released: rec.releasedAt !== null,
      releasedAt: rec.releasedAt,
      serverNow: this.now(),
    };
  }

  /** The private cockpit of the current round, or null for anyone who is not interviewing it (SC1). */
  async cockpitFor(roomId: string, participantId: string): Promise<CockpitState | null> {
    const room = await this.room(roomId);
    const rec = await this.ensureRound(room);
    const people = await this.storage.participants.listByRoom(roomId);
    const roster = rosterOf(rec, people);
    if (!roster.interviewerIds.includes(participantId)) return null;
    const { rubric, prompt } = await this.contentOf(rec);
    const released = rec.releasedAt !== null;
    const scores = await this.storage.scoring.listScores(roomId, rec.round);
    const notes = await this.storage.scoring.listNotes(roomId, rec.round);
    const sheets: InterviewerSheet[] | null = released
      ? roster.interviewerIds.map((id) => ({
          interviewerId: id,
          name: people.find((p) => p.id === id)?.name ?? "Someone",
          lead: id === roster.leadId,
          scores: sheetOf(rubric, scores, id),
        }))
      : null;
    return {
      round: rec.round,
      lead: roster.leadId === participantId,
      prompt,
      rubric,
      scores: sheetOf(rubric, scores, participantId),
      notes: notes.filter((n) => released || n.authorId === participantId).map(toNote),
      released,
      sheets,
    };
  }

  async sync(actor: Actor): Promise<RoundSync> {
    return {
      round: await this.roundPublic(actor.roomId),
      cockpit: await this.cockpitFor(actor.roomId, actor.participantId),
    };
  }

  /** Every round of the room, with whether this viewer may open its report (SC2). */
  async listRounds(roomId: string, viewerId: string): Promise<RoundList> {
    const room = await this.room(roomId);
    await this.ensureRound(room);
    const people = await this.storage.participants.listByRoom(roomId);
    const cat = await this.content;
    const recs = await this.storage.scoring.listRounds(roomId);
    return {
      roomId: room.id,
      title: room.title,
      rounds: recs.map((rec) => ({
        round: rec.round,
        current: rec.round === room.round,
        rubricId: rec.rubricId,
        promptTitle: rec.promptId ? (cat.prompt(rec.promptId)?.title ?? null) : null,
        released: rec.releasedAt !== null,
        releasedAt: rec.releasedAt,
        reportAvailable: rec.releasedAt !== null || rosterOf(rec, people).interviewerIds.includes(viewerId),
      })),
    };
  }

  /**
   * A round's feedback report. Interviewers of the round always get one (before release: their own
   * sheet only, SC6); anyone else only after release, else `not_released` (SC2).
   */
  async report(roomId: string, round: number, viewerId: string): Promise<Report> {
    const room = await this.room(roomId);
    const rec = await this.existingRound(room, round);
    const people = await this.storage.participants.listByRoom(roomId);
    const roster = rosterOf(rec, people);
    const released = rec.releasedAt !== null;
    const interviewed = roster.interviewerIds.includes(viewerId);
    if (!released && !interviewed) throw fail(ErrorCode.NotReleased, "this round's feedback has not been released");
    const { rubric, prompt } = await this.contentOf(rec);
    return buildReport({
      room,
      rec,
      rubric,
      prompt,
      people,
      roster,
      scores: await this.storage.scoring.listScores(roomId, round),
      notes: await this.storage.scoring.listNotes(roomId, round),
      scope: released ? "all" : { onlyInterviewerId: viewerId },
      now: this.now(),
    });
  }

  /**
   * For the replay (issue 5): the notes and scores of one round that `viewer` may see. After
   * release, everyone's; before, an interviewer of that round sees their own and anyone else nothing.
   * `viewer.role` is the viewer's current role; closed rounds use the roster fixed at the swap (SC9).
   */
  async timelineFor(
    roomId: string,
    round: number,
    viewer: { participantId: string; role: Role },
  ): Promise<ScoringTimeline> {
    const room = await this.room(roomId);
    const rec = await this.existingRound(room, round);
    const people = await this.storage.participants.listByRoom(roomId);
    const roster = rosterOf(rec, people);
    const released = rec.releasedAt !== null;
    // Observers never interviewed; anyone else is judged by the round's roster, not by today's role.
    const interviewed = viewer.role !== "observer" && roster.interviewerIds.includes(viewer.participantId);
    const visible = (authorId: string) => released || (interviewed && authorId === viewer.participantId);
    const notes = (await this.storage.scoring.listNotes(roomId, round)).filter((n) => visible(n.authorId));
    const scores = (await this.storage.scoring.listScores(roomId, round)).filter((s) => visible(s.interviewerId));
    return {
      released,
      sessionStartedAt: rec.startedAt,
      notes: notes.map(toNote),
      scores: scores.map((s) => ({ ts: s.ts, authorId: s.interviewerId, dimensionId: s.dimensionId, level: s.level })),
    };
  }

  // ---- writes ---------------------------------------------------------------------------

  setPrompt(actor: Actor, msg: SetPrompt): Promise<RoundPublic> {
    return this.serial(actor.roomId, async () => {
      const { rec } = await this.writable(actor, msg.round, { allowReleased: false });
      const cat = await this.content;
      const prompt = cat.prompt(msg.promptId);
      if (!prompt) throw fail(ErrorCode.InvalidMessage, `no prompt "${msg.promptId}"`);
      if (prompt.rubricId !== rec.rubricId) {
        const scored = await this.storage.scoring.listScores(actor.roomId, rec.round);
        // Scores are per dimension of one rubric; switching rubric under them would orphan them.
        if (scored.length > 0) throw fail(ErrorCode.Conflict, "this round already has scores on another rubric");
      }
      if (rec.promptId !== prompt.id) {
        const started = rec.phaseIndex !== PHASE_NOT_STARTED;
        await this.storage.scoring.putRound({
          ...rec,
          promptId: prompt.id,
          rubricId: prompt.rubricId,
          // A running clock keeps running; its phase is clamped into the new agenda.
          phaseIndex: started ? Math.min(rec.phaseIndex, prompt.agenda.length) : rec.phaseIndex,
        });
        await this.event(actor, rec.round, ScoringEventKind.Prompt, { promptId: prompt.id, rubricId: prompt.rubricId });
      }
      return this.roundPublic(actor.roomId);
    });
  }

  setScore(actor: Actor, msg: SetScore): Promise<ScoreSaved> {
    return this.serial(actor.roomId, async () => {
      const { rec } = await this.writable(actor, msg.round, { allowReleased: false });
      const { rubric } = await this.contentOf(rec);
      if (!rubric.dimensions.some((d) => d.id === msg.dimensionId))
        throw fail(ErrorCode.InvalidMessage, `no dimension "${msg.dimensionId}" in rubric "${rubric.id}"`);
      const ts = this.now();
      await this.storage.scoring.setScore(
        { roomId: actor.roomId, round: rec.round, interviewerId: actor.participantId, dimensionId: msg.dimensionId },
        msg.level,
        ts,
      );
      return { dimensionId: msg.dimensionId, level: msg.level, savedAt: ts };
    });
  }

  addNote(actor: Actor, msg: AddNote): Promise<Note> {
    return this.serial(actor.roomId, async () => {
      const { rec } = await this.writable(actor, msg.round, { allowReleased: false });
      const { text, dimensionId, tags } = await this.noteBody(rec, msg);
      const ts = this.now();
      const note = {
        id: newId(12),
        roomId: actor.roomId,
        round: rec.round,
        authorId: actor.participantId,
        ts,
        // The server stamps the session clock; a client cannot backdate a note (SC10).
        clockMs: sessionClockMs(rec.startedAt, ts),
        text,
        dimensionId,
        tags,
        editedAt: null,
      };
      await this.storage.scoring.addNote(note);
      return toNote(note);
    });
  }

  /**
   * Rewrites one of the actor's own notes (SC11): the same checks as `note:add` plus authorship, all
   * before anything is stored. The note keeps `ts`/`clockMs`; `editedAt` records the edit.
   */
  editNote(actor: Actor, msg: EditNote): Promise<Note> {
    return this.serial(actor.roomId, async () => {
      const { rec } = await this.writable(actor, msg.round, { allowReleased: false });
      const note = await this.storage.scoring.getNote(actor.roomId, msg.noteId);
      if (!note || note.round !== rec.round) throw fail(ErrorCode.NotFound, "no such note");
      if (note.authorId !== actor.participantId) throw fail(ErrorCode.Forbidden, "only its author may edit a note");
      const edit = { ...(await this.noteBody(rec, msg)), editedAt: this.now() };
      if (!(await this.storage.scoring.editNote(actor.roomId, note.id, edit)))
        throw fail(ErrorCode.NotFound, "no such note");
      return toNote({ ...note, ...edit });
    });
  }

  deleteNote(actor: Actor, msg: DeleteNote): Promise<{ noteId: string }> {
    return this.serial(actor.roomId, async () => {
      const { rec } = await this.writable(actor, msg.round, { allowReleased: false });
      const note = await this.storage.scoring.getNote(actor.roomId, msg.noteId);
      if (!note || note.round !== rec.round) throw fail(ErrorCode.NotFound, "no such note");
      if (note.authorId !== actor.participantId) throw fail(ErrorCode.Forbidden, "only its author may delete a note");
      await this.storage.scoring.deleteNote(actor.roomId, msg.noteId);
      return { noteId: msg.noteId };
    });
  }

  /** Moves the agenda to phase `to`; repeating the current phase is a no-op, so a double click is harmless (TM2). */
  advancePhase(actor: Actor, msg: AdvancePhase): Promise<RoundPublic> {
    return this.serial(actor.roomId, async () => {
      const { rec } = await this.writable(actor, msg.round, { allowReleased: true });
      const { prompt } = await this.contentOf(rec);
      const agenda = prompt?.agenda ?? DEFAULT_AGENDA;
      if (msg.to > agenda.length) throw fail(ErrorCode.InvalidMessage, `the agenda has ${agenda.length} phases`);
      if (msg.to !== rec.phaseIndex) {
        const ts = this.now();
        await this.storage.scoring.putRound({
          ...rec,
          phaseIndex: msg.to,
          phaseStartedAt: ts,
          startedAt: rec.startedAt ?? ts,
        });
        const phase = agenda[msg.to];
        await this.event(actor, rec.round, ScoringEventKind.Phase, {
          index: msg.to,
          phaseId: phase?.id ?? null,
          title: phase?.title ?? "Done",
          minutes: phase?.minutes ?? 0,
        });
      }
      return this.roundPublic(actor.roomId);
    });
  }

  /**
   * Publishes a round's scores and notes to everyone in the room. Any interviewer of that round may,
   * also after a swap closed it; releasing twice is a no-op (SC8).
   */
  release(actor: Actor, msg: ReleaseFeedback): Promise<RoundPublic> {
    return this.serial(actor.roomId, async () => {
      const room = await this.room(actor.roomId);
      const rec = await this.existingRound(room, msg.round);
      await this.requireInterviewer(rec, actor);
      if (rec.releasedAt === null) {
        await this.storage.scoring.putRound({ ...rec, releasedAt: this.now(), releasedBy: actor.participantId });
        await this.event(actor, rec.round, ScoringEventKind.Release, {});
      }
      return this.roundPublic(actor.roomId);
    });
  }

  /**
   * Closes the current round and starts the next with roles exchanged (SW1): interviewers become
   * candidates and candidates interviewers; observers stay. The new round has its own document,
   * prompt and score sheet; the old one keeps everything and its roster.
   */
  swap(actor: Actor, msg: SwapRoles): Promise<SwapResult> {
    return this.serial(actor.roomId, async () => {
      const room = await this.room(actor.roomId);
      const people = await this.storage.participants.listByRoom(actor.roomId);
      const rec = await this.ensureRound(room);
      const roster = rosterOf(rec, people);
      if (!roster.interviewerIds.includes(actor.participantId))
        throw fail(ErrorCode.Forbidden, "only an interviewer can swap roles");
      if (msg.round !== room.round) throw fail(ErrorCode.Conflict, `round ${msg.round} is not the current round`);
      if (room.round >= MAX_ROUND) throw fail(ErrorCode.Conflict, `a room holds at most ${MAX_ROUND} rounds`);
      const candidates = people.filter((p) => p.role === "candidate");
      if (candidates.length === 0) throw fail(ErrorCode.Conflict, "there is no candidate to swap with");
      const cat = await this.content;
      const prompt = msg.promptId === undefined ? null : (cat.prompt(msg.promptId) ?? null);
      if (msg.promptId !== undefined && !prompt) throw fail(ErrorCode.InvalidMessage, `no prompt "${msg.promptId}"`);

      const ts = this.now();
      const next = room.round + 1;
      // Order matters for a crash half-way: fix the old roster first, then the new round, roles, and
      // only then the room's round, which is what opens the new document to clients.
      await this.storage.scoring.putRound({
        ...rec,
        closedAt: ts,
        interviewerIds: roster.interviewerIds,
        leadId: roster.leadId,
      });
      await this.storage.scoring.putRound(this.freshRound(room.id, next, prompt?.rubricId ?? rec.rubricId, prompt, ts));
      const demoted = people.filter((p) => p.role === "interviewer").map((p) => p.id);
      const promoted = candidates.map((p) => p.id);
      for (const id of demoted) await this.storage.participants.update(id, { role: "candidate" });
      for (const id of promoted) await this.storage.participants.update(id, { role: "interviewer" });
      await this.storage.rooms.update(room.id, { round: next });
      await this.event(actor, next, ScoringEventKind.Swap, { fromRound: room.round, toRound: next, promoted, demoted });
      if (prompt)
        await this.event(actor, next, ScoringEventKind.Prompt, { promptId: prompt.id, rubricId: prompt.rubricId });
      return { round: next, promoted, demoted };
    });
  }

  // ---- internals ------------------------------------------------------------------------

  private async room(roomId: string): Promise<RoomRecord> {
    const room = await this.storage.rooms.get(roomId);
    if (!room) throw fail(ErrorCode.RoomNotFound, "room not found");
    return room;
  }

  private freshRound(roomId: string, round: number, rubricId: string, prompt: Prompt | null, ts: number): RoundRecord {
    return {
      roomId,
      round,
      rubricId,
      promptId: prompt?.id ?? null,
      openedAt: ts,
      startedAt: null,
      phaseIndex: PHASE_NOT_STARTED,
      phaseStartedAt: null,
      releasedAt: null,
      releasedBy: null,
      closedAt: null,
      interviewerIds: null,
      leadId: null,
    };
  }

  /** The current round's record, created on first use from the room's choice (or the defaults). */
  private async ensureRound(room: RoomRecord): Promise<RoundRecord> {
    const existing = await this.storage.scoring.getRound(room.id, room.round);
    if (existing) return existing;
    const cat = await this.content;
    const prompt = room.round === 1 && room.promptId ? (cat.prompt(room.promptId) ?? null) : null;
    const chosen = room.rubricId ? cat.rubric(room.rubricId) : undefined;
    const rubricId = prompt?.rubricId ?? chosen?.id ?? cat.defaultRubricFor(room.roundType).id;
    const rec = this.freshRound(room.id, room.round, rubricId, prompt, room.round === 1 ? room.createdAt : this.now());
    await this.storage.scoring.putRound(rec);
    return rec;
  }

  private async existingRound(room: RoomRecord, round: number): Promise<RoundRecord> {
    if (round === room.round) return this.ensureRound(room);
    const rec = round < room.round ? await this.storage.scoring.getRound(room.id, round) : null;
    if (!rec) throw fail(ErrorCode.NotFound, `no round ${round} in this room`);
    return rec;
  }

  private async requireInterviewer(rec: RoundRecord, actor: Actor): Promise<RoundRoster> {
    const roster = rosterOf(rec, await this.storage.participants.listByRoom(actor.roomId));
    if (!roster.interviewerIds.includes(actor.participantId))
      throw fail(ErrorCode.Forbidden, "only an interviewer of this round can do that");
    return roster;
  }

  /**
   * The checks every score/note/phase/prompt write shares, in this order: the actor interviews the
   * target round (SC3), the round is the current one (SC7), and, for sheet writes, not yet released.
   */
  private async writable(actor: Actor, round: number, opts: { allowReleased: boolean }): Promise<{ rec: RoundRecord }> {
    const room = await this.room(actor.roomId);
    if (round > room.round) throw fail(ErrorCode.NotFound, `round ${round} has not started`);
    const rec =
      round === room.round ? await this.ensureRound(room) : await this.storage.scoring.getRound(room.id, round);
    if (!rec) throw fail(ErrorCode.NotFound, `no round ${round} in this room`);
    await this.requireInterviewer(rec, actor);
    if (round < room.round) throw fail(ErrorCode.RoundClosed, `round ${round} is over`);
    if (!opts.allowReleased && rec.releasedAt !== null)
      throw fail(ErrorCode.RoundClosed, `round ${round}'s feedback is released; its sheet is final`);
    return { rec };
  }

  /** A note's text, dimension and tags checked against the round's rubric (SC5), shared by add and edit. */
  private async noteBody(
    rec: RoundRecord,
    msg: { text: string; dimensionId?: string | null | undefined; tags: string[] },
  ): Promise<{ text: string; dimensionId: string | null; tags: string[] }> {
    if (msg.text.length > MAX_NOTE_CHARS)
      throw fail(ErrorCode.TooLarge, `a note holds at most ${MAX_NOTE_CHARS} characters`);
    const { rubric } = await this.contentOf(rec);
    const dimensionId = msg.dimensionId ?? null;
    if (dimensionId !== null && !rubric.dimensions.some((d) => d.id === dimensionId))
      throw fail(ErrorCode.InvalidMessage, `no dimension "${dimensionId}" in rubric "${rubric.id}"`);
    const tags = [...new Set(msg.tags)];
    const unknown = tags.find((t) => !rubric.evidenceTags.some((e) => e.id === t));
    if (unknown !== undefined)
      throw fail(ErrorCode.InvalidMessage, `no evidence tag "${unknown}" in rubric "${rubric.id}"`);
    return { text: msg.text, dimensionId, tags };
  }

  private async contentOf(rec: RoundRecord): Promise<{ rubric: Rubric; prompt: Prompt | null }> {
    const cat = await this.content;
    const prompt = rec.promptId ? (cat.prompt(rec.promptId) ?? null) : null;
    const rubric = cat.rubric(rec.rubricId);
    // Content ships with the server; a round naming a rubric it no longer has is a deployment bug.
    if (!rubric) throw new Error(`round ${rec.roomId}/${rec.round} names unknown rubric ${rec.rubricId}`);
    return { rubric, prompt };
  }

  private async event(actor: Actor, round: number, kind: string, data: unknown): Promise<void> {
    await this.storage.events.append({
      roomId: actor.roomId,
      round,
      ts: this.now(),
      kind,
      actorId: actor.participantId,
      data,
    });
  }

  private serial<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    const prior = this.locks.get(roomId) ?? Promise.resolve();
    const run = prior.catch(() => undefined).then(fn);
    this.locks.set(roomId, run);
    void run
      .finally(() => {
        if (this.locks.get(roomId) === run) this.locks.delete(roomId);
      })
      .catch(() => undefined);
    return run;
  }

  /** Interviewers of the current round (for the edge to push cockpits to). */
  async currentInterviewers(roomId: string): Promise<ParticipantRecord[]> {
    return (await this.storage.participants.listByRoom(roomId)).filter((p) => p.role === "interviewer");
  }
}
