import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { createMemoryStorage } from "./persistence/memory.ts";
import { openSqliteStorage } from "./persistence/sqlite.ts";
import { createDiskTrackStore } from "./recording/disk-track-store.ts";

/** The composition root: the only module with side effects on import. */
const config = loadConfig(process.env);
const log = createLogger(config.logLevel);
const dataDir = resolve(config.dataDir);
mkdirSync(dataDir, { recursive: true });

// A stable secret keeps invite links valid across restarts; it is created once per data dir.
const secretFile = join(dataDir, "secret");
const secret =
  config.secret ??
  (existsSync(secretFile)
    ? readFileSync(secretFile, "utf8").trim()
    : (() => {
        const s = randomBytes(32).toString("base64url");
        writeFileSync(secretFile, s, { mode: 0o600 });
        return s;
      })());

const storage =
  config.storage === "memory"
    ? createMemoryStorage()
    : openSqliteStorage(join(dataDir, "mockroom.db"), { sync: config.sqliteSync });
const here = dirname(fileURLToPath(import.meta.url));
const app = createApp({
  storage,
  log,
  secret,
  ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  allowedOrigins: config.allowedOrigins,
  inviteTtlMs: config.inviteTtlMs,
  participantTtlMs: config.participantTtlMs,
  roomUnloadGraceMs: config.roomUnloadGraceMs,
  snapshotEveryUpdates: config.snapshotEveryUpdates,
  ackMaxDelayMs: config.ackMaxDelayMs,
  clientDist: config.clientDist ?? resolve(here, "../../client/dist"),
  audio: config.audio,
  // Audio chunks sit beside the database; with memory storage they stay in memory too.
  ...(config.storage === "memory" ? {} : { tracks: createDiskTrackStore(join(dataDir, "audio")) }),
});

const url = await app.listen(config.port, config.host);
log.info("listening", { url, storage: config.storage, audio: config.audio.livekit ? "livekit" : "p2p" });
// The README promises a URL to open; print it plainly for people as well as in the JSON log.
process.stdout.write(`\nMockroom is running at ${config.publicUrl ?? url}\n\n`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info("shutting down", { signal });
  await app.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
