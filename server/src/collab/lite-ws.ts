import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { endianness } from "node:os";
import type { Duplex } from "node:stream";

/**
 * A minimal server-side RFC 6455 WebSocket for the Yjs endpoint only (Socket.io keeps its own transport).
 *
 * Why not `ws`: each `ws` connection costs a WebSocket + Receiver + Sender (streams, emitters, closures) and every
 * send is a two-buffer writev. Here one connection is one small object whose socket listeners are module-level
 * functions, a small frame is one Buffer in one `socket.write`, and whole frames in a read chunk are unmasked in
 * place and handed out as views without copying. No extensions and no subprotocols are ever negotiated.
 */

/** After we send Close (or answer one), destroy the socket if the peer has not closed TCP by then. */
export const LITE_WS_CLOSE_TIMEOUT_MS = 2_000;

export interface LiteWsOptions {
  /** Bytes of one message after reassembly; a frame or message over it closes with 1009. */
  maxPayload: number;
  /** `socket.writableLength` above this after a send terminates the connection (a client that stopped reading). */
  maxSendBufferBytes: number;
}

/** Frames up to this size (header included) are copied into one Buffer so a send is one write and no writev. */
const SMALL_FRAME_BYTES = 16 * 1024;
/** RFC 6455 5.5: control frames carry at most 125 payload bytes. */
const MAX_CONTROL_PAYLOAD = 125;
/** A Close payload is a 2-byte code plus the reason, so the reason gets what is left of 125. */
const MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;
/** Payloads from this size are unmasked a 32-bit word at a time; below it the view allocation is not worth it. */
const WORD_UNMASK_MIN_BYTES = 64;
/** Largest high word of a 64-bit length that keeps the length ≤ Number.MAX_SAFE_INTEGER (2^53 − 1). */
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;
const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** Base64 of exactly 16 bytes: 22 significant characters and "==" (RFC 6455 4.1, Sec-WebSocket-Key). */
const KEY_PATTERN = /^[A-Za-z0-9+/]{22}==$/;
const LITTLE_ENDIAN = endianness() === "LE";

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_NO_STATUS = 1005;
const CLOSE_ABNORMAL = 1006;
const CLOSE_INVALID_PAYLOAD = 1007;
const CLOSE_TOO_BIG = 1009;

/** Handshake done, nothing closing. */
const STATE_OPEN = 0;
/** We sent Close; still reading, to see the peer's Close and its code. */
const STATE_CLOSE_SENT = 1;
/** Close exchanged, protocol failed, peer gone or terminated: input is ignored and nothing more is sent. */
const STATE_DONE = 2;

const EMPTY = Buffer.alloc(0);

/** Codes a peer may put in a Close frame, and that we may send (RFC 6455 7.4; 1004–1006 and 1015 are reserved). */
const isValidCloseCode = (code: number): boolean =>
  (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);

const kLite = Symbol("liteWs");
/** The socket carries its connection so the listeners can be shared module-level functions, not closures. */
type LiteSocket = Duplex & { [kLite]: LiteWebSocket };

/**
 * One server-side WebSocket connection. Handlers are plain fields, not an EventEmitter, to keep a connection small;
 * set them synchronously after {@link acceptWebSocket} returns (frames are only read on later ticks).
 * Handlers must not throw: they run inside the socket's 'data' and 'close' events.
 */
export class LiteWebSocket {
  /**
   * One complete message. `data` is a view that may alias the socket's read buffer (no copy is made when a read
   * holds whole frames): use it before returning, or copy it (`data.slice()`) to keep it. It is a plain
   * Uint8Array, so `slice()` really copies. Text messages (isBinary=false) are already UTF-8 validated.
   */
  onMessage: ((data: Uint8Array, isBinary: boolean) => void) | null = null;
  /**
   * Called exactly once, when the TCP socket is gone. `code`/`reason` are the peer's Close frame (1005 if it had no
   * code), or the code we failed the connection with on a protocol error, else 1006 (no Close: reset, terminate,
   * close timeout).
   */
  onClose: ((code: number, reason: string) => void) | null = null;
  /** A Pong arrived (for heartbeats: ping() and expect onPong before the next round). */
  onPong: (() => void) | null = null;

