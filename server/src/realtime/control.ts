import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { ErrorCode, HandshakeAuth, MAX_SIGNAL_BYTES, PROTOCOL_VERSION } from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import { originAllowed } from "../http/origin.ts";
import type { Logger } from "../log.ts";
import type { EventLog } from "../persistence/ports.ts";
import type { Presence } from "../rooms/presence.ts";
import type { RoomService } from "../rooms/room-service.ts";
import { buildRoomState } from "../rooms/room-view.ts";
import { newBucket, onEvent, type IoServer, type IoSocket } from "./handler.ts";

/** Socket.io channel names: every participant of a room, and one participant's own sockets. */
export const roomChannel = (roomId: string): string => `room:${roomId}`;
export const participantChannel = (participantId: string): string => `p:${participantId}`;
export const interviewerChannel = (roomId: string): string => `room:${roomId}:interviewers`;

export interface ControlContext {
  io: IoServer;
  rooms: RoomService;
  presence: Presence;
  events: EventLog;
  log: Logger;
  now: () => number;
  broadcastRoomState(roomId: string): Promise<void>;
}

/** A feature (scoring, audio, recording…) adds its events by registering one of these. */
export type ControlFeature = (ctx: ControlContext, socket: IoSocket) => void;

export interface ControlOptions {
  rooms: RoomService;
  presence: Presence;
  events: EventLog;
  log: Logger;
  allowedOrigins: readonly string[];
  features: readonly ControlFeature[];
  now?: () => number;
}

export const createControlChannel = (http: HttpServer, opts: ControlOptions): { io: IoServer; ctx: ControlContext } => {
  const io: IoServer = new Server(http, {
    // The Yjs endpoint shares this HTTP server; let it handle its own upgrades.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: MAX_SIGNAL_BYTES * 2,
    allowRequest: (req, cb) => cb(null, originAllowed(req, opts.allowedOrigins)),
  });
  const now = opts.now ?? Date.now;
  const ctx: ControlContext = {
    io,
    rooms: opts.rooms,
    presence: opts.presence,
    events: opts.events,
    log: opts.log,
    now,
    async broadcastRoomState(roomId) {
      const room = await opts.rooms.getRoom(roomId);
      if (!room) return;
      const people = await opts.rooms.listParticipants(roomId);
      io.to(roomChannel(roomId)).emit("room:state", buildRoomState(room, people, opts.presence, now()));
    },
  };

  io.use(async (socket, next) => {
    const reject = (code: string, message: string) => next(Object.assign(new Error(message), { data: { code } }));
    const auth: unknown = socket.handshake.auth;
    const v = typeof auth === "object" && auth !== null && "v" in auth ? auth.v : undefined;
    if (v !== PROTOCOL_VERSION) return reject(ErrorCode.VersionMismatch, `protocol ${PROTOCOL_VERSION} required`);
    const parsed = HandshakeAuth.safeParse(auth);
    if (!parsed.success) return reject(ErrorCode.Unauthorized, "missing token");
    try {
      const { room, participant } = await opts.rooms.authenticate(parsed.data.token);
      socket.data = { roomId: room.id, participantId: participant.id, bucket: newBucket() };
      next();
    } catch (e) {
      if (e instanceof DomainError) return reject(e.code, e.message);
      opts.log.error("socket auth failed", { error: String(e) });
      reject(ErrorCode.Internal, "internal error");
    }
  });

  io.on("connection", (socket) => void onConnection(ctx, socket, opts.features));
  return { io, ctx };
};

const onConnection = async (ctx: ControlContext, socket: IoSocket, features: readonly ControlFeature[]) => {
  const { roomId, participantId } = socket.data;
  // Register handlers first: events sent right after connect must not be lost while we await.
  onEvent(socket, "clock:ping", ctx.log, (msg) => ({ t: msg.t, server: ctx.now() }));
  for (const feature of features) feature(ctx, socket);

  socket.on("disconnect", () => {
    const wentOffline = ctx.presence.remove(roomId, participantId);
    void (async () => {
      if (wentOffline) await logPresence(ctx, roomId, participantId, "leave");
      await ctx.broadcastRoomState(roomId);
    })().catch((e: unknown) => ctx.log.error("disconnect bookkeeping failed", { error: String(e) }));
  });

  const me = (await ctx.rooms.listParticipants(roomId)).find((p) => p.id === participantId);
  if (!me || socket.disconnected) return;
  await socket.join([roomChannel(roomId), participantChannel(participantId)]);
  if (me.role === "interviewer") await socket.join(interviewerChannel(roomId));
  if (ctx.presence.add(roomId, participantId)) {
    void logPresence(ctx, roomId, participantId, "join").catch((e: unknown) =>
      ctx.log.error("join bookkeeping failed", { error: String(e) }),
    );
  }
  await ctx.broadcastRoomState(roomId);
};

/** Joins and leaves go on the room's event log (replay timeline), stamped with the current round. */
const logPresence = async (ctx: ControlContext, roomId: string, participantId: string, kind: "join" | "leave") => {
  const room = await ctx.rooms.getRoom(roomId);
  await ctx.events.append({ roomId, round: room?.round ?? 1, ts: ctx.now(), kind, actorId: participantId, data: null });
};
