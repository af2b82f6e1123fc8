import type { Browser, BrowserContext, Page } from "playwright-core";
import { CreateRoomResponse, JoinResponse } from "@mockroom/shared";
import { addAudioProbe } from "./audio-media.ts";
import { answerRecordingConsent } from "./recording-consent.ts";
import { waitForRoom } from "./room-page.ts";

/** Room set-up for the audio suites: create over HTTP, then each person joins through the UI. */

export const createAudioRoom = async (
  origin: string,
  title = "Design a speech-to-text service",
): Promise<CreateRoomResponse> => {
  const res = await fetch(`${origin}/api/rooms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title, roundType: "system-design" }),
  });
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
  return CreateRoomResponse.parse(await res.json());
};

export interface AudioUser {
  name: string;
  context: BrowserContext;
  page: Page;
  participantId: string;
  errors: string[];
}

/** Opens the invite link in a fresh context (one person), joins with a name, waits for the room. */
export const joinAs = async (
  browser: Browser,
  inviteUrl: string,
  name: string,
  viewport = { width: 1440, height: 900 },
): Promise<AudioUser> => {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await addAudioProbe(page);
  const joined = page.waitForResponse((r) => /\/api\/rooms\/[^/]+\/join$/.test(r.url()) && r.status() === 200);
  await page.goto(inviteUrl);
  await page.getByTestId("join-name").fill(name);
  await page.getByTestId("join-button").click();
  const { participantId } = JoinResponse.parse(await (await joined).json());
  await waitForRoom(page);
  await declineRecording(page);
  return { name, context, page, participantId, errors };
};

/**
 * The recording feature asks publishers on entry whether their microphone may be recorded; these
 * suites are about live audio, so answer no and get the card out of the way. Observers are not asked.
 */
const declineRecording = async (page: Page): Promise<void> => {
  await answerRecordingConsent(page, "decline");
};

/** Clicks "Join audio" (or "Listen") and waits until the controls say audio is on. */
export const clickJoinAudio = async (page: Page): Promise<void> => {
  await page.getByTestId("audio-join").click();
  await page.locator('[data-testid="audio-controls"][data-phase="on"]').waitFor({ timeout: 20_000 });
};

export const speakingIn = (page: Page, participantId: string): Promise<string | null> =>
  page.locator(`[data-testid="participant"][data-participant-id="${participantId}"]`).getAttribute("data-speaking");

export const badgeIn = (page: Page, participantId: string): Promise<string | null> =>
  page
    .locator(`[data-testid="participant"][data-participant-id="${participantId}"] [data-testid="speaking-badge"]`)
    .getAttribute("data-state", { timeout: 5_000 })
    .catch(() => null);
