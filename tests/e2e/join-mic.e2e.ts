import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAudioRoom } from "../lib/audio-room.ts";
import { launchMediaBrowser, writeVoiceWav } from "../lib/audio-media.ts";
import { launchBrowser } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { waitForRoom } from "../lib/room-page.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * The join page's microphone check: a live level meter and a device picker whose choice the room's
 * audio uses; and when the microphone is refused or missing, a clear message and joining still works.
 */
describe("join-page microphone check", () => {
  let server: ServerProcess;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    mkdirSync(join(ARTIFACTS_DIR, "screens"), { recursive: true });
    server = await startServer();
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.kill();
  });

  const openJoin = async (browser: Browser, size = { width: 1440, height: 900 }): Promise<Page> => {
    const room = await createAudioRoom(server.url, "Design a speech-to-text service");
    const context = await browser.newContext({ viewport: size });
    const page = await context.newPage();
    await page.goto(room.invites.candidate.url);
    await page.getByTestId("join-name").fill("Cam Candidate");
    return page;
  };

  const joinRoom = async (page: Page) => {
    await page.getByTestId("join-button").click();
    await waitForRoom(page);
  };

  it("[JOIN1] shows a moving level for the microphone and remembers the one picked", async () => {
    const browser = await launchMediaBrowser({ mic: "granted", wav: writeVoiceWav() });
    browsers.push(browser);
    const page = await openJoin(browser);
    await page.getByTestId("mic-check-start").click();
    await page.locator('[data-testid="mic-check"][data-phase="live"]').waitFor({ timeout: 10_000 });
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="mic-check-level"]')?.getAttribute("aria-valuenow")) > 5,
      null,
      { timeout: 10_000 },
    );
    const options = await page
      .getByTestId("mic-check-device")
      .locator("option")
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(0);
    const chosen = options.at(-1) ?? "";
    await page.getByTestId("mic-check-device").selectOption(chosen);
    await page.locator('[data-testid="mic-check"][data-phase="live"]').waitFor();
    expect(await page.evaluate(() => localStorage.getItem("mockroom.audio.mic"))).toBe(chosen);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "screens", "join-mic-1440x900.png") });
    await joinRoom(page);
    await page.context().close();
  });

  it("[JOIN1] a refused microphone says what to do, and joining still works", async () => {
    const browser = await launchMediaBrowser({ mic: "denied" });
    browsers.push(browser);
    const page = await openJoin(browser, { width: 1024, height: 768 });
    await page.getByTestId("mic-check-start").click();
    const problem = page.getByTestId("mic-check-problem");
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.innerText()).toContain("join without audio");
    await page.screenshot({ path: join(ARTIFACTS_DIR, "screens", "join-mic-denied-1024x768.png") });
    await joinRoom(page);
    await page.context().close();
  });

  it("[JOIN1] without any media devices (no fake-media flags) joining is untouched", async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await openJoin(browser);
    await page.getByTestId("mic-check-start").click();
    await page.getByTestId("mic-check-problem").waitFor({ timeout: 10_000 });
    await joinRoom(page);
    await page.context().close();
  });
});
