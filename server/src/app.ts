import { createServer, type Server as HttpServer } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import compression from "compression";
import express from "express";
import { ErrorCode } from "@mockroom/shared";
import { AudioService, type AudioOptions } from "./audio/audio-service.ts";
import { AudioRoster } from "./audio/roster.ts";
import { TokenService } from "./auth/tokens.ts";
import { DocHub } from "./collab/doc-hub.ts";
import { YjsWebSocketEdge } from "./collab/ws-edge.ts";
import { MAX_JSON_BODY_BYTES, roomsRouter, sendError } from "./http/api.ts";
import { audioRouter } from "./http/audio-routes.ts";
import { scoringRouter } from "./http/scoring-routes.ts";
import { scoringFeature } from "./realtime/scoring.ts";
import { shippedCatalog, type ContentCatalog } from "./scoring/content.ts";
import { ScoringService } from "./scoring/scoring-service.ts";
import type { Logger } from "./log.ts";
import type { Storage } from "./persistence/ports.ts";
import { createControlChannel, type ControlFeature } from "./realtime/control.ts";
import type { IoServer } from "./realtime/handler.ts";
import { audioFeature } from "./realtime/audio.ts";
import { Presence } from "./rooms/presence.ts";
import { RoomService } from "./rooms/room-service.ts";
import { recordingRouter } from "./http/recording-routes.ts";
import { replayRouter } from "./http/replay-routes.ts";
import { recordingFeature } from "./realtime/recording.ts";
import { createMemoryTrackStore } from "./recording/memory-track-store.ts";
import { RecordingService } from "./recording/recording-service.ts";
import type { TrackStore } from "./recording/track-store.ts";
import { ReplayService } from "./replay/replay-service.ts";

export interface AppOptions {
  storage: Storage;
  log: Logger;
  secret: string;
  publicUrl?: string;
  allowedOrigins?: readonly string[];
  inviteTtlMs?: number;
  participantTtlMs?: number;
  roomUnloadGraceMs?: number;
  snapshotEveryUpdates?: number;
  /** See `ACK_MAX_DELAY_MS`. */
  ackMaxDelayMs?: number;
  /** See `DEHYDRATE_AFTER_MS`; tests shorten it. */
  dehydrateAfterMs?: number;
  /** See `COMPACT_MIN_COLLECTED` (DOC12); tests lower it to compact small boards. */
  compactMinCollected?: number;
  clientDist?: string;
  /** Live audio: peer-to-peer with these ICE servers (none by default), or LiveKit when configured. */
  audio?: AudioOptions;
  /** Rubrics and prompts; defaults to the shipped content of @mockroom/rubrics. */
  content?: Promise<ContentCatalog>;
  /** Where audio chunks go: the disk under the data dir in production (main.ts), memory by default. */
  tracks?: TrackStore;
  now?: () => number;
}

export interface App {
  http: HttpServer;
  hub: DocHub;
  io: IoServer;
  rooms: RoomService;
  /** The cockpit; the replay calls `scoring.timelineFor` for notes and scores a viewer may see. */
  scoring: ScoringService;
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, makes every accepted update durable, closes sockets and storage. */
  close(): Promise<void>;
}

/**
 * Wires the services to their edges on one HTTP server: Express for the API and the built client,
 * Socket.io for the control channel, and a raw WebSocket endpoint for Yjs.
 */
