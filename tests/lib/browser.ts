import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium; never a downloaded browser (see docs: browser downloads fail here). */
export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Any name other than 127.0.0.1 fails to resolve: a CDN request would show up as a failure.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

export interface User {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Requests this user's pages made to anything but the app's origin. */
  foreignRequests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
}

/**
 * One browser context per person: pages in one context would sync through y-websocket's
 * BroadcastChannel without the server and hide server bugs.
 */
export const newUser = async (
  browser: Browser,
  name: string,
  origin: string,
  viewport = { width: 1440, height: 900 },
): Promise<User> => {
  const context = await browser.newContext({ viewport });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  const user: User = { name, context, page, foreignRequests: [], errors: [] };
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) user.foreignRequests.push(url);
  });
  page.on("pageerror", (e) => user.errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") user.errors.push(`console: ${m.text()}`);
  });
  return user;
};
