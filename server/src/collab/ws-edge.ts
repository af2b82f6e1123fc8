import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import {
  CloseCode,
  ErrorCode,
  MAX_MESSAGE_BYTES,
  MAX_YJS_MESSAGES_PER_SECOND,
  PROTOCOL_VERSION,
  TokenBucket,
  YJS_MESSAGE_BURST,
  YJS_PATH,
  canEditDocs,
  parseDocId,
} from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import { originAllowed } from "../http/origin.ts";
import type { Logger } from "../log.ts";
import type { RoomService } from "../rooms/room-service.ts";
import type { DocHub } from "./doc-hub.ts";
import type { DocRoom } from "./doc-room.ts";
import type { CollabConn } from "./types.ts";

const HEARTBEAT_INTERVAL_MS = 30_000;

const CLOSE_FOR: Partial<Record<string, number>> = {
  [ErrorCode.TokenExpired]: CloseCode.Unauthorized,
  [ErrorCode.TokenInvalid]: CloseCode.Unauthorized,
  [ErrorCode.Unauthorized]: CloseCode.Unauthorized,
  [ErrorCode.WrongRoom]: CloseCode.Forbidden,
  [ErrorCode.RoomNotFound]: CloseCode.RoomNotFound,
};

/**
 * The WebSocket edge of the collab core: path and Origin checks on upgrade, token check after it
 * (so the browser can read the close code and reason), then raw frames into the DocHub.
 */
export class YjsWebSocketEdge {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES * 2 });
  private nextId = 1;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();

  constructor(
    private readonly hub: DocHub,
    private readonly rooms: RoomService,
    private readonly log: Logger,
    private readonly allowedOrigins: readonly string[],
  ) {
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!this.alive.has(ws)) ws.terminate();
        else {
          this.alive.delete(ws);
          ws.ping();
        }
      }
    }, HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** True if the request was ours to handle. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? "/", "http://x");
    if (!url.pathname.startsWith(`${YJS_PATH}/`)) return false;
    if (!originAllowed(req, this.allowedOrigins)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    const docId = decodeURIComponent(url.pathname.slice(YJS_PATH.length + 1));
    const token = url.searchParams.get("token") ?? "";
    const version = url.searchParams.get("v");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.alive.add(ws);
      ws.on("pong", () => this.alive.add(ws));
      void this.accept(ws, docId, token, version);
    });
    return true;
  }

  private async accept(ws: WebSocket, docId: string, token: string, version: string | null): Promise<void> {
    // Frames can arrive while we authenticate and load; keep them in order.
    const early: RawData[] = [];
    let onFrame: (data: RawData, isBinary: boolean) => void = (data, isBinary) => {
      if (!isBinary) ws.close(CloseCode.BadMessage, "binary frames only");
      else early.push(data);
    };
    ws.on("message", (data, isBinary) => onFrame(data, isBinary));
    ws.on("error", () => ws.terminate());

    if (version !== String(PROTOCOL_VERSION)) return ws.close(CloseCode.VersionMismatch, ErrorCode.VersionMismatch);
    const parsed = parseDocId(docId);
    if (!parsed) return ws.close(CloseCode.RoomNotFound, ErrorCode.RoomNotFound);

    let canWrite: boolean;
    let participantId: string;
    let room: DocRoom;
    try {
      const auth = await this.rooms.authenticate(token, parsed.roomId);
      if (parsed.round > auth.room.round) return ws.close(CloseCode.RoomNotFound, ErrorCode.RoomNotFound);
      participantId = auth.participant.id;
      // Past rounds are kept as they ended (ROUND1); observers never write (RO1).
      canWrite = canEditDocs(auth.participant.role) && parsed.round === auth.room.round;
      room = await this.hub.acquire(docId);
    } catch (e) {
      if (e instanceof DomainError) return ws.close(CLOSE_FOR[e.code] ?? CloseCode.Forbidden, e.code);
      this.log.error("yjs accept failed", { docId, error: String(e) });
      return ws.close(CloseCode.ServiceRestart, ErrorCode.Internal);
    }
    if (ws.readyState !== ws.OPEN) {
      this.hub.releaseIfIdle(room);
      return;
    }

    const bucket = new TokenBucket(MAX_YJS_MESSAGES_PER_SECOND, YJS_MESSAGE_BURST, Date.now());
    const conn: CollabConn = {
      id: this.nextId++,
      participantId,
      canWrite,
      send: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(data);
      },
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      },
    };
    ws.on("close", () => this.hub.leave(room, conn));
    this.hub.join(room, conn);

    onFrame = (data, isBinary) => {
      if (!isBinary) return conn.close(CloseCode.BadMessage, "binary frames only");
      const bytes = toBytes(data);
      if (bytes.byteLength > MAX_MESSAGE_BYTES) return conn.close(CloseCode.TooLarge, "message too large");
      if (!bucket.take(Date.now())) return conn.close(CloseCode.RateLimited, "too many messages");
      const current = this.hub.get(room.docId);
      if (current !== room) return conn.close(CloseCode.ServiceRestart, "document reloaded");
      this.hub.receive(room, conn, bytes);
    };
    for (const data of early.splice(0)) onFrame(data, true);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

const toBytes = (data: RawData): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
};
