import * as decoding from "lib0/decoding";
import type { Awareness } from "y-protocols/awareness";
import { messageYjsSyncStep1 } from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CloseCode, ErrorCode, FATAL_CLOSE_CODES, PROTOCOL_VERSION, YJS_PATH, YMessage } from "@mockroom/shared";
import { toErrorCode } from "../session/error-code.ts";
import type { AwarenessUser } from "@mockroom/shared";
import { carryOver } from "./doc-reset.ts";
import { SaveTracker } from "./save-tracker.ts";
import type { UnsavedCopies } from "./unsaved-copies.ts";
import { Store, shallowEqual } from "./store.ts";

export interface DocStatus {
  phase: "connecting" | "connected" | "disconnected" | "closed";
  /** The server answered our sync request: we hold everything it had. */
  synced: boolean;
  /** Set when the server refused us for good (phase "closed"). */
  refusal: ErrorCode | null;
}

export interface DocConnectionOptions {
  /** http(s) origin of the Mockroom server. */
  origin: string;
  token: string;
  user: AwarenessUser;
  /** The server told us it dropped or limited something (YMessage.Error, rate-limit closes). */
  onServerError?: (code: ErrorCode, message: string) => void;
  /**
   * The server compacted the doc since we last synced (DOC13): this connection has stopped for good
   * and its doc must not meet the server again. The owner opens a fresh one and carries edits over.
   */
  onReset?: () => void;
  /** Where unsaved edits are kept across a closed tab (UI5), under `copyKey`. */
  unsavedCopies?: UnsavedCopies;
  copyKey?: string;
}

/**
 * While edits are unsaved and the doc is offline, its local copy is rewritten at most this often:
 * each write encodes the whole doc, and a burst of typing needs one write, not one per keystroke.
 */
export const UNSAVED_COPY_EVERY_MS = 300;

/** Reconnect quickly: a restarted server is usually back within a couple of seconds. */
const MAX_BACKOFF_MS = 2_500;

/**
 * One round's Y.Doc, its y-websocket provider and the save tracker, plus our two custom server
 * messages (Persisted acks and Error notices). Created per round; destroyed on round swap.
 */
