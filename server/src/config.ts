import { z } from "zod";
import { IceServers } from "@mockroom/shared";
import type { AudioOptions } from "./audio/audio-service.ts";

/**
 * Configuration is read from the environment exactly once, here. Nothing else reads process.env.
 * The mode is chosen by what is set: no DATABASE_URL means embedded SQLite; LIVEKIT_* means the SFU.
 */
const Env = z.object({
  MOCKROOM_HOST: z.string().default("127.0.0.1"),
  MOCKROOM_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL used in invite links; defaults to http://HOST:PORT. */
  MOCKROOM_PUBLIC_URL: z.string().url().optional(),
  MOCKROOM_DATA_DIR: z.string().default(".data"),
  /** HMAC key for invite and participant tokens; generated and kept in the data dir when absent. */
  MOCKROOM_SECRET: z.string().min(32).optional(),
  /** Comma-separated extra origins allowed on WebSocket upgrades (the server's own origin always is). */
  MOCKROOM_ALLOWED_ORIGINS: z.string().default(""),
  MOCKROOM_INVITE_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  MOCKROOM_PARTICIPANT_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 30),
  MOCKROOM_STORAGE: z.enum(["sqlite", "memory"]).default("sqlite"),
  /** FULL fsyncs every group commit (survives power loss); NORMAL survives process crashes only. */
  MOCKROOM_SQLITE_SYNC: z.enum(["FULL", "NORMAL"]).default("FULL"),
  MOCKROOM_ROOM_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  MOCKROOM_SNAPSHOT_EVERY_UPDATES: z.coerce.number().int().min(1).default(1_000),
  /** The longest a steady typist waits for a Persisted ack (DOC2); the kill test shortens it. */
  MOCKROOM_ACK_MAX_DELAY_MS: z.coerce.number().int().min(10).max(10_000).default(1_000),
  MOCKROOM_CLIENT_DIST: z.string().optional(),
  MOCKROOM_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Audio: LiveKit when all three LIVEKIT_* are set (URL is what browsers connect to), else peer-to-peer. */
  LIVEKIT_URL: z.string().url().optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  /** Lifetime of a LiveKit access token; clients fetch a fresh one for every join. */
  MOCKROOM_AUDIO_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** STUN/TURN for peer-to-peer audio, as JSON RTCIceServer[] (e.g. a coturn you run); none by default. */
  MOCKROOM_ICE_SERVERS: z.string().default("[]"),
});

const parseAudio = (e: z.infer<typeof Env>): AudioOptions => {
  let ice: unknown;
  try {
    ice = JSON.parse(e.MOCKROOM_ICE_SERVERS);
  } catch {
    throw new Error("MOCKROOM_ICE_SERVERS must be JSON: an array of { urls, username?, credential? }");
  }
  const iceServers = IceServers.safeParse(ice);
  if (!iceServers.success) throw new Error("MOCKROOM_ICE_SERVERS must be an array of { urls, username?, credential? }");
  const lk = [e.LIVEKIT_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET];
  if (lk.every((v) => v === undefined)) return { iceServers: iceServers.data };
  if (!e.LIVEKIT_URL || !e.LIVEKIT_API_KEY || !e.LIVEKIT_API_SECRET)
    throw new Error("LiveKit mode needs all of LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET");
  return {
    iceServers: iceServers.data,
    livekit: {
      url: e.LIVEKIT_URL,
      apiKey: e.LIVEKIT_API_KEY,
      apiSecret: e.LIVEKIT_API_SECRET,
      tokenTtlMs: e.MOCKROOM_AUDIO_TOKEN_TTL_SECONDS * 1000,
    },
  };
};

export interface Config {
  host: string;
  port: number;
  publicUrl: string | undefined;
  dataDir: string;
  secret: string | undefined;
  allowedOrigins: string[];
  inviteTtlMs: number;
  participantTtlMs: number;
  storage: "sqlite" | "memory";
  sqliteSync: "FULL" | "NORMAL";
  roomUnloadGraceMs: number;
  snapshotEveryUpdates: number;
  ackMaxDelayMs: number;
  clientDist: string | undefined;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  audio: AudioOptions;
}

export const loadConfig = (env: Record<string, string | undefined>): Config => {
  const e = Env.parse(env);
  const hour = 3_600_000;
  return {
    host: e.MOCKROOM_HOST,
    port: e.MOCKROOM_PORT,
    publicUrl: e.MOCKROOM_PUBLIC_URL,
    dataDir: e.MOCKROOM_DATA_DIR,
    secret: e.MOCKROOM_SECRET,
    allowedOrigins: e.MOCKROOM_ALLOWED_ORIGINS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    inviteTtlMs: e.MOCKROOM_INVITE_TTL_HOURS * hour,
    participantTtlMs: e.MOCKROOM_PARTICIPANT_TTL_HOURS * hour,
    storage: e.MOCKROOM_STORAGE,
    sqliteSync: e.MOCKROOM_SQLITE_SYNC,
    roomUnloadGraceMs: e.MOCKROOM_ROOM_UNLOAD_GRACE_MS,
    snapshotEveryUpdates: e.MOCKROOM_SNAPSHOT_EVERY_UPDATES,
    ackMaxDelayMs: e.MOCKROOM_ACK_MAX_DELAY_MS,
    clientDist: e.MOCKROOM_CLIENT_DIST,
    logLevel: e.MOCKROOM_LOG_LEVEL,
    audio: parseAudio(e),
  };
};
