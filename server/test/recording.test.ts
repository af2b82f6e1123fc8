import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_AUDIO_CHUNK_BYTES, bearer, type RecordingState } from "@mockroom/shared";
import { createDiskTrackStore } from "../src/recording/disk-track-store.ts";
import { summarise } from "../src/recording/webm.ts";
import {
  abortedUpload,
  chromeChunks,
  consent,
  recordingClient,
  uploadChunk,
  type UploadOpts,
} from "./recording-helpers.ts";
import { setUpRoom, startServer, tempDir, waitFor, type ControlSocket, type Rig, type SetUp } from "./rig.ts";

let rig: Rig;
let s: SetUp;
const sockets: ControlSocket[] = [];
const chunks = chromeChunks();

const start = async (opts: Parameters<typeof startServer>[0] = {}) => {
  rig = await startServer(opts);
  s = await setUpRoom(rig.url);
};
beforeEach(() => start());
afterEach(async () => {
  for (const sock of sockets.splice(0)) sock.close();
  await rig.close();
});

const client = async (token: string) => {
  const c = await recordingClient(rig.url, token);
  sockets.push(c.socket);
  return c;
};
const put = (who: { token: string }, trackId: string, seq: number | string, bytes: Uint8Array, opts: UploadOpts = {}) =>
  uploadChunk(rig.url, s.room.roomId, 1, trackId, seq, bytes, { token: who.token, ...opts });
const trackAudio = async (token: string, trackId: string) => {
  const res = await fetch(`${rig.url}/api/rooms/${s.room.roomId}/rounds/1/tracks/${trackId}/audio`, {
    headers: { authorization: bearer(token) },
  });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
};

describe("audio upload rules", () => {
  beforeEach(async () => {
    await consent((await client(s.candidate.token)).socket, true);
  });

  it("[REC1] uploads need a participant token of this room", async () => {
    const none = await put({ token: "" }, "trackAAAA1", 0, chunks[0]!);
    expect(none.status).toBe(401);
    const other = await setUpRoom(rig.url);
    const wrong = await put(other.candidate, "trackAAAA1", 0, chunks[0]!);
    expect([wrong.status, wrong.body.error?.code]).toEqual([403, "wrong_room"]);
  });

  it("[REC2] only audio/webm is accepted, and chunk 0 must open a WebM stream (415 unsupported_media)", async () => {
    const json = await put(s.candidate, "trackAAAA1", 0, chunks[0]!, { contentType: "application/octet-stream" });
    expect([json.status, json.body.error?.code]).toEqual([415, "unsupported_media"]);
    const garbage = await put(s.candidate, "trackAAAA1", 0, new Uint8Array([1, 2, 3, 4, 5]));
    expect([garbage.status, garbage.body.error?.code]).toEqual([415, "unsupported_media"]);
    expect((await put(s.candidate, "trackAAAA1", 0, chunks[0]!)).status).toBe(201);
  });

  it("[REC3] a chunk over MAX_AUDIO_CHUNK_BYTES gets 413 too_large and stores nothing", async () => {
    const big = new Uint8Array(MAX_AUDIO_CHUNK_BYTES + 1);
    big.set(chunks[0]!);
    const r = await put(s.candidate, "trackAAAA1", 0, big);
    expect([r.status, r.body.error?.code]).toEqual([413, "too_large"]);
    expect((await put(s.candidate, "trackAAAA1", 0, chunks[0]!)).status).toBe(201);
  });

  it("[REC4] malformed track ids, sequence numbers and track starts are 400 invalid_message", async () => {
    for (const [track, seq] of [
      ["bad", 0],
      ["trackAAAA1", "x"],
      ["trackAAAA1", -1],
      ["trackAAAA1", 99_999_999],
    ] as const) {
      const r = await put(s.candidate, track, seq, chunks[0]!);
      expect([r.status, r.body.error?.code], `${track}/${seq}`).toEqual([400, "invalid_message"]);
    }
    for (const start of [null, 0, Date.now() + 3_600_000]) {
      const r = await put(s.candidate, "trackAAAA1", 0, chunks[0]!, { start });
      expect([r.status, r.body.error?.code], String(start)).toEqual([400, "invalid_message"]);
    }
    const round = await uploadChunk(rig.url, s.room.roomId, 7, "trackAAAA1", 0, chunks[0]!, {
      token: s.candidate.token,
    });
    expect(round.status).toBe(404);
  });

  it("[REC5] a duplicate chunk gets 409 duplicate_chunk and never replaces the stored one", async () => {
    expect((await put(s.candidate, "trackAAAA1", 0, chunks[0]!)).status).toBe(201);
    expect((await put(s.candidate, "trackAAAA1", 1, chunks[1]!)).status).toBe(201);
    const dup = await put(s.candidate, "trackAAAA1", 1, chunks[2]!);
    expect([dup.status, dup.body.error?.code]).toEqual([409, "duplicate_chunk"]);
    const viaPost = await put(s.candidate, "trackAAAA1", 0, chunks[0]!, { method: "POST" });
    expect(viaPost.status).toBe(409);
  });

  it("[REC7] a track belongs to its first uploader", async () => {
    await consent((await client(s.interviewer.token)).socket, true);
    expect((await put(s.candidate, "trackAAAA1", 0, chunks[0]!)).status).toBe(201);
    const r = await put(s.interviewer, "trackAAAA1", 1, chunks[1]!);
    expect([r.status, r.body.error?.code]).toEqual([403, "forbidden"]);
  });
});

