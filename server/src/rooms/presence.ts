/**
 * Who is online, per room, on this instance. A participant may have several tabs; they count as
 * online while any of them is connected.
 */
export class Presence {
  private readonly online = new Map<string, Map<string, number>>();

  /** Returns true if this made the participant come online. */
  add(roomId: string, participantId: string): boolean {
    const room = this.online.get(roomId) ?? new Map<string, number>();
    this.online.set(roomId, room);
    const n = room.get(participantId) ?? 0;
    room.set(participantId, n + 1);
    return n === 0;
  }

  /** Returns true if this made the participant go offline. */
  remove(roomId: string, participantId: string): boolean {
    const room = this.online.get(roomId);
    const n = room?.get(participantId) ?? 0;
    if (!room || n === 0) return false;
    if (n === 1) room.delete(participantId);
    else room.set(participantId, n - 1);
    if (room.size === 0) this.online.delete(roomId);
    return n === 1;
  }

  isOnline(roomId: string, participantId: string): boolean {
    return (this.online.get(roomId)?.get(participantId) ?? 0) > 0;
  }
}
