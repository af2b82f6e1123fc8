import express, { type Router } from "express";
import { ReplayAccess } from "@mockroom/shared";
import type { Logger } from "../log.ts";
import type { ReplayService } from "../replay/replay-service.ts";
import type { RoomService } from "../rooms/room-service.ts";
import { authenticate, parseBody, route } from "./api.ts";
import { roundParam } from "./recording-routes.ts";

/** Replay timeline, track audio, export bundle and observer access (RPL*, EXP*; see docs/API.md). */
export const replayRouter = (deps: { rooms: RoomService; replay: ReplayService; log: Logger }): Router => {
  const r = express.Router();
  const { rooms, replay, log } = deps;

  r.get(
    "/rooms/:roomId/rounds/:round/replay",
    route(log, async (req, res) => {
      const { room, participant } = await authenticate(rooms, req);
      res.setHeader("Cache-Control", "no-store");
      res.json(await replay.timeline(room, participant, roundParam(req)));
    }),
  );

  r.get(
    "/rooms/:roomId/rounds/:round/tracks/:trackId/audio",
    route(log, async (req, res) => {
      const { room, participant } = await authenticate(rooms, req);
      const bytes = await replay.trackAudio(room, participant, roundParam(req), String(req.params["trackId"]));
      res.setHeader("Content-Type", "audio/webm");
      res.setHeader("Cache-Control", "no-store");
      res.end(bytes);
    }),
  );

  r.get(
    "/rooms/:roomId/rounds/:round/export",
    route(log, async (req, res) => {
      const { room, participant } = await authenticate(rooms, req);
      const { filename, bytes } = await replay.exportBundle(room, participant, roundParam(req));
      res.setHeader("Content-Type", "application/zip");
      res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
      res.setHeader("Cache-Control", "no-store");
      res.end(bytes);
    }),
  );

  r.get(
    "/rooms/:roomId/replay/access",
    route(log, async (req, res) => {
      const { room } = await authenticate(rooms, req);
      const body: ReplayAccess = { observersAllowed: await replay.observersAllowed(room.id) };
      res.json(body);
    }),
  );

  r.put(
    "/rooms/:roomId/replay/access",
    route(log, async (req, res) => {
      const { room, participant } = await authenticate(rooms, req);
      const body = parseBody(ReplayAccess, req.body);
      res.json(await replay.setObserverAccess(room, participant, body.observersAllowed));
    }),
  );

  return r;
};
