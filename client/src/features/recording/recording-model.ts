import {
  AUTH_HEADER,
  RECORDING_TIMESLICE_MS,
  bearer,
  RecordingState,
  type ConsentChoice,
  type RecordingState as State,
} from "@mockroom/shared";
import { Store, type ControlSocket } from "../../realtime/index.ts";
import { ChunkUploader } from "./uploader.ts";

export type MicPhase = "unasked" | "declined" | "waiting" | "starting" | "recording" | "paused" | "mic-error";

export interface RecordingView {
  /** What the server says: recording or paused, and who answered. Null until the first state. */
  room: State | null;
  mine: ConsentChoice | null;
  mic: MicPhase;
  /** Chunks recorded but not yet stored by the server (a network drop makes this grow). */
  pending: number;
}

export interface RecordingModelOptions {
  socket: ControlSocket;
  roomId: string;
  participantId: string;
  token: string;
  /** Whether this person can be recorded at all (observers are not). */
  canRecord: boolean;
}

const newTrackId = (): string => {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
};

/**
 * Consent and the local microphone recording, framework-free. The recorder runs only while the
 * room records, this person consented, and the round is known; a pause stops it (the last chunk
 * is flushed), a resume starts a new track. It opens its own microphone stream, independent of
 * live audio, so recording never depends on the call.
 */
export class RecordingModel {
  readonly view = new Store<RecordingView>(
    { room: null, mine: null, mic: "unasked", pending: 0 },
    (a, b) => a.room === b.room && a.mine === b.mine && a.mic === b.mic && a.pending === b.pending,
  );
  private readonly uploader: ChunkUploader;
  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private clockOffsetMs: number | null = null;
  private destroyed = false;

  constructor(private readonly opts: RecordingModelOptions) {
    this.uploader = new ChunkUploader({ roomId: opts.roomId, token: opts.token });
    this.uploader.pending.subscribe(() => this.patch({ pending: this.uploader.pending.get() }));
    opts.socket.on("recording:state", this.onState);
    opts.socket.on("connect", this.onConnect);
    window.addEventListener("online", this.onOnline);
    window.addEventListener("pagehide", this.onPageHide);
    // The state the server sent on connect may have arrived before this model existed.
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const res = await fetch(`/api/rooms/${encodeURIComponent(this.opts.roomId)}/recording`, {
      headers: { [AUTH_HEADER]: bearer(this.opts.token) },
    }).catch(() => null);
    if (res?.ok && !this.destroyed) this.onState(await res.json().catch(() => null));
  }

  private patch(p: Partial<RecordingView>): void {
    this.view.set({ ...this.view.get(), ...p });
  }

  private readonly onState = (raw: unknown) => {
    const parsed = RecordingState.safeParse(raw);
    if (!parsed.success) return;
    const room = parsed.data;
    const prevRound = this.view.get().room?.round;
    this.patch({ room, mine: room.consents[this.opts.participantId] ?? null });
    if (prevRound !== undefined && prevRound !== room.round) this.stopRecorder();
    this.reconcile();
  };

  private readonly onConnect = () => {
    this.uploader.nudge();
  };
  private readonly onOnline = () => this.uploader.nudge();
  private readonly onPageHide = () => {
    // The recorder's current slice is lost with the page; everything already cut goes out now.
    this.uploader.flushOnUnload();
  };

  async answer(granted: boolean): Promise<void> {
    const r = await this.opts.socket.emitWithAck("recording:consent", { granted });
    if (r.ok) this.onState(r.data);
  }

  async setPaused(paused: boolean): Promise<boolean> {
    const r = await this.opts.socket.emitWithAck(paused ? "recording:pause" : "recording:resume", {});
    if (r.ok) this.onState(r.data);
    return r.ok;
  }

  /** Starts or stops the recorder to match the room state and the consent. */
  private reconcile(): void {
    if (this.destroyed) return;
    const { room, mine } = this.view.get();
    const want = this.opts.canRecord && room?.status === "recording" && mine === "granted";
    if (want && !this.recorder && this.view.get().mic !== "starting") void this.startRecorder(room!.round);
    if (!want && this.recorder) this.stopRecorder();
    if (!want) {
      const mic: MicPhase =
        mine === "declined" ? "declined" : mine === null ? "unasked" : room?.status === "paused" ? "paused" : "waiting";
      if (this.view.get().mic !== "mic-error" || mine !== "granted") this.patch({ mic });
    }
  }

  private async serverOffset(): Promise<number> {
    if (this.clockOffsetMs !== null) return this.clockOffsetMs;
    // Three pings; the one with the shortest round trip gives the best estimate.
    let best = { rtt: Infinity, offset: 0 };
    for (let i = 0; i < 3; i++) {
      const sent = Date.now();
      const r = await this.opts.socket
        .timeout(5_000)
        .emitWithAck("clock:ping", { t: sent })
        .catch(() => null);
      const back = Date.now();
      if (r?.ok && back - sent < best.rtt) best = { rtt: back - sent, offset: r.data.server - (sent + back) / 2 };
    }
    this.clockOffsetMs = best.offset;
    return best.offset;
  }

  private async startRecorder(round: number): Promise<void> {
    this.patch({ mic: "starting" });
    try {
      const offset = await this.serverOffset();
      this.stream ??= await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
      });
      if (this.destroyed) return;
      const recorder = new MediaRecorder(this.stream, { mimeType: "audio/webm;codecs=opus" });
      const trackId = newTrackId();
      let seq = 0;
      let startedAt = Date.now() + offset;
      recorder.addEventListener("start", () => {
        startedAt = Date.now() + offset;
      });
      recorder.addEventListener("dataavailable", (e) => {
        if (e.data.size === 0) return;
        this.uploader.enqueue({ round, trackId, seq: seq++, startedAt, data: e.data });
      });
      recorder.start(RECORDING_TIMESLICE_MS);
      this.recorder = recorder;
      this.patch({ mic: "recording" });
      // The room may have paused (or the person declined) while the microphone opened.
      this.reconcile();
    } catch {
      this.patch({ mic: "mic-error" });
    }
  }

  private stopRecorder(): void {
    const r = this.recorder;
    this.recorder = null;
    // stop() emits the final dataavailable, which is queued like any other chunk.
    if (r && r.state !== "inactive") r.stop();
  }

  destroy(): void {
    this.destroyed = true;
    this.stopRecorder();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.opts.socket.off("recording:state", this.onState);
    this.opts.socket.off("connect", this.onConnect);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("pagehide", this.onPageHide);
    // Queued chunks keep uploading until the page goes away; only new ones stop.
  }
}
