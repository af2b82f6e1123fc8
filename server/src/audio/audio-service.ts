import type { AudioConfig, IceServer } from "@mockroom/shared";
import type { Authenticated } from "../rooms/room-service.ts";
import { canPublishAudio, LiveKitTokens, type LiveKitSettings } from "./livekit-tokens.ts";

export interface AudioOptions {
  /** STUN/TURN servers for peer-to-peer mode (a coturn the user runs); none by default. */
  iceServers: readonly IceServer[];
  /** When set, audio goes through this LiveKit server instead of a peer-to-peer mesh. */
  livekit?: LiveKitSettings;
}

/** Tells a participant how to join audio: the mode is chosen by configuration, the grants by role. */
export class AudioService {
  private readonly livekit: LiveKitTokens | null;

  constructor(private readonly opts: AudioOptions) {
    this.livekit = opts.livekit ? new LiveKitTokens(opts.livekit) : null;
  }

  get mode(): AudioConfig["mode"] {
    return this.livekit ? "livekit" : "p2p";
  }

  async configFor({ room, participant }: Authenticated): Promise<AudioConfig> {
    if (!this.livekit)
      return { mode: "p2p", iceServers: [...this.opts.iceServers], canPublish: canPublishAudio(participant.role) };
    const grant = await this.livekit.mint({
      roomId: room.id,
      participantId: participant.id,
      name: participant.name,
      role: participant.role,
    });
    return { mode: "livekit", url: this.livekit.url, ...grant };
  }
}
