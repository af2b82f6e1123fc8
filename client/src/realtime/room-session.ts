import { ErrorCode, RoomState, docIdFor, type ParticipantView } from "@mockroom/shared";
import { z } from "zod";
import { toErrorCode } from "../session/error-code.ts";
import { setLocalField, userFor } from "./awareness.ts";
import { CONNECTION_LABELS, OFFLINE_AFTER_MS, deriveConnection, type ConnectionKind } from "./connection-state.ts";
import { openControlSocket, type ControlSocket } from "./control-socket.ts";
import { DocConnection } from "./doc-connection.ts";
import { carryOver } from "./doc-reset.ts";
import type { SaveState } from "./save-tracker.ts";
import { Store } from "./store.ts";
import { openUnsavedCopies } from "./unsaved-copies.ts";

export interface RoomSessionOptions {
  origin: string;
  roomId: string;
  participantId: string;
  token: string;
  initialState: RoomState;
}

/** A non-fatal word from the server (a refused edit, a rate limit); `seq` makes repeats distinct. */
export interface Notice {
  code: ErrorCode;
  message: string;
  seq: number;
}

/** Control-channel refusals that retrying with the same token cannot fix. */
const FATAL_SOCKET_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.Unauthorized,
  ErrorCode.TokenExpired,
  ErrorCode.TokenInvalid,
  ErrorCode.WrongRoom,
  ErrorCode.RoomNotFound,
  ErrorCode.VersionMismatch,
  ErrorCode.Forbidden,
]);
const SOCKET_RETRY_MS = 2_000;
const ConnectErrorData = z.object({ code: z.string() });

/**
 * One person's live session in one room: the control socket (room state, presence) and the
 * current round's document. Framework-free; React reads the stores through hooks.
 */
export class RoomSession {
  readonly room: Store<RoomState>;
  readonly doc: Store<DocConnection>;
  readonly connection = new Store<ConnectionKind>("connecting");
  readonly save = new Store<SaveState>("saved");
  /** Set once the server refused us for good; the UI explains and stops. */
  readonly failure = new Store<ErrorCode | null>(null);
  readonly notice = new Store<Notice | null>(null);

  private readonly socket: ControlSocket;
  private socketConnected = false;
  private everConnected = false;
  private disconnectedSince: number | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribeDoc: () => void = () => {};
  /** The fresh doc replacing a reset one (DOC13), connected but not yet shown; see `resetDoc`. */
  private replacement: { conn: DocConnection; off: () => void } | null = null;
  /** Unsaved edits survive a closed tab (UI5). */
  private readonly unsavedCopies = openUnsavedCopies();
  private destroyed = false;

  constructor(private readonly opts: RoomSessionOptions) {
    this.room = new Store(opts.initialState);
    this.doc = new Store(this.openDoc(opts.initialState.room.round));
    this.watchDoc();

    this.socket = openControlSocket(opts.token);
    this.socket.on("connect", () => {
      this.socketConnected = true;
      this.recompute();
    });
    this.socket.on("disconnect", () => {
      this.socketConnected = false;
      this.recompute();
    });
    this.socket.on("connect_error", (err) => {
      // socket.io retries transport failures itself (socket.active); a middleware refusal it does not.
      if (this.socket.active) return;
      const data = ConnectErrorData.safeParse("data" in err ? err.data : undefined);
      const code = toErrorCode(data.success ? data.data.code : undefined);
      if (FATAL_SOCKET_CODES.has(code)) this.fail(code);
      else setTimeout(() => !this.destroyed && this.socket.connect(), SOCKET_RETRY_MS);
    });
    this.socket.on("room:state", (raw: unknown) => {
      const parsed = RoomState.safeParse(raw);
      if (parsed.success) this.applyRoomState(parsed.data);
    });
    this.socket.on("session:error", (e) => this.pushNotice(toErrorCode(e.code), e.message));

    window.addEventListener("online", this.recompute);
    window.addEventListener("offline", this.recompute);
  }

  /** The control socket, for features that add their own typed events (cockpit, audio signalling). */
  get control(): ControlSocket {
    return this.socket;
  }

  /** This person as the room sees them (role can change between rounds). */
  me(): ParticipantView | undefined {
    return this.room.get().participants.find((p) => p.id === this.opts.participantId);
  }

  private openDoc(round: number): DocConnection {
    // The room state is always current here: a round swap sets it before opening the new doc.
    const state = this.room.get();
    const me = state.participants.find((p) => p.id === this.opts.participantId);
    const fallback = { id: this.opts.participantId, name: "Someone", role: "observer" as const, colour: "#64748b" };
    const conn: DocConnection = new DocConnection(docIdFor(state.room.id, round), round, {
      origin: this.opts.origin,
      token: this.opts.token,
      user: userFor(me ?? fallback),
      onServerError: (code, message) => this.pushNotice(code, message),
      onReset: () => this.resetDoc(conn),
      unsavedCopies: this.unsavedCopies,
      // Per participant: two people sharing a browser must never carry each other's edits.
      copyKey: `${this.opts.participantId}/${docIdFor(state.room.id, round)}`,
    });
    return conn;
  }

