import { z } from "zod";
import { MAX_ICE_CANDIDATE_CHARS, MAX_SIGNAL_BYTES } from "../domain/limits.ts";
import { ParticipantId } from "../domain/room.ts";

/**
 * Live audio: the HTTP answer that picks a transport, and the WebRTC signalling messages the
 * control channel relays between participants of one room (rules AUD* in docs/PROTOCOL.md).
 */

/** One STUN/TURN server, in the shape `RTCPeerConnection` takes (also how MOCKROOM_ICE_SERVERS is written). */
export const IceServer = z.object({
  urls: z.union([z.string().min(1).max(512), z.array(z.string().min(1).max(512)).min(1).max(8)]),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});
export type IceServer = z.infer<typeof IceServer>;
export const IceServers = z.array(IceServer).max(8);

/** `GET /api/rooms/:roomId/audio`: peer-to-peer unless the server is configured for LiveKit. */
export const AudioConfig = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("p2p"), iceServers: IceServers, canPublish: z.boolean() }),
  z.object({
    mode: z.literal("livekit"),
    /** The LiveKit signalling URL the browser connects to (ws:// or wss://). */
    url: z.string().min(1),
    /** A short-lived, room-scoped access token; fetch a new one for every join. */
    token: z.string().min(1),
    expiresAt: z.number(),
    canPublish: z.boolean(),
  }),
]);
export type AudioConfig = z.infer<typeof AudioConfig>;

// An SDP is lines of `<letter>=<value>` starting with `v=0`. The check is structural only: it keeps
// garbage and injected control characters off the wire; the browser does the real parsing.
const SDP_LINE = /^[a-z]=/;
const hasControlChars = (line: string): boolean => {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
};
export const isWellFormedSdp = (sdp: string): boolean => {
  const lines = sdp.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines[0] === "v=0" && lines.length >= 3 && lines.every((l) => SDP_LINE.test(l) && !hasControlChars(l));
};

export const SessionDescription = z
  .object({
    type: z.enum(["offer", "answer", "pranswer", "rollback"]),
    sdp: z.string().max(MAX_SIGNAL_BYTES),
  })
  .strict()
  .refine((d) => (d.type === "rollback" ? d.sdp === "" : isWellFormedSdp(d.sdp)), "malformed SDP");
export type SessionDescription = z.infer<typeof SessionDescription>;

// RFC 8839 candidate-attribute grammar, loosely: foundation, component, transport, priority,
// address (IP or an mDNS .local name), port, type, then extensions. "" means end of candidates.
const CANDIDATE =
  /^candidate:[A-Za-z0-9+/]{1,32} \d{1,3} (?:udp|tcp|UDP|TCP) \d{1,10} [A-Za-z0-9.:%_-]{1,255} \d{1,5} typ (?:host|srflx|prflx|relay)(?: [\x21-\x7e]{1,255})*$/;
export const IceCandidate = z
  .object({
    candidate: z
      .string()
      .max(MAX_ICE_CANDIDATE_CHARS)
      .refine((c) => c === "" || CANDIDATE.test(c), "malformed ICE candidate"),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();
export type IceCandidate = z.infer<typeof IceCandidate>;

// One signalling message carries either a session description or an ICE candidate, never both;
// strict objects so nothing unchecked rides along to the other peer.
/** Client → server: addressed to one participant of the sender's room. */
export const AudioSignalOut = z.union([
  z.object({ to: ParticipantId, description: SessionDescription }).strict(),
  z.object({ to: ParticipantId, candidate: IceCandidate }).strict(),
]);
export type AudioSignalOut = z.infer<typeof AudioSignalOut>;
/** Server → client: the same body, stamped with the sender the server authenticated. */
export const AudioSignalIn = z.union([
  z.object({ from: ParticipantId, description: SessionDescription }).strict(),
  z.object({ from: ParticipantId, candidate: IceCandidate }).strict(),
]);
export type AudioSignalIn = z.infer<typeof AudioSignalIn>;

export const AudioJoin = z.object({ muted: z.boolean() });
export type AudioJoin = z.infer<typeof AudioJoin>;
export const AudioMute = z.object({ muted: z.boolean() });
export type AudioMute = z.infer<typeof AudioMute>;
export const AudioLeave = z.object({});
export type AudioLeave = z.infer<typeof AudioLeave>;

/** Who is in the room's peer-to-peer audio, as the server saw them join. */
export const AudioPeer = z.object({ participantId: ParticipantId, muted: z.boolean(), canPublish: z.boolean() });
export type AudioPeer = z.infer<typeof AudioPeer>;
export const AudioRoster = z.object({ peers: z.array(AudioPeer) });
export type AudioRoster = z.infer<typeof AudioRoster>;

/** Why the server took this connection out of audio. */
export const AudioEnded = z.object({ reason: z.enum(["replaced"]) });
export type AudioEnded = z.infer<typeof AudioEnded>;
