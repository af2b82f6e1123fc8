import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateRoomResponse } from "@mockroom/shared";
import { launchBrowser, newUser, type User } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { answerRecordingConsent } from "../lib/recording-consent.ts";
import { waitForRoom } from "../lib/room-page.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * The interviewer's cockpit in Chromium: the interviewer picks a prompt, starts the clock, scores,
 * writes notes (one with the N shortcut) and releases; the candidate's browser receives none of it
 * before release (every WebSocket frame and every HTTP body is captured) and reads the report after;
 * a role swap gives a second round and a second report. Rule IDs: SC1, SC2, TM1, SW1, SW3, RP1.
 */

const SHOTS = join(ARTIFACTS_DIR, "cockpit");
const MARKER = `CANARY-${randomBytes(6).toString("hex")}`;

/** Everything the page received: WebSocket frames (Socket.io and Yjs) and HTTP response bodies. */
interface Capture {
  bytes: string[];
  saw(needle: string): boolean;
}

const capture = (page: Page): Capture => {
  const bytes: string[] = [];
  page.on("websocket", (ws) => {
    ws.on("framereceived", (f) => bytes.push(typeof f.payload === "string" ? f.payload : f.payload.toString("latin1")));
  });
  page.on("response", (res) => {
    res.text().then(
      (t) => bytes.push(t),
      () => undefined,
    );
  });
  return { bytes, saw: (needle) => bytes.some((b) => b.includes(needle)) };
};