  /**
   * DOC13: the server compacted `stale`'s doc, so it may not sync again. Open a fresh doc for the
   * same round in the background and keep showing the stale one (edits go on landing there) until
   * the fresh one holds the server's state; then carry the stale doc's edits over and swap. The
   * pill says "reconnecting" meanwhile, which is what it is.
   */
  private resetDoc(stale: DocConnection): void {
    if (this.destroyed || this.failure.get()) return;
    const reset = this.replacement?.conn;
    // The shown doc, or a replacement reset before it synced (it holds nothing of ours: drop it).
    // Anything else is a doc already on its way out (a round swap), nothing to rescue.
    if (stale !== this.doc.get() && stale !== reset) return;
    this.dropReplacement();
    const fresh = this.openDoc(stale.round);
    const off = fresh.status.subscribe(() => {
      const s = fresh.status.get();
      if (s.phase === "closed" && s.refusal) this.fail(s.refusal);
      else if (s.synced) this.adoptReplacement(fresh);
    });
    this.replacement = { conn: fresh, off };
  }

  private adoptReplacement(fresh: DocConnection): void {
    if (this.destroyed || this.replacement?.conn !== fresh) return;
    this.replacement.off();
    this.replacement = null;
    const old = this.doc.get();
    carryOver(old.doc, fresh.doc);
    this.doc.set(fresh);
    this.watchDoc();
    old.destroy();
    // The role may have changed since `fresh` was opened.
    const me = this.me();
    if (me) setLocalField(fresh.awareness, "user", userFor(me));
    this.recompute();
  }

  private dropReplacement(): void {
    if (!this.replacement) return;
    this.replacement.off();
    this.replacement.conn.destroy();
    this.replacement = null;
  }

  private watchDoc(): void {
    this.unsubscribeDoc();
    const conn = this.doc.get();
    const offStatus = conn.status.subscribe(() => {
      const s = conn.status.get();
      if (s.phase === "closed" && s.refusal) this.fail(s.refusal);
      this.recompute();
    });
    const offSave = conn.save.state.subscribe(() => this.save.set(conn.save.state.get()));
    this.save.set(conn.save.state.get());
    this.unsubscribeDoc = () => {
      offStatus();
      offSave();
    };
  }

  private applyRoomState(next: RoomState): void {
    const prev = this.room.get();
    this.room.set(next);
    // A new round is a new document; reconnect to it. Works for any round change the server makes.
    if (next.room.round !== prev.room.round && next.room.round !== this.doc.get().round) {
      // A reset of the old round's doc is moot now.
      this.dropReplacement();
      const old = this.doc.get();
      this.doc.set(this.openDoc(next.room.round));
      this.watchDoc();
      old.destroy();
    }
    const me = this.me();
    if (me) setLocalField(this.doc.get().awareness, "user", userFor(me));
    this.recompute();
  }

  private pushNotice(code: ErrorCode, message: string): void {
    this.notice.set({ code, message, seq: (this.notice.get()?.seq ?? 0) + 1 });
  }

  private fail(code: ErrorCode): void {
    if (this.failure.get()) return;
    this.failure.set(code);
    this.socket.disconnect();
    this.dropReplacement();
    this.doc.get().provider.disconnect();
    this.recompute();
  }

  private readonly recompute = (): void => {
    if (this.destroyed) return;
    const status = this.doc.get().status.get();
    const docSynced = status.phase === "connected" && status.synced;
    const now = Date.now();
    const up = docSynced && this.socketConnected;
    if (up) {
      this.everConnected = true;
      this.disconnectedSince = null;
    } else if (this.everConnected && this.disconnectedSince === null) {
      this.disconnectedSince = now;
    }
    this.connection.set(
      deriveConnection({
        docSynced,
        socketConnected: this.socketConnected,
        everConnected: this.everConnected,
        disconnectedSince: this.disconnectedSince,
        browserOnline: navigator.onLine,
        failed: this.failure.get() !== null,
        now,
      }),
    );
    // Flip "reconnecting" to "offline" when the threshold passes, without waiting for an event.
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = this.disconnectedSince === null ? null : setTimeout(this.recompute, OFFLINE_AFTER_MS + 50);
  };

  connectionLabel(): string {
    return CONNECTION_LABELS[this.connection.get()];
  }

  destroy(): void {
    this.destroyed = true;
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    window.removeEventListener("online", this.recompute);
    window.removeEventListener("offline", this.recompute);
    this.unsubscribeDoc();
    this.dropReplacement();
    this.socket.disconnect();
    this.doc.get().destroy();
  }
}