  private state = STATE_OPEN;
  private closeCode = CLOSE_ABNORMAL;
  private closeReason = "";
  /** Bytes of an incomplete frame, kept until `need` bytes are there so they are joined with one copy. */
  private pending: Buffer[] | null = null;
  private pendingLen = 0;
  private need = 0;
  /** Opcode of the fragmented message in progress (0 = none) and its fragments so far. */
  private fragOpcode = 0;
  private fragParts: Buffer[] | null = null;
  private fragLen = 0;
  private closeTimer: NodeJS.Timeout | null = null;

  private readonly socket: LiteSocket;

  /** @internal use {@link acceptWebSocket}. */
  constructor(
    socket: Duplex,
    private readonly maxPayload: number,
    private readonly maxSendBufferBytes: number,
  ) {
    this.socket = Object.assign(socket, { [kLite]: this });
  }

  /** Handshake done and no Close sent or received. */
  get isOpen(): boolean {
    return this.state === STATE_OPEN;
  }

  /**
   * Sends one binary frame; a no-op unless open. Large payloads are written without a copy, so do not mutate `data`
   * afterwards. Terminates the connection if the socket's unsent bytes exceed maxSendBufferBytes.
   */
  send(data: Uint8Array): void {
    if (this.state !== STATE_OPEN) return;
    this.writeFrame(OP_BINARY, data);
    if (this.socket.writableLength > this.maxSendBufferBytes) this.terminate();
  }

  ping(): void {
    if (this.state === STATE_OPEN) this.writeFrame(OP_PING, EMPTY);
  }

  /**
   * Sends Close with `code` (1000–1003, 1007–1014 or 3000–4999; anything else is a caller bug and throws RangeError)
   * and `reason` cut to 123 UTF-8 bytes at a character boundary, then ends the socket. The peer's answering Close
   * is still read (its code goes to onClose); without one the socket is destroyed after LITE_WS_CLOSE_TIMEOUT_MS.
   */
  close(code: number, reason: string): void {
    if (!isValidCloseCode(code)) throw new RangeError(`invalid WebSocket close code ${code}`);
    if (this.state !== STATE_OPEN) return;
    this.state = STATE_CLOSE_SENT;
    this.writeFrame(OP_CLOSE, closePayload(code, reason));
    this.endSocket();
  }

  /** Destroys the socket now; onClose(1006, "") follows (or the peer's code, if its Close was already read). */
  terminate(): void {
    this.state = STATE_DONE;
    this.socket.destroy();
  }

  /** @internal 'data' of the socket. */
  receive(chunk: Buffer): void {
    if (this.state === STATE_DONE) return;
    let buf = chunk;
    if (this.pending !== null) {
      this.pending.push(chunk);
      this.pendingLen += chunk.length;
      if (this.pendingLen < this.need) return;
      buf = Buffer.concat(this.pending, this.pendingLen);
      this.pending = null;
      this.pendingLen = 0;
    }
    this.parse(buf);
  }

  /** @internal 'end' of the socket: the peer sent FIN; finish our side so the socket can close. */
  peerEnded(): void {
    this.state = STATE_DONE;
    this.endSocket();
  }

  /** @internal 'error' of the socket (reset, write after destroy…): never rethrown, the 'close' event follows. */
  socketFailed(): void {
    this.state = STATE_DONE;
    this.socket.destroy();
  }

  /** @internal 'close' of the socket. */
  socketClosed(): void {
    this.state = STATE_DONE;
    if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    this.closeTimer = null;
    this.pending = null;
    this.fragParts = null;
    const onClose = this.onClose;
    this.onClose = null;
    this.onMessage = null;
    this.onPong = null;
    onClose?.(this.closeCode, this.closeReason);
  }

