import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as decoding from "lib0/decoding";
import { io as ioClient, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  CreateRoomResponse,
  JoinResponse,
  PROTOCOL_VERSION,
  YJS_PATH,
  YMessage,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@mockroom/shared";
import { createApp, type App, type AppOptions } from "../src/app.ts";
import { createLogger } from "../src/log.ts";
import { createMemoryStorage } from "../src/persistence/memory.ts";
import { openSqliteStorage } from "../src/persistence/sqlite.ts";
import type { Storage } from "../src/persistence/ports.ts";

/** A real server on port 0 with real storage; tests talk to it only over HTTP and sockets. */
export interface Rig {
  url: string;
  app: App;
  storage: Storage;
  close(): Promise<void>;
}

export const TEST_SECRET = "test-secret-that-is-long-enough-to-sign-tokens";

export const tempDir = (prefix = "mockroom-"): string => mkdtempSync(join(tmpdir(), prefix));

export const startServer = async (opts: Partial<AppOptions> & { sqliteFile?: string } = {}): Promise<Rig> => {
  const storage =
    opts.storage ?? (opts.sqliteFile ? openSqliteStorage(opts.sqliteFile, { sync: "NORMAL" }) : createMemoryStorage());
  const app = createApp({ log: createLogger("silent"), secret: TEST_SECRET, roomUnloadGraceMs: 50, ...opts, storage });
  const url = await app.listen(0, "127.0.0.1");
  return { url, app, storage, close: () => app.close() };
};

export const postJson = async (
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

export const createRoom = async (url: string, title = "Design a feed ranker"): Promise<CreateRoomResponse> => {
  const r = await postJson(`${url}/api/rooms`, { title, roundType: "system-design" });
  if (r.status !== 201) throw new Error(`create room: ${r.status} ${JSON.stringify(r.body)}`);
  return CreateRoomResponse.parse(r.body);
};

export const joinRoom = async (url: string, roomId: string, invite: string, name: string): Promise<JoinResponse> => {
  const r = await postJson(`${url}/api/rooms/${roomId}/join`, { invite, name });
  if (r.status !== 200) throw new Error(`join: ${r.status} ${JSON.stringify(r.body)}`);
  return JoinResponse.parse(r.body);
};

export interface SetUp {
  room: CreateRoomResponse;
  interviewer: JoinResponse;
  candidate: JoinResponse;
  observer: JoinResponse;
}

export const setUpRoom = async (url: string): Promise<SetUp> => {
  const room = await createRoom(url);
  const [interviewer, candidate, observer] = await Promise.all([
    joinRoom(url, room.roomId, room.invites.interviewer.token, "Ivy"),
    joinRoom(url, room.roomId, room.invites.candidate.token, "Cam"),
    joinRoom(url, room.roomId, room.invites.observer.token, "Obi"),
  ]);
  return { room, interviewer, candidate, observer };
};

/** A real y-websocket client, plus what the server told it: durable state vectors, errors, closes. */
export interface YClient {
  doc: Y.Doc;
  /** The doc's epoch as the server announced it (DOC13); named on every reconnect, as the app does. */
  epoch: number | null;
  provider: WebsocketProvider;
  /** Highest durable clock per client id, from Persisted acks. */
  persisted: Map<number, number>;
  errors: string[];
  closes: { code: number; reason: string }[];
  synced(): Promise<void>;
  destroy(): void;
}

export const yClient = (
  url: string,
  docId: string,
  token: string,
  opts: { v?: number; connect?: boolean } = {},
): YClient => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, "ws")}${YJS_PATH}`, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, v: String(opts.v ?? PROTOCOL_VERSION) },
    connect: opts.connect ?? true,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const client: YClient = {
    doc,
    epoch: null,
    provider,
    persisted: new Map(),
    errors: [],
    closes: [],
    synced: () =>
      new Promise((resolve) => {
        if (provider.synced) return resolve();
        const h = (s: boolean) => {
          if (!s) return;
          provider.off("sync", h);
          resolve();
        };
        provider.on("sync", h);
      }),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
  provider.messageHandlers[YMessage.Persisted] = (_enc, decoder) => {
    const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    for (const [id, clock] of sv) client.persisted.set(id, Math.max(clock, client.persisted.get(id) ?? 0));
  };
  provider.messageHandlers[YMessage.Error] = (_enc, decoder) => {
    client.errors.push(decoding.readVarString(decoder));
  };
  provider.messageHandlers[YMessage.Epoch] = (_enc, decoder) => {
    client.epoch = decoding.readVarUint(decoder);
    provider.params["epoch"] = String(client.epoch);
  };
  provider.on("connection-close", (event) => {
    if (event) client.closes.push({ code: event.code, reason: event.reason });
  });
  return client;
};

/** True once the server has made everything this client wrote durable. */
export const allPersisted = (c: YClient): boolean => {
  const mine = Y.getState(c.doc.store, c.doc.clientID);
  return mine === 0 || (c.persisted.get(c.doc.clientID) ?? 0) >= mine;
};

export type ControlSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const controlClient = (url: string, auth: Record<string, unknown>): ControlSocket =>
  ioClient(url, { auth, transports: ["websocket"], reconnection: false, forceNew: true });

export const waitFor = async (
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = "condition",
): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A raw WebSocket to the Yjs endpoint, for sending what no well-behaved client would. */
export const rawYjsSocket = (
  url: string,
  docId: string,
  token: string,
  headers: Record<string, string> = {},
): WebSocket =>
  new WebSocket(
    `${url.replace(/^http/, "ws")}${YJS_PATH}/${docId}?token=${encodeURIComponent(token)}&v=${PROTOCOL_VERSION}`,
    { headers },
  );

export const closeOf = (ws: WebSocket): Promise<{ code: number; reason: string }> =>
  new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
