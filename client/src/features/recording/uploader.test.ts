import { describe, expect, it } from "vitest";
import { ChunkUploader, type PendingChunk } from "./uploader.ts";

const chunk = (seq: number): PendingChunk => ({
  round: 1,
  trackId: "trackAAAA1",
  seq,
  startedAt: 1_000,
  data: new Blob([new Uint8Array([seq])], { type: "audio/webm" }),
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("chunk uploader", () => {
  it("[REC9] retries through network failures and 5xx in order, and counts duplicate_chunk as stored", async () => {
    const calls: string[] = [];
    let failures = 3;
    const uploader = new ChunkUploader({
      roomId: "room00001",
      token: "tok",
      wait: () => Promise.resolve(),
      fetch: async (url) => {
        calls.push(String(url).split("/").at(-1)!);
        if (failures-- > 0) {
          if (failures === 1) return json(503, { error: { code: "unavailable", message: "" } });
          throw new TypeError("network down");
        }
        if (String(url).endsWith("/1")) return json(409, { error: { code: "duplicate_chunk", message: "" } });
        return json(201, {});
      },
    });
    for (const s of [0, 1, 2]) uploader.enqueue(chunk(s));
    await new Promise((r) => setTimeout(r, 20));
    expect(uploader.pending.get()).toBe(0);
    expect(calls).toEqual(["0", "0", "0", "0", "1", "2"]);
  });

  it("[REC9] a refused chunk (e.g. forbidden) is reported and dropped; the rest still upload", async () => {
    const refused: string[] = [];
    const uploader = new ChunkUploader({
      roomId: "room00001",
      token: "tok",
      wait: () => Promise.resolve(),
      onRefused: (code, c) => refused.push(`${code}:${c.seq}`),
      fetch: async (url) =>
        String(url).endsWith("/0") ? json(403, { error: { code: "forbidden", message: "" } }) : json(201, {}),
    });
    uploader.enqueue(chunk(0));
    uploader.enqueue(chunk(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(refused).toEqual(["forbidden:0"]);
    expect(uploader.pending.get()).toBe(0);
  });
});
