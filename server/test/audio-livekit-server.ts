import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Starts a real livekit-server (built and cached by scripts/install-livekit.sh) on free loopback
 * ports, with a fresh API key pair. Nothing is mocked: tests that need LiveKit fail, loudly, if the
 * binary is missing.
 */
export interface LiveKitServer {
  /** The signalling URL browsers use (ws://127.0.0.1:<port>). */
  wsUrl: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  logs: string[];
  stop(): Promise<void>;
}

export const LIVEKIT_VERSION = "v1.13.5";
export const liveKitBinary = (): string =>
  join(process.env["MOCKROOM_CACHE"] ?? join(homedir(), ".cache", "mockroom"), `livekit-${LIVEKIT_VERSION}`, "server");

const freeTcpPort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
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
  const bin = liveKitBinary();
  if (!existsSync(bin))
    throw new Error(`livekit-server is not installed at ${bin}: run scripts/install-livekit.sh (needs Go)`);
  const [port, tcpPort, udpPort] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPort()];
  const apiKey = "mockroom-test";
  const apiSecret = randomBytes(24).toString("base64url");
  // Loopback only: advertise 127.0.0.1, skip external IP discovery (there is no network), one UDP port.
  const config = [
    `port: ${port}`,
    "rtc:",
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    "  use_external_ip: false",
    "  enable_loopback_candidate: true",
    "keys:",
    `  ${apiKey}: ${apiSecret}`,
    "logging:",
    "  level: info",
  ].join("\n");
  const child: ChildProcess = spawn(bin, ["--bind", "127.0.0.1", "--node-ip", "127.0.0.1", "--config-body", config], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const collect = (b: Buffer) => {
    logs.push(b.toString());
    if (logs.length > 500) logs.shift();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const httpUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited (${child.exitCode}):\n${logs.join("")}`);
    const ok = await fetch(httpUrl)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`livekit-server did not start within 15 s:\n${logs.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    logs,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
};
