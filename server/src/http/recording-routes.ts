import express, { type Request, type Response, type Router } from "express";
import { ErrorCode, MAX_AUDIO_CHUNK_BYTES, RoundParam, TRACK_START_HEADER } from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { RecordingService } from "../recording/recording-service.ts";
import type { RoomService } from "../rooms/room-service.ts";
import { authenticate, route } from "./api.ts";

export const roundParam = (req: Request): number => {
  const r = RoundParam.safeParse(req.params["round"]);
  if (!r.success) throw new DomainError(ErrorCode.NotFound, "no such round");
  return r.data;
};

// One byte over the limit is enough to know a chunk is too large; the service checks the exact size.
const rawBody = express.raw({ type: () => true, limit: MAX_AUDIO_CHUNK_BYTES + 1 });

/** Reads the body only after auth and the media type passed, so a refused upload costs no buffering. */
const readBody = (req: Request, res: Response): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    rawBody(req, res, (err?: unknown) => {
      if (err) {
        const e = err as { type?: string };
        return reject(
          e.type === "entity.too.large"
            ? new DomainError(ErrorCode.TooLarge, "chunk too large")
            : new DomainError(ErrorCode.InvalidMessage, "unreadable body"),
        );
      }
      const body: unknown = req.body;
      resolve(Buffer.isBuffer(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : new Uint8Array());
    });
  });

/** Audio uploads and the room's recording state (REC*, CON*; see docs/API.md). */
export const recordingRouter = (deps: { rooms: RoomService; recording: RecordingService; log: Logger }): Router => {
  const r = express.Router();
  const { rooms, recording, log } = deps;

  const upload = route(log, async (req, res) => {
    const { room, participant } = await authenticate(rooms, req);
    const round = roundParam(req);
    const contentType = req.headers["content-type"];
    if (!/^audio\/webm\s*(;|$)/i.test(contentType ?? ""))
      throw new DomainError(ErrorCode.UnsupportedMedia, "expected audio/webm");
    const bytes = await readBody(req, res);
    const header = req.headers[TRACK_START_HEADER];
    const accepted = await recording.acceptChunk({
      room,
      participant,
      round,
      trackId: String(req.params["trackId"]),
      seq: /^\d{1,9}$/.test(String(req.params["seq"])) ? Number(req.params["seq"]) : -1,
      contentType,
      startHeader: Array.isArray(header) ? header[0] : header,
      bytes,
    });
    res.status(201).json(accepted);
  });
  r.put("/rooms/:roomId/rounds/:round/tracks/:trackId/chunks/:seq", upload);
  r.post("/rooms/:roomId/rounds/:round/tracks/:trackId/chunks/:seq", upload);

  r.get(
    "/rooms/:roomId/recording",
    route(log, async (req, res) => {
      const { room } = await authenticate(rooms, req);
      res.json(await recording.state(room.id));
    }),
  );

  return r;
};