  /** Parses every whole frame in `buf`, unmasking in place; keeps an incomplete tail for the next chunk. */
  private parse(buf: Buffer): void {
    const end = buf.length;
    let off = 0;
    while (off < end) {
      if (this.state === STATE_DONE) return;
      const avail = end - off;
      if (avail < 2) return this.keep(buf, off, 2);
      const b0 = buf[off]!;
      const b1 = buf[off + 1]!;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const len7 = b1 & 0x7f;
      // No extension is negotiated, so no RSV bit may be set (RFC 6455 5.2).
      if ((b0 & 0x70) !== 0) return this.fail(CLOSE_PROTOCOL_ERROR, "RSV bits set");
      // Clients must mask every frame (RFC 6455 5.1).
      if ((b1 & 0x80) === 0) return this.fail(CLOSE_PROTOCOL_ERROR, "unmasked frame");
      if (opcode >= OP_CLOSE) {
        if (opcode > OP_PONG) return this.fail(CLOSE_PROTOCOL_ERROR, "unknown opcode");
        if (!fin) return this.fail(CLOSE_PROTOCOL_ERROR, "fragmented control frame");
        if (len7 > MAX_CONTROL_PAYLOAD) return this.fail(CLOSE_PROTOCOL_ERROR, "control frame too long");
      } else if (opcode === OP_CONTINUATION) {
        if (this.fragOpcode === 0) return this.fail(CLOSE_PROTOCOL_ERROR, "continuation without a start");
      } else if (opcode === OP_TEXT || opcode === OP_BINARY) {
        if (this.fragOpcode !== 0) return this.fail(CLOSE_PROTOCOL_ERROR, "new message inside a fragmented one");
      } else {
        return this.fail(CLOSE_PROTOCOL_ERROR, "unknown opcode");
      }
      const lenBytes = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
      const headerLen = 2 + lenBytes + 4;
      if (avail < headerLen) return this.keep(buf, off, headerLen);
      let len = len7;
      if (len7 === 126) len = buf.readUInt16BE(off + 2);
      else if (len7 === 127) {
        const high = buf.readUInt32BE(off + 2);
        if (high > MAX_SAFE_HIGH_WORD) return this.fail(CLOSE_TOO_BIG, "message too big");
        len = high * 2 ** 32 + buf.readUInt32BE(off + 6);
      }
      // Checked on the header, so an oversized frame is refused before any of its payload is buffered.
      const messageLen = opcode === OP_CONTINUATION ? this.fragLen + len : len;
      if (messageLen > this.maxPayload) return this.fail(CLOSE_TOO_BIG, "message too big");
      if (avail < headerLen + len) return this.keep(buf, off, headerLen + len);

      const start = off + headerLen;
      unmask(buf, start - 4, start, len);
      off = start + len;
      if (opcode >= OP_CLOSE) this.control(opcode, buf, start, len);
      else this.data(opcode, fin, buf, start, len);
    }
  }

  /** Keeps buf[off..] (an incomplete frame) until `need` bytes of it are there. */
  private keep(buf: Buffer, off: number, need: number): void {
    const rest = buf.subarray(off);
    this.pending = [rest];
    this.pendingLen = rest.length;
    this.need = need;
  }

  private data(opcode: number, fin: boolean, buf: Buffer, start: number, len: number): void {
    if (opcode !== OP_CONTINUATION) {
      if (fin) return this.deliver(new Uint8Array(buf.buffer, buf.byteOffset + start, len), opcode === OP_BINARY);
      this.fragOpcode = opcode;
      this.fragParts = [buf.subarray(start, start + len)];
      this.fragLen = len;
      return;
    }
    const parts = this.fragParts ?? [];
    parts.push(buf.subarray(start, start + len));
    this.fragLen += len;
    if (!fin) return;
    const whole = Buffer.concat(parts, this.fragLen);
    const isBinary = this.fragOpcode === OP_BINARY;
    this.fragOpcode = 0;
    this.fragParts = null;
    this.fragLen = 0;
    this.deliver(new Uint8Array(whole.buffer, whole.byteOffset, whole.length), isBinary);
  }

  private deliver(data: Uint8Array, isBinary: boolean): void {
    if (!isBinary && !isUtf8(data)) return this.fail(CLOSE_INVALID_PAYLOAD, "invalid UTF-8");
    // After we sent Close the peer may still send data; RFC 6455 lets us drop it.
    if (this.state === STATE_OPEN) this.onMessage?.(data, isBinary);
  }

