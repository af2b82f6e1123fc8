import { z } from "zod";

/**
 * The one table of error codes and close codes. Internal messages never cross the wire:
 * a client gets a code from here (plus a short human sentence) and decides what to show.
 */
export const ErrorCode = {
  Unauthorized: "unauthorized",
  TokenExpired: "token_expired",
  TokenInvalid: "token_invalid",
  WrongRoom: "wrong_room",
  Forbidden: "forbidden",
  InvalidMessage: "invalid_message",
  TooLarge: "too_large",
  RateLimited: "rate_limited",
  RoomNotFound: "room_not_found",
  RoomFull: "room_full",
  NotFound: "not_found",
  VersionMismatch: "version_mismatch",
  BadOrigin: "bad_origin",
  Conflict: "conflict",
  RoundClosed: "round_closed",
  NotReleased: "not_released",
  PeerNotFound: "peer_not_found",
  DuplicateChunk: "duplicate_chunk",
  UnsupportedMedia: "unsupported_media",
  Unavailable: "unavailable",
  /** The document was compacted since this client last synced: start a fresh copy (DOC13). */
  DocReset: "doc_reset",
  Internal: "internal",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
/** For parsing a code that arrived over the wire (close reasons, error bodies). */
export const ErrorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

/** HTTP status for each code, used by every HTTP route. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  token_expired: 401,
  token_invalid: 401,
  wrong_room: 403,
  forbidden: 403,
  invalid_message: 400,
  too_large: 413,
  rate_limited: 429,
  room_not_found: 404,
  room_full: 409,
  not_found: 404,
  version_mismatch: 426,
  bad_origin: 403,
  conflict: 409,
  round_closed: 409,
  not_released: 403,
  peer_not_found: 404,
  duplicate_chunk: 409,
  unsupported_media: 415,
  unavailable: 503,
  doc_reset: 409,
  internal: 500,
};

/** WebSocket close codes (4000-4999 is the application range). */
export const CloseCode = {
  /** A server restart or shutdown: reconnect with backoff. */
  ServiceRestart: 1012,
  BadMessage: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  RoomNotFound: 4404,
  VersionMismatch: 4426,
  TooLarge: 4413,
  RateLimited: 4429,
  RoomFull: 4409,
  /** The doc's epoch moved on (DOC13): open a fresh doc and carry unsaved edits over. Not an error for the user. */
  DocReset: 4410,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which reconnecting with the same credentials cannot help. */
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.RoomNotFound,
  CloseCode.VersionMismatch,
  CloseCode.RoomFull,
];

export interface WireError {
  code: ErrorCode;
  message: string;
}

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: WireError };
export type Ack<T> = (result: AckResult<T>) => void;

export const ok = <T>(data: T): AckResult<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string): AckResult<never> => ({ ok: false, error: { code, message } });

/** Short human sentences for each code; the UI may override with something more specific. */
export const ERROR_HINTS: Partial<Record<ErrorCode, string>> = {
  unauthorized: "You are not signed in to this room: open your invite link again.",
  token_expired: "This invite link has expired: ask the interviewer for a new one.",
  token_invalid: "This link is not valid: check that you copied all of it.",
  wrong_room: "This link belongs to a different room.",
  room_not_found: "This room does not exist (or was deleted).",
  room_full: "This room is full.",
  version_mismatch: "Mockroom was updated: reload the page.",
  forbidden: "Your role cannot do that.",
  rate_limited: "Slow down a little: too many changes at once.",
};
