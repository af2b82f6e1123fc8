import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  CreateRoomResponse,
  DocKey,
  JoinResponse,
  PROTOCOL_VERSION,
  RoundSync,
  RubricCatalogue,
  YJS_PATH,
  docIdFor,
  encodeBoardValue,
  type Note,
  type Role,
} from "@mockroom/shared";
import type { Page } from "playwright-core";

/*
 * A round played by scripts instead of browsers: people join over HTTP, the interviewer scores and
 * takes notes over the control socket, the candidate draws and types over the Yjs endpoint. Fast
 * and deterministic, so end-to-end tests can spend their browser time on the pages under test.
 */

export interface ScriptedPerson {
  name: string;
  role: Role;
  participantId: string;
  token: string;
  expiresAt: number;
  invite: string;
}

export interface ScriptedRound {
  roomId: string;
  title: string;
  interviewer: ScriptedPerson;
  candidate: ScriptedPerson;
  /** The notes as the server stamped them, in the order taken. */
  notes: Note[];
}

const post = async (url: string, body: unknown): Promise<unknown> => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return res.json();
};

const join = async (origin: string, roomId: string, invite: string, name: string): Promise<ScriptedPerson> => {
  const j = JoinResponse.parse(await post(`${origin}/api/rooms/${roomId}/join`, { invite, name }));
  return { name, role: j.role, participantId: j.participantId, token: j.token, expiresAt: j.expiresAt, invite };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Ack = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
const call = async (socket: Socket, event: string, msg: unknown): Promise<unknown> => {
  const r = (await socket.timeout(10_000).emitWithAck(event, msg)) as Ack;
  if (!r.ok) throw new Error(`${event}: ${r.error.code} ${r.error.message}`);
  return r.data;
};

/** The candidate's edits: one rectangle on the board and a few lines in the pad, acknowledged by the server. */
const editDocument = async (origin: string, roomId: string, token: string): Promise<void> => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${origin.replace(/^http/, "ws")}${YJS_PATH}`, docIdFor(roomId, 1), doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, v: String(PROTOCOL_VERSION) },
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("Yjs sync timed out")), 10_000);
      provider.once("sync", () => (clearTimeout(timer), resolve()));
    });
    const board = doc.getMap<unknown>(DocKey.Board);
    const base = { angle: 0, strokeColor: "#1e1e1e", backgroundColor: "transparent", fillStyle: "solid" };
    const el = (id: string, index: string, x: number, version: number) => ({
      ...base,
      id,
      type: "rectangle",
      index,
      x,
      y: 40,
      width: 180,
      height: 90,
      strokeWidth: 2,
      roughness: 0,
      opacity: 100,
      version,
      versionNonce: 1000 + version,
      isDeleted: false,
      seed: 7,
      groupIds: [],
      boundElements: null,
    });
    board.set("rect-feature-store", encodeBoardValue(el("rect-feature-store", "a0", 0, 1)));
    await sleep(150);
    doc.getText(DocKey.Pad).insert(0, "def score(features):\n    return model.predict(features)\n");
    await sleep(150);
    board.set("rect-model-server", encodeBoardValue(el("rect-model-server", "a1", 260, 1)));
    // Updates are acknowledged once durable; give the group commit a moment before disconnecting.
    await sleep(500);
  } finally {
    provider.destroy();
    doc.destroy();
  }
};

/**
 * Creates a room and plays round 1 to a released report: the agenda starts, the candidate draws and
 * types, the interviewer takes notes tied to dimensions and evidence tags, scores, then releases.
 */
export const playReleasedRound = async (
  origin: string,
  title = "Design a feature store for fraud",
): Promise<ScriptedRound> => {
  const room = CreateRoomResponse.parse(await post(`${origin}/api/rooms`, { title, roundType: "system-design" }));
  const interviewer = await join(origin, room.roomId, room.invites.interviewer.token, "Ivy");
  const candidate = await join(origin, room.roomId, room.invites.candidate.token, "Cam");
  const socket = io(origin, { auth: { token: interviewer.token, v: PROTOCOL_VERSION }, transports: ["websocket"] });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const sync = RoundSync.parse(await call(socket, "round:sync", {}));
    const rubrics = RubricCatalogue.parse(await (await fetch(`${origin}/api/rubrics`)).json()).rubrics;
    const rubric = rubrics.find((r) => r.id === sync.round.rubricId);
    if (!rubric) throw new Error(`no rubric ${sync.round.rubricId}`);
    const [d1, d2] = rubric.dimensions;
    if (!d1 || !d2) throw new Error("the rubric needs two dimensions");
    const tagFor = (dimensionId: string) =>
      rubric.evidenceTags
        .filter((t) => t.dimensionId === undefined || t.dimensionId === dimensionId)
        .slice(0, 1)
        .map((t) => t.id);

    const notes: Note[] = [];
    const note = async (text: string, dimensionId: string | null) =>
      notes.push(
        (await call(socket, "note:add", {
          round: 1,
          text,
          dimensionId,
          tags: dimensionId ? tagFor(dimensionId) : [],
        })) as Note,
      );

    await note("Asked who consumes the scores before drawing anything", null);
    await sleep(1_100);
    await call(socket, "phase:advance", { round: 1, to: 0 });
    await editDocument(origin, room.roomId, candidate.token);
    await note("Named precision at a fixed review budget as the success metric", d1.id);
    await sleep(1_100);
    await call(socket, "phase:advance", { round: 1, to: 1 });
    await note("Separated online and offline features; point-in-time joins to avoid leakage", d2.id);
    await call(socket, "score:set", { round: 1, dimensionId: d1.id, level: 4 });
    await call(socket, "score:set", { round: 1, dimensionId: d2.id, level: 3 });
    await call(socket, "feedback:release", { round: 1 });
    return { roomId: room.roomId, title, interviewer, candidate, notes };
  } finally {
    socket.close();
  }
};

/** Puts a scripted participant's credentials where the client keeps them, so pages open as that person. */
export const signInAs = async (page: Page, origin: string, roomId: string, who: ScriptedPerson): Promise<void> => {
  await page.goto(origin);
  await page.evaluate(
    ({ roomId, who }) =>
      localStorage.setItem(
        `mockroom.room.${roomId}.participant`,
        JSON.stringify({
          roomId,
          participantId: who.participantId,
          token: who.token,
          role: who.role,
          name: who.name,
          expiresAt: who.expiresAt,
          invite: who.invite,
        }),
      ),
    { roomId, who },
  );
};