export const createApp = (opts: AppOptions): App => {
  const now = opts.now ?? Date.now;
  let baseUrl = opts.publicUrl ?? "http://127.0.0.1";
  const tokens = new TokenService(opts.secret, now);
  const rooms = new RoomService(opts.storage, tokens, {
    inviteTtlMs: opts.inviteTtlMs ?? 7 * 24 * 3_600_000,
    participantTtlMs: opts.participantTtlMs ?? 30 * 24 * 3_600_000,
    inviteUrl: (roomId, token) => `${baseUrl}/r/${roomId}#invite=${token}`,
    now,
  });
  const presence = new Presence();
  const hub = new DocHub(opts.storage, opts.log, {
    unloadGraceMs: opts.roomUnloadGraceMs ?? 30_000,
    snapshotEveryUpdates: opts.snapshotEveryUpdates ?? 1_000,
    ...(opts.ackMaxDelayMs ? { ackMaxDelayMs: opts.ackMaxDelayMs } : {}),
    ...(opts.dehydrateAfterMs !== undefined ? { dehydrateAfterMs: opts.dehydrateAfterMs } : {}),
    ...(opts.compactMinCollected !== undefined ? { compactMinCollected: opts.compactMinCollected } : {}),
    now,
  });

  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use("/api", express.json({ limit: MAX_JSON_BODY_BYTES }));
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true, loadedDocs: hub.loadedCount });
  });
  const scoring = new ScoringService(opts.storage, opts.content ?? shippedCatalog(), { now });
  // Before the rooms router: it checks a new room's rubric/prompt choice against the content.
  app.use("/api", scoringRouter({ rooms, scoring, log: opts.log }));
  app.use("/api", roomsRouter({ rooms, presence, log: opts.log }));
  const audio = new AudioService(opts.audio ?? { iceServers: [] });
  app.use("/api", audioRouter({ rooms, audio, log: opts.log }));
  const recording = new RecordingService({
    store: opts.tracks ?? createMemoryTrackStore(),
    events: opts.storage.events,
    rooms: opts.storage.rooms,
    now,
  });
  const replay = new ReplayService({
    storage: opts.storage,
    recording,
    privateTimeline: scoring,
    reports: scoring,
    now,
  });
  app.use("/api", recordingRouter({ rooms, recording, log: opts.log }));
  app.use("/api", replayRouter({ rooms, replay, log: opts.log }));
  app.use("/api", (_req, res) => sendError(res, ErrorCode.NotFound, "no such endpoint"));

  if (opts.clientDist && existsSync(join(opts.clientDist, "index.html"))) {
    const dist = opts.clientDist;
    app.use("/assets", express.static(join(dist, "assets"), { immutable: true, maxAge: "1y", fallthrough: false }));
    app.use(express.static(dist, { index: false }));
    app.get("/{*splat}", (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(join(dist, "index.html"));
    });
  }
  // Body-parser errors (bad JSON, too large) arrive here; answer with the shared codes.
  app.use(
    (
      err: { type?: string; status?: number },
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!err) return next();
      if (err.type === "entity.too.large") return sendError(res, ErrorCode.TooLarge, "request body too large");
      if (err.status && err.status < 500) return sendError(res, ErrorCode.InvalidMessage, "malformed request body");
      opts.log.error("http error", { error: String(err) });
      sendError(res, ErrorCode.Internal, "internal error");
    },
  );

  const http = createServer(app);
  const features: ControlFeature[] = [
    audioFeature(new AudioRoster()),
    scoringFeature(scoring),
    recordingFeature(recording),
  ];
  const { io } = createControlChannel(http, {
    rooms,
    presence,
    events: opts.storage.events,
    log: opts.log,
    allowedOrigins: opts.allowedOrigins ?? [],
    features,
    now,
  });
  const yjs = new YjsWebSocketEdge(hub, rooms, opts.log, opts.allowedOrigins ?? []);
  http.on("upgrade", (req, socket, head) => {
    if (yjs.handleUpgrade(req, socket, head)) return;
    // Socket.io registers its own upgrade listener for its path; anything else is refused.
    if (!(req.url ?? "").startsWith("/socket.io/")) socket.destroy();
  });

  return {
    http,
    hub,
    io,
    rooms,
    scoring,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, host, () => {
          const addr = http.address();
          const actual = typeof addr === "object" && addr ? addr.port : port;
          if (!opts.publicUrl) baseUrl = `http://${host}:${actual}`;
          resolve(`http://${host}:${actual}`);
        });
      }),
    async close() {
      yjs.close();
      await io.close();
      await hub.close();
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      await opts.storage.close();
    },
  };
};