  private control(opcode: number, buf: Buffer, start: number, len: number): void {
    if (opcode === OP_PONG) {
      this.onPong?.();
    } else if (opcode === OP_PING) {
      // Small frame: writeFrame copies the payload, so the view into the read chunk is not kept.
      if (this.state === STATE_OPEN) this.writeFrame(OP_PONG, buf.subarray(start, start + len));
    } else {
      this.peerClose(buf.subarray(start, start + len));
    }
  }

  private peerClose(payload: Buffer): void {
    let code = CLOSE_NO_STATUS;
    let reason = "";
    if (payload.length === 1) return this.fail(CLOSE_PROTOCOL_ERROR, "truncated close code");
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      if (!isValidCloseCode(code)) return this.fail(CLOSE_PROTOCOL_ERROR, "invalid close code");
      const raw = payload.subarray(2);
      if (!isUtf8(raw)) return this.fail(CLOSE_INVALID_PAYLOAD, "invalid UTF-8 in close reason");
      reason = raw.toString("utf8");
    }
    this.closeCode = code;
    this.closeReason = reason;
    if (this.state === STATE_OPEN) {
      // Echo the code (RFC 6455 5.5.1); an empty Close answers an empty one.
      this.writeFrame(OP_CLOSE, code === CLOSE_NO_STATUS ? EMPTY : closePayload(code, ""));
    }
    this.state = STATE_DONE;
    this.endSocket();
  }

  /** Fails the connection (RFC 6455 7.1.7): Close with `code` if we still may, then end; input is ignored. */
  private fail(code: number, reason: string): void {
    if (this.state === STATE_DONE) return;
    if (this.state === STATE_OPEN) this.writeFrame(OP_CLOSE, closePayload(code, reason));
    this.closeCode = code;
    this.closeReason = reason;
    this.state = STATE_DONE;
    this.pending = null;
    this.fragParts = null;
    this.endSocket();
  }

  private endSocket(): void {
    const socket = this.socket;
    if (!socket.writableEnded) socket.end();
    if (this.closeTimer === null && !socket.destroyed) {
      this.closeTimer = setTimeout(destroyStuckSocket, LITE_WS_CLOSE_TIMEOUT_MS, socket);
      this.closeTimer.unref();
    }
  }

  private writeFrame(opcode: number, payload: Uint8Array): void {
    const len = payload.length;
    const headerLen = len < 126 ? 2 : len < 65_536 ? 4 : 10;
    const socket = this.socket;
    if (headerLen + len <= SMALL_FRAME_BYTES) {
      const frame = Buffer.allocUnsafe(headerLen + len);
      writeHeader(frame, opcode, len);
      frame.set(payload, headerLen);
      socket.write(frame);
      return;
    }
    // Large: header and payload under cork so they leave in one writev without copying the payload.
    const header = Buffer.allocUnsafe(headerLen);
    writeHeader(header, opcode, len);
    socket.cork();
    socket.write(header);
    socket.write(payload);
    socket.uncork();
  }
}

/** FIN set, no RSV, no mask (server frames are never masked). */
function writeHeader(target: Buffer, opcode: number, len: number): void {
  target[0] = 0x80 | opcode;
  if (len < 126) {
    target[1] = len;
  } else if (len < 65_536) {
    target[1] = 126;
    target.writeUInt16BE(len, 2);
  } else {
    target[1] = 127;
    target.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    target.writeUInt32BE(len >>> 0, 6);
  }
}

function closePayload(code: number, reason: string): Buffer {
  let text = Buffer.from(reason, "utf8");
  if (text.length > MAX_CLOSE_REASON_BYTES) {
    // Cut before the character that straddles the limit: back up over UTF-8 continuation bytes (10xxxxxx).
    let cut = MAX_CLOSE_REASON_BYTES;
    while (cut > 0 && (text[cut]! & 0xc0) === 0x80) cut--;
    text = text.subarray(0, cut);
  }
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}

