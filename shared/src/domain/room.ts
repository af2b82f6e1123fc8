import { z } from "zod";
import { RoundType } from "./round-type.ts";
import { MAX_NAME_CHARS, MAX_TITLE_CHARS } from "./limits.ts";

export const Role = z.enum(["interviewer", "candidate", "observer"]);
export type Role = z.infer<typeof Role>;
export const ROLES: readonly Role[] = Role.options;

export const ROLE_BLURBS: Record<Role, string> = {
  interviewer: "Runs the mock: sees the prompt's probes, the rubric and private notes.",
  candidate: "Solves the problem: sees the statement, the clock and the people.",
  observer: "Watches live, read-only. Cannot draw, type or score.",
};

/** Roles whose edits to the board and pad the server accepts. */
export const canEditDocs = (role: Role): boolean => role !== "observer";
export const isInterviewer = (role: Role): boolean => role === "interviewer";

export const RoomId = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/, "malformed room id");
export type RoomId = z.infer<typeof RoomId>;
export const ParticipantId = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/, "malformed participant id");
export type ParticipantId = z.infer<typeof ParticipantId>;

export const Title = z.string().trim().min(1).max(MAX_TITLE_CHARS);
export const DisplayName = z.string().trim().min(1).max(MAX_NAME_CHARS);

/** A round is one scored unit: peers swap roles and start a new round with a fresh board. */
export const RoundNo = z.number().int().min(1).max(20);

/** Each Yjs document is one round of one room; the id is what the WebSocket path names. */
export const docIdFor = (roomId: string, round: number): string => `${roomId}.${round}`;
export const parseDocId = (docId: string): { roomId: string; round: number } | null => {
  const m = /^([A-Za-z0-9_-]{8,32})\.(\d{1,2})$/.exec(docId);
  if (!m) return null;
  const round = Number(m[2]);
  return round >= 1 ? { roomId: m[1]!, round } : null;
};

/** Distinct hues per role (avatars, cursors, badges); individual colours vary within them. */
export const ROLE_COLOURS: Record<Role, readonly string[]> = {
  interviewer: ["#7c3aed", "#9333ea", "#6d28d9"],
  candidate: ["#0891b2", "#0284c7", "#0d9488"],
  observer: ["#64748b", "#78716c", "#71717a"],
};
export const colourFor = (role: Role, index: number): string => {
  const list = ROLE_COLOURS[role];
  return list[index % list.length]!;
};

export const ParticipantView = z.object({
  id: ParticipantId,
  name: DisplayName,
  role: Role,
  colour: z.string(),
  online: z.boolean(),
  /** Lead interviewer scores; a shadow interviewer scores independently for calibration. */
  lead: z.boolean(),
});
export type ParticipantView = z.infer<typeof ParticipantView>;

export const RoomMeta = z.object({
  id: RoomId,
  title: Title,
  roundType: RoundType,
  createdAt: z.number(),
  round: RoundNo,
});
export type RoomMeta = z.infer<typeof RoomMeta>;
