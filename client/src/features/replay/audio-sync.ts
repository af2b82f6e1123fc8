import type { AudioTrackInfo } from "@mockroom/shared";
import { Store } from "../../realtime/index.ts";
import type { PlayerState } from "./player.ts";

/*
 * Plays every audio track of a round in sync with the playhead. Each track is one <audio> element on
 * a blob URL (the files are remuxed with Duration and Cues on the server, so seeking is exact). A
 * track plays only while the playhead is inside it; it is re-seeked when it drifts from the playhead
 * by more than DRIFT_S, which also absorbs the small start offsets of the different microphones.
 */
const DRIFT_S = 0.25;

export interface LoadedTrack extends AudioTrackInfo {
  url: string;
}

export class AudioSync {
  /** Loudness (RMS, 0..1) per participant while playing; the page draws level bars from it. */
  readonly levels = new Store<Record<string, number>>({}, (a, b) => JSON.stringify(a) === JSON.stringify(b));
  private readonly elements = new Map<string, HTMLAudioElement>();
  private ctx: AudioContext | null = null;
  private readonly analysers = new Map<string, AnalyserNode>();
  private meterFrame = 0;

  constructor(readonly tracks: readonly LoadedTrack[]) {
    for (const t of tracks) {
      const el = new Audio();
      el.preload = "auto";
      el.src = t.url;
      el.dataset["trackId"] = t.trackId;
      this.elements.set(t.trackId, el);
    }
  }

  /** Must first run inside a user gesture (the play button or Space) so the browser lets audio start. */
  private ensureGraph(): void {
    if (this.ctx) {
      if (this.ctx.state === "suspended") void this.ctx.resume();
      return;
    }
    this.ctx = new AudioContext();
    for (const t of this.tracks) {
      const el = this.elements.get(t.trackId)!;
      const src = this.ctx.createMediaElementSource(el);
      const analyser = this.ctx.createAnalyser();
      analyser.fftSize = 1024;
      src.connect(analyser);
      analyser.connect(this.ctx.destination);
      this.analysers.set(t.trackId, analyser);
    }
  }

  sync(s: PlayerState): void {
    if (s.playing) this.ensureGraph();
    for (const t of this.tracks) {
      const el = this.elements.get(t.trackId)!;
      const local = (s.t - t.startedAt) / 1000;
      const inside = local >= 0 && local < t.durationMs / 1000;
      if (s.playing && inside) {
        el.playbackRate = s.speed;
        if (el.paused || Math.abs(el.currentTime - local) > DRIFT_S * s.speed) el.currentTime = local;
        if (el.paused) void el.play().catch(() => undefined);
      } else {
        if (!el.paused) el.pause();
        if (inside && Math.abs(el.currentTime - local) > DRIFT_S) el.currentTime = local;
      }
    }
    if (s.playing && !this.meterFrame) this.meter();
  }

  private meter = (): void => {
    const out: Record<string, number> = {};
    const buf = new Float32Array(1024);
    let any = false;
    for (const t of this.tracks) {
      const a = this.analysers.get(t.trackId);
      const el = this.elements.get(t.trackId)!;
      if (!a || el.paused) continue;
      any = true;
      a.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      const rms = Math.sqrt(sum / buf.length);
      out[t.participantId] = Math.max(out[t.participantId] ?? 0, rms);
    }
    this.levels.set(out);
    this.meterFrame = any ? requestAnimationFrame(this.meter) : 0;
  };

  destroy(): void {
    cancelAnimationFrame(this.meterFrame);
    for (const el of this.elements.values()) {
      el.pause();
      el.removeAttribute("src");
    }
    void this.ctx?.close();
    for (const t of this.tracks) URL.revokeObjectURL(t.url);
  }
}

/** Speech threshold on a 250 ms RMS window; the fake microphone's beep and real speech sit far above it. */
const TALK_RMS = 0.02;
const WINDOW_MS = 250;

/** Decodes a track and returns the server times at which its speaker was audible (for the activity strip). */
export const talkingMoments = async (track: LoadedTrack): Promise<number[]> => {
  const data = await (await fetch(track.url)).arrayBuffer();
  // An OfflineAudioContext decodes without a user gesture.
  const ctx = new OfflineAudioContext(1, 1, 48_000);
  const audio = await ctx.decodeAudioData(data);
  const samples = audio.getChannelData(0);
  const per = Math.max(1, Math.floor((audio.sampleRate * WINDOW_MS) / 1000));
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += per) {
    let sum = 0;
    const end = Math.min(samples.length, i + per);
    for (let j = i; j < end; j++) sum += samples[j]! * samples[j]!;
    if (Math.sqrt(sum / (end - i)) > TALK_RMS) out.push(track.startedAt + (i / audio.sampleRate) * 1000);
  }
  return out;
};
