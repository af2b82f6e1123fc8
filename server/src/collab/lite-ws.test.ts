import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LITE_WS_CLOSE_TIMEOUT_MS, acceptWebSocket, type LiteWebSocket, type LiteWsOptions } from "./lite-ws.ts";

const MB = 1024 * 1024;
const DEFAULT_OPTS: LiteWsOptions = { maxPayload: 2 * MB, maxSendBufferBytes: 8 * MB };
/** RFC 6455 1.3's worked example: this key must be answered with this accept value. */
const RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const WAIT_MS = 3_000;

/** What the server saw on one accepted connection. */
interface Conn {
  ws: LiteWebSocket;
  messages: { data: Buffer; isBinary: boolean }[];
  closes: { code: number; reason: string }[];
  pongs: number;
  closed: Promise<{ code: number; reason: string }>;
}

interface Harness {
  port: number;
  url: string;
  conns: Conn[];
  refused: number;
  nextConn(): Promise<Conn>;
}

const servers: Server[] = [];
const liveConns: Conn[] = [];
const rawSockets: Socket[] = [];
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.terminate();
  for (const s of rawSockets.splice(0)) s.destroy();
  for (const c of liveConns.splice(0)) c.ws.terminate();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const withTimeout = <T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref()),
  ]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A real HTTP server on port 0 whose 'upgrade' calls acceptWebSocket. Each connection records what it sees; with
 * `echo` it sends every binary message back. `setup` runs synchronously after accept, as ws-edge will.
 */
async function startServer(
  opts: Partial<LiteWsOptions> = {},
  setup?: (conn: Conn) => void,
  echo = true,
): Promise<Harness> {
  const server = createServer((_req, res) => res.end("not a websocket"));
  servers.push(server);
  const untaken: Conn[] = [];
  const waiting: ((c: Conn) => void)[] = [];
  const harness: Harness = {
    port: 0,
    url: "",
    conns: [],
    refused: 0,
    nextConn: () => {
      const ready = untaken.shift();
      if (ready) return Promise.resolve(ready);
      return withTimeout(new Promise<Conn>((resolve) => waiting.push(resolve)), "a server connection");
    },
  };
  server.on("upgrade", (req, socket, head) => {
    const ws = acceptWebSocket(req, socket, head, { ...DEFAULT_OPTS, ...opts });
    if (ws === null) {
      harness.refused++;
      return;
    }
    let resolveClosed: (v: { code: number; reason: string }) => void = () => {};
    const conn: Conn = {
      ws,
      messages: [],
      closes: [],
      pongs: 0,
      closed: new Promise((r) => (resolveClosed = r)),
    };
    ws.onMessage = (data, isBinary) => {
      conn.messages.push({ data: Buffer.from(data), isBinary });
      if (echo && isBinary) ws.send(data);
    };
    ws.onClose = (code, reason) => {
      conn.closes.push({ code, reason });
      resolveClosed({ code, reason });
    };
    ws.onPong = () => conn.pongs++;
    setup?.(conn);
    harness.conns.push(conn);
    liveConns.push(conn);
    const waiter = waiting.shift();
    if (waiter) waiter(conn);
    else untaken.push(conn);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  harness.port = address.port;
  harness.url = `ws://127.0.0.1:${address.port}/yjs/doc`;
  return harness;
}

async function wsClient(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const client = new WebSocket(url, options);
  clients.push(client);
  await withTimeout(once(client, "open"), "client open");
  return client;
}

const wsClosed = (client: WebSocket): Promise<{ code: number; reason: string }> =>
  withTimeout(
    new Promise((resolve) => client.once("close", (code, reason) => resolve({ code, reason: reason.toString() }))),
    "client close",
  );

const nextWsMessage = (client: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> =>
  withTimeout(
    new Promise((resolve) =>
      client.once("message", (data, isBinary) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(new Uint8Array(data));
        resolve({ data: bytes, isBinary });
      }),
    ),
    "client message",
  );

// ---- hand-made frames -------------------------------------------------------------------------------------------

interface FrameSpec {
  opcode: number;
  payload?: Uint8Array;
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
  /** Declared length when it differs from the payload (header-only oversized frames). */
  declaredLength?: number;
}

/** A client frame as a browser would send it: masked with a random key unless told otherwise. */
function frame({ opcode, payload = new Uint8Array(0), fin = true, rsv = 0, masked = true, declaredLength }: FrameSpec) {
  const len = declaredLength ?? payload.length;
  const lenBytes = len < 126 ? 0 : len < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lenBytes + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  header[1] = (masked ? 0x80 : 0) | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) header.writeUInt16BE(len, 2);
  if (lenBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  const body = Buffer.from(payload);
  if (masked) {
    const mask = randomBytes(4);
    mask.copy(header, 2 + lenBytes);
    for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i & 3]!;
  }
  return Buffer.concat([header, body]);
}

const closeBody = (code: number, reason: Uint8Array | string = ""): Buffer =>
  Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);

