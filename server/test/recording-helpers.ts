import { readFileSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROTOCOL_VERSION, TRACK_START_HEADER, bearer, type RecordingState } from "@mockroom/shared";
import { controlClient, waitFor, type ControlSocket } from "./rig.ts";

/** A real Chrome MediaRecorder capture (fake mic, 500 ms timeslice), one file per chunk. */
const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../src/recording/fixtures/chrome-opus");
export const chromeChunks = (): Uint8Array[] =>
  readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith(".webm"))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(FIXTURE_DIR, f))));

export const chunkUrl = (url: string, roomId: string, round: number, trackId: string, seq: number | string) =>
  `${url}/api/rooms/${roomId}/rounds/${round}/tracks/${trackId}/chunks/${seq}`;

export interface UploadOpts {
  token?: string | undefined;
  contentType?: string;
  start?: number | null;
  method?: "PUT" | "POST";
}

export const uploadChunk = async (
  url: string,
  roomId: string,
  round: number,
  trackId: string,
  seq: number | string,
  bytes: Uint8Array,
  opts: UploadOpts = {},
): Promise<{ status: number; body: { error?: { code: string } } & Record<string, unknown> }> => {
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "audio/webm;codecs=opus" };
  if (opts.token) headers["authorization"] = bearer(opts.token);
  if (opts.start !== null) headers[TRACK_START_HEADER] = String(opts.start ?? Date.now() - 1_000);
  const res = await fetch(chunkUrl(url, roomId, round, trackId, seq), {
    method: opts.method ?? "PUT",
    headers,
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
};

/** Sends the headers and part of a chunk, then drops the connection: a tab closing mid-upload. */
export const abortedUpload = (
  url: string,
  roomId: string,
  round: number,
  trackId: string,
  seq: number,
  bytes: Uint8Array,
  token: string,
): Promise<void> =>
  new Promise((resolve) => {
    const req = request(chunkUrl(url, roomId, round, trackId, seq), {
      method: "PUT",
      headers: {
        "content-type": "audio/webm",
        "content-length": String(bytes.length),
        authorization: bearer(token),
        [TRACK_START_HEADER]: String(Date.now() - 1_000),
      },
    });
    req.on("error", () => resolve());
    req.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 50);
  });

/** A control socket that records every `recording:state` it receives. */
export const recordingClient = async (
  url: string,
  token: string,
): Promise<{ socket: ControlSocket; states: RecordingState[] }> => {
  const socket = controlClient(url, { token, v: PROTOCOL_VERSION });
  const states: RecordingState[] = [];
  socket.on("recording:state", (s) => states.push(s));
  await waitFor(() => socket.connected && states.length > 0, 5_000, "recording state on connect");
  return { socket, states };
};

export const consent = async (socket: ControlSocket, granted: boolean): Promise<RecordingState> => {
  const r = await socket.emitWithAck("recording:consent", { granted });
  if (!r.ok) throw new Error(`consent refused: ${r.error.code}`);
  return r.data;
};
