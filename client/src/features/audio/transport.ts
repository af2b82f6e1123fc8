import type { AudioConfig } from "@mockroom/shared";

/**
 * The one audio interface the room uses. Two implementations: a peer-to-peer mesh signalled over
 * the control socket (default) and LiveKit (when the server is configured for it). Both report
 * into a sink; the model turns that into what the UI shows.
 */
export type LinkState = "connecting" | "connected" | "reconnecting" | "failed";
export type LinkQuality = "good" | "poor" | "lost";

export interface RemotePatch {
  inAudio?: boolean;
  muted?: boolean;
  link?: LinkState | null;
  quality?: LinkQuality | null;
}

/** Why a transport stopped by itself or refused to start. */
export type TransportEnd = "replaced" | "refused" | "full" | "unreachable" | "expired";

export interface TransportSink {
  /** A participant's incoming audio, or null when it went away. */
  remoteStream(participantId: string, stream: MediaStream | null): void;
  remote(participantId: string, patch: RemotePatch): void;
  /** Everything about a participant is gone (they left audio). */
  removeRemote(participantId: string): void;
  /** The transport's own connection (to the SFU, or to the signalling channel). */
  link(state: LinkState): void;
  ended(reason: TransportEnd): void;
}

export interface AudioTransport {
  readonly mode: AudioConfig["mode"];
  /** Connects and, with a track, publishes it (muted or not). A null track means listen only. */
  start(mic: MediaStreamTrack | null, muted: boolean): Promise<void>;
  setMuted(muted: boolean): Promise<void>;
  /** Swaps the microphone (device picker) without renegotiating. */
  replaceMic(track: MediaStreamTrack): Promise<void>;
  stop(): void;
}

export class TransportError extends Error {
  constructor(
    readonly reason: TransportEnd,
    message: string,
  ) {
    super(message);
    this.name = "TransportError";
  }
}
