import type { AudioConfig } from "@mockroom/shared";
import { Store } from "../../realtime/index.ts";
import { LEVEL_SAMPLE_MS, QUIET, nextSpeaking, type SpeakingState } from "./levels.ts";
import { MicError, type AudioDevice, type MicProblem } from "./mic.ts";
import {
  TransportError,
  type AudioTransport,
  type LinkQuality,
  type LinkState,
  type RemotePatch,
  type TransportEnd,
  type TransportSink,
} from "./transport.ts";

export type AudioPhase = "off" | "joining" | "on";
/** Something the person should know: a mic problem (we still listen) or why audio stopped. */
export type AudioNotice = MicProblem | TransportEnd;

export interface RemoteAudio {
  inAudio: boolean;
  muted: boolean;
  speaking: boolean;
  link: LinkState | null;
  quality: LinkQuality | null;
}

export interface AudioState {
  phase: AudioPhase;
  mode: AudioConfig["mode"] | null;
  /** The role may publish (observers listen). */
  canPublish: boolean;
  /** A microphone is open and sent (possibly muted). */
  publishing: boolean;
  muted: boolean;
  /** The transport's own connection (signalling or SFU). */
  link: LinkState | null;
  notice: AudioNotice | null;
  devices: readonly AudioDevice[];
  deviceId: string | null;
  /** Audio outputs the others can be played on, and the chosen one (null: the system default). */
  speakers: readonly AudioDevice[];
  speakerId: string | null;
  /** Own microphone RMS, 0 while muted. */
  level: number;
  speaking: boolean;
  remotes: Readonly<Record<string, RemoteAudio>>;
}

/** What the model needs from the browser; injected so the model runs in unit tests without one. */
export interface AudioEnvironment {
  /** Called synchronously inside the join click, while the browser still allows audio to start. */
  unlock(): void;
  fetchConfig(): Promise<AudioConfig>;
  makeTransport(config: AudioConfig, sink: TransportSink): AudioTransport;
  openMic(deviceId: string | null): Promise<MediaStreamTrack>;
  listMics(): Promise<AudioDevice[]>;
  listSpeakers(): Promise<AudioDevice[]>;
  /** Routes every participant's audio, now and later, to this output. */
  setSpeaker(deviceId: string): Promise<void>;
  /** A loudness probe for a stream or a track (the AudioContext was started in `unlock`). */
  meter(source: MediaStream | MediaStreamTrack): { read(): number; dispose(): void } | null;
  /** Plays (or with null, stops) a participant's audio. */
  play(participantId: string, stream: MediaStream | null): void;
  loadDevicePref(): string | null;
  saveDevicePref(deviceId: string): void;
  loadSpeakerPref(): string | null;
  saveSpeakerPref(deviceId: string): void;
  /** Releases what `meter` and `play` hold (the AudioContext, the elements). */
  release(): void;
}

const EMPTY_REMOTE: RemoteAudio = { inAudio: false, muted: true, speaking: false, link: null, quality: null };

const initial = (deviceId: string | null, speakerId: string | null, canPublish: boolean): AudioState => ({
  phase: "off",
  mode: null,
  canPublish,
  publishing: false,
  muted: false,
  link: null,
  notice: null,
  devices: [],
  deviceId,
  speakers: [],
  speakerId,
  level: 0,
  speaking: false,
  remotes: {},
});

/**
 * Live audio for one person in one room, framework-free: join/leave, mute, device choice, who is
 * speaking, and what went wrong. The room keeps working whatever happens here.
 */
export class AudioModel {
  readonly state: Store<AudioState>;
  private transport: AudioTransport | null = null;
  private mic: MediaStreamTrack | null = null;
  private selfMeter: { read(): number; dispose(): void } | null = null;
  private readonly meters = new Map<string, { read(): number; dispose(): void }>();
  private readonly speaking = new Map<string, SpeakingState>();
  private selfSpeaking: SpeakingState = QUIET;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Bumped on every join/leave, so late results of an abandoned join are ignored. */
  private epoch = 0;

