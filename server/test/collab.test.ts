import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CloseCode, DocKey, MAX_MESSAGE_BYTES, YMessage, docIdFor } from "@mockroom/shared";
import {
  allPersisted,
  closeOf,
  rawYjsSocket,
  setUpRoom,
  sleep,
  startServer,
  waitFor,
  yClient,
  type Rig,
  type SetUp,
  type YClient,
} from "./rig.ts";
import { createMemoryStorage } from "../src/persistence/memory.ts";

let rig: Rig;
let s: SetUp;
let docId: string;
const clients: YClient[] = [];
const client = (token: string, id = docId) => {
  const c = yClient(rig.url, id, token);
  clients.push(c);
  return c;
};

const updateFrame = (update: Uint8Array): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessage.Sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
};

beforeEach(async () => {
  rig = await startServer();
  s = await setUpRoom(rig.url);
  docId = docIdFor(s.room.roomId, 1);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await rig.close();
});

describe("collab sync", () => {
  it("[DOC1] edits on the pad and board reach the other participant", async () => {
    const a = client(s.interviewer.token);
    const b = client(s.candidate.token);
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText(DocKey.Pad).insert(0, "def rank(items):");
    b.doc.getMap(DocKey.Board).set("el1", { id: "el1", version: 1, versionNonce: 5, index: "a0" });
    await waitFor(
      () => b.doc.getText(DocKey.Pad).toString() === "def rank(items):" && a.doc.getMap(DocKey.Board).has("el1"),
    );
  });

  it("[DOC2] an update is in the durable log before the author is told it is persisted", async () => {
    const a = client(s.interviewer.token);
    await a.synced();
    a.doc.getText(DocKey.Pad).insert(0, "durable");
    await waitFor(() => allPersisted(a), 5_000, "persisted ack");
    const log = await rig.storage.docLog.read(docId);
    const replay = new Y.Doc();
    for (const e of log) Y.applyUpdate(replay, e.update);
    expect(replay.getText(DocKey.Pad).toString()).toBe("durable");
    expect(log.every((e) => e.authorId === s.interviewer.participantId && e.ts > 0)).toBe(true);
  });

  it("[DOC3] a late joiner receives everything already accepted", async () => {
    const a = client(s.interviewer.token);
    await a.synced();
    a.doc.getText(DocKey.Pad).insert(0, "early work");
    await waitFor(() => allPersisted(a));
    const b = client(s.candidate.token);
    await b.synced();
    await waitFor(() => b.doc.getText(DocKey.Pad).toString() === "early work");
  });

  it("[DOC9] a sync reply waits until everything applied before the request is durable", async () => {
    await rig.close();
    const storage = createMemoryStorage();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let hold = false;
    const append = storage.docLog.append.bind(storage.docLog);
    storage.docLog.append = async (entries) => {
      if (hold) await gate;
      return append(entries);
    };
    rig = await startServer({ storage });
    s = await setUpRoom(rig.url);
    docId = docIdFor(s.room.roomId, 1);
    const a = client(s.interviewer.token);
    await a.synced();
    hold = true;
    a.doc.getText(DocKey.Pad).insert(0, "slow disk");
    await sleep(50);
    const b = client(s.candidate.token);
    let bSynced = false;
    void b.synced().then(() => (bSynced = true));
    await sleep(200);
    expect(bSynced, "no sync reply while the write is not durable").toBe(false);
    release();
    await waitFor(() => bSynced && b.doc.getText(DocKey.Pad).toString() === "slow disk");
  });

  it("[RO1] an observer's update never reaches the doc and is answered forbidden", async () => {
    const obs = client(s.observer.token);
    const cand = client(s.candidate.token);
    await Promise.all([obs.synced(), cand.synced()]);
    obs.doc.getText(DocKey.Pad).insert(0, "observer scribble");
    await waitFor(() => obs.errors.includes("forbidden"), 5_000, "forbidden error");
    cand.doc.getText(DocKey.Pad).insert(0, "candidate");
    await waitFor(() => allPersisted(cand));
    await sleep(50);
    expect(cand.doc.getText(DocKey.Pad).toString()).toBe("candidate");
    const log = await rig.storage.docLog.read(docId);
    expect(log.some((e) => e.authorId === s.observer.participantId)).toBe(false);
    // The observer still receives live edits.
    await waitFor(() => obs.doc.getText(DocKey.Pad).toString().includes("candidate"));
  });

  it("[RO2] observers still share awareness (cursors) with everyone", async () => {
    const obs = client(s.observer.token);
    const cand = client(s.candidate.token);
    await Promise.all([obs.synced(), cand.synced()]);
    obs.provider.awareness.setLocalStateField("user", { name: "Obi" });
    await waitFor(() =>
      [...cand.provider.awareness.getStates().values()].some(
        (st) => (st as { user?: { name?: string } }).user?.name === "Obi",
      ),
    );
  });
});

