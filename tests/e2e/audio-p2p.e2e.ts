import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateRoomResponse } from "@mockroom/shared";
import {
  HEARD_RMS,
  launchMediaBrowser,
  peakOver,
  rmsOf,
  whenHears,
  whenSilentFor,
  writeVoiceWav,
} from "../lib/audio-media.ts";
import { badgeIn, clickJoinAudio, createAudioRoom, joinAs, speakingIn, type AudioUser } from "../lib/audio-room.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * Peer-to-peer audio in real Chromium with fake microphones, inside a loopback-only network
 * namespace (scripts/in-netns.mjs). Each listener measures the remote stream with its own
 * AnalyserNode. Prints the "join audio → hearing the peer" time.
 */
describe("peer-to-peer audio, end to end", () => {
  let server: ServerProcess;
  let browser: Browser;
  let room: CreateRoomResponse;
  let ivy: AudioUser;
  let cam: AudioUser;
  let obi: AudioUser;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchMediaBrowser({ mic: "granted", wav: writeVoiceWav() });
    room = await createAudioRoom(server.url);
    [ivy, cam] = await Promise.all([
      joinAs(browser, room.invites.interviewer.url, "Ivy"),
      joinAs(browser, room.invites.candidate.url, "Cam"),
    ]);
  });

  afterAll(async () => {
    console.log("[audio p2p] join audio → hearing the peer (ms, loopback):", JSON.stringify(timings));
    await browser?.close();
    await server?.kill();
  });

  it("[AUDE1] two people join audio and each hears the other; speaking rings light up", async () => {
    await clickJoinAudio(cam.page);
    expect(await cam.page.getByTestId("audio-link").getAttribute("data-state")).toBe("connected");

    const t0 = Date.now();
    await ivy.page.getByTestId("audio-join").click();
    const heardAt = await whenHears(ivy.page, cam.participantId);
    timings["interviewer hears candidate"] = heardAt - t0;
    timings["candidate hears interviewer"] = (await whenHears(cam.page, ivy.participantId)) - t0;

    expect(await rmsOf(ivy.page, cam.participantId)).toBeGreaterThan(HEARD_RMS);
    await expect.poll(() => speakingIn(ivy.page, cam.participantId), { timeout: 5_000 }).toBe("true");
    await expect.poll(() => badgeIn(ivy.page, cam.participantId), { timeout: 5_000 }).toBe("speaking");
    await expect.poll(() => speakingIn(cam.page, ivy.participantId), { timeout: 5_000 }).toBe("true");
    await expect.poll(() => ivy.page.getByTestId("audio-link").getAttribute("data-state")).toBe("connected");
  });

  it("[AUDE2] the level drops to silence when the sender mutes (M), and comes back on unmute", async () => {
    await cam.page
      .locator("body")
      .click({ position: { x: 5, y: 300 } })
      .catch(() => undefined);
    await cam.page.keyboard.press("m");
    await expect.poll(() => cam.page.getByTestId("audio-mute").getAttribute("data-muted")).toBe("true");
    await whenSilentFor(ivy.page, cam.participantId, 800);
    await expect.poll(() => badgeIn(ivy.page, cam.participantId), { timeout: 5_000 }).toBe("muted");
    // The other direction is unaffected.
    expect(await peakOver(cam.page, ivy.participantId, 400)).toBeGreaterThan(HEARD_RMS);

    await cam.page.getByTestId("audio-mute").click();
    await whenHears(ivy.page, cam.participantId, 5_000);
    await expect.poll(() => badgeIn(ivy.page, cam.participantId), { timeout: 5_000 }).toBe("speaking");
  });

  it("[AUDE3] an observer joins late as a listener: hears both, sends nothing", async () => {
    obi = await joinAs(browser, room.invites.observer.url, "Obi");
    expect(await obi.page.getByTestId("audio-join").textContent()).toContain("Listen");
    const t0 = Date.now();
    await clickJoinAudio(obi.page);
    await whenHears(obi.page, cam.participantId);
    timings["late observer hears candidate"] = Date.now() - t0;
    await whenHears(obi.page, ivy.participantId);
    timings["late observer hears both"] = Date.now() - t0;
    await obi.page.getByTestId("audio-listening").waitFor();
    expect(await obi.page.getByTestId("audio-mute").count()).toBe(0);
    // Nobody receives a stream from the observer (or, if one existed, it would have to be silent).
    for (const u of [ivy, cam]) {
      await expect.poll(() => u.page.evaluate(() => window.__audioProbe?.streams() ?? [])).toHaveLength(1);
      expect(await peakOver(u.page, obi.participantId, 500)).toBeLessThan(SILENT_OR_ABSENT);
    }
    await expect.poll(() => badgeIn(ivy.page, obi.participantId), { timeout: 5_000 }).toBe("muted");
  });

  it("[AUDE4] leaving audio stops it for the others; the room keeps working", async () => {
    await ivy.page.getByTestId("audio-leave").click();
    await ivy.page.locator('[data-testid="audio-controls"][data-phase="off"]').waitFor();
    await expect
      .poll(() => cam.page.evaluate((id) => window.__audioProbe?.streams().includes(id), ivy.participantId))
      .toBe(false);
    expect(await ivy.page.evaluate(() => window.__mockroom?.connection())).toBe("connected");
    // And back in: a rejoin connects again.
    const t0 = Date.now();
    await ivy.page.getByTestId("audio-join").click();
    await whenHears(ivy.page, cam.participantId);
    timings["rejoin: interviewer hears candidate"] = Date.now() - t0;
  });

  it("[AUDE13] plays the others on the speaker picked, keeps hearing them, and remembers it", async () => {
    const page = ivy.page;
    const picker = page.getByTestId("audio-speaker");
    await picker.waitFor();
    const options = await picker
      .locator("option")
      .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" })));
    // Chromium's fake audio outputs: the default and two more.
    const headset = options.find((o) => o.label === "Fake Audio Output 1");
    if (!headset) throw new Error(`no fake output among ${JSON.stringify(options)}`);
    const sinkOf = (id: string) =>
      page.evaluate((peer) => document.querySelector<HTMLAudioElement>(`[data-audio-peer="${peer}"]`)?.sinkId, id);
    expect(await sinkOf(cam.participantId)).toBe("");

    await picker.selectOption(headset.value);
    await expect.poll(() => sinkOf(cam.participantId)).toBe(headset.value);
    await whenHears(page, cam.participantId);
    expect(await page.evaluate(() => localStorage.getItem("mockroom.audio.speaker"))).toBe(headset.value);

    // Leave and join again: the new player goes to the same speaker without asking.
    await page.getByTestId("audio-leave").click();
    await page.locator('[data-testid="audio-controls"][data-phase="off"]').waitFor();
    await page.getByTestId("audio-join").click();
    await whenHears(page, cam.participantId);
    await expect.poll(() => sinkOf(cam.participantId)).toBe(headset.value);
    expect(await picker.inputValue()).toBe(headset.value);
  });

  it("[AUDE12] media keeps flowing while the server restarts; afterwards everyone is back in the roster", async () => {
    await server.kill();
    // Signalling is down, the peer-to-peer media is not.
    expect(await peakOver(ivy.page, cam.participantId, 800)).toBeGreaterThan(HEARD_RMS);
    expect(await peakOver(obi.page, ivy.participantId, 400)).toBeGreaterThan(HEARD_RMS);
    server = await startServer({ port: server.port, dataDir: server.dataDir });
    // Each client joins audio again on reconnect, so the roster (and mute badges) come back.
    await expect.poll(() => badgeIn(ivy.page, obi.participantId), { timeout: 20_000 }).toBe("muted");
    await expect.poll(() => badgeIn(obi.page, cam.participantId), { timeout: 20_000 }).toBe("speaking");
    // Mute still works end to end after the restart.
    await cam.page.getByTestId("audio-mute").click();
    await expect.poll(() => badgeIn(ivy.page, cam.participantId), { timeout: 10_000 }).toBe("muted");
    await whenSilentFor(ivy.page, cam.participantId, 600);
    await cam.page.getByTestId("audio-mute").click();
    await whenHears(ivy.page, cam.participantId, 5_000);
  });

  it("screenshots of the room with audio on (1440×900 and 1024×768)", async () => {
    const dir = join(ARTIFACTS_DIR, "audio");
    mkdirSync(dir, { recursive: true });
    await expect.poll(() => speakingIn(ivy.page, cam.participantId), { timeout: 5_000 }).toBe("true");
    await ivy.page.screenshot({ path: join(dir, "p2p-room-1440.png") });
    await ivy.page.setViewportSize({ width: 1024, height: 768 });
    await ivy.page.screenshot({ path: join(dir, "p2p-room-1024.png") });
    await obi.page.setViewportSize({ width: 1024, height: 768 });
    await obi.page.screenshot({ path: join(dir, "p2p-observer-1024.png") });
    for (const u of [ivy, cam, obi]) expect(u.errors).toEqual([]);
  });
});

/** -1 means "no stream at all"; anything below this is silence. */
const SILENT_OR_ABSENT = 0.003;

describe("a denied microphone", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchMediaBrowser({ mic: "denied" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.kill();
  });

  it("[AUDE5] says the microphone is blocked, still lets you listen, and the room keeps working", async () => {
    const room = await createAudioRoom(server.url);
    const cam = await joinAs(browser, room.invites.candidate.url, "Cam", { width: 1024, height: 768 });
    await clickJoinAudio(cam.page);
    const notice = cam.page.getByTestId("audio-notice");
    await notice.waitFor();
    expect(await notice.getAttribute("data-notice")).toBe("mic_denied");
    expect(await notice.textContent()).toContain("Microphone blocked");
    await cam.page.getByTestId("audio-listening").waitFor();
    expect(await cam.page.evaluate(() => window.__mockroom?.connection())).toBe("connected");
    const dir = join(ARTIFACTS_DIR, "audio");
    mkdirSync(dir, { recursive: true });
    await cam.page.screenshot({ path: join(dir, "mic-denied-1024.png") });
  });
});
