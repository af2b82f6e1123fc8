import { ErrorCode, MAX_P2P_AUDIO_PEERS, type AudioPeer, type AudioRoster as RosterView } from "@mockroom/shared";
import { DomainError } from "../errors.ts";

interface Member {
  /** The one connection that speaks for this participant in audio (a second tab replaces it). */
  connectionId: string;
  muted: boolean;
  canPublish: boolean;
}

/**
 * Who is in each room's peer-to-peer audio, on this instance. Pure bookkeeping: the realtime edge
 * maps connection ids to sockets. Identity is the participant id, so a second tab joining audio
 * takes the place of the first rather than adding a ghost peer to everyone's mesh.
 */
export class AudioRoster {
  private readonly rooms = new Map<string, Map<string, Member>>();

  /**
   * Adds (or moves) a participant; returns the connection it replaced, if any, and the roster the
   * newcomer should connect to (everyone else).
   */
  join(
    roomId: string,
    participantId: string,
    member: Member,
  ): { replacedConnectionId: string | null; others: AudioPeer[] } {
    const room = this.rooms.get(roomId) ?? new Map<string, Member>();
    const previous = room.get(participantId);
    if (!previous && room.size >= MAX_P2P_AUDIO_PEERS)
      throw new DomainError(ErrorCode.RoomFull, `peer-to-peer audio takes at most ${MAX_P2P_AUDIO_PEERS} people`);
    room.set(participantId, { ...member });
    this.rooms.set(roomId, room);
    const replaced = previous && previous.connectionId !== member.connectionId ? previous.connectionId : null;
    return {
      replacedConnectionId: replaced,
      others: this.view(roomId).peers.filter((p) => p.participantId !== participantId),
    };
  }

  /** Removes the participant if this connection is the one in audio; true if the roster changed. */
  leave(roomId: string, participantId: string, connectionId: string): boolean {
    const room = this.rooms.get(roomId);
    if (room?.get(participantId)?.connectionId !== connectionId) return false;
    room.delete(participantId);
    if (room.size === 0) this.rooms.delete(roomId);
    return true;
  }

  setMuted(roomId: string, participantId: string, connectionId: string, muted: boolean): boolean {
    const m = this.memberFor(roomId, participantId, connectionId);
    if (m.muted === muted) return false;
    m.muted = muted;
    return true;
  }

  /**
   * Where a signal from `from` to `to` goes, or why it may not. Both must be in this room's audio;
   * a participant of another room is simply not found here, which is the point.
   */
  route(
    roomId: string,
    from: { participantId: string; connectionId: string },
    to: string,
  ): { connectionId: string; sender: Member } {
    const sender = this.memberFor(roomId, from.participantId, from.connectionId);
    if (to === from.participantId)
      throw new DomainError(ErrorCode.InvalidMessage, "a signal cannot be sent to yourself");
    const addressee = this.rooms.get(roomId)?.get(to);
    if (!addressee) throw new DomainError(ErrorCode.PeerNotFound, "that participant is not in this room's audio");
    return { connectionId: addressee.connectionId, sender };
  }

  view(roomId: string): RosterView {
    const room = this.rooms.get(roomId);
    if (!room) return { peers: [] };
    return {
      peers: [...room].map(([participantId, m]) => ({ participantId, muted: m.muted, canPublish: m.canPublish })),
    };
  }

  private memberFor(roomId: string, participantId: string, connectionId: string): Member {
    const m = this.rooms.get(roomId)?.get(participantId);
    if (!m || m.connectionId !== connectionId) throw new DomainError(ErrorCode.Conflict, "join audio first");
    return m;
  }
}