  constructor(
    private readonly env: AudioEnvironment,
    canPublish: boolean,
  ) {
    this.state = new Store(initial(env.loadDevicePref(), env.loadSpeakerPref(), canPublish));
  }

  async join(opts: { muted?: boolean } = {}): Promise<void> {
    if (this.state.get().phase !== "off") return;
    const epoch = ++this.epoch;
    this.env.unlock();
    this.patch({ phase: "joining", notice: null, link: "connecting", muted: opts.muted ?? false });
    let config: AudioConfig;
    try {
      config = await this.env.fetchConfig();
    } catch {
      return this.fail(epoch, "unreachable");
    }
    if (epoch !== this.epoch) return;
    this.patch({ mode: config.mode, canPublish: config.canPublish });

    let mic: MediaStreamTrack | null = null;
    let micProblem: MicProblem | null = null;
    if (config.canPublish) {
      try {
        mic = await this.env.openMic(this.state.get().deviceId);
      } catch (e) {
        micProblem = e instanceof MicError ? e.problem : "unsupported";
      }
    }
    if (epoch !== this.epoch) {
      mic?.stop();
      return;
    }
    this.mic = mic;
    const muted = this.state.get().muted;
    if (mic) mic.enabled = !muted;
    void this.refreshDevices();
    void this.refreshSpeakers();

    const transport = this.env.makeTransport(config, this.sink(epoch));
    this.transport = transport;
    try {
      await transport.start(mic, muted);
    } catch (e) {
      return this.fail(epoch, e instanceof TransportError ? e.reason : "unreachable");
    }
    if (epoch !== this.epoch) return;
    if (mic) this.selfMeter = this.env.meter(mic);
    this.patch({ phase: "on", publishing: mic !== null, notice: micProblem, link: "connected" });
    this.timer = setInterval(this.sample, LEVEL_SAMPLE_MS);
  }

  leave(): void {
    this.epoch++;
    this.teardown();
    this.state.update((s) => ({
      ...initial(s.deviceId, s.speakerId, s.canPublish),
      devices: s.devices,
      speakers: s.speakers,
      mode: s.mode,
    }));
  }

  async toggleMute(): Promise<void> {
    await this.setMuted(!this.state.get().muted);
  }

  async setMuted(muted: boolean): Promise<void> {
    const s = this.state.get();
    if (s.phase !== "on" || !s.publishing || s.muted === muted) return;
    // Disabling the track sends silence at once; the transport then tells the others (mic-off icon).
    if (this.mic) this.mic.enabled = !muted;
    this.patch({ muted });
    await this.transport?.setMuted(muted).catch(() => undefined);
  }

  async chooseDevice(deviceId: string): Promise<void> {
    this.env.saveDevicePref(deviceId);
    this.patch({ deviceId });
    if (this.state.get().phase !== "on" || !this.mic) return;
    const epoch = this.epoch;
    let next: MediaStreamTrack;
    try {
      next = await this.env.openMic(deviceId);
    } catch (e) {
      this.patch({ notice: e instanceof MicError ? e.problem : "unsupported" });
      return;
    }
    if (epoch !== this.epoch) return next.stop();
    next.enabled = !this.state.get().muted;
    await this.transport?.replaceMic(next);
    this.mic.stop();
    this.mic = next;
    this.selfMeter?.dispose();
    this.selfMeter = this.env.meter(next);
    this.patch({ notice: null });
  }

  /** Plays everyone on another output (AUDE13); remembered for the next visit like the microphone. */
  async chooseSpeaker(deviceId: string): Promise<void> {
    this.env.saveSpeakerPref(deviceId);
    this.patch({ speakerId: deviceId });
    await this.env.setSpeaker(deviceId).catch(() => undefined);
  }

  /** After the person fixed their microphone (permission, plugged one in): join again with it. */
  async retryMic(): Promise<void> {
    const muted = this.state.get().muted;
    this.leave();
    await this.join({ muted });
  }

