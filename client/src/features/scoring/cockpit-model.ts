import {
  CockpitState,
  Note,
  RoundPublic,
  RoundSync,
  type AckResult,
  type AddNote,
  type EditNote,
  type ErrorCode,
  type Level,
} from "@mockroom/shared";
import { Store, type ControlSocket } from "../../realtime/index.ts";
import { toErrorCode } from "../../session/index.ts";

export type SaveMark = { kind: "saving" } | { kind: "saved"; at: number } | { kind: "failed"; code: ErrorCode };

export interface CockpitView {
  round: RoundPublic | null;
  /** Null for anyone who is not interviewing this round; the server decides (SC1). */
  cockpit: CockpitState | null;
  /** Server clock minus ours, from the last round:state; countdowns add it to Date.now(). */
  clockOffsetMs: number;
  /** Per-dimension save state of this browser's score clicks. */
  marks: Record<string, SaveMark>;
}

/** The optimistic sheet after one click: a level, or cleared with null. */
export const withScore = (cockpit: CockpitState, dimensionId: string, level: Level | null): CockpitState => {
  const scores = { ...cockpit.scores };
  if (level === null) delete scores[dimensionId];
  else scores[dimensionId] = level;
  return { ...cockpit, scores };
};

/** The cockpit with one note replaced by its edited version (matched by id); unknown ids change nothing. */
export const withNote = (cockpit: CockpitState, note: Note): CockpitState =>
  cockpit.notes.some((n) => n.id === note.id)
    ? { ...cockpit, notes: cockpit.notes.map((n) => (n.id === note.id ? note : n)) }
    : cockpit;

/** What the editor sends for a note: text, dimension and tags replace the note's (SC11). */
export type NoteEditPatch = Pick<EditNote, "text" | "tags"> & { dimensionId: string | null };

/** Notes newest first, as the notes tab lists them. */
export const newestFirst = (notes: readonly Note[]): Note[] => [...notes].sort((a, b) => b.ts - a.ts);

type Emit = (event: string, msg: unknown) => Promise<AckResult<unknown>>;

/**
 * The interviewer's cockpit and the public round state, kept in sync over the control socket.
 * Every write is acknowledged by the server; scores are applied optimistically and rolled back
 * if refused. Framework-free: React reads `view` through `useStore`.
 */
export class CockpitModel {
  readonly view = new Store<CockpitView>({ round: null, cockpit: null, clockOffsetMs: 0, marks: {} });
  private readonly emit: Emit;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly socket: ControlSocket) {
    // The typed map cannot express "any of my events" generically; payloads are the shared schemas.
    const raw = socket as unknown as { emitWithAck(e: string, m: unknown): Promise<AckResult<unknown>> };
    this.emit = (event, msg) =>
      raw
        .emitWithAck(event, msg)
        .catch((): AckResult<unknown> => ({ ok: false, error: { code: "unavailable", message: "offline" } }));
  }

  /** Subscribes and syncs; `stop` undoes it (React may start a model twice in development). */
  start(): void {
    this.stop();
    const socket = this.socket;
    const onRound = (raw: unknown) => this.applyRound(raw);
    const onCockpit = (raw: unknown) => {
      const parsed = raw === null ? null : CockpitState.safeParse(raw);
      if (parsed === null || parsed.success) this.view.update((v) => ({ ...v, cockpit: parsed?.data ?? null }));
    };
    const onConnect = () => void this.sync();
    socket.on("round:state", onRound);
    socket.on("cockpit:state", onCockpit);
    socket.on("connect", onConnect);
    this.offs.push(
      () => socket.off("round:state", onRound),
      () => socket.off("cockpit:state", onCockpit),
      () => socket.off("connect", onConnect),
    );
    if (socket.connected) void this.sync();
  }

  private applyRound(raw: unknown): void {
    const parsed = RoundPublic.safeParse(raw);
    if (!parsed.success) return;
    const round = parsed.data;
    this.view.update((v) => ({
      ...v,
      round,
      clockOffsetMs: round.serverNow - Date.now(),
      // A new round starts a new sheet: forget the old round's save marks.
      marks: v.round?.round === round.round ? v.marks : {},
    }));
  }

  /** Asks for the round and this participant's cockpit (after every (re)connect). */
  async sync(): Promise<void> {
    const r = await this.emit("round:sync", {});
    if (!r.ok) return;
    const parsed = RoundSync.safeParse(r.data);
    if (!parsed.success) return;
    this.applyRound(parsed.data.round);
    this.view.update((v) => ({ ...v, cockpit: parsed.data.cockpit }));
  }

  private mark(dimensionId: string, mark: SaveMark): void {
    this.view.update((v) => ({ ...v, marks: { ...v.marks, [dimensionId]: mark } }));
  }

  async setScore(dimensionId: string, level: Level | null): Promise<AckResult<unknown>> {
    const before = this.view.get().cockpit;
    if (!before) return { ok: false, error: { code: "forbidden", message: "no cockpit" } };
    this.view.update((v) => ({ ...v, cockpit: v.cockpit && withScore(v.cockpit, dimensionId, level) }));
    this.mark(dimensionId, { kind: "saving" });
    const r = await this.emit("score:set", { round: before.round, dimensionId, level });
    if (r.ok) this.mark(dimensionId, { kind: "saved", at: Date.now() });
    else {
      const prev = before.scores[dimensionId] ?? null;
      this.view.update((v) => ({ ...v, cockpit: v.cockpit && withScore(v.cockpit, dimensionId, prev) }));
      this.mark(dimensionId, { kind: "failed", code: toErrorCode(r.error.code) });
    }
    return r;
  }

  addNote(note: Omit<AddNote, "round">): Promise<AckResult<unknown>> {
    return this.write("note:add", note);
  }

  /**
   * Edits one of this interviewer's notes. Not optimistic: the server may refuse (SC11), and the
   * editor stays open with its draft until the ack. The acked note is shown at once; the author's
   * `cockpit:state` push follows and agrees.
   */
  async editNote(noteId: string, patch: NoteEditPatch): Promise<AckResult<unknown>> {
    const r = await this.write("note:edit", { noteId, ...patch });
    if (r.ok) {
      const parsed = Note.safeParse(r.data);
      if (parsed.success) this.view.update((v) => ({ ...v, cockpit: v.cockpit && withNote(v.cockpit, parsed.data) }));
    }
    return r;
  }

  deleteNote(noteId: string): Promise<AckResult<unknown>> {
    return this.write("note:delete", { noteId });
  }

  setPrompt(promptId: string): Promise<AckResult<unknown>> {
    return this.write("prompt:set", { promptId });
  }

  advance(to: number): Promise<AckResult<unknown>> {
    return this.write("phase:advance", { to });
  }

  release(): Promise<AckResult<unknown>> {
    return this.write("feedback:release", {});
  }

  swap(promptId?: string): Promise<AckResult<unknown>> {
    return this.write("round:swap", promptId ? { promptId } : {});
  }

  /** Every write names the round this browser is showing, so a stale tab cannot write the next one. */
  private write(event: string, msg: object): Promise<AckResult<unknown>> {
    const round = this.view.get().round?.round;
    if (round === undefined)
      return Promise.resolve({ ok: false, error: { code: "unavailable", message: "not synced" } });
    return this.emit(event, { ...msg, round });
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
