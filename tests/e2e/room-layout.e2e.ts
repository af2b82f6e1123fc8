import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAudioRoom, joinAs, type AudioUser } from "../lib/audio-room.ts";
import { launchBrowser } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * The room's layout at the two sizes people use, with everything the top bar can hold (agenda,
 * recording, audio, three people with long names): nothing in the top bar is clipped or pushed
 * out, the clock, connection and save state stay visible, everyone is reachable from the people
 * popover, and Excalidraw keeps its desktop toolbar (it switches to a cramped mobile layout when
 * its container is narrower than 730 px).
 */
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;
const DIR = join(ARTIFACTS_DIR, "screens");

/** Every direct part of the top bar lies inside it, and none is squeezed below its content. */
const topBarProblems = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>(".topbar");
    if (!bar) return ["no top bar"];
    const box = bar.getBoundingClientRect();
    const problems: string[] = [];
    if (bar.scrollWidth > bar.clientWidth + 1) problems.push(`bar overflows: ${bar.scrollWidth} > ${bar.clientWidth}`);
    for (const el of bar.querySelectorAll<HTMLElement>(".topbar__row > *")) {
      const r = el.getBoundingClientRect();
      const name = el.className || el.tagName;
      if (r.width === 0 && getComputedStyle(el).display !== "contents") problems.push(`${name} has no width`);
      if (r.right > box.right + 1 || r.left < box.left - 1) problems.push(`${name} sticks out of the bar`);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow === "hidden")
        problems.push(`${name} is clipped (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return problems;
  });

const visible = (page: Page, testId: string) => page.getByTestId(testId).first().isVisible();

describe("room layout at 1440×900 and 1024×768", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
  });

  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}`;
    it(`[UI1] top bar fits and the board keeps its desktop toolbar (${tag})`, async () => {
      const room = await createAudioRoom(server.url, "Design a real-time fraud detection pipeline for card payments");
      const people: AudioUser[] = [];
      try {
        people.push(await joinAs(browser, room.invites.interviewer.url, "Ivy Longname-Interviewer", size));
        people.push(await joinAs(browser, room.invites.candidate.url, "Cameron Verylongname Candidate", size));
        people.push(await joinAs(browser, room.invites.observer.url, "Obi Observer", size));
        const [ivy, cam] = people as [AudioUser, AudioUser, AudioUser];
        for (const u of people) {
          await u.page.waitForFunction(
            () => document.querySelectorAll('[data-testid="participant"][data-online="true"]').length === 3,
            null,
            { timeout: 10_000 },
          );
        }

        for (const [who, u] of [
          ["interviewer", ivy],
          ["candidate", cam],
        ] as const) {
          const page = u.page;
          await page.mouse.move(size.width * 0.5, size.height * 0.6);
          await page.waitForTimeout(300);
          await page.screenshot({ path: join(DIR, `layout-${who}-${tag}.png`) });
          expect(await topBarProblems(page), `${who} ${tag}`).toEqual([]);
          for (const id of ["connection-state", "room-title", "audio-controls", "people-button"]) {
            expect(await visible(page, id), `${id} visible for ${who} at ${tag}`).toBe(true);
          }
          if (who === "candidate") expect(await visible(page, "save-state")).toBe(true);
          // Excalidraw's desktop layout: the main toolbar sits at the top ("App-toolbar"), never the mobile bottom bar.
          expect(await page.locator(".whiteboard .excalidraw--mobile").count(), `${who} ${tag}: mobile board`).toBe(0);
          const boardWidth = await page.locator(".whiteboard .excalidraw").evaluate((el) => el.clientWidth);
          expect(boardWidth, `${who} ${tag}: board width`).toBeGreaterThanOrEqual(730);
        }

        // The interviewer's side panel open too (the widest layout): still desktop.
        const side = ivy.page.getByTestId("side-panel");
        if (!(await side.isVisible())) await ivy.page.getByRole("button", { name: "Show side panel" }).click();
        await side.waitFor();
        await ivy.page.waitForTimeout(300);
        await ivy.page.screenshot({ path: join(DIR, `layout-interviewer-panel-${tag}.png`) });
        expect(await topBarProblems(ivy.page)).toEqual([]);
        expect(await ivy.page.locator(".whiteboard .excalidraw--mobile").count()).toBe(0);

        // Everyone is listed, with role and status, in the people popover.
        await ivy.page.getByTestId("people-button").click();
        const rows = ivy.page.getByTestId("participant-row");
        await rows.first().waitFor();
        expect(await rows.count()).toBe(3);
        const text = await ivy.page.getByTestId("people-popover").innerText();
        expect(text).toContain("Cameron Verylongname Candidate");
        expect(text).toContain("Observer");
        await ivy.page.screenshot({ path: join(DIR, `layout-people-${tag}.png`) });
        await ivy.page.keyboard.press("Escape");
        await ivy.page.getByTestId("people-popover").waitFor({ state: "detached" });

        for (const u of people) expect(u.errors, u.name).toEqual([]);
      } finally {
        for (const u of people) await u.context.close();
      }
    });
  }
});