interface ServerFrame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** A raw TCP client that does the handshake by hand and then reads server frames byte-exactly. */
class RawClient {
  private buf = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  ended = false;
  closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake?.();
    });
    socket.on("end", () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on("error", () => {});
    this.closed = withTimeout(
      once(socket, "close").then(() => undefined),
      "raw socket close",
    );
    this.closed.catch(() => {});
  }

  static async open(port: number, request: string, extra?: Buffer, allowHalfOpen = false): Promise<RawClient> {
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen });
    rawSockets.push(socket);
    socket.setNoDelay(true);
    await withTimeout(once(socket, "connect"), "raw connect");
    const client = new RawClient(socket);
    socket.write(extra ? Buffer.concat([Buffer.from(request), extra]) : request);
    return client;
  }

  /** Connects and completes a correct handshake; `extra` goes in the same write, right after the headers. */
  static async upgraded(port: number, extra?: Buffer, allowHalfOpen = false): Promise<RawClient> {
    const client = await RawClient.open(port, handshake(), extra, allowHalfOpen);
    const head = await client.readHead();
    expect(head.status).toBe(101);
    return client;
  }

  private async waitMore(): Promise<void> {
    if (this.ended) throw new Error("peer ended");
    await withTimeout(new Promise<void>((r) => (this.wake = r)), "raw data");
    this.wake = null;
  }

  async readHead(): Promise<{ status: number; headers: Map<string, string>; body: string }> {
    let end = this.buf.indexOf("\r\n\r\n");
    while (end < 0) {
      await this.waitMore();
      end = this.buf.indexOf("\r\n\r\n");
    }
    const lines = this.buf.subarray(0, end).toString("latin1").split("\r\n");
    this.buf = this.buf.subarray(end + 4);
    const status = Number(lines[0]?.split(" ")[1]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    return { status, headers, body: "" };
  }

  /** Reads everything until the server closes (for refused handshakes). */
  async readAll(): Promise<string> {
    await this.closed;
    return this.buf.toString("latin1");
  }

  async readFrame(): Promise<ServerFrame> {
    for (;;) {
      const parsed = parseServerFrame(this.buf);
      if (parsed) {
        this.buf = this.buf.subarray(parsed.size);
        return parsed.frame;
      }
      await this.waitMore();
    }
  }

  /** Reads frames until a Close and returns its code (1005 when it has none). */
  async readCloseCode(): Promise<number> {
    for (;;) {
      const f = await this.readFrame();
      if (f.opcode === 0x8) return f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005;
    }
  }

  /** Bytes received and not yet read as a head or a frame. */
  get unread(): Buffer {
    return this.buf;
  }

  send(...frames: Buffer[]): void {
    this.socket.write(Buffer.concat(frames));
  }
}

function parseServerFrame(buf: Buffer): { frame: ServerFrame; size: number } | null {
  if (buf.length < 2) return null;
  const len7 = buf[1]! & 0x7f;
  let off = 2;
  let len = len7;
  if (len7 === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    off = 4;
  } else if (len7 === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    off = 10;
  }
  const masked = (buf[1]! & 0x80) !== 0;
  if (masked) off += 4;
  if (buf.length < off + len) return null;
  return {
    frame: { fin: (buf[0]! & 0x80) !== 0, opcode: buf[0]! & 0x0f, masked, payload: buf.subarray(off, off + len) },
    size: off + len,
  };
}

