import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAudioRoom, joinAs, type AudioUser } from "../lib/audio-room.ts";
import { launchBrowser } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { boardCount, boardSignature, waitForRoom, whenBoardHas, whenBoardShows } from "../lib/room-page.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/** rubrics/data/prompts/real-time-recommendations.json: 6 starter elements, 4 of them boxes with a label. */
const PROMPT = "real-time-recommendations";
const STARTER_ELEMENTS = 6 + 4;

/**
 * The prompt's starter diagram lands on an empty board once, when an interviewer picks the prompt:
 * with two interviewer tabs racing to insert it, everyone still ends up with one copy.
 */
describe("starter diagram", () => {
  let server: ServerProcess;
  let browser: Browser;
  const people: AudioUser[] = [];

  beforeAll(async () => {
    mkdirSync(join(ARTIFACTS_DIR, "screens"), { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const u of people) await u.context.close().catch(() => undefined);
    await browser?.close();
    await server?.kill();
  });

  it("[BRD1] picking a prompt puts its starter diagram on the empty board exactly once", async () => {
    const room = await createAudioRoom(server.url, "Design real-time recommendations");
    const ivy = await joinAs(browser, room.invites.interviewer.url, "Ivy");
    const ian = await joinAs(browser, room.invites.interviewer.url, "Ian", { width: 1024, height: 768 });
    const cam = await joinAs(browser, room.invites.candidate.url, "Cam");
    people.push(ivy, ian, cam);
    expect(await boardCount(cam.page)).toBe(0);

    await ivy.page.getByTestId("prompt-select").selectOption(PROMPT);
    for (const u of people) await whenBoardHas(u.page, STARTER_ELEMENTS);
    // Let any second insert arrive before counting.
    await ivy.page.waitForTimeout(1_000);
    const signature = await boardSignature(ivy.page);
    for (const u of people) {
      await whenBoardShows(u.page, signature);
      expect(await boardCount(u.page), u.name).toBe(STARTER_ELEMENTS);
      expect(await u.page.evaluate(() => window.__mockroom?.docBoardElements()), u.name).toBe(STARTER_ELEMENTS);
    }
    // Deterministic ids (room, round, position), and the labels are bound to their boxes.
    const ids = signature.split(",").map((s) => s.split("@")[0] ?? "");
    expect(ids.every((id) => id.startsWith(`st-${room.roomId}-1-`))).toBe(true);
    expect(ids.filter((id) => id.endsWith("t"))).toHaveLength(4);

    await cam.page.screenshot({ path: join(ARTIFACTS_DIR, "screens", "starter-candidate-1440x900.png") });
    await ian.page.screenshot({ path: join(ARTIFACTS_DIR, "screens", "starter-interviewer-1024x768.png") });

    // A reload (the board is no longer empty) adds nothing.
    await ivy.page.reload();
    await waitForRoom(ivy.page);
    await whenBoardHas(ivy.page, STARTER_ELEMENTS);
    await ivy.page.waitForTimeout(1_000);
    expect(await boardCount(ivy.page)).toBe(STARTER_ELEMENTS);
    expect(await boardCount(cam.page)).toBe(STARTER_ELEMENTS);
    for (const u of people) expect(u.errors, u.name).toEqual([]);
  });
});
