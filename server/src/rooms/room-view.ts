import { colourFor, type ParticipantView, type RoomState } from "@mockroom/shared";
import type { ParticipantRecord, RoomRecord } from "../persistence/ports.ts";
import type { Presence } from "./presence.ts";

/** The lead interviewer is the first interviewer to join; any later one is a shadow (SC6). */
export const leadInterviewerId = (people: readonly ParticipantRecord[]): string | null =>
  people.find((p) => p.role === "interviewer")?.id ?? null;

/** The public room state: safe for every role, so it holds nothing interviewer-private. */
export const buildRoomState = (
  room: RoomRecord,
  people: readonly ParticipantRecord[],
  presence: Presence,
  now: number,
): RoomState => {
  const lead = leadInterviewerId(people);
  const participants: ParticipantView[] = people.map((p) => ({
    id: p.id,
    name: p.name,
    role: p.role,
    colour: colourFor(p.role, p.colourIndex),
    online: presence.isOnline(room.id, p.id),
    lead: p.id === lead,
  }));
  return {
    room: { id: room.id, title: room.title, roundType: room.roundType, createdAt: room.createdAt, round: room.round },
    participants,
    serverNow: now,
  };
};
