import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Dialog, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_HINTS, RoomId } from "@mockroom/shared";
import { launchBrowser, newUser, type User } from "../lib/browser.ts";
import { ARTIFACTS_DIR } from "../lib/paths.ts";
import {
  boardCount,
  boardSignature,
  drawRectangle,
  focusPad,
  padText,
  waitForConnection,
  waitForRoom,
  waitForSaved,
  whenBoardHas,
  whenBoardShows,
  whenPadIncludes,
} from "../lib/room-page.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";

/**
 * One mock, end to end, through the browser only: create it in the lobby, two people join from
 * their invite links, draw and type together, the server is killed mid-session and comes back,
 * an observer joins read-only. Sync delays are measured and printed.
 */
/** Scrolls the board under the mouse, the way a person pans with the wheel or a trackpad. */
const wheelOnBoard = async (page: Page, dy: number): Promise<void> => {
  const box = await page.locator("#board-pane .excalidraw").boundingBox();
  if (!box) throw new Error("the board is not on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, dy);
};

describe("a mock room, end to end", () => {
  let server: ServerProcess;
  let browser: Browser;
  const users: User[] = [];
  let interviewer: User;
  let candidate: User;
  const invites: Record<"interviewer" | "candidate" | "observer", string> = {
    interviewer: "",
    candidate: "",
    observer: "",
  };
  let roomId = "";
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    console.log("sync timings (ms):", JSON.stringify(timings));
    await browser?.close();
    await server?.kill();
  });

  const user = async (name: string, viewport?: { width: number; height: number }) => {
    const u = await newUser(browser, name, server.url, viewport);
    users.push(u);
    return u;
  };

  it("creates a mock from the lobby and shows three invite links", async () => {
    interviewer = await user("interviewer");
    const page = interviewer.page;
    await page.goto(server.url);
    await page.getByTestId("lobby-title").fill("Design a feed ranking system");
    await page.getByTestId("lobby-round-type").selectOption("system-design");
    await page.getByTestId("lobby-create").click();
    await page.getByTestId("invite-panel").waitFor();
    for (const role of ["interviewer", "candidate", "observer"] as const) {
      invites[role] = await page.getByTestId(`invite-link-${role}`).inputValue();
      expect(invites[role]).toMatch(/\/r\/[A-Za-z0-9_-]+#invite=.+/);
    }
    roomId = RoomId.parse(new URL(invites.candidate).pathname.split("/")[2]);
    // The new mock is remembered on this browser.
    await page.getByTestId("recent-mocks").getByText("Design a feed ranking system").waitFor();
  });

  it("the interviewer opens the room from the lobby and joins by name", async () => {
    const page = interviewer.page;
    await page.getByTestId("open-as-interviewer").click();
    await page.getByTestId("join-name").fill("Ivy");
    expect(await page.getByTestId("role-badge").innerText()).toContain("Interviewer");
    await page.getByTestId("join-button").click();
    await waitForRoom(page);
    // The invite never stays in the address bar.
    expect(page.url()).not.toContain("#invite=");
  });

  it("the candidate joins from their own link in their own browser", async () => {
    candidate = await user("candidate");
    const page = candidate.page;
    await page.goto(invites.candidate);
    await page.getByTestId("join-form").waitFor();
    expect(await page.getByTestId("join-room-title").innerText()).toBe("Design a feed ranking system");
    expect(await page.getByTestId("role-badge").innerText()).toContain("Candidate");
    expect(page.url()).not.toContain("#invite=");
    await page.getByTestId("join-name").fill("Cam");
    await page.getByTestId("join-button").click();
    await waitForRoom(page);

    for (const u of [interviewer, candidate]) {
      await u.page.waitForFunction(
        () => document.querySelectorAll('[data-testid="participant"][data-online="true"]').length === 2,
        null,
        { timeout: 10_000 },
      );
    }
  });

  /** Draws on `from`, then times until `to` renders exactly the same board (ms, mouse-up to screen). */
  const drawAndMeasure = async (from: User, to: User, at: { x: number; y: number }): Promise<number> => {
    let released = 0;
    await drawRectangle(from.page, at, { beforeRelease: () => (released = Date.now()) });
    const signature = await boardSignature(from.page);
    const seen = await whenBoardShows(to.page, signature);
    return seen - released;
  };

  it("both draw on the board with the mouse and see each other's shapes", async () => {
    timings.boardInterviewerToCandidate = await drawAndMeasure(interviewer, candidate, { x: 0.42, y: 0.3 });
    timings.boardCandidateToInterviewer = await drawAndMeasure(candidate, interviewer, { x: 0.62, y: 0.5 });
    expect(await boardCount(interviewer.page)).toBe(2);
    expect(await boardCount(candidate.page)).toBe(2);
    expect(await boardSignature(interviewer.page)).toBe(await boardSignature(candidate.page));
  });

  it("both type in the code pad and see each other's text", async () => {
    await focusPad(interviewer.page);
    await interviewer.page.keyboard.type("def rank(items):", { delay: 20 });
    await interviewer.page.keyboard.press("Enter");
    const t0 = Date.now();
    await interviewer.page.keyboard.insertText("return sorted(items)");
    timings.padInterviewerToCandidate = (await whenPadIncludes(candidate.page, "return sorted(items)")) - t0;

    await focusPad(candidate.page);
    await candidate.page.keyboard.press("Enter");
    const t1 = Date.now();
    await candidate.page.keyboard.insertText("# candidate was here");
    timings.padCandidateToInterviewer = (await whenPadIncludes(interviewer.page, "# candidate was here")) - t1;

    // What each person sees on screen, not only what the doc holds.
    for (const u of [interviewer, candidate]) {
      const shown = await u.page.getByTestId("code-pad-editor").innerText();
      expect(shown).toContain("def rank(items):");
      expect(shown).toContain("# candidate was here");
    }
    // The language lives in the doc: picking one switches everyone's highlighting.
    await interviewer.page.getByTestId("pad-language").selectOption("go");
    await candidate.page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('[data-testid="pad-language"]')?.value === "go",
      null,
      { timeout: 10_000 },
    );
    await candidate.page.getByTestId("pad-language").selectOption("python");
    await interviewer.page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('[data-testid="pad-language"]')?.value === "python",
      null,
      { timeout: 10_000 },
    );

    for (const u of [interviewer, candidate]) await waitForSaved(u.page);
    for (const u of [interviewer, candidate]) {
      expect(await u.page.getByTestId("save-state").getAttribute("title")).toContain("stored every change");
      expect(await u.page.getByTestId("connection-state").innerText()).toBe("Connected");
    }
  });

  it("[UI4] follows the candidate's view until Esc, or until you move the board yourself", async () => {
    const page = interviewer.page;
    // People live in the top bar's avatar stack; its popover lists them with Follow.
    const follow = page.locator('[data-testid="participant-row"][data-role="candidate"] [data-testid="follow-button"]');
    await page.getByTestId("people-button").click();
    await follow.click();
    const banner = page.getByTestId("follow-banner");
    await banner.waitFor();
    expect(await banner.innerText()).toContain("Following Cam");
    // The candidate scrolls: the view that following then applies is not mistaken for the
    // interviewer's own move, so following goes on.
    await wheelOnBoard(candidate.page, 300);
    await page.waitForTimeout(1_000);
    expect(await banner.isVisible()).toBe(true);
    // Following closed the popover, so Escape goes to the board and stops following.
    await page.getByTestId("people-popover").waitFor({ state: "detached" });
    await page.keyboard.press("Escape");
    await banner.waitFor({ state: "detached" });
    await page.getByTestId("people-button").click();
    expect(await follow.getAttribute("aria-pressed")).toBe("false");

    // Following again, then scrolling the board yourself, ends it too.
    await follow.click();
    await banner.waitFor();
    await page.getByTestId("people-popover").waitFor({ state: "detached" });
    await wheelOnBoard(page, 240);
    await banner.waitFor({ state: "detached" });
    await page.getByTestId("people-button").click();
    expect(await follow.getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Escape");
    await page.getByTestId("people-popover").waitFor({ state: "detached" });
  });

  it("[UI3] survives a server crash: both reconnect by themselves, nothing is lost, and a reload asks while unsaved", async () => {
    await server.kill();
    for (const u of [interviewer, candidate]) await waitForConnection(u.page, ["reconnecting", "offline"]);
    expect(await candidate.page.getByTestId("connection-state").innerText()).toMatch(
      /Reconnecting… your edits are kept|Offline/,
    );

    // Edits made while the server is down.
    await drawRectangle(candidate.page, { x: 0.45, y: 0.7 });
    await focusPad(candidate.page);
    await candidate.page.keyboard.press("Enter");
    await candidate.page.keyboard.insertText("# written while the server was down");
    expect(await boardCount(candidate.page)).toBe(3);
    expect(await candidate.page.getByTestId("save-state").getAttribute("data-state")).toBe("saving");

    // [UI3] Reloading now would lose those edits: the browser asks first, and staying keeps them.
    const asked = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no prompt before a reload with unsaved edits")), 10_000);
      candidate.page.once("dialog", (dialog) => {
        clearTimeout(timer);
        resolve(dialog.type());
        void dialog.dismiss();
      });
    });
    const reloading = candidate.page.evaluate(() => location.reload());
    expect(await asked).toBe("beforeunload");
    await reloading;
    expect(await padText(candidate.page)).toContain("# written while the server was down");
    expect(await boardCount(candidate.page)).toBe(3);

    const restartedAt = Date.now();
    server = await startServer({ port: server.port, dataDir: server.dataDir });
    for (const u of [interviewer, candidate]) await waitForConnection(u.page, ["connected"], 30_000);
    timings.reconnectAfterRestart = Date.now() - restartedAt;

    await whenBoardHas(interviewer.page, 3);
    await whenPadIncludes(interviewer.page, "# written while the server was down");
    for (const u of [interviewer, candidate]) await waitForSaved(u.page);

    const [a, b] = [await padText(interviewer.page), await padText(candidate.page)];
    expect(a).toBe(b);
    for (const line of [
      "def rank(items):",
      "return sorted(items)",
      "# candidate was here",
      "# written while the server was down",
    ]) {
      expect(a).toContain(line);
    }
    expect(await boardCount(interviewer.page)).toBe(3);
    expect(await boardCount(candidate.page)).toBe(3);
    expect(await boardSignature(interviewer.page)).toBe(await boardSignature(candidate.page));

    // [UI3] Everything is saved now, so a reload is silent, and the room comes back from the server.
    let prompts = 0;
    const count = (dialog: Dialog) => {
      prompts++;
      void dialog.accept();
    };
    candidate.page.on("dialog", count);
    try {
      await candidate.page.reload();
      await waitForRoom(candidate.page);
      await whenBoardHas(candidate.page, 3);
      await whenPadIncludes(candidate.page, "# written while the server was down");
    } finally {
      candidate.page.off("dialog", count);
    }
    expect(prompts).toBe(0);
  });

  it("an observer joins, sees everything, and cannot change anything", async () => {
    const observer = await user("observer");
    const page = observer.page;
    await page.goto(invites.observer);
    await page.getByTestId("join-name").fill("Obi");
    await page.getByTestId("join-button").click();
    await waitForRoom(page);
    await page.getByTestId("read-only-badge").waitFor();
    expect(await page.getByTestId("read-only-badge").innerText()).toContain("Read-only (observer)");
    expect(await page.getByTestId("pad-language").isDisabled()).toBe(true);
    expect(await page.getByTestId("code-pad-editor").getAttribute("contenteditable")).toBe("false");
    await whenBoardHas(page, 3);
    const before = await padText(page);

    // Try anyway, the way a person would.
    await drawRectangle(page, { x: 0.7, y: 0.25 });
    await page.getByTestId("code-pad-editor").click();
    await page.keyboard.type("observer edit");
    await page.waitForTimeout(500);
    expect(await boardCount(page)).toBe(3);
    expect(await padText(page)).toBe(before);
    expect(await boardCount(interviewer.page)).toBe(3);
    expect(await padText(interviewer.page)).toBe(before);
  });

  it("saves a screenshot of the room", async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, "room.png");
    await interviewer.page.setViewportSize({ width: 1440, height: 900 });
    await interviewer.page.mouse.move(5, 450);
    await interviewer.page.screenshot({ path });
    console.log(`room screenshot: ${path}`);
  });

  it("a bad invite link gets a clear page that says what to do", async () => {
    const stranger = await user("stranger");
    await stranger.page.goto(`${server.url}/r/${roomId}#invite=not-a-real-token`);
    const screen = stranger.page.getByTestId("error-screen");
    await screen.waitFor();
    expect(await screen.getAttribute("data-problem")).toBe("token_invalid");
    expect(await screen.innerText()).toContain(ERROR_HINTS.token_invalid);

    await stranger.page.goto(`${server.url}/r/nope`);
    expect(await stranger.page.getByTestId("error-screen").getAttribute("data-problem")).toBe("room_not_found");
  });

  it("no page ever asked anything but our own server (fonts are self-hosted)", () => {
    for (const u of users) expect(u.foreignRequests, `${u.name} made foreign requests`).toEqual([]);
  });

  it("no page logged an unexpected error", () => {
    // Expected noise: refused connections while the server was down, and the 401 for the bad invite.
    const expected = [/ERR_CONNECTION_REFUSED/, /status of 401/];
    for (const u of users) {
      expect(
        u.errors.filter((e) => !expected.some((re) => re.test(e))),
        `${u.name}`,
      ).toEqual([]);
    }
  });
});
