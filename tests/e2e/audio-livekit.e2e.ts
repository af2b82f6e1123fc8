import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AudioConfig, JoinResponse, bearer, type CreateRoomResponse } from "@mockroom/shared";
import {
  HEARD_RMS,
  launchMediaBrowser,
  peakOver,
  whenHears,
  whenSilentFor,
  writeVoiceWav,
} from "../lib/audio-media.ts";
import { loadLiveKitSdk, startLiveKit, type LiveKitServer } from "../lib/audio-livekit.ts";
import { badgeIn, clickJoinAudio, createAudioRoom, joinAs, speakingIn, type AudioUser } from "../lib/audio-room.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/** livekit-server accepts a token for this long past its exp (its verifier's fixed clock leeway). */
const LIVEKIT_EXP_LEEWAY_MS = 60_000;
const TOKEN_TTL_SECONDS = 2;

/**
 * LiveKit mode against a real livekit-server in the same loopback-only namespace: the same checks
 * as peer-to-peer, plus the server-side refusals (an observer publishing, an expired token).
 */
describe("LiveKit audio, end to end", () => {
  let lk: LiveKitServer;
  let server: ServerProcess;
  let browser: Browser;
  let room: CreateRoomResponse;
  let ivy: AudioUser;
  let cam: AudioUser;
  let obi: AudioUser;
  /** A LiveKit token fetched at the start, used once it has expired. */
  let earlyToken: { token: string; expiresAt: number };
  const timings: Record<string, number> = {};

  const audioConfigFor = async (participantToken: string) => {
    const res = await fetch(`${server.url}/api/rooms/${room.roomId}/audio`, {
      headers: { authorization: bearer(participantToken) },
    });
    const cfg = AudioConfig.parse(await res.json());
    if (cfg.mode !== "livekit") throw new Error("server is not in LiveKit mode");
    return cfg;
  };
  const joinOverHttp = async (invite: string, name: string) => {
    const res = await fetch(`${server.url}/api/rooms/${room.roomId}/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ invite, name }),
    });
    return JoinResponse.parse(await res.json());
  };

  beforeAll(async () => {
    lk = await startLiveKit();
    server = await startServer({
      env: {
        LIVEKIT_URL: lk.wsUrl,
        LIVEKIT_API_KEY: lk.apiKey,
        LIVEKIT_API_SECRET: lk.apiSecret,
        MOCKROOM_AUDIO_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
      },
    });
    browser = await launchMediaBrowser({ mic: "granted", wav: writeVoiceWav() });
    room = await createAudioRoom(server.url, "Design a voice assistant's wake-word pipeline");
    const spare = await joinOverHttp(room.invites.candidate.token, "Late Lee");
    earlyToken = await audioConfigFor(spare.token);
    [ivy, cam] = await Promise.all([
      joinAs(browser, room.invites.interviewer.url, "Ivy"),
      joinAs(browser, room.invites.candidate.url, "Cam"),
    ]);
  });

  afterAll(async () => {
    console.log("[audio livekit] join audio → hearing the peer (ms, loopback):", JSON.stringify(timings));
    await browser?.close();
    await server?.kill();
    await lk?.stop();
  });

  it("[AUDE6] two people join audio through LiveKit and each hears the other", async () => {
    await clickJoinAudio(cam.page);
    expect(await cam.page.getByTestId("audio-controls").getAttribute("data-mode")).toBe("livekit");
    const t0 = Date.now();
    await ivy.page.getByTestId("audio-join").click();
    timings["interviewer hears candidate"] = (await whenHears(ivy.page, cam.participantId)) - t0;
    timings["candidate hears interviewer"] = (await whenHears(cam.page, ivy.participantId)) - t0;
    await expect.poll(() => speakingIn(ivy.page, cam.participantId), { timeout: 5_000 }).toBe("true");
    await expect.poll(() => badgeIn(cam.page, ivy.participantId), { timeout: 5_000 }).toBe("speaking");
    await expect.poll(() => ivy.page.getByTestId("audio-link").getAttribute("data-state")).toBe("connected");
  });

  it("[AUDE7] the level drops to silence when the sender mutes, and comes back on unmute", async () => {
    await cam.page.keyboard.press("m");
    await expect.poll(() => cam.page.getByTestId("audio-mute").getAttribute("data-muted")).toBe("true");
    await whenSilentFor(ivy.page, cam.participantId, 800);
    await expect.poll(() => badgeIn(ivy.page, cam.participantId), { timeout: 5_000 }).toBe("muted");
    expect(await peakOver(cam.page, ivy.participantId, 400)).toBeGreaterThan(HEARD_RMS);
    await cam.page.keyboard.press("m");
    await whenHears(ivy.page, cam.participantId, 5_000);
  });

  it("[AUDE8] an observer listens: hears both, sends nothing", async () => {
    obi = await joinAs(browser, room.invites.observer.url, "Obi");
    const t0 = Date.now();
    await clickJoinAudio(obi.page);
    await whenHears(obi.page, cam.participantId);
    await whenHears(obi.page, ivy.participantId);
    timings["late observer hears both"] = Date.now() - t0;
    expect(await obi.page.getByTestId("audio-mute").count()).toBe(0);
    for (const u of [ivy, cam]) {
      expect(await u.page.evaluate((id) => window.__audioProbe?.streams().includes(id), obi.participantId)).toBe(false);
    }
  });

  /** Connects the raw SDK in `page` with `token` and tries to publish the fake microphone. */
  const tryPublish = (page: Page, token: string, opts: { bypassClientCheck: boolean }) =>
    page.evaluate(
      async ({ url, token, bypass }) => {
        const lkc = window.__livekit!;
        const room = new lkc.Room();
        try {
          await room.connect(url, token);
        } catch (e) {
          return { connected: false, published: false, error: String(e) };
        }
        const perms = room.localParticipant.permissions;
        // The SDK refuses locally when the server said canPublish=false; pretend it did not, so the
        // request reaches livekit-server and the server's own check is what answers.
        if (bypass && perms) perms.canPublish = true;
        const track = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0]!;
        try {
          await room.localParticipant.publishTrack(track, { source: lkc.Track.Source.Microphone });
          return { connected: true, published: true, error: "" };
        } catch (e) {
          return { connected: true, published: false, error: String(e) };
        } finally {
          await room.disconnect();
        }
      },
      { url: lk.wsUrl, token, bypass: opts.bypassClientCheck },
    );

  it("[AUDE9] an observer's token is refused when it tries to publish, even by a modified client", async () => {
    const hostile = await joinOverHttp(room.invites.observer.token, "Sneaky");
    const cfg = await audioConfigFor(hostile.token);
    expect(cfg.canPublish).toBe(false);
    const page = await obi.context.newPage();
    await page.goto(`${server.url}/`);
    await loadLiveKitSdk(page, server.url);
    const polite = await tryPublish(page, cfg.token, { bypassClientCheck: false });
    expect(polite).toMatchObject({ connected: true, published: false });
    const forced = await tryPublish(page, (await audioConfigFor(hostile.token)).token, { bypassClientCheck: true });
    expect(forced).toMatchObject({ connected: true, published: false });
    console.log("[audio livekit] observer publish refused:", polite.error, "|", forced.error);
    for (const u of [ivy, cam]) {
      expect(await u.page.evaluate((id) => window.__audioProbe?.streams().includes(id), hostile.participantId)).toBe(
        false,
      );
    }
    await page.close();
  });

  it("[AUDE10] a second tab of the same person replaces the first (identity = participant id)", async () => {
    const second = await cam.context.newPage();
    await second.goto(`${server.url}/r/${room.roomId}`);
    await second.getByTestId("room").waitFor({ timeout: 30_000 });
    await clickJoinAudio(second);
    const notice = cam.page.getByTestId("audio-notice");
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.getAttribute("data-notice")).toBe("replaced");
    await cam.page.locator('[data-testid="audio-controls"][data-phase="off"]').waitFor();
    // Others still hear the candidate, now from the second tab, and only once.
    await whenHears(ivy.page, cam.participantId, 10_000);
    expect(
      (await ivy.page.evaluate(() => window.__audioProbe?.streams() ?? [])).filter((id) => id === cam.participantId),
    ).toHaveLength(1);
    const dir = join(ARTIFACTS_DIR, "audio");
    mkdirSync(dir, { recursive: true });
    await cam.page.setViewportSize({ width: 1024, height: 768 });
    await cam.page.screenshot({ path: join(dir, "livekit-replaced-1024.png") });
    await ivy.page.screenshot({ path: join(dir, "livekit-room-1440.png") });
    await second.close();
  });

  it("[AUDE11] a token is refused by livekit-server once it has expired", async () => {
    const page = await obi.context.newPage();
    await page.goto(`${server.url}/`);
    await loadLiveKitSdk(page, server.url);
    const waitMs = earlyToken.expiresAt + LIVEKIT_EXP_LEEWAY_MS + 1_500 - Date.now();
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    const result = await page.evaluate(
      async ({ url, token }) => {
        const lkc = window.__livekit!;
        const room = new lkc.Room();
        try {
          await room.connect(url, token, { maxRetries: 0 });
          await room.disconnect();
          return { connected: true, error: "" };
        } catch (e) {
          return { connected: false, error: String(e) };
        }
      },
      { url: lk.wsUrl, token: earlyToken.token },
    );
    // The SDK's message quotes the token; print only the server's reason.
    console.log("[audio livekit] expired token refused:", result.error.replace(/eyJ[\w.-]+/g, "<token>"));
    expect(result.connected).toBe(false);
    await page.close();
    for (const u of [ivy, cam, obi]) expect(u.errors).toEqual([]);
  }, 120_000);
});
