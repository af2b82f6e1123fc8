import type { ScoringService } from "../scoring/scoring-service.ts";
import {
  interviewerChannel,
  participantChannel,
  roomChannel,
  type ControlContext,
  type ControlFeature,
} from "./control.ts";
import { onEvent, type IoSocket } from "./handler.ts";

/*
 * The cockpit's Socket.io edge. Who receives what is decided here, from what the service returns:
 * - `round:state` (public) goes to the whole room;
 * - `cockpit:state` (private) goes only to one participant's own sockets, and is computed for that
 *   participant by the service, which answers null for anyone not interviewing the round (SC1, SC6).
 * Nothing private is ever emitted to `roomChannel` or `interviewerChannel`: the shadow must not get
 * the lead's sheet before release, and a channel is a broadcast.
 */

const pushRound = async (ctx: ControlContext, scoring: ScoringService, roomId: string): Promise<void> => {
  ctx.io.to(roomChannel(roomId)).emit("round:state", await scoring.roundPublic(roomId));
};

const pushCockpit = async (
  ctx: ControlContext,
  scoring: ScoringService,
  roomId: string,
  participantId: string,
): Promise<void> => {
  ctx.io.to(participantChannel(participantId)).emit("cockpit:state", await scoring.cockpitFor(roomId, participantId));
};

const pushAllCockpits = async (ctx: ControlContext, scoring: ScoringService, roomId: string): Promise<void> => {
  for (const p of await scoring.currentInterviewers(roomId)) await pushCockpit(ctx, scoring, roomId, p.id);
};

export const scoringFeature =
  (scoring: ScoringService): ControlFeature =>
  (ctx: ControlContext, socket: IoSocket) => {
    const { roomId, participantId } = socket.data;
    const actor = { roomId, participantId };
    const log = ctx.log;

    onEvent(socket, "round:sync", log, () => scoring.sync(actor));

    onEvent(socket, "prompt:set", log, async (msg) => {
      const round = await scoring.setPrompt(actor, msg);
      await pushRound(ctx, scoring, roomId);
      await pushAllCockpits(ctx, scoring, roomId);
      return round;
    });

    onEvent(socket, "score:set", log, async (msg) => {
      const saved = await scoring.setScore(actor, msg);
      // The author's other tabs; never the other interviewers (SC6).
      await pushCockpit(ctx, scoring, roomId, participantId);
      return saved;
    });

    onEvent(socket, "note:add", log, async (msg) => {
      const note = await scoring.addNote(actor, msg);
      await pushCockpit(ctx, scoring, roomId, participantId);
      return note;
    });

    onEvent(socket, "note:edit", log, async (msg) => {
      const note = await scoring.editNote(actor, msg);
      // Like note:add: only the author's own sockets; the shadow never sees it before release (SC6).
      await pushCockpit(ctx, scoring, roomId, participantId);
      return note;
    });

    onEvent(socket, "note:delete", log, async (msg) => {
      const done = await scoring.deleteNote(actor, msg);
      await pushCockpit(ctx, scoring, roomId, participantId);
      return done;
    });

    onEvent(socket, "phase:advance", log, async (msg) => {
      const round = await scoring.advancePhase(actor, msg);
      ctx.io.to(roomChannel(roomId)).emit("round:state", round);
      return round;
    });

    onEvent(socket, "feedback:release", log, async (msg) => {
      const round = await scoring.release(actor, msg);
      ctx.io.to(roomChannel(roomId)).emit("round:state", round);
      // Released: every interviewer's cockpit now carries everyone's sheets and notes.
      if (round.round === msg.round) await pushAllCockpits(ctx, scoring, roomId);
      return round;
    });

    onEvent(socket, "round:swap", log, async (msg) => {
      const result = await scoring.swap(actor, msg);
      // Channel membership follows the new roles before anything else is sent.
      for (const id of result.demoted) ctx.io.in(participantChannel(id)).socketsLeave(interviewerChannel(roomId));
      for (const id of result.promoted) ctx.io.in(participantChannel(id)).socketsJoin(interviewerChannel(roomId));
      await ctx.broadcastRoomState(roomId);
      await pushRound(ctx, scoring, roomId);
      for (const id of [...result.demoted, ...result.promoted]) await pushCockpit(ctx, scoring, roomId, id);
      return { round: result.round };
    });

    // The state as of connecting; the client also asks with `round:sync` after every reconnect.
    void (async () => {
      socket.emit("round:state", await scoring.roundPublic(roomId));
      const cockpit = await scoring.cockpitFor(roomId, participantId);
      if (cockpit) socket.emit("cockpit:state", cockpit);
    })().catch((e: unknown) => log.error("cockpit initial push failed", { error: String(e) }));
  };
