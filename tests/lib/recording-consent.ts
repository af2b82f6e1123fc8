import type { Page } from "playwright-core";

/**
 * Answers the recording consent card (features/recording/RecordingIndicator.tsx) for suites that
 * are about something else. The card is not modal: it floats at the bottom centre of the room,
 * over the board, until answered, so a suite that leaves it there clicks into it by accident.
 *
 * No fixed grace period: the red dot and the card come from the same recording state (the card
 * shows when this person may be recorded and has not answered yet), so once the dot is in the
 * page the card is there too, or will not come. Observers are never asked; neither is anyone who
 * answered before (a reload, a second tab). Resolves with whether the card was answered.
 */
export const answerRecordingConsent = async (
  page: Page,
  answer: "grant" | "decline",
  timeoutMs = 30_000,
): Promise<boolean> => {
  await page.getByTestId("recording-indicator").waitFor({ state: "attached", timeout: timeoutMs });
  const ask = page.getByTestId("recording-ask");
  if ((await ask.count()) === 0) return false;
  await ask.getByTestId(`consent-${answer}`).click({ timeout: timeoutMs });
  await ask.waitFor({ state: "detached", timeout: timeoutMs });
  return true;
};
