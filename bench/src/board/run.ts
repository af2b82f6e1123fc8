/**
 * Board at scale: a board of N elements with a long move history, stored by a real Mockroom
 * server. Then, `joins` times, the doc is unloaded and a client (board/join.ts) joins, counts the
 * bytes, builds the whiteboard model (client/src/features/whiteboard/board-model.ts) and applies
 * single remote moves. Several joins show the spread on a noisy machine; the first is the coldest
 * (the model's code has not run yet, Yjs' has, as in a tab that synced its room before the board
 * arrived). Runs in its own process; writes a `BoardResult` as JSON to argv[3].
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { CreateRoomResponse, DocKey, JoinResponse, docIdFor } from "@mockroom/shared";
import { boardValue, Client } from "../loadgen/pair.ts";
import { freePort, postJson, sleep } from "../proc.ts";
import { rng } from "../replay/session.ts";
import { startMockroom } from "../servers.ts";
import { spreadOf, summarize, type Summary } from "../stats.ts";
import { joinBoard, type BoardJoin, type JoinOptions } from "./join.ts";

export interface BoardOptions {
  elements: number;
  moves: number;
  remoteMoves: number;
  joins: number;
}

/** One join's figures (its remote-move samples are pooled into the result's summaries). */
export interface BoardJoinFigures {
  joinMs: number;
  applyMs: number;
  sceneMs: number;
  loadTotalMs: number;
  remoteMoveP50Us: number;
}

export interface BoardResult {
  elements: number;
  moves: number;
  stateBytes: number;
  /** Every byte the server sent from the upgrade until the sync reply (WebSocket payloads). */
  joinBytes: number;
  /** Each join's figures; the ones below are medians over them. */
  joins: BoardJoinFigures[];
  /** Connect → the server's sync reply, with the doc unloaded first so it comes from storage. */
  joinMs: number;
  /** Client: apply the sync reply to a fresh Y.Doc. */
  applyMs: number;
  /** Client: the whiteboard model's first full scene (decode + z-order of every element). */
  sceneMs: number;
  /** Median of each join's join + apply + scene. */
  loadTotalMs: number;
  /** One remote element move: Y.applyUpdate into the loaded doc, model observer included (all joins). */
  remoteMoveUs: Summary;
  /** The same move plus the model's reconcile of the whole scene, as the editor binding does. */
  remoteMoveWithSceneUs: Summary;
}

const opts = JSON.parse(process.argv[2] ?? "{}") as BoardOptions;
const outFile = process.argv[3]!;
const rand = rng(3);

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
    await postJson(`${server.url}/api/rooms`, { title: "Board", roundType: "system-design" }),
  );
  const writerJoin = JoinResponse.parse(
    await postJson(`${server.url}/api/rooms/${room.roomId}/join`, {
      invite: room.invites.interviewer.token,
      name: "W",
    }),
  );
  const joinerJoin = JoinResponse.parse(
    await postJson(`${server.url}/api/rooms/${room.roomId}/join`, { invite: room.invites.candidate.token, name: "J" }),
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
  process.stderr.write(`board: seeded in ${((performance.now() - tSeed) / 1000).toFixed(1)} s\n`);
  writer.destroy();

  const joins: BoardJoin[] = [];
  for (let k = 0; k < opts.joins; k++) {
    // Unloaded first: every join loads the board from storage (compacted at the first unload, DOC12).
    for (let i = 0; i < 500 && (await server.loadedDocs()) > 0; i++) await sleep(50);
    if ((await server.loadedDocs()) > 0) throw new Error("board doc did not unload");
    const joinOpts: JoinOptions = {
      port,
      docId,
      token: joinerJoin.token,
      elements: opts.elements,
      remoteMoves: opts.remoteMoves,
      seed: 100 + k,
    };
    joins.push(await joinBoard(joinOpts));
  }
  const figures = joins.map((j) => ({
    joinMs: j.joinMs,
    applyMs: j.applyMs,
    sceneMs: j.sceneMs,
    loadTotalMs: j.joinMs + j.applyMs + j.sceneMs,
    remoteMoveP50Us: summarize(j.remoteMoveUs).p50,
  }));
  const last = joins[joins.length - 1]!;
  const result: BoardResult = {
    elements: opts.elements,
    moves: opts.moves,
    stateBytes: last.stateBytes,
    joinBytes: last.joinBytes,
    joins: figures,
    joinMs: spreadOf(figures.map((f) => f.joinMs)).median,
    applyMs: spreadOf(figures.map((f) => f.applyMs)).median,
    sceneMs: spreadOf(figures.map((f) => f.sceneMs)).median,
    loadTotalMs: spreadOf(figures.map((f) => f.loadTotalMs)).median,
    remoteMoveUs: summarize(joins.flatMap((j) => j.remoteMoveUs)),
    remoteMoveWithSceneUs: summarize(joins.flatMap((j) => j.remoteMoveWithSceneUs)),
  };
  writeFileSync(outFile, JSON.stringify(result));
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
