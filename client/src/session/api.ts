import type { z } from "zod";
import {
  AUTH_HEADER,
  CreateRoomResponse,
  ErrorBody,
  ErrorCode,
  InviteInfo,
  JoinResponse,
  RoomState,
  bearer,
  type CreateRoomRequest,
  type JoinRequest,
} from "@mockroom/shared";
import { toErrorCode } from "./error-code.ts";

/** Everything the HTTP API can answer besides success: a shared error code, or no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | "network",
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const request = async <S extends z.ZodType>(
  schema: S,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<z.infer<S>> => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set(AUTH_HEADER, bearer(init.token));
  if (init.body) headers.set("content-type", "application/json");
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError("network", "Mockroom could not be reached", 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ErrorBody.safeParse(body);
    const code = err.success
      ? toErrorCode(err.data.error.code)
      : res.status >= 500
        ? ErrorCode.Unavailable
        : ErrorCode.Internal;
    throw new ApiError(code, err.success ? err.data.error.message : `HTTP ${res.status}`, res.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(ErrorCode.InvalidMessage, `unexpected response from ${path}`, res.status);
  return parsed.data;
};

export const createRoom = (req: CreateRoomRequest): Promise<CreateRoomResponse> =>
  request(CreateRoomResponse, "/api/rooms", { method: "POST", body: JSON.stringify(req) });

export const inspectInvite = (inviteToken: string): Promise<InviteInfo> =>
  request(InviteInfo, "/api/invites/inspect", { token: inviteToken });

export const joinRoom = (roomId: string, req: JoinRequest): Promise<JoinResponse> =>
  request(JoinResponse, `/api/rooms/${encodeURIComponent(roomId)}/join`, { method: "POST", body: JSON.stringify(req) });

export const fetchRoomState = (roomId: string, participantToken: string): Promise<RoomState> =>
  request(RoomState, `/api/rooms/${encodeURIComponent(roomId)}`, { token: participantToken });