describe("audio tracks under faults", () => {
  const faultRun = async () => {
    await consent((await client(s.candidate.token)).socket, true);
    // Reference: the same chunks uploaded in order.
    for (let i = 0; i < chunks.length; i++)
      expect((await put(s.candidate, "orderedAAA", i, chunks[i]!)).status).toBe(201);
    // Faulty: out of order, every chunk sent twice, one upload cut off mid-body and retried.
    const order = [3, 0, 1, 5, 2, 7, 4, 6];
    for (const seq of order) {
      if (seq === 5) await abortedUpload(rig.url, s.room.roomId, 1, "faultyAAAA", 5, chunks[5]!, s.candidate.token);
      const first = await put(s.candidate, "faultyAAAA", seq, chunks[seq]!);
      expect(first.status, `seq ${seq}`).toBe(201);
      // A retry of the same chunk, or a different body under the same seq: neither may replace it.
      const again = await put(
        s.candidate,
        "faultyAAAA",
        seq,
        seq === 0 ? chunks[0]! : chunks[(seq + 1) % chunks.length]!,
      );
      expect(again.status).toBe(409);
    }
    const ordered = await trackAudio(s.candidate.token, "orderedAAA");
    const faulty = await trackAudio(s.candidate.token, "faultyAAAA");
    expect(ordered.status).toBe(200);
    expect(faulty.status).toBe(200);
    expect(Buffer.from(faulty.bytes).equals(Buffer.from(ordered.bytes))).toBe(true);
    const summary = summarise(faulty.bytes)!;
    expect(summary.segmentSizeKnown).toBe(true);
    expect(summary.durationMs).toBeGreaterThan(3_500);
    expect(summary.durationMs).toBeLessThan(5_000);
    expect(summary.cues.length).toBeGreaterThanOrEqual(4);
    expect(summary.cues.every((c) => c.pointsAtCluster)).toBe(true);
    expect(summary.blocks).toBe(70);
  };

  it("[REC6] out-of-order, duplicated and interrupted uploads give one intact, seekable track (memory)", faultRun);

  it("[REC6] the same holds on the disk adapter", async () => {
    await rig.close();
    await start({ tracks: createDiskTrackStore(tempDir("mockroom-audio-")) });
    await faultRun();
  });

  it("[REC8] a track with a lost middle chunk still assembles: the audio around the gap is kept", async () => {
    await consent((await client(s.candidate.token)).socket, true);
    for (const seq of [0, 1, 2, 4, 5, 6, 7])
      expect((await put(s.candidate, "gappyAAAAA", seq, chunks[seq]!)).status).toBe(201);
    const audio = await trackAudio(s.candidate.token, "gappyAAAAA");
    const summary = summarise(audio.bytes)!;
    expect(summary.segmentSizeKnown).toBe(true);
    expect(summary.durationMs).toBeGreaterThan(3_500);
    expect(summary.blocks).toBeGreaterThan(50);
    expect(summary.blocks).toBeLessThan(70);
    expect(summary.cues.every((c) => c.pointsAtCluster)).toBe(true);
  });
});

