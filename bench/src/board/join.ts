/**
 * One client loading the stored board: it joins with a raw socket so every byte is counted,
 * applies the sync reply to a fresh doc, builds the whiteboard model's first scene, then applies
 * single remote moves as a peer's drag sends them.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { DocKey, PROTOCOL_VERSION, YJS_PATH, YMessage, decodeBoardValue } from "@mockroom/shared";
import { BoardModel, type BoardCodec } from "../../../client/src/features/whiteboard/board-model.ts";
import { boardValue } from "../loadgen/pair.ts";
import { rng } from "../replay/session.ts";

export interface JoinOptions {
  port: number;
  docId: string;
  token: string;
  /** How many elements the stored board holds (checked). */
  elements: number;
  remoteMoves: number;
  /** Seeds the choice of moved elements; each join moves different ones. */
  seed: number;
}

export interface BoardJoin {
  stateBytes: number;
  /** Every byte the server sent from the upgrade until the sync reply (WebSocket payloads). */
  joinBytes: number;
  /** Connect → the server's sync reply; the doc was unloaded first, so it comes from storage. */
  joinMs: number;
  /** Apply the sync reply to a fresh Y.Doc. */
  applyMs: number;
  /** The whiteboard model's first full scene (decode + z-order of every element). */
  sceneMs: number;
  /** One remote element move each: Y.applyUpdate into the loaded doc, model observer included. */
  remoteMoveUs: number[];
  /** The same move plus the model's reconcile of the whole scene, as the editor binding does. */
  remoteMoveWithSceneUs: number[];
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

export const joinBoard = async (opts: JoinOptions): Promise<BoardJoin> => {
  const t0 = performance.now();
  const ws = new WebSocket(
    `ws://127.0.0.1:${opts.port}${YJS_PATH}/${opts.docId}?token=${encodeURIComponent(opts.token)}&v=${PROTOCOL_VERSION}`,
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
  if (scene.length !== opts.elements) throw new Error(`scene has ${scene.length} of ${opts.elements} elements`);

  // A peer's drags: single moves, each its own update, made on a copy of the same state.
  const peer = new Y.Doc();
  Y.applyUpdate(peer, step2);
  const peerBoard = peer.getMap<unknown>(DocKey.Board);
  const ids = [...peerBoard.keys()];
  const rand = rng(opts.seed);
  const moveUpdates: Uint8Array[] = [];
  peer.on("update", (u: Uint8Array) => moveUpdates.push(u));
  for (let i = 0; i < opts.remoteMoves * 2; i++) {
    const id = ids[Math.floor(rand() * ids.length)]!;
    const current: unknown = Reflect.get(decodeBoardValue(peerBoard.get(id)) ?? {}, "version");
    const version = typeof current === "number" ? current : 0;
    const n = Number(id.slice(id.indexOf("-") + 1));
    peerBoard.set(id, boardValue(id, n, version + 1, rand() * 4000, rand() * 3000));
  }
  const remoteMoveUs: number[] = [];
  const remoteMoveWithSceneUs: number[] = [];
  let local: El[] = scene;
  moveUpdates.forEach((u, i) => {
    const t = performance.now();
    Y.applyUpdate(doc, u, "remote");
    const applied = performance.now();
    if (i % 2 === 1) {
      local = model.reconcile(local);
      remoteMoveWithSceneUs.push((performance.now() - t) * 1000);
    } else remoteMoveUs.push((applied - t) * 1000);
  });
  if (remoteChanges !== moveUpdates.length)
    throw new Error(`model saw ${remoteChanges} of ${moveUpdates.length} remote changes`);
  if (local.length !== scene.length) throw new Error(`scene went from ${scene.length} to ${local.length} elements`);

  model.destroy();
  return { stateBytes: step2.byteLength, joinBytes, joinMs, applyMs, sceneMs, remoteMoveUs, remoteMoveWithSceneUs };
};
