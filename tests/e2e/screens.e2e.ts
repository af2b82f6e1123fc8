import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeViolations, seriousViolations } from "../lib/axe.ts";
import { launchBrowser, newUser } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { drawRectangle, focusPad, waitForRoom, whenBoardHas, whenPadIncludes } from "../lib/room-page.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * Every screen at the two sizes people use (1440×900 and 1024×768), light and dark, saved to
 * test-artifacts/screens for a human to look at; and axe-core on each (no serious or critical
 * violations). Excalidraw's own canvas UI is excluded from axe: it is third-party and we cannot
 * fix it here.
 */
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;
const SCREENS_DIR = join(ARTIFACTS_DIR, "screens");
const EXCLUDE_FROM_AXE = [".excalidraw"];

describe("screens at 1440×900 and 1024×768", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });

  /** Collected per test and asserted at its end, so every screenshot is still taken. */
  let a11yProblems: string[] = [];
  const checkA11y = async (page: Page, where: string) => {
    const violations = await seriousViolations(page, EXCLUDE_FROM_AXE);
    if (violations.length) a11yProblems.push(`${where}:\n${describeViolations(violations)}`);
  };

  for (const size of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      const tag = `${size.width}x${size.height}-${scheme}`;

      it(`lobby, join, room and error pages (${tag})`, async () => {
        a11yProblems = [];
        const host = await newUser(browser, `host-${tag}`, server.url, size);
        await host.page.emulateMedia({ colorScheme: scheme });
        await host.page.goto(server.url);
        await host.page.getByTestId("lobby-form").waitFor();
        await shot(host.page, `lobby-${tag}`);
        await checkA11y(host.page, `lobby ${tag}`);

        await host.page.getByTestId("lobby-title").fill("Design a real-time fraud detection pipeline");
        await host.page.getByTestId("lobby-create").click();
        await host.page.getByTestId("invite-panel").waitFor();
        await shot(host.page, `lobby-invites-${tag}`);
        await checkA11y(host.page, `lobby invites ${tag}`);
        const candidateLink = await host.page.getByTestId("invite-link-candidate").inputValue();
        const roomPath = new URL(candidateLink).pathname;

        const guest = await newUser(browser, `guest-${tag}`, server.url, size);
        await guest.page.emulateMedia({ colorScheme: scheme });
        await guest.page.goto(candidateLink);
        await guest.page.getByTestId("join-form").waitFor();
        await guest.page.getByTestId("join-name").fill("Cam Candidate");
        await shot(guest.page, `join-${tag}`);
        await checkA11y(guest.page, `join ${tag}`);
        await guest.page.getByTestId("join-button").click();
        await waitForRoom(guest.page);

        await host.page.getByTestId("open-as-interviewer").click();
        await host.page.getByTestId("join-name").fill("Ivy Interviewer");
        await host.page.getByTestId("join-button").click();
        await waitForRoom(host.page);

        await drawRectangle(guest.page, { x: 0.45, y: 0.4 });
        await focusPad(guest.page);
        await guest.page.keyboard.insertText(`# ${tag}\ndef score(txn):\n    return model.predict(features(txn))\n`);
        await whenPadIncludes(host.page, `# ${tag}`);
        await whenBoardHas(host.page, 1);
        await host.page.mouse.move(size.width * 0.3, size.height * 0.6);
        await guest.page.mouse.move(size.width * 0.35, size.height * 0.5);
        await host.page.waitForTimeout(300);
        await shot(host.page, `room-interviewer-${tag}`);
        await shot(guest.page, `room-candidate-${tag}`);
        await checkA11y(host.page, `room ${tag}`);

        const stranger = await newUser(browser, `stranger-${tag}`, server.url, size);
        await stranger.page.emulateMedia({ colorScheme: scheme });
        await stranger.page.goto(`${server.url}${roomPath}#invite=expired-or-mangled`);
        await stranger.page.getByTestId("error-screen").waitFor();
        await shot(stranger.page, `error-${tag}`);
        await checkA11y(stranger.page, `error ${tag}`);

        for (const u of [host, guest, stranger]) await u.context.close();
        expect(a11yProblems.join("\n\n")).toBe("");
      });
    }
  }
});