describe("consent and pauses", () => {
  it("[CON1] everyone gets recording:state on connect and on every change; nobody is recorded unasked", async () => {
    const cand = await client(s.candidate.token);
    const intv = await client(s.interviewer.token);
    expect(cand.states[0]).toMatchObject({ status: "recording", consents: {}, round: 1 });
    await consent(cand.socket, true);
    await waitFor(() => intv.states.some((st) => st.consents[s.candidate.participantId] === "granted"));
    const unasked = await put(s.interviewer, "trackIIII1", 0, chunks[0]!);
    expect([unasked.status, unasked.body.error?.code]).toEqual([403, "forbidden"]);
  });

  it("[CON2] a participant who declines is not recorded; the others still are", async () => {
    const cand = await client(s.candidate.token);
    const intv = await client(s.interviewer.token);
    await consent(cand.socket, false);
    await consent(intv.socket, true);
    const declined = await put(s.candidate, "trackCCCC1", 0, chunks[0]!);
    expect([declined.status, declined.body.error?.code]).toEqual([403, "forbidden"]);
    expect((await put(s.interviewer, "trackIIII1", 0, chunks[0]!)).status).toBe(201);
    const state = (await fetch(`${rig.url}/api/rooms/${s.room.roomId}/recording`, {
      headers: { authorization: bearer(s.observer.token) },
    }).then((r) => r.json())) as RecordingState;
    expect(state.consents).toEqual({
      [s.candidate.participantId]: "declined",
      [s.interviewer.participantId]: "granted",
    });
  });

  it("[CON3] only interviewers pause and resume; pauses are room events; no new track starts while paused", async () => {
    const cand = await client(s.candidate.token);
    const intv = await client(s.interviewer.token);
    await consent(cand.socket, true);
    expect((await put(s.candidate, "beforePause", 0, chunks[0]!)).status).toBe(201);
    const refused = await cand.socket.emitWithAck("recording:pause", {});
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const paused = await intv.socket.emitWithAck("recording:pause", {});
    expect(paused).toMatchObject({ ok: true, data: { status: "paused" } });
    await waitFor(() => cand.states.at(-1)?.status === "paused");
    const fresh = await put(s.candidate, "duringPause", 0, chunks[0]!);
    expect([fresh.status, fresh.body.error?.code]).toEqual([409, "conflict"]);
    // The tail of a track that started before the pause still lands.
    expect((await put(s.candidate, "beforePause", 1, chunks[1]!)).status).toBe(201);
    expect(await intv.socket.emitWithAck("recording:resume", {})).toMatchObject({
      ok: true,
      data: { status: "recording" },
    });
    expect((await put(s.candidate, "afterPause", 0, chunks[0]!)).status).toBe(201);
    const kinds = (await rig.storage.events.list(s.room.roomId, 1)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["recording-consent", "recording-paused", "recording-resumed"]));
    const bad = await intv.socket.emitWithAck("recording:pause", { extra: 1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_message" } });
  });

  it("[CON4] consent and pause state survive a server restart (they live in the event log)", async () => {
    await rig.close();
    const file = `${tempDir()}/db.sqlite`;
    await start({ sqliteFile: file });
    const intv = await client(s.interviewer.token);
    await consent(intv.socket, true);
    await intv.socket.emitWithAck("recording:pause", {});
    await rig.close();
    sockets.splice(0);
    rig = await startServer({ sqliteFile: file });
    const again = await client(s.candidate.token);
    expect(again.states[0]).toMatchObject({ status: "paused", consents: { [s.interviewer.participantId]: "granted" } });
  });
});
