/** Loudness and "is speaking", shared by the mic check, the speaking rings and the e2e probes' expectations. */

/** RMS (of samples in [-1, 1]) above which someone counts as speaking; quiet rooms read about 0.001. */
export const SPEAKING_RMS = 0.015;
/** Keep the ring on through the short gaps between words, so it does not flicker. */
export const SPEAKING_HOLD_MS = 400;
/** How often the model samples levels; 10 Hz is smooth enough for a ring and a meter. */
export const LEVEL_SAMPLE_MS = 100;

export interface SpeakingState {
  speaking: boolean;
  lastLoudAt: number;
}
export const QUIET: SpeakingState = { speaking: false, lastLoudAt: Number.NEGATIVE_INFINITY };

export const nextSpeaking = (prev: SpeakingState, rms: number, now: number): SpeakingState => {
  if (rms >= SPEAKING_RMS) return { speaking: true, lastLoudAt: now };
  return { speaking: now - prev.lastLoudAt < SPEAKING_HOLD_MS, lastLoudAt: prev.lastLoudAt };
};

export const rmsOf = (samples: Float32Array): number => {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
};

/** Meter fill in [0, 1]: RMS on a log scale from -60 dBFS (empty) to -10 dBFS (full). */
export const meterFill = (rms: number): number => {
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 50));
};

/** Reads the loudness of one stream through an AnalyserNode. */
export class LevelMeter {
  private readonly source: MediaStreamAudioSourceNode;
  private readonly analyser: AnalyserNode;
  private readonly buffer: Float32Array<ArrayBuffer>;

  constructor(ctx: AudioContext, stream: MediaStream) {
    this.source = ctx.createMediaStreamSource(stream);
    this.analyser = ctx.createAnalyser();
    this.analyser.fftSize = 1024;
    this.buffer = new Float32Array(this.analyser.fftSize);
    // Analysis only: the analyser is not connected to the destination, so nothing plays twice.
    this.source.connect(this.analyser);
  }

  read(): number {
    this.analyser.getFloatTimeDomainData(this.buffer);
    return rmsOf(this.buffer);
  }

  dispose(): void {
    this.source.disconnect();
  }
}
