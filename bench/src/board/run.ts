/**
 * Board at scale: a board of N elements with a long move history, stored by a real Mockroom
 * server. A fresh client joins (the server loads the round from storage), and we time the join,
 * count its bytes, build the whiteboard model (client/src/features/whiteboard/board-model.ts) and
 * apply single remote moves. Runs in its own process; writes JSON to argv[3].
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  CreateRoomResponse,
  DocKey,
  JoinResponse,
  PROTOCOL_VERSION,
  YJS_PATH,
  YMessage,
  docIdFor,
} from "@mockroom/shared";
import { BoardModel, type BoardCodec } from "../../../client/src/features/whiteboard/board-model.ts";
import { boardValue, Client } from "../loadgen/pair.ts";
import { freePort, sleep } from "../proc.ts";
import { rng } from "../replay/session.ts";
import { startMockroom } from "../servers.ts";
import { summarize, type Summary } from "../stats.ts";

export interface BoardOptions {
  elements: number;
  moves: number;
  remoteMoves: number;
}
export interface BoardResult {
  elements: number;
  moves: number;
  stateBytes: number;
  /** Every byte the server sent from the upgrade until the sync reply (WebSocket payloads). */
  joinBytes: number;
  /** Connect → the server's sync reply, with the doc unloaded first so it comes from storage. */
  joinMs: number;
  /** Client: apply the sync reply to a fresh Y.Doc. */
  applyMs: number;
  /** Client: the whiteboard model's first full scene (decode + z-order of every element). */
  sceneMs: number;
  loadTotalMs: number;
  /** One remote element move: Y.applyUpdate into the loaded doc, model observer included. */
  remoteMoveUs: Summary;
  /** The same move plus the model's reconcile of the whole scene, as the editor binding does. */
  remoteMoveWithSceneUs: Summary;
}

type El = { id: string; version: number; versionNonce: number; index?: string | null; isDeleted?: boolean };
/** A plain-JSON codec: the app's codec adds Excalidraw's restoreElements, which needs a DOM. */
const codec: BoardCodec<El> = {
  decode: (v) => {
    if (typeof v !== "object" || v === null) return null;
    const o = v as Record<string, unknown>;
    return typeof o["id"] === "string" && typeof o["version"] === "number" && typeof o["versionNonce"] === "number"
      ? ({ ...o } as El)
      : null;
  },
  encode: (el) => ({ ...el }),
};

const opts = JSON.parse(process.argv[2] ?? "{}") as BoardOptions;
const outFile = process.argv[3]!;
const rand = rng(3);

const post = async (url: string, body: unknown) => {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
};

const author = new Y.Doc();
const board = author.getMap(DocKey.Board);
const versions: number[] = [];
const move = () => {
  const n = Math.floor(rand() * versions.length);
  const v = ++versions[n]!;
  board.set(`el-${n}`, boardValue(`el-${n}`, n, v, rand() * 4000, rand() * 3000));
};

