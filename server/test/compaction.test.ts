import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { CloseCode, DocKey, ErrorCode, PROTOCOL_VERSION, YMessage, YJS_PATH, docIdFor } from "@mockroom/shared";
import { boardHistory, carryOver } from "@mockroom/shared/yjs";
import WebSocket from "ws";
import {
  allPersisted,
  closeOf,
  setUpRoom,
  startServer,
  tempDir,
  waitFor,
  yClient,
  type Rig,
  type SetUp,
  type YClient,
} from "./rig.ts";
import { join } from "node:path";

let rig: Rig;
let s: SetUp;
let docId: string;
const clients: YClient[] = [];
const client = (token: string) => {
  const c = yClient(rig.url, docId, token);
  clients.push(c);
  return c;
};
const drop = (c: YClient) => {
  c.destroy();
  clients.splice(clients.indexOf(c), 1);
};

const el = (id: string, version: number, x = 0) =>
  JSON.stringify({ id, version, versionNonce: version * 7 + 1, index: `a${id}`, x, y: 0, type: "rectangle" });
const ELEMENTS = 40;

/** Draws ELEMENTS elements and moves them `moves` times, a few hundred moves per update. */
const drawWithHistory = async (c: YClient, moves: number) => {
  const board = c.doc.getMap<string>(DocKey.Board);
  c.doc.transact(() => {
    for (let i = 0; i < ELEMENTS; i++) board.set(`e${i}`, el(`e${i}`, 1));
  });
  for (let done = 0; done < moves; done += 250)
    c.doc.transact(() => {
      for (let m = done; m < Math.min(moves, done + 250); m++) {
        const id = `e${m % ELEMENTS}`;
        board.set(id, el(id, 2 + Math.floor(m / ELEMENTS), m));
      }
    });
  await waitFor(() => allPersisted(c), 10_000, "history persisted");
};

/** A raw socket that records every message type the server sends, first to last. */
const rawClient = (token: string, epoch?: string) => {
  const q = `token=${encodeURIComponent(token)}&v=${PROTOCOL_VERSION}${epoch === undefined ? "" : `&epoch=${epoch}`}`;
  const ws = new WebSocket(`${rig.url.replace(/^http/, "ws")}${YJS_PATH}/${docId}?${q}`);
  const received: { type: number; epoch?: number }[] = [];
  ws.on("message", (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(d);
    received.push(type === YMessage.Epoch ? { type, epoch: decoding.readVarUint(d) } : { type });
  });
  return { ws, received, closed: closeOf(ws) };
};

beforeEach(async () => {
  rig = await startServer({ sqliteFile: join(tempDir(), "m.db") });
  s = await setUpRoom(rig.url);
  docId = docIdFor(s.room.roomId, 1);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await rig.close();
});

