import { z } from "zod";
import { RoundType } from "../domain/round-type.ts";
import { DisplayName, ParticipantId, Role, RoomId, Title } from "../domain/room.ts";

/** HTTP API request and response bodies (see docs/API.md). Parsed once at the router edge. */
export const CreateRoomRequest = z.object({
  title: Title,
  roundType: RoundType,
  rubricId: z.string().min(1).max(64).optional(),
  promptId: z.string().min(1).max(64).optional(),
});
export type CreateRoomRequest = z.infer<typeof CreateRoomRequest>;

export const Invite = z.object({ role: Role, token: z.string(), url: z.string(), expiresAt: z.number() });
export type Invite = z.infer<typeof Invite>;

export const CreateRoomResponse = z.object({
  roomId: RoomId,
  title: Title,
  roundType: RoundType,
  invites: z.object({ interviewer: Invite, candidate: Invite, observer: Invite }),
});
export type CreateRoomResponse = z.infer<typeof CreateRoomResponse>;

export const InviteInfo = z.object({
  roomId: RoomId,
  title: Title,
  roundType: RoundType,
  role: Role,
  expiresAt: z.number(),
});
export type InviteInfo = z.infer<typeof InviteInfo>;

export const JoinRequest = z.object({
  invite: z.string().min(1).max(2_000),
  name: DisplayName,
  /** A participant token from an earlier join of this room on this browser: rejoin as the same person. */
  previous: z.string().max(2_000).optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const JoinResponse = z.object({
  participantId: ParticipantId,
  token: z.string(),
  role: Role,
  expiresAt: z.number(),
});
export type JoinResponse = z.infer<typeof JoinResponse>;

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Header carrying a participant or invite token; tokens never travel in HTTP paths (so never in access logs). */
export const AUTH_HEADER = "authorization";
export const bearer = (token: string): string => `Bearer ${token}`;