  async refreshDevices(): Promise<void> {
    const devices = await this.env.listMics().catch(() => []);
    this.patch({ devices });
  }

  /** Lists the outputs and routes audio to the remembered one, if it is still there. */
  async refreshSpeakers(): Promise<void> {
    const speakers = await this.env.listSpeakers().catch(() => []);
    const { speakerId } = this.state.get();
    const kept = speakerId !== null && speakers.some((d) => d.deviceId === speakerId) ? speakerId : null;
    this.patch({ speakers, speakerId: kept });
    if (kept) await this.env.setSpeaker(kept).catch(() => undefined);
  }

  dismissNotice(): void {
    this.patch({ notice: null });
  }

  destroy(): void {
    this.leave();
  }

  private sink(epoch: number): TransportSink {
    const live = () => epoch === this.epoch;
    return {
      remoteStream: (id, stream) => {
        if (!live()) return;
        this.meters.get(id)?.dispose();
        this.meters.delete(id);
        this.env.play(id, stream);
        const m = stream ? this.env.meter(stream) : null;
        if (m) this.meters.set(id, m);
      },
      remote: (id, patch) => live() && this.patchRemote(id, patch),
      removeRemote: (id) => {
        if (!live()) return;
        this.meters.get(id)?.dispose();
        this.meters.delete(id);
        this.speaking.delete(id);
        this.env.play(id, null);
        this.state.update((s) => {
          const { [id]: _gone, ...rest } = s.remotes;
          return { ...s, remotes: rest };
        });
      },
      link: (state) => live() && this.patch({ link: state }),
      ended: (reason) => {
        if (!live()) return;
        this.leave();
        this.patch({ notice: reason });
      },
    };
  }

  private fail(epoch: number, reason: TransportEnd): void {
    if (epoch !== this.epoch) return;
    this.leave();
    this.patch({ notice: reason });
  }

  private teardown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.transport?.stop();
    this.transport = null;
    this.mic?.stop();
    this.mic = null;
    this.selfMeter?.dispose();
    this.selfMeter = null;
    for (const m of this.meters.values()) m.dispose();
    this.meters.clear();
    this.speaking.clear();
    this.selfSpeaking = QUIET;
    this.env.release();
  }

  private readonly sample = (): void => {
    const now = Date.now();
    const s = this.state.get();
    const level = s.muted ? 0 : (this.selfMeter?.read() ?? 0);
    this.selfSpeaking = nextSpeaking(this.selfSpeaking, level, now);
    let remotes = s.remotes;
    for (const [id, meter] of this.meters) {
      const next = nextSpeaking(this.speaking.get(id) ?? QUIET, meter.read(), now);
      this.speaking.set(id, next);
      const r = remotes[id];
      if (r && r.speaking !== next.speaking) remotes = { ...remotes, [id]: { ...r, speaking: next.speaking } };
    }
    // The meter moves in visible steps only, so an idle room does not re-render ten times a second.
    const rounded = Math.round(level * 200) / 200;
    if (rounded !== s.level || this.selfSpeaking.speaking !== s.speaking || remotes !== s.remotes)
      this.state.set({ ...s, level: rounded, speaking: this.selfSpeaking.speaking, remotes });
  };

  private patchRemote(id: string, patch: RemotePatch): void {
    this.state.update((s) => {
      const prev = s.remotes[id] ?? EMPTY_REMOTE;
      const next: RemoteAudio = {
        ...prev,
        ...(patch.inAudio !== undefined ? { inAudio: patch.inAudio } : {}),
        ...(patch.muted !== undefined ? { muted: patch.muted } : {}),
        ...(patch.link !== undefined ? { link: patch.link } : {}),
        ...(patch.quality !== undefined ? { quality: patch.quality } : {}),
      };
      return { ...s, remotes: { ...s.remotes, [id]: next } };
    });
  }

  private patch(p: Partial<AudioState>): void {
    this.state.update((s) => ({ ...s, ...p }));
  }
}
