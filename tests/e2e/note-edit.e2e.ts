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
 * Editing a note in Chromium (SC11): the interviewer rewrites a note inline (Enter saves, Escape
 * cancels and changes nothing), the list marks it "edited", and after release the candidate's report
 * shows the new text, never the first one. Screenshots of the editor at both viewports go to
 * test-artifacts/cockpit/.
 */

const SHOTS = join(ARTIFACTS_DIR, "cockpit");
const tag = randomBytes(4).toString("hex");
const FIRST = `First take ${tag}: asked about label delay`;
const EDITED = `Rewritten ${tag}: asked how label delay biases the offline metric`;
const DISCARDED = `Discarded ${tag}`;

describe("[SC11] editing a note, end to end", () => {
  let server: ServerProcess;
  let browser: Browser;
  let room: CreateRoomResponse;
  let ivy: User;
  let cam: User;

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  const enter = async (user: User, invite: string, name: string) => {
    await user.page.goto(invite);
    await user.page.getByTestId("join-name").fill(name);
    await user.page.getByTestId("join-button").click();
    await waitForRoom(user.page);
    await answerRecordingConsent(user.page, "decline");
  };

  /** Whether the element's box lies wholly inside the viewport. */
  const inView = (l: ReturnType<Page["locator"]>) =>
    l.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });

  /** The one note in Ivy's list. */
  const note = () => ivy.page.getByTestId("notes-list").locator("li.note").first();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    const res = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Peer mock: note edits", roundType: "system-design" }),
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

  it("[SC11] Edit → new text → Enter saves it and marks the note edited; Edit → type → Escape changes nothing", async () => {
    const p = ivy.page;
    await p.getByTestId("cockpit").waitFor();
    await p.getByTestId("prompt-select").selectOption("payment-fraud-detection");
    await p.getByTestId("agenda-advance").click();
    await p.getByTestId("agenda-phase").waitFor();
    await p.getByRole("tab", { name: "Notes" }).click();
    await p.getByTestId("note-text").fill(FIRST);
    await p.getByRole("button", { name: "Problem framing & success metrics" }).click();
    await p.getByTestId("note-text").press("Enter");
    await note().getByText(FIRST).waitFor();
    expect(await note().locator(".note__edited").count()).toBe(0);

    // Edit: the field opens with the old text, focused; the screenshots show the editor open.
    await note()
      .getByRole("button", { name: /^Edit note/ })
      .click();
    const field = p.getByTestId("note-edit-text");
    await expect
      .poll(() => p.evaluate(() => document.activeElement?.getAttribute("data-testid")))
      .toBe("note-edit-text");
    expect(await field.inputValue()).toBe(FIRST);
    await field.fill(EDITED);
    // Opening the editor brings all of it into view, Save and Cancel included.
    await p.getByRole("button", { name: "Save note" }).waitFor();
    expect(await inView(p.getByRole("button", { name: "Save note" }))).toBe(true);
    await shot(p, "note-editing-1440");
    await note().screenshot({ path: join(SHOTS, "note-editing-detail-1440.png") });
    await p.setViewportSize({ width: 1024, height: 768 });
    await p.getByTestId("note-editor").scrollIntoViewIfNeeded();
    await shot(p, "note-editing-1024");
    await p.setViewportSize({ width: 1440, height: 900 });
    await field.press("Enter");
    await p.getByTestId("note-editor").waitFor({ state: "detached" });
    await note().getByText(EDITED).waitFor();
    expect(await p.getByTestId("notes-list").innerText()).not.toContain(FIRST);
    const mark = note().locator(".note__edited");
    expect(await mark.innerText()).toBe("edited");
    expect(await mark.getAttribute("title")).toMatch(/^Edited at /);
    // Focus returns to the note's Edit button, not the top of the page.
    await expect.poll(() => p.evaluate(() => document.activeElement?.hasAttribute("data-edit-note"))).toBe(true);
    await shot(p, "note-edited-1440");

    // Escape cancels: the typed draft is dropped and the server's note is untouched.
    await note()
      .getByRole("button", { name: /^Edit note/ })
      .click();
    await field.fill(DISCARDED);
    await field.press("Escape");
    await p.getByTestId("note-editor").waitFor({ state: "detached" });
    expect(await note().locator(".note__text").innerText()).toBe(EDITED);
    // The cockpit panel survived the Escape (it only closes the editor).
    await p.getByTestId("notes-list").waitFor();
    // A reload shows what the server holds, not what the tab remembers.
    await p.reload();
    await waitForRoom(p);
    await p.getByRole("tab", { name: "Notes" }).click();
    await note().getByText(EDITED).waitFor();
    expect(await p.getByTestId("notes-list").innerText()).not.toContain(DISCARDED);
  });

  it("[SC11] [SC2] after release the candidate's report shows the edited text, marked edited, and not the first one", async () => {
    const p = ivy.page;
    await p.getByTestId("release-open").click();
    await p.getByTestId("confirm-action").click();
    await cam.page.getByTestId("feedback-released").waitFor();
    await cam.page.goto(`${server.url}/r/${room.roomId}/report/1`);
    await cam.page.getByTestId("report").waitFor();
    const notes = cam.page.getByTestId("report-notes");
    await notes.getByText(EDITED).waitFor();
    const text = await notes.innerText();
    expect(text).not.toContain(FIRST);
    expect(text).not.toContain(DISCARDED);
    const mark = notes.getByTestId("note-edited");
    expect(await mark.count()).toBe(1);
    expect(await mark.getAttribute("title")).toMatch(/^Edited at /);
    // The dimension card lists the same note, edited too.
    const card = cam.page.getByTestId("report-dim-problem-framing");
    await card.getByText(EDITED).waitFor();
    expect(await card.getByTestId("note-edited").count()).toBe(1);
    await notes.scrollIntoViewIfNeeded();
    await shot(cam.page, "report-note-edited-1440");
    expect(cam.errors).toEqual([]);
    expect(ivy.errors).toEqual([]);
  });
});
