import {
  AUDIO_SIGNAL_BURST,
  ErrorCode,
  MAX_AUDIO_SIGNALS_PER_SECOND,
  TokenBucket,
  type AudioSignalIn,
} from "@mockroom/shared";
import type { AudioRoster } from "../audio/roster.ts";
import { canPublishAudio } from "../audio/livekit-tokens.ts";
import { sdpSendsMedia } from "../audio/sdp-direction.ts";
import { DomainError } from "../errors.ts";
import { roomChannel, type ControlContext, type ControlFeature } from "./control.ts";
import { onEvent, type IoSocket } from "./handler.ts";

/**
 * Peer-to-peer audio signalling (AUD* in docs/PROTOCOL.md). The server never sees media: it keeps
 * the roster of who is in audio and relays offers, answers and ICE candidates to exactly one
 * addressee in the sender's room. Every refusal is an ack with a code and nothing is relayed.
 */
export const audioFeature =
  (roster: AudioRoster): ControlFeature =>
  (ctx: ControlContext, socket: IoSocket) => {
    const { roomId, participantId } = socket.data;
    const me = { participantId, connectionId: socket.id };
    // Signals get their own bucket: ICE candidates come in bursts, and a flood must be stopped
    // before it fans out to a peer, whatever the general control limit allows.
    const signals = new TokenBucket(MAX_AUDIO_SIGNALS_PER_SECOND, AUDIO_SIGNAL_BURST, Date.now());
    const broadcastRoster = () => ctx.io.to(roomChannel(roomId)).emit("audio:roster", roster.view(roomId));
    const logEvent = (kind: string, data: unknown) =>
      void (async () => {
        const room = await ctx.rooms.getRoom(roomId);
        await ctx.events.append({ roomId, round: room?.round ?? 1, ts: ctx.now(), kind, actorId: participantId, data });
      })().catch((e: unknown) => ctx.log.error("audio event log failed", { error: String(e) }));

    socket.emit("audio:roster", roster.view(roomId));

    onEvent(socket, "audio:join", ctx.log, async (msg) => {
      const self = (await ctx.rooms.listParticipants(roomId)).find((p) => p.id === participantId);
      if (!self) throw new DomainError(ErrorCode.Unauthorized, "unknown participant");
      const canPublish = canPublishAudio(self.role);
      const { replacedConnectionId, others } = roster.join(roomId, participantId, {
        connectionId: socket.id,
        muted: msg.muted || !canPublish,
        canPublish,
      });
      if (replacedConnectionId) ctx.io.to(replacedConnectionId).emit("audio:ended", { reason: "replaced" });
      broadcastRoster();
      logEvent("audio:join", { muted: msg.muted || !canPublish });
      return { peers: others };
    });

    onEvent(socket, "audio:leave", ctx.log, () => {
      if (roster.leave(roomId, participantId, socket.id)) {
        broadcastRoster();
        logEvent("audio:leave", null);
      }
      return null;
    });

    onEvent(socket, "audio:mute", ctx.log, (msg) => {
      const current = roster.view(roomId).peers.find((p) => p.participantId === participantId);
      if (current && !current.canPublish && !msg.muted)
        throw new DomainError(ErrorCode.Forbidden, "observers listen only");
      if (roster.setMuted(roomId, participantId, socket.id, msg.muted)) {
        broadcastRoster();
        logEvent("audio:mute", { muted: msg.muted });
      }
      return null;
    });

    onEvent(socket, "audio:signal", ctx.log, (msg) => {
      if (!signals.take(Date.now())) throw new DomainError(ErrorCode.RateLimited, "too many audio signals");
      const { connectionId, sender } = roster.route(roomId, me, msg.to);
      let out: AudioSignalIn;
      if ("description" in msg) {
        if (!sender.canPublish && msg.description.type !== "rollback" && sdpSendsMedia(msg.description.sdp))
          throw new DomainError(ErrorCode.Forbidden, "observers listen only: the description would send audio");
        out = { from: participantId, description: msg.description };
      } else {
        out = { from: participantId, candidate: msg.candidate };
      }
      ctx.io.to(connectionId).emit("audio:signal", out);
      return null;
    });

    socket.on("disconnect", () => {
      if (!roster.leave(roomId, participantId, socket.id)) return;
      broadcastRoster();
      logEvent("audio:leave", null);
    });
  };
