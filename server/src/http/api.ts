import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { z } from "zod";
import { CreateRoomRequest, ErrorCode, HTTP_STATUS, JoinRequest, RoomId, type ErrorBody } from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Presence } from "../rooms/presence.ts";
import type { Authenticated, RoomService } from "../rooms/room-service.ts";
import { buildRoomState } from "../rooms/room-view.ts";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

export const sendError = (res: Response, code: ErrorCode, message: string): void => {
  const body: ErrorBody = { error: { code, message } };
  res.status(HTTP_STATUS[code]).json(body);
};

/** Parses a body with its schema or throws the shared invalid_message error. */
export const parseBody = <T>(schema: z.ZodType<T>, body: unknown): T => {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new DomainError(
      ErrorCode.InvalidMessage,
      r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  return r.data;
};

export const bearerToken = (req: Request): string => {
  const h = req.headers.authorization ?? "";
  const m = /^Bearer (\S+)$/.exec(h);
  if (!m) throw new DomainError(ErrorCode.Unauthorized, "missing bearer token");
  return m[1]!;
};

export const roomIdParam = (req: Request): string => {
  const r = RoomId.safeParse(req.params["roomId"]);
  if (!r.success) throw new DomainError(ErrorCode.RoomNotFound, "room not found");
  return r.data;
};

/** Wraps an async handler so thrown DomainErrors become coded responses. */
export const route =
  (log: Logger, fn: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, _next: NextFunction) => {
    fn(req, res).catch((e: unknown) => {
      if (e instanceof DomainError) return sendError(res, e.code, e.message);
      log.error("http handler failed", { path: req.route?.path, error: String(e) });
      sendError(res, ErrorCode.Internal, "internal error");
    });
  };

/** Resolves the bearer participant token and checks it belongs to the room in the path. */
export const authenticate = async (rooms: RoomService, req: Request): Promise<Authenticated> =>
  rooms.authenticate(bearerToken(req), roomIdParam(req));

export const roomsRouter = (deps: { rooms: RoomService; presence: Presence; log: Logger }): Router => {
  const r = express.Router();
  const { rooms, log } = deps;

  r.post(
    "/rooms",
    route(log, async (req, res) => {
      const body = parseBody(CreateRoomRequest, req.body);
      res.status(201).json(await rooms.create(body));
    }),
  );

  r.get(
    "/invites/inspect",
    route(log, async (req, res) => {
      res.json(await rooms.inspectInvite(bearerToken(req)));
    }),
  );

  r.post(
    "/rooms/:roomId/join",
    route(log, async (req, res) => {
      const body = parseBody(JoinRequest, req.body);
      res.json(await rooms.join(roomIdParam(req), body));
    }),
  );

  r.get(
    "/rooms/:roomId",
    route(log, async (req, res) => {
      const { room } = await authenticate(rooms, req);
      const people = await rooms.listParticipants(room.id);
      res.json(buildRoomState(room, people, deps.presence, Date.now()));
    }),
  );

  return r;
};