describe("board history compaction", () => {
  it("[DOC12] a room left with a long move history is stored compacted under the next epoch; the log keeps every update", async () => {
    const a = client(s.interviewer.token);
    await a.synced();
    await drawWithHistory(a, 2_000);
    const want = a.doc.getMap(DocKey.Board).toJSON();
    const logBefore = (await rig.storage.docLog.read(docId)).length;
    drop(a);
    await waitFor(() => !rig.app.hub.isLoaded(docId), 5_000, "unload");

    const snap = await rig.storage.snapshots.latest(docId);
    expect(snap?.epoch).toBe(1);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, snap!.state);
    expect(boardHistory(stored)).toEqual({ live: ELEMENTS, overwritten: 0 });
    expect(stored.getMap(DocKey.Board).toJSON()).toEqual(want);
    // The recording is the log, untouched: replaying it still gives the same board.
    const log = await rig.storage.docLog.read(docId);
    expect(log.length).toBe(logBefore);
    const replayed = new Y.Doc();
    for (const e of log) Y.applyUpdate(replayed, e.update);
    expect(replayed.getMap(DocKey.Board).toJSON()).toEqual(want);

    // A fresh joiner is told the epoch first, then gets the compacted board.
    const raw = rawClient(s.candidate.token);
    await waitFor(() => raw.received.length >= 2);
    expect(raw.received[0]).toEqual({ type: YMessage.Epoch, epoch: 1 });
    expect(raw.received[1]!.type).toBe(YMessage.Sync);
    raw.ws.close();
    const b = client(s.candidate.token);
    await b.synced();
    expect(b.doc.getMap(DocKey.Board).toJSON()).toEqual(want);
    expect(boardHistory(b.doc).overwritten).toBe(0);

    // Editing goes on in the new epoch, and a room left with little history is not compacted again.
    b.doc.getMap<string>(DocKey.Board).set("e1", el("e1", 999));
    await waitFor(() => allPersisted(b));
    drop(b);
    await waitFor(() => !rig.app.hub.isLoaded(docId), 5_000, "unload");
    expect((await rig.storage.snapshots.latest(docId))?.epoch).toBe(1);
    const c = client(s.interviewer.token);
    await c.synced();
    expect(c.doc.getMap(DocKey.Board).get("e1")).toBe(el("e1", 999));
  });

  it("[DOC12] a room with someone connected is never compacted", async () => {
    const a = client(s.interviewer.token);
    const b = client(s.candidate.token);
    await Promise.all([a.synced(), b.synced()]);
    await drawWithHistory(a, 2_000);
    drop(a);
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.app.hub.isLoaded(docId)).toBe(true);
    expect((await rig.storage.snapshots.latest(docId))?.epoch ?? 0).toBe(0);
  });

  it("[DOC13] a doc from an older epoch is closed with 4410 doc_reset before anything it sends is read", async () => {
    const a = client(s.interviewer.token);
    await a.synced();
    await drawWithHistory(a, 2_000);
    drop(a);
    await waitFor(() => !rig.app.hub.isLoaded(docId), 5_000, "unload");
    const logBefore = (await rig.storage.docLog.read(docId)).length;

    const stale = rawClient(s.candidate.token, "0");
    // It speaks at once, as a reconnecting provider does; none of it may be accepted.
    const writer = new Y.Doc();
    const frames: Uint8Array[] = [];
    writer.on("update", (u: Uint8Array) => frames.push(Uint8Array.of(YMessage.Sync, 2, ...varLen(u), ...u)));
    writer.getText(DocKey.Pad).insert(0, "from the old epoch");
    stale.ws.on("open", () => frames.forEach((f) => stale.ws.send(f)));
    expect(await stale.closed).toEqual({ code: CloseCode.DocReset, reason: ErrorCode.DocReset });
    expect(stale.received).toEqual([]);

    const bad = rawClient(s.candidate.token, "x1");
    expect((await bad.closed).code).toBe(CloseCode.BadMessage);

    const current = rawClient(s.candidate.token, "1");
    await waitFor(() => current.received.length >= 2);
    expect(current.received[0]).toEqual({ type: YMessage.Epoch, epoch: 1 });
    current.ws.close();
    expect((await rig.storage.docLog.read(docId)).length).toBe(logBefore);
  });

  it("[DOC13] a client offline across a compaction starts a fresh doc and keeps every edit it had not saved", async () => {
    const a = client(s.interviewer.token);
    const b = client(s.candidate.token);
    await Promise.all([a.synced(), b.synced()]);
    await drawWithHistory(a, 1_000);
    await waitFor(() => b.doc.getMap(DocKey.Board).size === ELEMENTS);
    // The candidate drops off; the interviewer moves e5 on and leaves, and the room is compacted.
    b.provider.disconnect();
    const aBoard = a.doc.getMap<string>(DocKey.Board);
    aBoard.set("e5", el("e5", 500, 1));
    aBoard.set("e6", el("e6", 500, 1));
    await waitFor(() => allPersisted(a));
    drop(a);
    await waitFor(() => !rig.app.hub.isLoaded(docId), 5_000, "unload");
    expect((await rig.storage.snapshots.latest(docId))?.epoch).toBe(1);

    // Offline, the candidate types, moves e5 (a newer version than the server's) and e6 (older),
    // and draws a new element. e5 and e6 are stale writes: their origins were collected.
    const bBoard = b.doc.getMap<string>(DocKey.Board);
    b.doc.getText(DocKey.Pad).insert(0, "offline notes");
    bBoard.set("e5", el("e5", 900, 2));
    bBoard.set("e6", el("e6", 40, 2));
    bBoard.set("new", el("new", 1, 3));

    // Back online naming the epoch it holds (0, as the app does): refused, so it starts afresh and
    // carries its edits over.
    expect(b.epoch).toBe(0);
    b.provider.connect();
    await waitFor(() => b.closes.some((c) => c.code === CloseCode.DocReset), 5_000, "doc_reset");
    b.provider.disconnect();
    const fresh = client(s.candidate.token);
    await fresh.synced();
    carryOver(b.doc, fresh.doc, "carry-over");
    await waitFor(() => allPersisted(fresh), 5_000, "carried edits persisted");

    const check = client(s.interviewer.token);
    await check.synced();
    await waitFor(() => check.doc.getText(DocKey.Pad).toString() === "offline notes");
    const board = check.doc.getMap<string>(DocKey.Board);
    expect(board.get("e5")).toBe(el("e5", 900, 2));
    expect(board.get("e6")).toBe(el("e6", 500, 1));
    expect(board.get("new")).toBe(el("new", 1, 3));
    expect(board.size).toBe(ELEMENTS + 1);
    expect(fresh.doc.getMap(DocKey.Board).toJSON()).toEqual(board.toJSON());
  });
});

/** lib0 varUint of a byte array's length (the sync Update frame's length prefix). */
function varLen(u: Uint8Array): number[] {
  const out: number[] = [];
  let n = u.byteLength;
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