describe("auth at the WebSocket door", () => {
  it("[AU6] a participant token for room A cannot open room B's document", async () => {
    const other = await setUpRoom(rig.url);
    const ws = rawYjsSocket(rig.url, docIdFor(other.room.roomId, 1), s.candidate.token);
    expect(await closeOf(ws)).toEqual({ code: CloseCode.Forbidden, reason: "wrong_room" });
  });

  it("[AU7] a tampered or missing token is closed with 4401", async () => {
    const tampered = s.candidate.token.slice(0, -2) + (s.candidate.token.endsWith("A") ? "BB" : "AA");
    expect((await closeOf(rawYjsSocket(rig.url, docId, tampered))).code).toBe(CloseCode.Unauthorized);
    expect((await closeOf(rawYjsSocket(rig.url, docId, ""))).code).toBe(CloseCode.Unauthorized);
  });

  it("[AU8] an upgrade from a foreign Origin is refused before it is accepted", async () => {
    const ws = rawYjsSocket(rig.url, docId, s.candidate.token, { origin: "https://evil.example" });
    const status = await new Promise<number>((resolve) => {
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => resolve(-1));
    });
    expect(status).toBe(403);
  });

  it("[AU9] a client speaking another protocol version is closed with 4426", async () => {
    const c = yClient(rig.url, docId, s.candidate.token, { v: 999 });
    clients.push(c);
    await waitFor(() => c.closes.length > 0);
    expect(c.closes[0]).toEqual({ code: CloseCode.VersionMismatch, reason: "version_mismatch" });
  });

  it("[AU10] a round that does not exist yet is refused", async () => {
    expect((await closeOf(rawYjsSocket(rig.url, docIdFor(s.room.roomId, 2), s.candidate.token))).code).toBe(
      CloseCode.RoomNotFound,
    );
    expect((await closeOf(rawYjsSocket(rig.url, "not-a-doc", s.candidate.token))).code).toBe(CloseCode.RoomNotFound);
  });
});

