import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type * as LiveKitSdk from "livekit-client";
import type { Page } from "playwright-core";
import { freePort } from "./server.ts";

/**
 * A real livekit-server (built by scripts/install-livekit.sh) on free loopback ports in the test's
 * network namespace, with its own key pair. If it is missing the suite fails: LiveKit is not mocked.
 */
export interface LiveKitServer {
  wsUrl: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  output(): string;
  stop(): Promise<void>;
}

const LIVEKIT_VERSION = "v1.13.5";
const binary = () =>
  join(process.env["MOCKROOM_CACHE"] ?? join(homedir(), ".cache", "mockroom"), `livekit-${LIVEKIT_VERSION}`, "server");

const freeUdpPort = () =>
  new Promise<number>((resolve, reject) => {
    const sock = createSocket("udp4");
    sock.once("error", reject);
    sock.bind(0, "127.0.0.1", () => {
      const port = sock.address().port;
      sock.close(() => resolve(port));
    });
  });

export const startLiveKit = async (): Promise<LiveKitServer> => {
  const bin = binary();
  if (!existsSync(bin))
    throw new Error(`livekit-server is not installed at ${bin}: run scripts/install-livekit.sh (needs Go)`);
  const [port, tcpPort, udpPort] = [await freePort(), await freePort(), await freeUdpPort()];
  const apiKey = "mockroom-e2e";
  const apiSecret = randomBytes(24).toString("base64url");
  const config = [
    `port: ${port}`,
    "rtc:",
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    "  use_external_ip: false",
    // Inside the namespace loopback is the only interface; LiveKit skips it unless told otherwise.
    "  enable_loopback_candidate: true",
    "keys:",
    `  ${apiKey}: ${apiSecret}`,
  ].join("\n");
  let out = "";
  const proc = spawn(bin, ["--bind", "127.0.0.1", "--node-ip", "127.0.0.1", "--config-body", config], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  proc.stderr?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const httpUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`livekit-server exited (${proc.exitCode}):\n${out}`);
    if (
      await fetch(httpUrl).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > until) {
      proc.kill("SIGKILL");
      throw new Error(`livekit-server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    output: () => out,
    stop: async () => {
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(t);
    },
  };
};

declare global {
  interface Window {
    __livekit?: typeof LiveKitSdk;
  }
}

/**
 * Puts livekit-client's self-contained ESM build on `window.__livekit` in `page` (served by a
 * route on the app's origin), so a test can drive the raw SDK, e.g. to try to publish with an
 * observer's token, without going through the app's UI. Call after the page has loaded.
 */
export const LIVEKIT_SDK_URL = "/__test__/livekit-client.mjs";
export const loadLiveKitSdk = async (page: Page, origin: string): Promise<void> => {
  const require = createRequire(import.meta.url);
  // `require` resolves the UMD build; the ESM build sits beside it.
  const body = readFileSync(join(dirname(require.resolve("livekit-client")), "livekit-client.esm.mjs"), "utf8");
  await page.route(`${origin}${LIVEKIT_SDK_URL}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body }),
  );
  await page.addScriptTag({
    type: "module",
    content: `import * as lk from "${LIVEKIT_SDK_URL}"; window.__livekit = lk;`,
  });
  await page.waitForFunction(() => window.__livekit !== undefined, null, { timeout: 15_000 });
};
