import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLIENT_DIST, SERVER_DIR } from "./paths.ts";

const READY_LINE = "Mockroom is running at";
const START_TIMEOUT_MS = 30_000;

/** A free loopback port, found by binding port 0 and releasing it. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), "mockroom-e2e-"));

let distSnapshot: string | null = null;

/**
 * A private copy of client/dist, taken once per test process. A `vite build` running meanwhile
 * (another terminal, a watcher) empties dist/ and renames every chunk; serving the copy keeps a
 * page's lazy chunks from turning into 404s halfway through a test.
 */
const clientDistSnapshot = (): string => {
  if (!existsSync(join(CLIENT_DIST, "index.html"))) {
    throw new Error("client/dist is missing: run `pnpm --filter @mockroom/client build` first");
  }
  if (!distSnapshot) {
    distSnapshot = join(mkdtempSync(join(tmpdir(), "mockroom-dist-")), "dist");
    cpSync(CLIENT_DIST, distSnapshot, { recursive: true });
  }
  return distSnapshot;
};

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no final flush. Only what was already durable survives. */
  kill(): Promise<void>;
  /** SIGTERM: the server's graceful shutdown. */
  stop(): Promise<void>;
}

const exited = (proc: ChildProcess): Promise<void> =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => proc.once("exit", () => r()));

/**
 * Starts the real server as a child process (node + tsx, no pnpm shim, so the PID we hold is the
 * server's own) and resolves once it prints its ready line.
 */
export const startServer = async (
  opts: { port?: number; dataDir?: string; env?: Record<string, string> } = {},
): Promise<ServerProcess> => {
  const clientDist = clientDistSnapshot();
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDataDir();
  let out = "";
  const proc = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      MOCKROOM_HOST: "127.0.0.1",
      MOCKROOM_PORT: String(port),
      MOCKROOM_DATA_DIR: dataDir,
      MOCKROOM_CLIENT_DIST: clientDist,
      MOCKROOM_LOG_LEVEL: "warn",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${START_TIMEOUT_MS} ms:\n${out}`)),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      if (!out.includes(READY_LINE)) return;
      clearTimeout(timer);
      proc.stdout?.off("data", onData);
      resolve();
    };
    proc.stdout?.on("data", onData);
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    output: () => out,
    kill: async () => {
      proc.kill("SIGKILL");
      await exited(proc);
    },
    stop: async () => {
      proc.kill("SIGTERM");
      await exited(proc);
    },
  };
};