export class DocConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  readonly save: SaveTracker;
  readonly status = new Store<DocStatus>({ phase: "connecting", synced: false, refusal: null }, shallowEqual);
  /** The server's state vector from its sync step 1 on the current connection (see `onSynced`). */
  private serverVectorAtJoin: Map<number, number> | null = null;
  /** The doc's epoch as the server announced it (DOC13); null until the first connection hears it. */
  epoch: number | null = null;
  private destroyed = false;
  private copyTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly docId: string,
    readonly round: number,
    opts: DocConnectionOptions,
  ) {
    this.save = new SaveTracker(this.doc);
    this.provider = new WebsocketProvider(`${opts.origin.replace(/^http/, "ws")}${YJS_PATH}`, docId, this.doc, {
      connect: false,
      // No `epoch` on the first connection: a fresh doc holds nothing stale. The Epoch handler adds it
      // to this object, which the provider keeps and reads again for every reconnect URL.
      params: { token: opts.token, v: String(PROTOCOL_VERSION) },
      maxBackoffTime: MAX_BACKOFF_MS,
      // No BroadcastChannel between tabs: it would move updates from doc to doc without the server's
      // checks, so an observer tab's edits, or an old-epoch doc's stale writes (DOC13), could reach
      // another tab's doc and from there the server. Every tab syncs through the server only.
      disableBc: true,
      // Only refusals that a retry cannot fix stop us; a rate-limit or bad-message close is retried.
      // A DocReset close stops us too, but it is no refusal: the same doc would be closed again.
      shouldReconnect: (event) => event.code !== CloseCode.DocReset && !FATAL_CLOSE_CODES.includes(event.code),
    });
    this.awareness = this.provider.awareness;
    this.awareness.setLocalStateField("user", opts.user);
    this.installHandlers(opts);
    if (opts.unsavedCopies && opts.copyKey) this.keepUnsavedCopy(opts.unsavedCopies, opts.copyKey);
    this.provider.connect();
  }

  private installHandlers(opts: DocConnectionOptions): void {
    const p = this.provider;
    p.messageHandlers[YMessage.Persisted] = (_encoder, decoder) => {
      this.save.markDurable(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    };
    p.messageHandlers[YMessage.Epoch] = (_encoder, decoder) => {
      const epoch = decoding.readVarUint(decoder);
      // The server closes a connection that names an old epoch before this arrives, so a different
      // epoch here means a server that did not check: our doc is stale all the same, and must not
      // send it anything (its sync reply follows this message).
      if (this.epoch !== null && epoch !== this.epoch) {
        this.reset(opts);
        return;
      }
      this.epoch = epoch;
      this.provider.params["epoch"] = String(epoch);
    };
    p.messageHandlers[YMessage.Error] = (_encoder, decoder) => {
      const code = decoding.readVarString(decoder);
      const message = decoding.readVarString(decoder);
      opts.onServerError?.(toErrorCode(code), message);
    };
    // Peek at the server's sync step 1 before y-websocket handles it. The server answers our own
    // step 1 only once everything it held is durable (DOC3), so when that answer arrives (`sync`),
    // the vector it announced at join is durable too. This covers edits whose Persisted ack was
    // lost with a dropped connection: without it the pill would say "Saving…" forever.
    const handleSync = p.messageHandlers[YMessage.Sync];
    if (!handleSync) throw new Error("y-websocket has no sync handler");
    p.messageHandlers[YMessage.Sync] = (encoder, decoder, provider, emitSynced, messageType) => {
      if (emitSynced) {
        const peek = decoding.clone(decoder);
        if (decoding.readVarUint(peek) === messageYjsSyncStep1) {
          this.serverVectorAtJoin = Y.decodeStateVector(decoding.readVarUint8Array(peek));
        }
      }
      handleSync(encoder, decoder, provider, emitSynced, messageType);
    };

    p.on("status", ({ status }) => {
      if (status !== "connected") this.serverVectorAtJoin = null;
      this.status.update((s) =>
        s.phase === "closed" ? s : { ...s, phase: status, synced: status === "connected" && s.synced },
      );
    });
    p.on("sync", (synced) => {
      if (synced && this.serverVectorAtJoin) this.save.markDurable(this.serverVectorAtJoin);
      this.status.update((s) => ({ ...s, synced }));
    });
    p.on("connection-close", (event) => {
      if (event?.code === CloseCode.RateLimited) opts.onServerError?.(ErrorCode.RateLimited, event.reason);
    });
    p.on("closed", ({ code, reason }) => {
      if (code === CloseCode.DocReset) {
        this.reset(opts);
        return;
      }
      const refusal = toErrorCode(
        reason,
        code === CloseCode.VersionMismatch ? ErrorCode.VersionMismatch : ErrorCode.Unauthorized,
      );
      this.status.set({ phase: "closed", synced: false, refusal });
    });
  }

  /**
   * Stops this connection for good after a DocReset (the provider no longer reconnects). The phase
   * stays "disconnected", not "closed": a reset is routine, not a refusal to show the user.
   */
  private reset(opts: DocConnectionOptions): void {
    this.provider.disconnect();
    this.status.set({ phase: "disconnected", synced: false, refusal: null });
    opts.onReset?.();
  }

  /**
   * UI5: a copy left by an earlier visit is carried into this doc once it holds the server's state
   * (its edits then count as unsaved until acknowledged); while anything is unsaved and the doc is
   * disconnected it is copied, and the copy is dropped once everything is saved.
   */
  private keepUnsavedCopy(copies: UnsavedCopies, key: string): void {
    let earlier: Y.Doc | null = null;
    let looked = false;
    const restore = () => {
      if (!earlier || !this.provider.synced || this.destroyed) return;
      carryOver(earlier, this.doc);
      earlier.destroy();
      earlier = null;
    };
    void copies.get(key).then((state) => {
      looked = true;
      if (!state || this.destroyed) return;
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, state);
      } catch (e) {
        // A copy that no longer decodes (another build wrote it, storage damaged) has nothing to give.
        console.warn("mockroom: unreadable local copy of unsaved edits dropped", e);
        doc.destroy();
        void copies.remove(key);
        return;
      }
      earlier = doc;
      restore();
    });
    this.provider.on("sync", (synced: boolean) => synced && restore());
    const write = () => {
      this.copyTimer = null;
      if (!this.destroyed && this.save.state.get() === "saving") void copies.put(key, Y.encodeStateAsUpdate(this.doc));
    };
    // Only while disconnected: online, an edit is acknowledged within a second and a copy of a large
    // board every few hundred ms would cost more than it protects. An edit sent just before the tab
    // closes still reaches the server's log.
    const copySoon = () => {
      if (this.save.state.get() === "saving" && !this.provider.wsconnected && !this.copyTimer)
        this.copyTimer = setTimeout(write, UNSAVED_COPY_EVERY_MS);
    };
    this.doc.on("update", copySoon);
    this.provider.on("status", copySoon);
    this.save.state.subscribe(() => {
      // Not before the earlier copy was looked at and carried over: it would be gone before it is saved.
      if (this.save.state.get() !== "saved" || !looked || earlier) return;
      if (this.copyTimer) clearTimeout(this.copyTimer);
      this.copyTimer = null;
      void copies.remove(key);
    });
  }

  destroy(): void {
    this.destroyed = true;
    if (this.copyTimer) clearTimeout(this.copyTimer);
    this.provider.destroy();
    this.awareness.destroy();
    this.save.destroy();
    this.doc.destroy();
  }
}
