import express, { type Router } from "express";
import type { AudioService } from "../audio/audio-service.ts";
import type { Logger } from "../log.ts";
import type { RoomService } from "../rooms/room-service.ts";
import { authenticate, route } from "./api.ts";

/** `GET /api/rooms/:roomId/audio`: how this participant joins audio (see docs/API.md). */
export const audioRouter = (deps: { rooms: RoomService; audio: AudioService; log: Logger }): Router => {
  const r = express.Router();
  r.get(
    "/rooms/:roomId/audio",
    route(deps.log, async (req, res) => {
      const auth = await authenticate(deps.rooms, req);
      // A LiveKit token is a short-lived credential: never cache it.
      res.setHeader("Cache-Control", "no-store");
      res.json(await deps.audio.configFor(auth));
    }),
  );
  return r;
};
