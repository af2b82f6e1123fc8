import { z } from "zod";
import { DisplayName, ParticipantId, Role, RoomId } from "@mockroom/shared";
import { readStored, removeStored, writeStored } from "./storage.ts";

/**
 * What this browser holds for one room: the invite it came in with (kept after the address bar is
 * cleaned, so a reload or a lapsed session can rejoin) and the participant token from joining.
 */
export const RoomCredentials = z.object({
  roomId: RoomId,
  participantId: ParticipantId,
  token: z.string().min(1),
  role: Role,
  name: DisplayName,
  expiresAt: z.number(),
  /** The invite this participant joined with; a different invite in the URL means a different join. */
  invite: z.string().min(1),
});
export type RoomCredentials = z.infer<typeof RoomCredentials>;

const credentialsKey = (roomId: string) => `room.${roomId}.participant`;
const inviteKey = (roomId: string) => `room.${roomId}.invite`;

/** Tokens expire on the server too; treating them as gone a minute early avoids a doomed connect. */
const EXPIRY_MARGIN_MS = 60_000;

export const loadCredentials = (roomId: string, now = Date.now()): RoomCredentials | null => {
  const c = readStored(credentialsKey(roomId), RoomCredentials);
  return c && c.roomId === roomId && c.expiresAt - EXPIRY_MARGIN_MS > now ? c : null;
};

/** The stored participant, even if its token expired: the server may still honour it as `previous`. */
export const loadPreviousCredentials = (roomId: string): RoomCredentials | null =>
  readStored(credentialsKey(roomId), RoomCredentials);

export const saveCredentials = (c: RoomCredentials): void => writeStored(credentialsKey(c.roomId), c);
export const clearCredentials = (roomId: string): void => removeStored(credentialsKey(roomId));

export const saveInvite = (roomId: string, invite: string): void => writeStored(inviteKey(roomId), invite);
export const loadInvite = (roomId: string): string | null => readStored(inviteKey(roomId), z.string().min(1));

/**
 * The invite this tab arrived with (sessionStorage: per tab, survives reload). A stored participant
 * is reused only if this tab did not arrive with a different invite, e.g. a candidate link opened
 * in the browser the interviewer used.
 */
const arrivalKey = (roomId: string) => `mockroom.room.${roomId}.arrived-with`;

export const markArrival = (roomId: string, invite: string): void => {
  try {
    sessionStorage.setItem(arrivalKey(roomId), invite);
  } catch {
    // Without sessionStorage a reload simply behaves like a fresh visit.
  }
};

export const loadArrival = (roomId: string): string | null => {
  try {
    return sessionStorage.getItem(arrivalKey(roomId));
  } catch {
    return null;
  }
};