describe("the interviewer's cockpit, end to end", () => {
  let server: ServerProcess;
  let browser: Browser;
  let room: CreateRoomResponse;
  let ivy: User;
  let cam: User;
  let camSaw: Capture;
  let ivySaw: Capture;

  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };

  const enter = async (user: User, invite: string, name: string) => {
    await user.page.goto(invite);
    await user.page.getByTestId("join-name").fill(name);
    await user.page.getByTestId("join-button").click();
    await waitForRoom(user.page);
    // Recording asks every interviewer and candidate for consent on a card over the board; this
    // suite is about scoring, so it declines (and the card stops covering the board).
    await answerRecordingConsent(user.page, "decline");
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    const res = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Peer mock: fraud and counters", roundType: "system-design" }),
    });
    room = CreateRoomResponse.parse(await res.json());
    ivy = await newUser(browser, "ivy", server.url);
    cam = await newUser(browser, "cam", server.url);
    ivySaw = capture(ivy.page);
    camSaw = capture(cam.page);
    await enter(ivy, room.invites.interviewer.url, "Ivy");
    await enter(cam, room.invites.candidate.url, "Cam");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
  });

  it("[PR1] [TM1] the interviewer picks a prompt and starts the clock; the candidate sees the statement and the countdown", async () => {
    const p = ivy.page;
    await p.getByTestId("cockpit").waitFor();
    await p.getByTestId("prompt-select").selectOption("payment-fraud-detection");
    await p.getByTestId("probes").waitFor();
    await cam.page.getByTestId("problem-statement").getByTestId("prompt-title").waitFor();
    expect(await cam.page.getByTestId("prompt-title").innerText()).toBe("Card payment fraud detection");
    await p.getByTestId("agenda-advance").click();
    await p.getByTestId("agenda-phase").waitFor();
    await cam.page.getByTestId("agenda-phase").waitFor();
    expect(await cam.page.getByTestId("agenda-phase").innerText()).toContain("1/5");
    // The candidate never gets the interviewer's panel, nor a button to move the clock.
    expect(await cam.page.getByTestId("cockpit").count()).toBe(0);
    expect(await cam.page.getByTestId("agenda-advance").count()).toBe(0);
  });

  it("[SC1] the interviewer scores and writes notes (N from the board); none of it reaches the candidate's browser", async () => {
    const p = ivy.page;
    await p.getByRole("tab", { name: "Rubric" }).click();
    await p.getByTestId("dim-problem-framing").locator('[data-level="4"]').click();
    await p.getByTestId("dim-problem-framing").getByTestId("score-saved").waitFor();
    await p.getByTestId("dim-serving").locator('[data-level="2"]').click();
    await p.getByTestId("dim-serving").getByTestId("score-saved").waitFor();
    await shot(p, "interviewer-rubric-1440");

    // N from the board: focus the canvas, press N, type, Enter.
    const board = await p.getByTestId("whiteboard").boundingBox();
    if (!board) throw new Error("no board");
    await p.mouse.click(board.x + board.width * 0.5, board.y + board.height * 0.6);
    await p.keyboard.press("n");
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe("note-text");
    await p.keyboard.type(`Set the threshold from fraud cost ${MARKER}`);
    await p.getByRole("button", { name: "Problem framing & success metrics" }).click();
    await p.getByRole("button", { name: /Asked a clarifying question/i }).click();
    await p.getByTestId("note-text").press("Enter");
    await p.getByTestId("notes-list").getByText(MARKER).waitFor();
    await shot(p, "interviewer-notes-1440");
    expect(ivySaw.saw(MARKER)).toBe(true);

    // The candidate's browser: statement yes; marker, probes and the score sheet no.
    const probe =
      (await p
        .getByTestId("probes")
        .locator("li")
        .first()
        .textContent({ timeout: 1 })
        .catch(() => null)) ?? "";
    await cam.page.waitForTimeout(500);
    expect(camSaw.bytes.length).toBeGreaterThan(10);
    expect(camSaw.saw(MARKER)).toBe(false);
    expect(camSaw.saw(`"problem-framing":4`)).toBe(false);
    if (probe) expect(camSaw.saw(probe.slice(0, 40))).toBe(false);
    await cam.page.goto(`${server.url}/r/${room.roomId}/report/1`);
    await cam.page.getByTestId("report-unavailable").waitFor();
    expect(await cam.page.getByTestId("report-unavailable").innerText()).toContain("not released");
    expect(camSaw.saw(MARKER)).toBe(false);
    await cam.page.goto(`${server.url}/r/${room.roomId}`);
    await waitForRoom(cam.page);
    await shot(cam.page, "candidate-room-1440");
  });

  it("[SC2] [RP1] after release the candidate reads the report: levels, radar, notes with clock stamps", async () => {
    const p = ivy.page;
    await p.getByTestId("release-open").click();
    await p.getByTestId("confirm-action").click();
    await p.getByText("Feedback released", { exact: true }).waitFor();
    await cam.page.getByTestId("feedback-released").waitFor();
    await cam.page.getByText("Rounds and reports").click();
    await cam.page.getByTestId("report-link-1").click();
    await cam.page.getByTestId("report").waitFor();
    // Response bodies are read asynchronously (`res.text()`): the report can render before its body lands here.
    await expect.poll(() => camSaw.saw(MARKER)).toBe(true);
    expect(await cam.page.getByTestId("report-dim-problem-framing").getByTestId("dim-level").innerText()).toBe(
      "4 · Staff",
    );
    expect(await cam.page.getByTestId("report-notes").innerText()).toContain(MARKER);
    expect(await cam.page.locator(".radar svg polygon.radar__lead").count()).toBe(1);
    await shot(cam.page, "report-round1-1440");
    await cam.page.setViewportSize({ width: 1024, height: 768 });
    await shot(cam.page, "report-round1-1024");
    await cam.page.setViewportSize({ width: 1440, height: 900 });
  });

  it("[SW1] [SW3] swapping roles starts round 2 with a fresh sheet; two rounds, two reports", async () => {
    await cam.page.goto(`${server.url}/r/${room.roomId}`);
    await waitForRoom(cam.page);
    const p = ivy.page;
    await p.getByTestId("swap-open").click();
    await p.getByTestId("confirm-action").click();
    for (const u of [ivy, cam]) await u.page.getByTestId("round-number").getByText("Round 2").waitFor();
    // Roles exchanged: Cam interviews now, Ivy sees the problem.
    await cam.page.getByTestId("cockpit").waitFor();
    await ivy.page.getByTestId("candidate-panel").waitFor();
    const c = cam.page;
    await c.getByTestId("prompt-select").selectOption("sliding-window-event-counter");
    await ivy.page.getByTestId("prompt-title").getByText(/./).waitFor();
    await c.getByRole("tab", { name: "Rubric" }).click();
    const firstDim = c.locator(".rubric__dim").first();
    await firstDim.locator('[data-level="3"]').click();
    await firstDim.getByTestId("score-saved").waitFor();
    await c.setViewportSize({ width: 1024, height: 768 });
    await shot(c, "round2-interviewer-1024");
    await c.setViewportSize({ width: 1440, height: 900 });
    await c.getByTestId("release-open").click();
    await c.getByTestId("confirm-action").click();
    await ivy.page.getByTestId("feedback-released").waitFor();

    await ivy.page.goto(`${server.url}/r/${room.roomId}/report/2`);
    await ivy.page.getByTestId("report").waitFor();
    expect(await ivy.page.locator(".report__kicker").textContent()).toMatch(/Round 2/);
    const links = ivy.page.getByTestId("rounds-list");
    await links.getByTestId("report-link-1").waitFor();
    await links.getByTestId("report-link-2").waitFor();
    await links.getByTestId("report-link-1").click();
    await ivy.page.getByTestId("report-notes").getByText(MARKER).waitFor();
    // The one expected failure: the candidate opened round 1's report before release (403 not_released).
    expect(cam.errors.filter((e) => !e.includes("status of 403"))).toEqual([]);
    expect(ivy.errors).toEqual([]);
  });

  it("[CAT1] [CAT2] the lobby's prompt picker searches, filters and previews; the room opens on that prompt", async () => {
    const host = await newUser(browser, "host", server.url, { width: 1024, height: 768 });
    const page = host.page;
    await page.goto(server.url);
    await page.getByTestId("lobby-title").fill("Picker mock");
    await page.getByTestId("lobby-round-type").selectOption("system-design");
    await page.getByTestId("picker-search").fill("fraud");
    await page.getByTestId("picker-difficulty").selectOption("hard");
    await page.getByTestId("picker-payment-fraud-detection").check();
    await page.getByTestId("picker-preview").getByText("Card payment fraud detection").waitFor();
    expect(await page.getByTestId("prompt-picker").locator("input[type=radio]").count()).toBe(2);
    await shot(page, "lobby-picker-1024");
    await page.getByTestId("lobby-create").click();
    const invite = await page.getByTestId("invite-link-candidate").inputValue();
    const guest = await newUser(browser, "guest", server.url);
    await enter(guest, invite, "Gus");
    await guest.page.getByTestId("problem-statement").getByText("Card payment fraud detection").waitFor();
    await host.context.close();
    await guest.context.close();
  });
});