/** XORs buf[start, start+len) with the 4-byte mask at buf[maskAt], in place. */
function unmask(buf: Buffer, maskAt: number, start: number, len: number): void {
  let i = 0;
  if (LITTLE_ENDIAN && len >= WORD_UNMASK_MIN_BYTES) {
    // Bytes until the address is 4-aligned, then whole 32-bit words, then the tail.
    const lead = (4 - ((buf.byteOffset + start) & 3)) & 3;
    for (; i < lead; i++) buf[start + i]! ^= buf[maskAt + (i & 3)]!;
    const words = (len - i) >>> 2;
    const word =
      buf[maskAt + (i & 3)]! |
      (buf[maskAt + ((i + 1) & 3)]! << 8) |
      (buf[maskAt + ((i + 2) & 3)]! << 16) |
      (buf[maskAt + ((i + 3) & 3)]! << 24);
    const view = new Int32Array(buf.buffer, buf.byteOffset + start + i, words);
    for (let w = 0; w < words; w++) view[w]! ^= word;
    i += words * 4;
  }
  for (; i < len; i++) buf[start + i]! ^= buf[maskAt + (i & 3)]!;
}

function destroyStuckSocket(socket: Duplex): void {
  socket.destroy();
}

// Shared socket listeners: `this` is the socket, which carries its connection under kLite.
function onSocketData(this: LiteSocket, chunk: Buffer): void {
  this[kLite].receive(chunk);
}
function onSocketEnd(this: LiteSocket): void {
  this[kLite].peerEnded();
}
function onSocketError(this: LiteSocket): void {
  this[kLite].socketFailed();
}
function onSocketClose(this: LiteSocket): void {
  this[kLite].socketClosed();
}
function destroyAfterAnswer(this: Duplex): void {
  this.destroy();
}
function ignoreError(): void {}

function headerTokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(",") : value;
  return joined.split(",").map((t) => t.trim().toLowerCase());
}

function refuse(socket: Duplex, status: "400 Bad Request" | "426 Upgrade Required", why: string): null {
  const extra = status.startsWith("426") ? "Sec-WebSocket-Version: 13\r\n" : "";
  socket.on("error", ignoreError);
  socket.once("finish", destroyAfterAnswer);
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status}\r\nConnection: close\r\n${extra}Content-Type: text/plain\r\n` +
        `Content-Length: ${Buffer.byteLength(why)}\r\n\r\n${why}`,
    );
  } else socket.destroy();
  return null;
}

/**
 * Completes the WebSocket upgrade for a request from the HTTP server's 'upgrade' event (101, no extensions, no
 * subprotocol) and returns the connection, or answers 400/426, ends the socket and returns null. Never throws on
 * bad input. `head` (bytes the client sent after the request) is read as the first frame bytes.
 */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  opts: LiteWsOptions,
): LiteWebSocket | null {
  if (req.method !== "GET") return refuse(socket, "400 Bad Request", "WebSocket upgrade must be a GET");
  if (!headerTokens(req.headers.upgrade).includes("websocket")) {
    return refuse(socket, "400 Bad Request", "Upgrade: websocket required");
  }
  if (!headerTokens(req.headers.connection).includes("upgrade")) {
    return refuse(socket, "400 Bad Request", "Connection: upgrade required");
  }
  if (req.headers["sec-websocket-version"] !== "13") {
    return refuse(socket, "426 Upgrade Required", "Sec-WebSocket-Version 13 required");
  }
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string" || !KEY_PATTERN.test(key)) {
    return refuse(socket, "400 Bad Request", "invalid Sec-WebSocket-Key");
  }
  if (!socket.readable || !socket.writable) {
    socket.destroy();
    return null;
  }
  const accept = createHash("sha1")
    .update(key + HANDSHAKE_GUID)
    .digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  if (socket instanceof Socket) {
    // The HTTP server's idle timeout must not cut a WebSocket; heartbeats are the caller's.
    socket.setTimeout(0);
    socket.setNoDelay(true);
  }
  const lite = new LiteWebSocket(socket, opts.maxPayload, opts.maxSendBufferBytes);
  // Parsed on a later tick like any read, so the caller's handlers are set by then.
  if (head.length > 0) socket.unshift(head);
  socket.on("data", onSocketData);
  socket.on("end", onSocketEnd);
  socket.on("error", onSocketError);
  socket.on("close", onSocketClose);
  return lite;
}
