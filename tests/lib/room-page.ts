import type { Page } from "playwright-core";
import "./room-hook.ts";

/** Page-level helpers that drive the room the way a person would: mouse and keyboard. */

export const waitForRoom = async (page: Page, timeoutMs = 30_000): Promise<void> => {
  await page.getByTestId("room").waitFor({ timeout: timeoutMs });
  await page.waitForFunction(() => window.__mockroom?.connection() === "connected", null, {
    timeout: timeoutMs,
    polling: 50,
  });
  // The board is usable once Excalidraw mounted and its font loaded (the veil is gone).
  await page.locator(".whiteboard .excalidraw").waitFor({ timeout: timeoutMs });
  await page.locator(".whiteboard__veil").waitFor({ state: "detached", timeout: timeoutMs });
};

export const boardCount = (page: Page): Promise<number> =>
  page.evaluate(() => window.__mockroom?.boardElements() ?? -1);
export const padText = (page: Page): Promise<string> => page.evaluate(() => window.__mockroom?.padText() ?? "");

/** Resolves with the browser's clock (ms) when the rendered board has at least `n` elements. */
export const whenBoardHas = async (page: Page, n: number, timeoutMs = 20_000): Promise<number> => {
  const handle = await page.waitForFunction(
    (min) => ((window.__mockroom?.boardElements() ?? 0) >= min ? Date.now() : 0),
    n,
    {
      timeout: timeoutMs,
      polling: 5,
    },
  );
  return Number(await handle.jsonValue());
};

export const boardSignature = (page: Page): Promise<string> =>
  page.evaluate(() => window.__mockroom?.boardSignature() ?? "");

/** Resolves with the browser's clock (ms) when the rendered board shows exactly `signature`. */
export const whenBoardShows = async (page: Page, signature: string, timeoutMs = 20_000): Promise<number> => {
  const handle = await page.waitForFunction(
    (sig) => (window.__mockroom?.boardSignature() === sig ? Date.now() : 0),
    signature,
    {
      timeout: timeoutMs,
      polling: 5,
    },
  );
  return Number(await handle.jsonValue());
};

export const whenPadIncludes = async (page: Page, text: string, timeoutMs = 20_000): Promise<number> => {
  const handle = await page.waitForFunction(
    (t) => ((window.__mockroom?.padText() ?? "").includes(t) ? Date.now() : 0),
    text,
    {
      timeout: timeoutMs,
      polling: 5,
    },
  );
  return Number(await handle.jsonValue());
};

export const waitForSaved = (page: Page, timeoutMs = 20_000) =>
  page.waitForFunction(() => window.__mockroom?.saveState() === "saved", null, { timeout: timeoutMs, polling: 20 });

export const waitForConnection = (page: Page, states: readonly string[], timeoutMs = 20_000) =>
  page.waitForFunction((s) => s.includes(window.__mockroom?.connection() ?? ""), [...states], {
    timeout: timeoutMs,
    polling: 20,
  });

/**
 * Draws a rectangle with the mouse: focus the canvas, press R, drag. `at` is a fraction of the
 * board; keep x ≥ 0.4 so the drag never starts on Excalidraw's shape-properties panel, which
 * opens on the left when a tool is picked. Returns once the mouse is released.
 */
export const drawRectangle = async (
  page: Page,
  at: { x: number; y: number },
  opts: { size?: { w: number; h: number }; beforeRelease?: () => void } = {},
): Promise<void> => {
  const size = opts.size ?? { w: 140, h: 90 };
  const board = await page.getByTestId("whiteboard").boundingBox();
  if (!board) throw new Error("no whiteboard on the page");
  const x = board.x + board.width * at.x;
  const y = board.y + board.height * at.y;
  // A click on empty canvas with the selection tool focuses the board and selects nothing.
  await page.mouse.click(x - 30, y - 30);
  await page.keyboard.press("r");
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + size.w / 2, y + size.h / 2, { steps: 4 });
  await page.mouse.move(x + size.w, y + size.h, { steps: 4 });
  opts.beforeRelease?.();
  await page.mouse.up();
};

export const focusPad = async (page: Page): Promise<void> => {
  // Below 1064 px of workspace the board and the pad are tabs (app/room/workspace-layout.ts).
  if (!(await page.getByTestId("code-pad-editor").isVisible())) await page.getByRole("tab", { name: "Code" }).click();
  await page.getByTestId("code-pad-editor").click();
  await page.keyboard.press("ControlOrMeta+End");
};
