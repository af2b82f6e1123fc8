import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessToken } from "livekit-server-sdk";
import { AudioConfig, bearer } from "@mockroom/shared";
import { startLiveKit, type LiveKitServer } from "./audio-livekit-server.ts";
import { setUpRoom, sleep, startServer, type Rig } from "./rig.ts";

/**
 * Mockroom's tokens against a real livekit-server (no browser: /rtc/validate runs the same token
 * checks a joining client meets). Media, publishing and the observer's refusal are in tests/e2e.
 */
let lk: LiveKitServer;
let rig: Rig;
const TTL_MS = 1_000;
/** livekit-server accepts a token for this long past its exp (protocol/auth/verifier.go `tokenLeeway`). */
const LIVEKIT_EXP_LEEWAY_MS = 60_000;

beforeAll(async () => {
  lk = await startLiveKit();
  rig = await startServer({
    audio: {
      iceServers: [],
      livekit: { url: lk.wsUrl, apiKey: lk.apiKey, apiSecret: lk.apiSecret, tokenTtlMs: TTL_MS },
    },
  });
}, 30_000);
afterAll(async () => {
  await rig?.close();
  await lk?.stop();
});

const validate = async (token: string) => {
  const res = await fetch(`${lk.httpUrl}/rtc/validate?access_token=${encodeURIComponent(token)}`);
  return { status: res.status, body: await res.text() };
};
const liveKitConfig = async (roomId: string, participantToken: string) => {
  const res = await fetch(`${rig.url}/api/rooms/${roomId}/audio`, {
    headers: { authorization: bearer(participantToken) },
  });
  const cfg = AudioConfig.parse(await res.json());
  if (cfg.mode !== "livekit") throw new Error("expected livekit mode");
  return cfg;
};

describe("LiveKit tokens against a real livekit-server", () => {
  it("[AUD11] the server accepts a fresh token and refuses it once the configured TTL has passed", async () => {
    const s = await setUpRoom(rig.url);
    const cfg = await liveKitConfig(s.room.roomId, s.candidate.token);
    expect(cfg.url).toBe(lk.wsUrl);
    expect(cfg.expiresAt - Date.now()).toBeLessThanOrEqual(TTL_MS);
    const fresh = await validate(cfg.token);
    expect(fresh.status, fresh.body).toBe(200);

    await sleep(cfg.expiresAt + LIVEKIT_EXP_LEEWAY_MS - Date.now() + 1_500);
    const expired = await validate(cfg.token);
    expect(expired.status, expired.body).toBe(401);
    // A fresh fetch is a fresh token: clients fetch one per join.
    expect((await validate((await liveKitConfig(s.room.roomId, s.candidate.token)).token)).status).toBe(200);
  }, 90_000);

  it("[AUD11] a token signed with any other secret is refused", async () => {
    const forged = new AccessToken(lk.apiKey, "not-the-secret-not-the-secret-not", { identity: "x", ttl: 60 });
    forged.addGrant({ room: "mockroom-anything", roomJoin: true, canPublish: true });
    expect((await validate(await forged.toJwt())).status).toBe(401);
  });
});