describe("bad input", () => {
  const healthyPeersStillSync = async () => {
    const other = await setUpRoom(rig.url);
    const id = docIdFor(other.room.roomId, 1);
    const a = client(other.interviewer.token, id);
    const b = client(other.candidate.token, id);
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText(DocKey.Pad).insert(0, "still alive");
    await waitFor(() => b.doc.getText(DocKey.Pad).toString() === "still alive");
  };

  it("[DOC4] a malformed frame closes only that connection; accepted data and other rooms are intact", async () => {
    const a = client(s.interviewer.token);
    await a.synced();
    a.doc.getText(DocKey.Pad).insert(0, "keep me");
    await waitFor(() => allPersisted(a));
    const ws = rawYjsSocket(rig.url, docId, s.candidate.token);
    await new Promise((r) => ws.on("open", r));
    ws.send(new Uint8Array([0, 9, 1, 2, 3]));
    expect((await closeOf(ws)).code).toBe(CloseCode.BadMessage);
    await healthyPeersStillSync();
    const c = client(s.candidate.token);
    await c.synced();
    await waitFor(() => c.doc.getText(DocKey.Pad).toString() === "keep me");
  });

  it("[DOC5] a text frame is refused with 4400", async () => {
    const ws = rawYjsSocket(rig.url, docId, s.candidate.token);
    await new Promise((r) => ws.on("open", r));
    ws.send("hello");
    expect(await closeOf(ws)).toEqual({ code: CloseCode.BadMessage, reason: "binary frames only" });
  });

  it("[LIM1] a message over MAX_MESSAGE_BYTES is closed with 4413", async () => {
    const ws = rawYjsSocket(rig.url, docId, s.candidate.token);
    await new Promise((r) => ws.on("open", r));
    const big = new Y.Doc();
    big.getText(DocKey.Pad).insert(0, "x".repeat(MAX_MESSAGE_BYTES + 10));
    ws.send(updateFrame(Y.encodeStateAsUpdate(big)));
    expect((await closeOf(ws)).code).toBe(CloseCode.TooLarge);
    expect(await rig.storage.docLog.read(docId)).toHaveLength(0);
  });

  it("[LIM2] a connection flooding updates is closed with 4429 and others are unaffected", async () => {
    const ws = rawYjsSocket(rig.url, docId, s.candidate.token);
    await new Promise((r) => ws.on("open", r));
    const closed = closeOf(ws);
    const d = new Y.Doc();
    d.on("update", (u: Uint8Array) => {
      if (ws.readyState === ws.OPEN) ws.send(updateFrame(u));
    });
    for (let i = 0; i < 1_000; i++) d.getText(DocKey.Pad).insert(0, "z");
    expect((await closed).code).toBe(CloseCode.RateLimited);
    await healthyPeersStillSync();
  });

  it("[DOC8] a thousand mutated updates never hang the server nor corrupt accepted state", async () => {
    const a = client(s.interviewer.token);
    await a.synced();
    a.doc.getText(DocKey.Pad).insert(0, "precious");
    a.doc.getMap(DocKey.Board).set("e", { id: "e", version: 1, versionNonce: 1, index: "a0" });
    await waitFor(() => allPersisted(a));
    const src = new Y.Doc();
    src.getText(DocKey.Pad).insert(0, "garbage seed text");
    src.getMap(DocKey.Board).set("g", { id: "g", version: 3 });
    src.getText(DocKey.Pad).delete(2, 4);
    const valid = Y.encodeStateAsUpdate(src);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let batch = 0; batch < 10; batch++) {
      const ws = rawYjsSocket(rig.url, docId, s.candidate.token);
      await new Promise((r) => ws.on("open", r));
      const closed = closeOf(ws);
      for (let i = 0; i < 100 && ws.readyState === ws.OPEN; i++) {
        const bad = new Uint8Array(valid);
        for (let k = 0; k < 3; k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
        ws.send(updateFrame(bad));
      }
      ws.close();
      await closed;
    }
    await healthyPeersStillSync();
    await waitFor(async () => (await fetch(`${rig.url}/healthz`)).ok);
    const fresh = client(s.interviewer.token);
    await fresh.synced();
    await waitFor(
      () => fresh.doc.getText(DocKey.Pad).toString().includes("precious") && fresh.doc.getMap(DocKey.Board).has("e"),
    );
  });
});

describe("memory", () => {
  it("[MEM1] a room with no connections is unloaded after the grace period and reloads on the next join", async () => {
    const a = client(s.interviewer.token);
    await a.synced();
    a.doc.getText(DocKey.Pad).insert(0, "survives unload");
    await waitFor(() => allPersisted(a));
    expect(rig.app.hub.isLoaded(docId)).toBe(true);
    a.destroy();
    clients.splice(clients.indexOf(a), 1);
    await waitFor(() => !rig.app.hub.isLoaded(docId), 5_000, "unload");
    expect(await rig.storage.snapshots.latest(docId)).not.toBeNull();
    const b = client(s.candidate.token);
    await b.synced();
    await waitFor(() => b.doc.getText(DocKey.Pad).toString() === "survives unload");
  });
});
