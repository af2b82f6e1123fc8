import { AccessToken, TrackSource } from "livekit-server-sdk";
import type { Role } from "@mockroom/shared";

export interface LiveKitSettings {
  /** Where browsers connect (ws:// or wss://). */
  url: string;
  apiKey: string;
  apiSecret: string;
  tokenTtlMs: number;
}

export interface LiveKitGrant {
  token: string;
  expiresAt: number;
  canPublish: boolean;
}

/** Observers listen; everyone else may publish their microphone (and nothing else). */
export const canPublishAudio = (role: Role): boolean => role !== "observer";

/** One LiveKit room per Mockroom room; the prefix keeps them apart on a LiveKit server shared with other apps. */
export const liveKitRoomName = (roomId: string): string => `mockroom-${roomId}`;

/**
 * Mints LiveKit access tokens. The API secret is held here and used only to sign: it never leaves
 * this module, and nothing here logs.
 */
export class LiveKitTokens {
  readonly url: string;
  readonly #apiKey: string;
  readonly #apiSecret: string;
  readonly #ttlMs: number;

  constructor(settings: LiveKitSettings) {
    this.url = settings.url;
    this.#apiKey = settings.apiKey;
    this.#apiSecret = settings.apiSecret;
    this.#ttlMs = settings.tokenTtlMs;
  }

  /**
   * Identity is the participant id: LiveKit disconnects an earlier connection with the same
   * identity, so a second tab replaces the first instead of appearing twice.
   */
  async mint(p: { roomId: string; participantId: string; name: string; role: Role }): Promise<LiveKitGrant> {
    const ttlSeconds = Math.max(1, Math.round(this.#ttlMs / 1000));
    // The SDK stamps exp from the wall clock, so expiresAt does too.
    const expiresAt = Date.now() + ttlSeconds * 1000;
    const at = new AccessToken(this.#apiKey, this.#apiSecret, {
      identity: p.participantId,
      name: p.name,
      ttl: ttlSeconds,
      metadata: JSON.stringify({ role: p.role }),
    });
    const canPublish = canPublishAudio(p.role);
    at.addGrant({
      room: liveKitRoomName(p.roomId),
      roomJoin: true,
      canSubscribe: true,
      canPublish,
      canPublishSources: canPublish ? [TrackSource.MICROPHONE] : [],
      canPublishData: false,
      canUpdateOwnMetadata: false,
    });
    return { token: await at.toJwt(), expiresAt, canPublish };
  }
}