function handshake(overrides: Record<string, string | null> = {}, method = "GET"): string {
  const headers: Record<string, string | null> = {
    Host: "127.0.0.1",
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": RFC_KEY,
    "Sec-WebSocket-Version": "13",
    ...overrides,
  };
  const lines = Object.entries(headers)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `${method} /yjs/doc HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

const pattern = (len: number, seed = 1): Buffer => {
  const b = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

// ---- tests --------------------------------------------------------------------------------------------------------

describe("lite-ws handshake", () => {
  it("[RFC6455 4.2.2] answers 101 with the RFC's accept value and negotiates no extension or subprotocol", async () => {
    const h = await startServer();
    const raw = await RawClient.open(
      h.port,
      handshake({
        Upgrade: "foo, WebSocket",
        Connection: "keep-alive, Upgrade",
        "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
        "Sec-WebSocket-Protocol": "yjs",
      }),
    );
    const head = await raw.readHead();
    expect(head.status).toBe(101);
    expect(head.headers.get("sec-websocket-accept")).toBe(RFC_ACCEPT);
    expect(head.headers.get("upgrade")?.toLowerCase()).toBe("websocket");
    expect(head.headers.has("sec-websocket-extensions")).toBe(false);
    expect(head.headers.has("sec-websocket-protocol")).toBe(false);
  });

  it("[RFC6455 9.1] the ws client's permessage-deflate offer is declined, and messages still flow", async () => {
    const h = await startServer();
    const client = await wsClient(h.url, { perMessageDeflate: true });
    expect(client.extensions).toBe("");
    const reply = nextWsMessage(client);
    client.send(Buffer.from("hello"));
    expect((await reply).data.toString()).toBe("hello");
  });

  it.each([
    ["missing key", 400, handshake({ "Sec-WebSocket-Key": null })],
    ["key of 15 bytes", 400, handshake({ "Sec-WebSocket-Key": Buffer.alloc(15, 7).toString("base64") })],
    ["key that is not base64", 400, handshake({ "Sec-WebSocket-Key": "not base64 at all!!!!!==" })],
    ["version 8", 426, handshake({ "Sec-WebSocket-Version": "8" })],
    ["no version", 426, handshake({ "Sec-WebSocket-Version": null })],
    ["Upgrade: h2c", 400, handshake({ Upgrade: "h2c" })],
    ["POST", 400, handshake({}, "POST")],
  ])("[RFC6455 4.2.1] refuses a bad handshake (%s) with %i and returns null", async (_what, status, request) => {
    const h = await startServer();
    const raw = await RawClient.open(h.port, request);
    const response = await raw.readAll();
    expect(response.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    if (status === 426) expect(response).toContain("Sec-WebSocket-Version: 13\r\n");
    expect(h.refused).toBe(1);
    expect(h.conns).toHaveLength(0);
  });
});

describe("lite-ws messages", () => {
  it("[RFC6455 5.2] round-trips binary messages at every length-encoding boundary up to 1 MB", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    for (const len of [0, 1, 125, 126, 65_535, 65_536, MB]) {
      const sent = pattern(len, len);
      const reply = nextWsMessage(client);
      client.send(sent);
      const got = await reply;
      expect(got.isBinary, `length ${len}`).toBe(true);
      expect(got.data.equals(sent), `length ${len}`).toBe(true);
    }
    expect(conn.messages.map((m) => m.data.length)).toEqual([0, 1, 125, 126, 65_535, 65_536, MB]);
    expect(conn.messages.every((m) => m.isBinary)).toBe(true);
  });

  it("[RFC6455 5.4] reassembles a message the ws client sends in fragments into one message", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    const parts = [pattern(10, 1), pattern(70_000, 2), pattern(0, 3), pattern(300, 4)];
    const reply = nextWsMessage(client);
    parts.forEach((part, i) => client.send(part, { fin: i === parts.length - 1 }));
    const got = await reply;
    expect(got.data.equals(Buffer.concat(parts))).toBe(true);
    expect(conn.messages).toHaveLength(1);
  });

  it("[RFC6455 5.6] delivers text with isBinary=false, even when a UTF-8 character is split across fragments", async () => {
    const h = await startServer();
    const raw = await RawClient.upgraded(h.port);
    const conn = await h.nextConn();
    const text = Buffer.from("héllo wörld");
    raw.send(
      frame({ opcode: 0x1, payload: text.subarray(0, 2), fin: false }),
      frame({ opcode: 0x0, payload: text.subarray(2), fin: true }),
      frame({ opcode: 0x2, payload: Buffer.from([1, 2, 3]) }),
    );
    await withTimeout(
      (async () => {
        while (conn.messages.length < 2) await sleep(5);
      })(),
      "two messages",
    );
    expect(conn.messages[0]).toEqual({ data: text, isBinary: false });
    expect(conn.messages[1]).toEqual({ data: Buffer.from([1, 2, 3]), isBinary: true });
  });

  it("parses many frames written in one chunk, including the handshake's head bytes, in order", async () => {
    const h = await startServer({}, undefined, false);
    const sizes = Array.from({ length: 60 }, (_, i) => (i * 37) % 400);
    const frames = sizes.map((len, i) => frame({ opcode: 0x2, payload: pattern(len, i) }));
    // The first three frames ride in the same write as the handshake, so they reach acceptWebSocket as `head`.
    const raw = await RawClient.upgraded(h.port, Buffer.concat(frames.slice(0, 3)));
    const conn = await h.nextConn();
    raw.send(...frames.slice(3, 30), frame({ opcode: 0x9, payload: Buffer.from("mid") }), ...frames.slice(30));
    const pong = await raw.readFrame();
    expect(pong.opcode).toBe(0xa);
    expect(pong.payload.toString()).toBe("mid");
    await withTimeout(
      (async () => {
        while (conn.messages.length < sizes.length) await sleep(5);
      })(),
      "all messages",
    );
    expect(conn.messages.map((m) => m.data)).toEqual(sizes.map((len, i) => pattern(len, i)));
  });

  it("parses frames dribbled one byte per TCP write, across header, mask and payload", async () => {
    const h = await startServer({}, undefined, false);
    const raw = await RawClient.upgraded(h.port);
    const conn = await h.nextConn();
    const first = pattern(130, 5); // 16-bit length, so the header itself is split four ways
    const bytes = Buffer.concat([frame({ opcode: 0x2, payload: first }), frame({ opcode: 0x2, payload: pattern(3) })]);
    for (const byte of bytes) {
      raw.socket.write(Buffer.from([byte]));
      await sleep(1);
    }
    await withTimeout(
      (async () => {
        while (conn.messages.length < 2) await sleep(5);
      })(),
      "dribbled messages",
    );
    expect(conn.messages.map((m) => m.data)).toEqual([first, pattern(3)]);
  });

  it("parses a 64-bit-length frame that arrives in uneven chunks", async () => {
    const h = await startServer({}, undefined, false);
    const raw = await RawClient.upgraded(h.port);
    const conn = await h.nextConn();
    const payload = pattern(200_000, 9);
    const bytes = frame({ opcode: 0x2, payload });
    for (let off = 0, step = 1; off < bytes.length; off += step, step = (step * 7 + 3) % 9_000) {
      raw.socket.write(bytes.subarray(off, off + step));
      if (off % 3 === 0) await sleep(0);
    }
    await withTimeout(
      (async () => {
        while (conn.messages.length < 1) await sleep(5);
      })(),
      "large message",
    );
    expect(conn.messages[0]?.data.equals(payload)).toBe(true);
  });
});

describe("lite-ws control frames and closing", () => {
  it("[RFC6455 5.5.2] ping/pong both ways: server ping → onPong; client ping → pong with the same payload", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    conn.ws.ping();
    await withTimeout(
      (async () => {
        while (conn.pongs < 1) await sleep(5);
      })(),
      "server onPong",
    );
    const pong = withTimeout(new Promise<Buffer>((r) => client.once("pong", r)), "client pong");
    client.ping(Buffer.from("are you there"));
    expect((await pong).toString()).toBe("are you there");
  });

  it("[RFC6455 7.1.2] client-initiated close: the server sees code and reason, and echoes the code", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    const clientClosed = wsClosed(client);
    client.close(4001, "bye from client");
    expect(await withTimeout(conn.closed, "server onClose")).toEqual({ code: 4001, reason: "bye from client" });
    expect((await clientClosed).code).toBe(4001);
    expect(conn.ws.isOpen).toBe(false);
    expect(conn.closes).toHaveLength(1);
  });

  it("[RFC6455 7.1.2] a Close without a code is answered and reported as 1005", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    const clientClosed = wsClosed(client);
    client.close();
    expect(await withTimeout(conn.closed, "server onClose")).toEqual({ code: 1005, reason: "" });
    expect((await clientClosed).code).toBe(1005);
  });

  it("[RFC6455 7.1.2] server-initiated close: the client sees code and reason; isOpen drops and send is a no-op", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    let clientMessages = 0;
    client.on("message", () => clientMessages++);
    const clientClosed = wsClosed(client);
    conn.ws.close(4002, "bye from server");
    expect(conn.ws.isOpen).toBe(false);
    conn.ws.send(Buffer.from("too late"));
    expect(await clientClosed).toEqual({ code: 4002, reason: "bye from server" });
    expect(await withTimeout(conn.closed, "server onClose")).toEqual({ code: 4002, reason: "bye from server" });
    expect(clientMessages).toBe(0);
  });

  it("[RFC6455 5.5] cuts a long close reason to 123 bytes without splitting a UTF-8 character", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    const clientClosed = wsClosed(client);
    conn.ws.close(4003, "é".repeat(100)); // 200 bytes; 123 would split the 62nd é
    expect(await clientClosed).toEqual({ code: 4003, reason: "é".repeat(61) });
  });

  it("close() with a reserved code is a caller bug and throws", async () => {
    const h = await startServer();
    await wsClient(h.url);
    const conn = await h.nextConn();
    expect(() => conn.ws.close(1006, "")).toThrow(RangeError);
    expect(conn.ws.isOpen).toBe(true);
  });

  it("[RFC6455 7.1.1] destroys the socket LITE_WS_CLOSE_TIMEOUT_MS after sending Close if the peer never answers", async () => {
    const h = await startServer();
    // allowHalfOpen: this client neither answers the Close nor closes its side when the server ends.
    const raw = await RawClient.upgraded(h.port, undefined, true);
    const conn = await h.nextConn();
    conn.ws.close(1000, "done");
    expect(await raw.readCloseCode()).toBe(1000);
    await sleep(LITE_WS_CLOSE_TIMEOUT_MS / 2);
    expect(conn.closes).toHaveLength(0);
    expect(await withTimeout(conn.closed, "close timeout", LITE_WS_CLOSE_TIMEOUT_MS * 2)).toEqual({
      code: 1006,
      reason: "",
    });
  });

  it("terminate(): onClose once with 1006, and the client sees 1006", async () => {
    const h = await startServer();
    const client = await wsClient(h.url);
    const conn = await h.nextConn();
    const clientClosed = wsClosed(client);
    conn.ws.terminate();
    conn.ws.terminate();
    expect(await withTimeout(conn.closed, "server onClose")).toEqual({ code: 1006, reason: "" });
    expect((await clientClosed).code).toBe(1006);
    await sleep(20);
    expect(conn.closes).toHaveLength(1);
  });

  it("a peer reset (TCP RST) ends in onClose once with 1006 and nothing thrown", async () => {
    const h = await startServer();
    const raw = await RawClient.upgraded(h.port);
    const conn = await h.nextConn();
    raw.send(frame({ opcode: 0x2, payload: pattern(10) }));
    await withTimeout(
      (async () => {
        while (conn.messages.length < 1) await sleep(5);
      })(),
      "message before reset",
    );
    raw.socket.resetAndDestroy();
    expect(await withTimeout(conn.closed, "server onClose")).toEqual({ code: 1006, reason: "" });
    conn.ws.send(Buffer.from("after reset"));
    conn.ws.ping();
    await sleep(20);
    expect(conn.closes).toHaveLength(1);
  });

  it("a peer that half-closes TCP without a Close frame ends in onClose(1006)", async () => {
    const h = await startServer();
    const raw = await RawClient.upgraded(h.port, undefined, true);
    const conn = await h.nextConn();
    raw.socket.end();
    expect(await withTimeout(conn.closed, "server onClose", LITE_WS_CLOSE_TIMEOUT_MS / 2)).toEqual({
      code: 1006,
      reason: "",
    });
    await raw.closed;
  });

  it("terminates a slow consumer once the unsent bytes pass maxSendBufferBytes", async () => {
    const maxSendBufferBytes = 512 * 1024;
    const h = await startServer({ maxSendBufferBytes }, undefined, false);
    const raw = await RawClient.upgraded(h.port);
    const conn = await h.nextConn();
    raw.socket.pause(); // the client stops reading; the kernel buffers fill, then the socket's
    const chunk = pattern(256 * 1024);
    let sends = 0;
    const maxSends = 400; // 100 MB: far past any loopback buffering
    while (conn.ws.isOpen && sends < maxSends) {
      conn.ws.send(chunk);
      sends++;
    }
    expect(conn.ws.isOpen).toBe(false);
    expect(sends).toBeLessThan(maxSends);
    expect(await withTimeout(conn.closed, "server onClose")).toEqual({ code: 1006, reason: "" });
  });
});

describe("lite-ws protocol errors", () => {
  const maxPayload = 1024;
  const cases: [string, Buffer[], number][] = [
    ["[RFC6455 5.1] an unmasked frame", [frame({ opcode: 0x2, payload: pattern(5), masked: false })], 1002],
    ["[RFC6455 5.2] RSV1 without an extension", [frame({ opcode: 0x2, payload: pattern(5), rsv: 4 })], 1002],
    ["[RFC6455 5.2] reserved data opcode 3", [frame({ opcode: 0x3 })], 1002],
    ["[RFC6455 5.2] reserved control opcode 0xB", [frame({ opcode: 0xb })], 1002],
    ["[RFC6455 5.5] a fragmented ping", [frame({ opcode: 0x9, fin: false })], 1002],
    ["[RFC6455 5.5] a ping over 125 bytes", [frame({ opcode: 0x9, payload: pattern(126) })], 1002],
    ["[RFC6455 5.4] a continuation without a start", [frame({ opcode: 0x0, payload: pattern(3) })], 1002],
    [
      "[RFC6455 5.4] a new data frame inside a fragmented message",
      [frame({ opcode: 0x2, payload: pattern(3), fin: false }), frame({ opcode: 0x2, payload: pattern(3) })],
      1002,
    ],
    ["[RFC6455 5.5.1] a 1-byte Close body", [frame({ opcode: 0x8, payload: Buffer.from([3]) })], 1002],
    ["[RFC6455 7.4] close code 1005 on the wire", [frame({ opcode: 0x8, payload: closeBody(1005) })], 1002],
    ["[RFC6455 7.4] close code 999", [frame({ opcode: 0x8, payload: closeBody(999) })], 1002],
    [
      "[RFC6455 5.5.1] a close reason that is not UTF-8",
      [frame({ opcode: 0x8, payload: closeBody(1000, Buffer.from([0xc3, 0x28])) })],
      1007,
    ],
    [
      "[RFC6455 8.1] a text message that is not UTF-8",
      [frame({ opcode: 0x1, payload: Buffer.from([0xff, 0xfe]) })],
      1007,
    ],
    [
      "[RFC6455 7.4.1] a frame over maxPayload (refused on its header alone)",
      [frame({ opcode: 0x2, declaredLength: maxPayload + 1 })],
      1009,
    ],
    [
      "[RFC6455 5.2] a 64-bit length over Number.MAX_SAFE_INTEGER",
      [frame({ opcode: 0x2, declaredLength: Number.MAX_SAFE_INTEGER + 1 })],
      1009,
    ],
    [
      "[RFC6455 7.4.1] fragments that add up to more than maxPayload",
      [
        frame({ opcode: 0x2, payload: pattern(maxPayload), fin: false }),
        frame({ opcode: 0x0, payload: pattern(1), fin: true }),
      ],
      1009,
    ],
  ];

  const table = cases.map(([what, frames, code]): [string, number, Buffer[]] => [what, code, frames]);

  it.each(table)("%s → Close %i, socket ended, onClose with that code", async (_what, code, frames) => {
    const h = await startServer({ maxPayload }, undefined, false);
    const raw = await RawClient.upgraded(h.port);
    const conn = await h.nextConn();
    // A good message first proves the connection worked until the bad frame.
    raw.send(frame({ opcode: 0x2, payload: pattern(4) }), ...frames);
    expect(await raw.readCloseCode()).toBe(code);
    await raw.closed;
    expect((await withTimeout(conn.closed, "server onClose")).code).toBe(code);
    expect(conn.messages.map((m) => m.data)).toEqual([pattern(4)]);
    expect(conn.closes).toHaveLength(1);
  });

  it("input after a protocol error is ignored (no message, no second Close)", async () => {
    const h = await startServer({}, undefined, false);
    const raw = await RawClient.upgraded(h.port, undefined, true);
    const conn = await h.nextConn();
    raw.send(
      frame({ opcode: 0x2, masked: false }),
      frame({ opcode: 0x2, payload: pattern(8) }),
      frame({ opcode: 0x9 }),
    );
    expect(await raw.readCloseCode()).toBe(1002);
    raw.socket.end();
    await raw.closed;
    expect(raw.unread.length).toBe(0);
    expect(conn.messages).toHaveLength(0);
  });
});
