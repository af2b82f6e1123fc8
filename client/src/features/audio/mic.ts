/** Opening the microphone, and turning the browser's refusals into something a person can act on. */

export type MicProblem = "mic_denied" | "mic_missing" | "mic_busy" | "unsupported";

export class MicError extends Error {
  constructor(readonly problem: MicProblem) {
    super(problem);
    this.name = "MicError";
  }
}

/** A microphone or a speaker, as the pickers show it. */
export interface AudioDevice {
  deviceId: string;
  label: string;
}

/** Voice settings: the browser's echo cancellation matters most, since most people use laptop speakers. */
const constraints = (deviceId: string | null): MediaStreamConstraints => ({
  audio: {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  },
  video: false,
});

export const micProblemOf = (e: unknown): MicProblem => {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "mic_denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "mic_missing";
  if (name === "NotReadableError" || name === "AbortError") return "mic_busy";
  return "unsupported";
};

export const openMic = async (deviceId: string | null): Promise<MediaStreamTrack> => {
  if (!navigator.mediaDevices?.getUserMedia) throw new MicError("unsupported");
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints(deviceId));
    const track = stream.getAudioTracks()[0];
    if (!track) throw new MicError("mic_missing");
    return track;
  } catch (e) {
    if (e instanceof MicError) throw e;
    // A remembered device that was unplugged: fall back to the default rather than failing.
    if (deviceId && micProblemOf(e) === "mic_missing") return openMic(null);
    throw new MicError(micProblemOf(e));
  }
};

/** Labels are empty until the page has had microphone permission once; say something useful anyway. */
const listDevices = async (kind: MediaDeviceKind, unnamed: string): Promise<AudioDevice[]> => {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all
    .filter((d) => d.kind === kind)
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${unnamed} ${i + 1}` }));
};

export const listMics = (): Promise<AudioDevice[]> => listDevices("audioinput", "Microphone");

/**
 * Where the others' voices can play (AUDE13). Empty where the browser cannot route a media element
 * to a chosen output (no `setSinkId`): the system default is then the only choice, so no picker.
 */
export const listSpeakers = async (): Promise<AudioDevice[]> =>
  "setSinkId" in HTMLMediaElement.prototype ? listDevices("audiooutput", "Speaker") : [];
