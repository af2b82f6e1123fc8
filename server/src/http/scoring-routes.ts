import express, { type Router } from "express";
import { CreateRoomRequest, ErrorCode, RoundNo, type PromptCatalogue, type RubricCatalogue } from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { RoomService } from "../rooms/room-service.ts";
import type { ScoringService } from "../scoring/scoring-service.ts";
import { authenticate, route, sendError } from "./api.ts";

const roundParam = (raw: unknown): number => {
  const r = RoundNo.safeParse(Number(raw));
  if (!r.success) throw new DomainError(ErrorCode.NotFound, "no such round");
  return r.data;
};

/**
 * The cockpit's HTTP edge: the public catalogue for the lobby, the room's rounds and reports.
 * Mounted before the rooms router, so it can check a new room's rubric/prompt choice first (CAT2).
 */
export const scoringRouter = (deps: { rooms: RoomService; scoring: ScoringService; log: Logger }): Router => {
  const r = express.Router();
  const { rooms, scoring, log } = deps;

  r.get(
    "/prompts",
    route(log, async (_req, res) => {
      const body: PromptCatalogue = { prompts: (await scoring.catalog()).publicPrompts() };
      res.json(body);
    }),
  );

  r.get(
    "/rubrics",
    route(log, async (_req, res) => {
      const body: RubricCatalogue = { rubrics: (await scoring.catalog()).publicRubrics() };
      res.json(body);
    }),
  );

  // Validates only the content choice and passes on; the rooms router parses the rest and creates.
  r.post("/rooms", (req, res, next) => {
    const body = CreateRoomRequest.safeParse(req.body);
    if (!body.success) return next();
    scoring
      .catalog()
      .then((cat) => {
        cat.checkChoice(body.data.roundType, body.data.rubricId, body.data.promptId);
        next();
      })
      .catch((e: unknown) => {
        if (e instanceof DomainError) return sendError(res, e.code, e.message);
        log.error("content check failed", { error: String(e) });
        sendError(res, ErrorCode.Internal, "internal error");
      });
  });

  r.get(
    "/rooms/:roomId/rounds",
    route(log, async (req, res) => {
      const { room, participant } = await authenticate(rooms, req);
      res.json(await scoring.listRounds(room.id, participant.id));
    }),
  );

  r.get(
    "/rooms/:roomId/rounds/:round/report",
    route(log, async (req, res) => {
      const { room, participant } = await authenticate(rooms, req);
      // Reports change until release and are private before it: never cache them.
      res.setHeader("Cache-Control", "no-store");
      res.json(await scoring.report(room.id, roundParam(req.params["round"]), participant.id));
    }),
  );

  return r;
};
