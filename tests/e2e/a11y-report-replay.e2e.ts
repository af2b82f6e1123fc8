import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionClockLabel } from "@mockroom/shared";
import { describeViolations, seriousViolations } from "../lib/axe.ts";
import { launchBrowser, newUser, type User } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { playReleasedRound, signInAs, type ScriptedRound } from "../lib/scripted-round.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * The report and the replay of a released round, driven to that state over HTTP and sockets:
 * note times link into the replay at that moment (RPL11), both pages print the same session clock
 * (RPL10), and axe finds no serious or critical violation on either, at both sizes and in both
 * colour schemes.
 */

const SHOTS = join(ARTIFACTS_DIR, "report-replay");
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];

describe("report and replay: evidence links and accessibility", () => {
  let server: ServerProcess;
  let browser: Browser;
  let round: ScriptedRound;
  let cam: User;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    round = await playReleasedRound(server.url);
    cam = await newUser(browser, "cam", server.url);
    await signInAs(cam.page, server.url, round.roomId, round.candidate);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
  });

  const reportUrl = () => `${server.url}/r/${round.roomId}/report/1`;
  const openReport = async (page: Page) => {
    await page.goto(reportUrl());
    await page.getByTestId("report").waitFor({ timeout: 30_000 });
  };
  const playhead = async (page: Page) => Number(await page.getByTestId("replay").getAttribute("data-playhead"));

  it("[RPL10] the report stamps each note with the session clock, and its time links into the replay", async () => {
    const p = cam.page;
    await openReport(p);
    const links = p.locator("[data-testid=report-notes] [data-testid=note-replay-link]");
    expect(await links.count()).toBe(round.notes.length);
    const startedAt = round.notes.length ? await reportStartedAt(p) : null;
    for (const n of round.notes) {
      const link = p.locator(`[data-testid=report-notes] [data-note-id="${n.id}"]`);
      expect(await link.getAttribute("href")).toBe(`/r/${round.roomId}/replay/1?t=${n.clockMs}&note=${n.id}`);
      expect((await link.innerText()).split(/\s/)[0]).toBe(sessionClockLabel(startedAt, n.ts).split(" ")[0]);
    }
    // The first note was taken before the agenda started: it says so instead of a made-up 0:00.
    expect(await p.locator(`[data-testid=report-notes] [data-note-id="${round.notes[0]!.id}"]`).innerText()).toContain(
      "before start",
    );
    // Notes tied to a dimension are linked from its card as well.
    expect(await p.locator(".dim-card [data-testid=note-replay-link]").count()).toBe(2);
  });

  it("[RPL11] clicking a note's time opens the replay paused at that note, highlighted; the replay links back", async () => {
    const p = cam.page;
    const target = round.notes[1]!;
    await p.locator(`[data-testid=report-notes] [data-note-id="${target.id}"]`).click();
    await p.getByTestId("replay").waitFor({ timeout: 30_000 });
    expect(new URL(p.url()).search).toBe(`?t=${target.clockMs}&note=${target.id}`);
    await expect.poll(() => playhead(p)).toBe(target.ts);
    expect(await p.getByTestId("replay").getAttribute("data-playing")).toBe("false");
    const linked = p.locator(".note-item[data-linked=true]");
    expect(await linked.count()).toBe(1);
    expect(await linked.innerText()).toContain(target.text);
    expect(await linked.innerText()).toContain("From the report");
    // The same clock on both pages: the note in the list and the playhead read the report's stamp.
    const stamp = sessionClockLabel(await replayOrigin(p), target.ts);
    expect(await linked.locator(".note-item__time").innerText()).toBe(stamp);
    expect(await p.getByTestId("replay-time").innerText()).toMatch(new RegExp(`^${stamp} / `));
    // The board is rebuilt at that moment: both rectangles were drawn before the second note.
    await expect.poll(() => p.locator("[data-testid=replay-board] [data-element-id]").count()).toBe(2);

    // A bare time works too (a hand-written link, or a note this viewer cannot see).
    await p.goto(`${server.url}/r/${round.roomId}/replay/1?t=${target.clockMs}&note=nosuchnote00`);
    await p.getByTestId("replay").waitFor({ timeout: 30_000 });
    await expect.poll(() => playhead(p)).toBe((await replayOrigin(p))! + target.clockMs);
    expect(await p.locator(".note-item[data-linked=true]").count()).toBe(0);

    await p.getByTestId("replay-report").click();
    await p.getByTestId("report").waitFor({ timeout: 30_000 });
    expect(new URL(p.url()).pathname).toBe(`/r/${round.roomId}/report/1`);
  });

  it("the room lists the round with links to its report and its replay", async () => {
    const p = cam.page;
    await p.goto(`${server.url}/r/${round.roomId}`);
    await p.getByTestId("room").waitFor({ timeout: 30_000 });
    expect(await p.getByTestId("report-link-1").getAttribute("href")).toBe(`/r/${round.roomId}/report/1`);
    expect(await p.getByTestId("replay-link-1").getAttribute("href")).toBe(`/r/${round.roomId}/replay/1`);
  });

  for (const size of SIZES)
    for (const scheme of ["light", "dark"] as const) {
      const tag = `${size.width}x${size.height}-${scheme}`;
      it(`axe: no serious or critical violations on the report and the replay (${tag})`, async () => {
        const u = await newUser(browser, `cam-${tag}`, server.url, size);
        try {
          await u.page.emulateMedia({ colorScheme: scheme });
          await signInAs(u.page, server.url, round.roomId, round.candidate);
          const problems: string[] = [];
          await openReport(u.page);
          await u.page.screenshot({ path: join(SHOTS, `report-${tag}.png`), fullPage: true });
          const onReport = await seriousViolations(u.page);
          if (onReport.length) problems.push(`report:\n${describeViolations(onReport)}`);

          const n = round.notes[1]!;
          await u.page.goto(`${server.url}/r/${round.roomId}/replay/1?t=${n.clockMs}&note=${n.id}`);
          await u.page.getByTestId("replay").waitFor({ timeout: 30_000 });
          await expect.poll(() => playhead(u.page)).toBe(n.ts);
          await u.page.screenshot({ path: join(SHOTS, `replay-${tag}.png`) });
          const onReplay = await seriousViolations(u.page);
          if (onReplay.length) problems.push(`replay:\n${describeViolations(onReplay)}`);
          expect(problems.join("\n")).toBe("");
          expect(u.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
          expect(u.foreignRequests).toEqual([]);
        } finally {
          await u.context.close();
        }
      });
    }
});

/** The report's `startedAt`, read the way the page got it: from the API with the page's own token. */
const reportStartedAt = (page: Page): Promise<number | null> =>
  page.evaluate(async () => {
    const [, , roomId] = location.pathname.split("/");
    const raw = localStorage.getItem(`mockroom.room.${roomId}.participant`);
    const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
    const res = await fetch(`/api/rooms/${roomId}/rounds/1/report`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { startedAt: number | null }).startedAt;
  });

/** The replay timeline's session-clock origin, from the API with the page's own token. */
const replayOrigin = (page: Page): Promise<number | null> =>
  page.evaluate(async () => {
    const [, , roomId] = location.pathname.split("/");
    const raw = localStorage.getItem(`mockroom.room.${roomId}.participant`);
    const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
    const res = await fetch(`/api/rooms/${roomId}/rounds/1/replay`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { sessionStartedAt: number | null }).sessionStartedAt;
  });
