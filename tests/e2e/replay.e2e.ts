import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateRoomResponse, Timeline, bearer } from "@mockroom/shared";
import { launchMediaBrowser, writeVoiceWav } from "../lib/audio-media.ts";
import { newUser, type User } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import { drawRectangle, focusPad, waitForRoom, waitForSaved, whenBoardHas } from "../lib/room-page.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * Recording and replay in Chromium (fake microphones, loopback-only namespace): a short mock with
 * drawing, typing, talking, a note and a phase change; then the candidate opens the replay after
 * release, scrubs, jumps to the note and hears the audio. Rule IDs: CON1, REC6, RPL1, RPL4, RPL6, RPL7.
 */

const SHOTS = join(ARTIFACTS_DIR, "replay");
const NOTE = "Clear metric: precision at the review budget";

const tokenOf = (page: Page, roomId: string): Promise<string> =>
  page.evaluate((id) => {
    const raw = localStorage.getItem(`mockroom.room.${id}.participant`);
    return raw ? (JSON.parse(raw) as { token: string }).token : "";
  }, roomId);

describe("recording and replay, end to end", () => {
  let server: ServerProcess;
  let browser: Browser;
  let room: CreateRoomResponse;
  let ivy: User;
  let cam: User;
  /** Browser-clock moments around the two rectangles, mapped to server time below. */
  let timeline: Timeline;

  const enter = async (user: User, invite: string, name: string) => {
    await user.page.goto(invite);
    await user.page.getByTestId("join-name").fill(name);
    await user.page.getByTestId("join-button").click();
    await waitForRoom(user.page);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchMediaBrowser({ mic: "granted", wav: writeVoiceWav() });
    const res = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Replay: ranking for a news feed", roundType: "system-design" }),
    });
    room = CreateRoomResponse.parse(await res.json());
    ivy = await newUser(browser, "ivy", server.url);
    cam = await newUser(browser, "cam", server.url);
    await enter(ivy, room.invites.interviewer.url, "Ivy");
    await enter(cam, room.invites.candidate.url, "Cam");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
  });

  it("[CON1] everyone sees the red dot and is asked before their microphone is recorded", async () => {
    for (const u of [ivy, cam]) {
      await u.page.getByTestId("recording-ask").waitFor();
      await u.page.getByTestId("recording-indicator").waitFor();
      expect(await u.page.getByTestId("recording-indicator").getAttribute("data-status")).toBe("recording");
    }
    await cam.page.screenshot({ path: join(SHOTS, "consent-1440.png") });
    await cam.page.getByTestId("consent-grant").click();
    await ivy.page.getByTestId("consent-grant").click();
    // Both answers reach everyone: the indicator names who is recorded.
    await ivy.page.waitForFunction(() =>
      (document.querySelector("[data-testid=recording-indicator]")?.getAttribute("title") ?? "").includes("Cam"),
    );
  });

  it("runs a short mock: drawing, typing, talking, a phase change and a note", async () => {
    const c = cam.page;
    await drawRectangle(c, { x: 0.45, y: 0.3 });
    await whenBoardHas(c, 1);
    await waitForSaved(c);
    await focusPad(c);
    await c.keyboard.type("def rank(items):\n    return sorted(items)");
    await waitForSaved(c);
    // Talking: the fake microphones play a voice-like tone the whole time; let a few chunks upload.
    await c.waitForTimeout(3_000);

    const p = ivy.page;
    await p.getByTestId("cockpit").waitFor();
    await p.getByTestId("agenda-advance").click();
    await p.getByTestId("agenda-phase").waitFor();
    const board = await p.getByTestId("whiteboard").boundingBox();
    if (!board) throw new Error("no board");
    await p.mouse.click(board.x + board.width * 0.5, board.y + board.height * 0.8);
    await p.keyboard.press("n");
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe("note-text");
    await p.keyboard.type(NOTE);
    await p.getByTestId("note-text").press("Enter");
    await p.getByTestId("notes-list").getByText(NOTE).waitFor();
    await c.waitForTimeout(2_000);

    await drawRectangle(c, { x: 0.65, y: 0.55 });
    await whenBoardHas(c, 2);
    await waitForSaved(c);
    await c.waitForTimeout(1_500);

    await p.getByTestId("release-open").click();
    await p.getByTestId("confirm-action").click();
    await p.getByText("Feedback released", { exact: true }).waitFor();

    // Chunks upload in the background (1 s slices, retried with backoff), so on a busy machine the
    // last ones land late: wait until the server holds more than 3 s from each speaker, not a fixed time.
    const token = await tokenOf(c, room.roomId);
    const speakersWithAudio = async () => {
      const res = await fetch(`${server.url}/api/rooms/${room.roomId}/rounds/1/replay`, {
        headers: { authorization: bearer(token) },
      });
      timeline = Timeline.parse(await res.json());
      return new Set(timeline.tracks.filter((t) => t.durationMs > 3_000).map((t) => t.participantId)).size;
    };
    await expect.poll(speakersWithAudio, { timeout: 30_000, interval: 250 }).toBe(2);
    expect(timeline.released).toBe(true);
    expect(timeline.notes.map((n) => n.text)).toEqual([NOTE]);
    expect(timeline.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["phase", "recording-consent"]));
    const speakers = new Set(timeline.tracks.map((t) => t.participantId));
    expect(speakers.size).toBe(2);
    for (const t of timeline.tracks) expect(t.durationMs).toBeGreaterThan(3_000);
  });

  /** Server time when each board element first appeared. */
  const firstSeen = () => {
    const seen = new Map<string, number>();
    for (const ch of timeline.changes)
      for (const [id, el] of ch.b ?? []) if (el && !el.isDeleted && !seen.has(id)) seen.set(id, ch.t);
    return [...seen.entries()].sort((a, b) => a[1] - b[1]);
  };

  const seekTo = async (page: Page, t: number) => {
    const scrubber = page.getByTestId("replay-scrubber");
    const box = await scrubber.boundingBox();
    if (!box) throw new Error("no scrubber");
    // The bar spans the page's own timeline, which ends later than the one fetched above while the
    // interviewer's room keeps recording; its length is on the slider (whole seconds, close enough).
    const spanMs = Math.max(1, Number(await scrubber.getAttribute("aria-valuemax"))) * 1_000;
    const frac = (t - timeline.startedAt) / spanMs;
    // Stay a hair inside the bar: a click on its very edge may land on its neighbour.
    await page.mouse.click(box.x + box.width * Math.min(0.995, Math.max(0.002, frac)), box.y + box.height / 2);
  };
  const boardIds = (page: Page) =>
    page.$$eval("[data-testid=replay-board] [data-element-id]", (els) =>
      els.map((e) => e.getAttribute("data-element-id")),
    );
  const playhead = async (page: Page) => Number(await page.getByTestId("replay").getAttribute("data-playhead"));

  it("[RPL6] the candidate opens the replay from the room and scrubs: the board shows what was drawn by then, not later", async () => {
    const c = cam.page;
    await c.getByTestId("open-replay").click();
    await c.getByTestId("replay").waitFor({ timeout: 30_000 });
    const [first, second] = firstSeen();
    expect(first && second).toBeTruthy();
    const [firstId, firstAt] = first!;
    const [secondId, secondAt] = second!;

    await seekTo(c, (firstAt + secondAt) / 2);
    await expect.poll(() => boardIds(c)).toEqual([firstId]);
    const at = await playhead(c);
    expect(at).toBeGreaterThan(firstAt);
    expect(at).toBeLessThan(secondAt);
    expect(await c.getByTestId("replay-pad").innerText()).toContain("def rank(items):");

    await seekTo(c, timeline.endedAt);
    await expect.poll(async () => (await boardIds(c)).sort()).toEqual([firstId, secondId].sort());

    await seekTo(c, timeline.startedAt);
    await expect.poll(() => boardIds(c)).toEqual([]);
  });

  it("[RPL7] clicking a note marker lands at its moment, and the notes list follows", async () => {
    const c = cam.page;
    const note = timeline.notes[0]!;
    await c.locator(`.marker--notes[data-t="${note.ts}"]`).click();
    await expect.poll(() => playhead(c)).toBe(note.ts);
    expect(await c.locator(`.note-item[aria-current="true"]`).innerText()).toContain(NOTE);
    await c.screenshot({ path: join(SHOTS, "replay-1440.png") });
    // J/L step between markers from the keyboard.
    await c.keyboard.press("l");
    await expect.poll(() => playhead(c)).toBeGreaterThan(note.ts);
    await c.keyboard.press("j");
    await expect.poll(() => playhead(c)).toBe(note.ts);
  });

  it("[REC6] [RPL1] the audio plays in sync: the tracks are seekable in Chromium and the level meter moves", async () => {
    const c = cam.page;
    const token = await tokenOf(c, room.roomId);
    const track = timeline.tracks[0]!;
    const probe = await c.evaluate(
      async ({ url, token }) => {
        const blob = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).blob();
        const a = new Audio(URL.createObjectURL(blob));
        await new Promise((r, j) => {
          a.onloadedmetadata = r;
          a.onerror = j;
        });
        a.currentTime = a.duration / 2;
        await new Promise((r) => (a.onseeked = r));
        return { duration: a.duration, after: a.currentTime };
      },
      { url: `/api/rooms/${room.roomId}/rounds/1/tracks/${track.trackId}/audio`, token },
    );
    expect(Number.isFinite(probe.duration)).toBe(true);
    expect(probe.duration * 1000).toBeGreaterThan(track.durationMs - 100);
    expect(probe.after).toBeGreaterThan(0);

    await seekTo(c, track.startedAt + 1_000);
    await c.getByTestId("replay-play").click();
    await c.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>(".lanes__level")].some(
          (el) => Number(el.dataset["level"] ?? 0) > 0.01,
        ),
      null,
      { timeout: 15_000, polling: 50 },
    );
    expect(await c.getByTestId("replay").getAttribute("data-playing")).toBe("true");
    await c.getByTestId("replay-play").click();
    // The activity strip shows someone drawing, typing and talking.
    for (const kind of ["drawing", "typing", "talking"])
      await c.locator(`.span--${kind}`).first().waitFor({ timeout: 15_000 });
  });

  it("looks right at 1024×768 too", async () => {
    const small = await newUser(browser, "cam-small", server.url, { width: 1024, height: 768 });
    const c = cam.page;
    const storage = await c.evaluate(() => JSON.stringify(localStorage));
    await small.page.goto(server.url);
    await small.page.evaluate((s) => {
      for (const [k, v] of Object.entries(JSON.parse(s) as Record<string, string>)) localStorage.setItem(k, v);
    }, storage);
    await small.page.goto(`${server.url}/r/${room.roomId}/replay/1`);
    await small.page.getByTestId("replay").waitFor({ timeout: 30_000 });
    await small.page.locator(`.marker--notes`).first().click();
    await small.page.screenshot({ path: join(SHOTS, "replay-1024.png") });
    await ivy.page.screenshot({ path: join(SHOTS, "room-recording-1440.png") });
    expect(cam.errors.filter((e) => !/favicon|Failed to load resource/.test(e))).toEqual([]);
    await small.context.close();
  });
});
