/** The join page's microphone check, framework-free: what it shows, and the level it draws. */

export type MicCheckPhase = "idle" | "asking" | "live" | "denied" | "missing" | "busy" | "unsupported";

export interface MicOption {
  deviceId: string;
  label: string;
}

/** What each outcome tells the person. Every one of them still lets them join (without audio). */
export const MIC_CHECK_COPY: Record<Exclude<MicCheckPhase, "idle" | "asking" | "live">, string> = {
  denied:
    "The browser blocked the microphone. Allow it from the padlock in the address bar, or join without audio and listen.",
  missing: "No microphone found. Plug one in and try again, or join without audio and listen.",
  busy: "Another app is using the microphone. Close it and try again, or join without audio.",
  unsupported: "This browser cannot open a microphone here. You can still join without audio.",
};

export const micCheckProblem = (e: unknown): Exclude<MicCheckPhase, "idle" | "asking" | "live"> => {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "missing";
  if (name === "NotReadableError" || name === "AbortError") return "busy";
  return "unsupported";
};

/**
 * 0..1 from time-domain samples (-1..1): RMS, scaled so normal speech (RMS about 0.05–0.2) fills
 * most of the meter, and clamped.
 */
export const levelOf = (samples: ArrayLike<number>): number => {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] ?? 0;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, rms * 5);
};

/** Labels are empty before permission; number them so the picker still says something. */
export const micOptions = (devices: readonly { kind: string; deviceId: string; label: string }[]): MicOption[] =>
  devices
    .filter((d) => d.kind === "audioinput")
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));

/** The device to select: the remembered one if it is still plugged in, else the first. */
export const pickDevice = (options: readonly MicOption[], remembered: string | null): string | null =>
  options.find((o) => o.deviceId === remembered)?.deviceId ?? options[0]?.deviceId ?? null;
