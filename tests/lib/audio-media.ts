import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { tempDataDir } from "./server.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.ts";

/**
 * Browsers with fake microphones, and an in-page probe that measures what a participant hears.
 * The probe reads the remote stream the app plays (the `<audio data-audio-peer>` element) through
 * its own WebAudio AnalyserNode, as docs/ENVIRONMENT.md describes.
 */

/** RMS above this is "hearing the peer"; the test tone reads ~0.1-0.3 after the Opus round trip. */
export const HEARD_RMS = 0.02;
/** RMS below this is silence (a disabled track arrives as digital zero, about 0). */
export const SILENT_RMS = 0.003;

/**
 * A speech-like test signal: a 330 Hz tone whose loudness swings at 3 Hz (never to zero), so the
 * browser's noise suppression treats it as a voice rather than a steady hum, and "hearing" is
 * continuous (the default fake device beeps once a second, which would blur the timings).
 */
export const writeVoiceWav = (): string => {
  const rate = 48_000;
  const seconds = 4;
  const n = rate * seconds;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 3 * t);
    const s = 0.45 * envelope * (Math.sin(2 * Math.PI * 330 * t) + 0.3 * Math.sin(2 * Math.PI * 660 * t));
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32_767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8);
  header.write("fmt ", 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  const file = join(tempDataDir(), "voice.wav");
  writeFileSync(file, Buffer.concat([header, data]));
  return file;
};

/**
 * Chromium with a fake microphone. `mic: "granted"` accepts the permission prompt and plays
 * `wav`; `mic: "denied"` refuses every prompt, as a person clicking "Block" would. Autoplay is
 * allowed only so the test's own probe AudioContext runs without a click; the app's audio starts
 * from the "Join audio" click anyway.
 */
export const launchMediaBrowser = (opts: { mic: "granted" | "denied"; wav?: string }): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      "--use-fake-device-for-media-stream",
      "--allow-loopback-in-peer-connection",
      "--autoplay-policy=no-user-gesture-required",
      ...(opts.mic === "granted" ? ["--use-fake-ui-for-media-stream"] : ["--deny-permission-prompts"]),
      ...(opts.wav ? [`--use-file-for-fake-audio-capture=${opts.wav}`] : []),
    ],
  });

interface Tap {
  stream: MediaStream;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  buffer: Float32Array<ArrayBuffer>;
}
declare global {
  interface Window {
    __audioProbe?: { rms(participantId: string): number; streams(): string[] };
  }
}

/** Installed before any page script: a probe per participant id, following the stream if it changes. */
const installProbe = () => {
  let ctx: AudioContext | null = null;
  const taps = new Map<string, Tap>();
  window.__audioProbe = {
    rms(participantId: string): number {
      const el = document.querySelector(`audio[data-audio-peer="${participantId}"]`);
      if (!(el instanceof HTMLAudioElement) || !(el.srcObject instanceof MediaStream)) return -1;
      ctx ??= new AudioContext();
      if (ctx.state === "suspended") void ctx.resume();
      let tap = taps.get(participantId);
      if (!tap || tap.stream !== el.srcObject) {
        tap?.source.disconnect();
        const source = ctx.createMediaStreamSource(el.srcObject);
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 2048;
        source.connect(analyser);
        tap = { stream: el.srcObject, source, analyser, buffer: new Float32Array(2048) };
        taps.set(participantId, tap);
      }
      tap.analyser.getFloatTimeDomainData(tap.buffer);
      let sum = 0;
      for (const v of tap.buffer) sum += v * v;
      return Math.sqrt(sum / tap.buffer.length);
    },
    streams: () =>
      [...document.querySelectorAll("audio[data-audio-peer]")].map(
        (e) => (e as HTMLElement).dataset["audioPeer"] ?? "",
      ),
  };
};

export const addAudioProbe = async (page: Page): Promise<void> => {
  await page.context().addInitScript(installProbe);
};

export const rmsOf = (page: Page, participantId: string): Promise<number> =>
  page.evaluate((id) => window.__audioProbe?.rms(id) ?? -1, participantId);

/** Resolves (with the node clock) once `page` hears `participantId` above HEARD_RMS. */
export const whenHears = async (page: Page, participantId: string, timeoutMs = 20_000): Promise<number> => {
  await page.waitForFunction(
    ([id, min]) => (window.__audioProbe?.rms(id) ?? -1) > min,
    [participantId, HEARD_RMS] as const,
    {
      timeout: timeoutMs,
      polling: 10,
    },
  );
  return Date.now();
};

/** Resolves once `page` has heard only silence from `participantId` for `quietMs` in a row. */
export const whenSilentFor = async (
  page: Page,
  participantId: string,
  quietMs = 600,
  timeoutMs = 10_000,
): Promise<void> => {
  const until = Date.now() + timeoutMs;
  let quietSince: number | null = null;
  for (;;) {
    const rms = await rmsOf(page, participantId);
    const now = Date.now();
    if (rms >= 0 && rms < SILENT_RMS) {
      quietSince ??= now;
      if (now - quietSince >= quietMs) return;
    } else quietSince = null;
    if (now > until) throw new Error(`still hearing ${participantId} (rms ${rms.toFixed(4)}) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The loudest level heard from `participantId` over `ms` (−1 if there is no stream from them at all). */
export const peakOver = async (page: Page, participantId: string, ms: number): Promise<number> => {
  let peak = -1;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    peak = Math.max(peak, await rmsOf(page, participantId));
    await new Promise((r) => setTimeout(r, 25));
  }
  return peak;
};