const dataDir = mkdtempSync(join(tmpdir(), "mockroom-board-"));
const port = await freePort();
const server = await startMockroom({ port, dataDir, storage: "sqlite", sync: "FULL", unloadGraceMs: 200 });
try {
  const room = CreateRoomResponse.parse(
    await post(`${server.url}/api/rooms`, { title: "Board", roundType: "system-design" }),
  );
  const writerJoin = JoinResponse.parse(
    await post(`${server.url}/api/rooms/${room.roomId}/join`, { invite: room.invites.interviewer.token, name: "W" }),
  );
  const joinerJoin = JoinResponse.parse(
    await post(`${server.url}/api/rooms/${room.roomId}/join`, { invite: room.invites.candidate.token, name: "J" }),
  );
  const docId = docIdFor(room.roomId, 1);
  const writer = new Client(
    { kind: "mockroom", url: server.url, docId, writerToken: writerJoin.token, readerToken: "" },
    writerJoin.token,
    "W",
  );
  writer.connect();
  const tSeed = performance.now();
  for (let i = 0; i < 1000 && !writer.synced; i++) await sleep(20);
  // History in big transactions (the item history is the same as one move per update) so seeding
  // stays under the per-connection message rate limit.
  const chunks: Uint8Array[] = [];
  const seed = (u: Uint8Array) => chunks.push(u);
  author.on("update", seed);
  author.transact(() => {
    for (let n = 0; n < opts.elements; n++) {
      versions.push(1);
      board.set(`el-${n}`, boardValue(`el-${n}`, n, 1, rand() * 4000, rand() * 3000));
    }
  });
  const perTx = 1000;
  for (let done = 0; done < opts.moves; done += perTx)
    author.transact(() => {
      for (let i = 0; i < Math.min(perTx, opts.moves - done); i++) move();
    });
  for (const [i, u] of chunks.entries()) {
    Y.applyUpdate(writer.doc, u);
    if (i % 40 === 39) await sleep(1000);
  }
  const target = Y.getState(author.store, author.clientID);
  const durable = () => (writer.ackedVector.get(author.clientID) ?? 0) >= target;
  for (let i = 0; i < 3000 && !durable(); i++) await sleep(20);
  if (!durable()) throw new Error("board history was not acknowledged");
  writer.destroy();
  for (let i = 0; i < 500 && (await server.loadedDocs()) > 0; i++) await sleep(50);

  // Join with a raw socket so every received byte is counted.
  const t0 = performance.now();
  const ws = new WebSocket(
    `ws://127.0.0.1:${port}${YJS_PATH}/${docId}?token=${encodeURIComponent(joinerJoin.token)}&v=${PROTOCOL_VERSION}`,
  );
  let joinBytes = 0;
  const step2 = await new Promise<Uint8Array>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no sync reply")), 60_000);
    ws.on("open", () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, YMessage.Sync);
      syncProtocol.writeSyncStep1(e, new Y.Doc());
      ws.send(encoding.toUint8Array(e));
    });
    ws.on("message", (data: Buffer) => {
      joinBytes += data.byteLength;
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== YMessage.Sync) return;
      if (decoding.readVarUint(d) !== syncProtocol.messageYjsSyncStep2) return;
      clearTimeout(timer);
      resolve(decoding.readVarUint8Array(d));
    });
  });
  const joinMs = performance.now() - t0;
  process.stderr.write(`board: seeded in ${(t0 - tSeed) / 1000} s\n`);
  ws.close();

  const doc = new Y.Doc();
  const model = new BoardModel<El>(doc, codec, false);
  let remoteChanges = 0;
  model.onRemoteChange(() => remoteChanges++);
  const t1 = performance.now();
  Y.applyUpdate(doc, step2);
  const applyMs = performance.now() - t1;
  const t2 = performance.now();
  const scene = model.snapshot();
  const sceneMs = performance.now() - t2;
  remoteChanges = 0;
  if (scene.length !== opts.elements) throw new Error(`scene has ${scene.length} elements`);

  // Single remote moves, each its own update, as a peer's drag sends them.
  const moveUpdates: Uint8Array[] = [];
  const collect = (u: Uint8Array) => moveUpdates.push(u);
  author.off("update", seed);
  author.on("update", collect);
  for (let i = 0; i < opts.remoteMoves * 2; i++) move();
  const moveUs: number[] = [];
  const withSceneUs: number[] = [];
  let local: El[] = scene;
  moveUpdates.forEach((u, i) => {
    const t = performance.now();
    Y.applyUpdate(doc, u, "remote");
    const applied = performance.now();
    if (i % 2 === 1) {
      local = model.reconcile(local);
      withSceneUs.push((performance.now() - t) * 1000);
    } else moveUs.push((applied - t) * 1000);
  });
  if (remoteChanges !== moveUpdates.length)
    throw new Error(`model saw ${remoteChanges} of ${moveUpdates.length} remote changes`);

  const result: BoardResult = {
    elements: opts.elements,
    moves: opts.moves,
    stateBytes: step2.byteLength,
    joinBytes,
    joinMs,
    applyMs,
    sceneMs,
    loadTotalMs: joinMs + applyMs + sceneMs,
    remoteMoveUs: summarize(moveUs),
    remoteMoveWithSceneUs: summarize(withSceneUs),
  };
  writeFileSync(outFile, JSON.stringify(result));
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
