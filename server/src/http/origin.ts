import type { IncomingMessage } from "node:http";

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin on upgrades, so a page on
 * another site cannot open our sockets with a victim's token. Same-host origins are always allowed;
 * others only if configured. Non-browser clients (no Origin) are allowed: they hold the token anyway.
 */
export const originAllowed = (req: IncomingMessage, allowed: readonly string[]): boolean => {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
};
