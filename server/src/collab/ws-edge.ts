import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
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
import { acceptWebSocket, type LiteWebSocket } from "./lite-ws.ts";
import type { CollabConn } from "./types.ts";

const HEARTBEAT_INTERVAL_MS = 30_000;
/**
 * Bytes queued to one client before we give up on it: room for a large board's sync reply and
 * the updates behind it; a client that stopped reading must not grow server memory without bound.
 */
export const MAX_SEND_BUFFER_BYTES = 16 * 1024 * 1024;

const CLOSE_FOR: Partial<Record<string, number>> = {
  [ErrorCode.TokenExpired]: CloseCode.Unauthorized,
  [ErrorCode.TokenInvalid]: CloseCode.Unauthorized,
  [ErrorCode.Unauthorized]: CloseCode.Unauthorized,
  [ErrorCode.WrongRoom]: CloseCode.Forbidden,
  [ErrorCode.RoomNotFound]: CloseCode.RoomNotFound,
};

/**
 * The WebSocket edge of the collab core: path and Origin checks on upgrade, token check after it
 * (so the browser can read the close code and reason), then raw frames into the DocHub. It speaks
 * WebSocket through lite-ws.ts, not `ws`: per connection and per message that layer is most of
 * what a relay costs (docs/benchmarks.md).
 */
export class YjsWebSocketEdge {
  private nextId = 1;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly sockets = new Set<LiteWebSocket>();
  private readonly alive = new WeakSet<LiteWebSocket>();

  constructor(
    private readonly hub: DocHub,
    private readonly rooms: RoomService,
    private readonly log: Logger,
    private readonly allowedOrigins: readonly string[],
  ) {
    this.heartbeat = setInterval(() => {
      for (const ws of this.sockets) {
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
    const epoch = url.searchParams.get("epoch");
    // Frames allow some slack over MAX_MESSAGE_BYTES so the limit is enforced with our own close code (LIM1).
    const ws = acceptWebSocket(req, socket, head, {
      maxPayload: MAX_MESSAGE_BYTES * 2,
      maxSendBufferBytes: MAX_SEND_BUFFER_BYTES,
    });
    if (!ws) return true;
    this.sockets.add(ws);
    this.alive.add(ws);
    ws.onPong = () => this.alive.add(ws);
    void this.accept(ws, docId, token, version, epoch);
    return true;
  }

  private async accept(
    ws: LiteWebSocket,
    docId: string,
    token: string,
    version: string | null,
    epochParam: string | null,
  ): Promise<void> {
    // Frames can arrive while we authenticate and load; keep them in order.
    const early: Uint8Array[] = [];
    let onClosed = () => {};
    ws.onClose = () => {
      this.sockets.delete(ws);
      onClosed();
    };
    ws.onMessage = (data, isBinary) => {
      if (!isBinary) ws.close(CloseCode.BadMessage, "binary frames only");
      else early.push(data);
    };

    if (version !== String(PROTOCOL_VERSION)) return ws.close(CloseCode.VersionMismatch, ErrorCode.VersionMismatch);
    const parsed = parseDocId(docId);
    if (!parsed) return ws.close(CloseCode.RoomNotFound, ErrorCode.RoomNotFound);
    // The epoch of the doc the client holds (DOC13); absent for a fresh doc.
    const clientEpoch = epochParam === null ? null : /^\d{1,9}$/.test(epochParam) ? Number(epochParam) : NaN;
    if (Number.isNaN(clientEpoch)) return ws.close(CloseCode.BadMessage, ErrorCode.InvalidMessage);

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
    if (!ws.isOpen) {
      this.hub.releaseIfIdle(room);
      return;
    }

    const bucket = new TokenBucket(MAX_YJS_MESSAGES_PER_SECOND, YJS_MESSAGE_BURST, Date.now());
    const conn: CollabConn = {
      id: this.nextId++,
      participantId,
      canWrite,
      // Both are no-ops once the socket is closing.
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
    };
    onClosed = () => this.hub.leave(room, conn);
    this.hub.join(room, conn, clientEpoch);

    const onFrame = (bytes: Uint8Array, isBinary: boolean) => {
      if (!isBinary) return conn.close(CloseCode.BadMessage, "binary frames only");
      if (bytes.byteLength > MAX_MESSAGE_BYTES) return conn.close(CloseCode.TooLarge, "message too large");
      if (!bucket.take(Date.now())) return conn.close(CloseCode.RateLimited, "too many messages");
      const current = this.hub.get(room.docId);
      if (current !== room) return conn.close(CloseCode.ServiceRestart, "document reloaded");
      this.hub.receive(room, conn, bytes);
    };
    ws.onMessage = onFrame;
    for (const data of early.splice(0)) onFrame(data, true);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }
}
