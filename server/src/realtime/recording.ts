import type { RecordingService } from "../recording/recording-service.ts";
import { roomChannel, type ControlContext, type ControlFeature } from "./control.ts";
import { onEvent, type IoSocket } from "./handler.ts";

/*
 * Recording's Socket.io edge (CON*). The recording state holds nothing private (who consented is
 * shown to everyone by design), so every change goes to the whole room; a newcomer gets the current
 * state right away so the banner and the consent question appear before any audio is recorded.
 */
export const recordingFeature =
  (recording: RecordingService): ControlFeature =>
  (ctx: ControlContext, socket: IoSocket) => {
    const { roomId, participantId } = socket.data;
    const log = ctx.log;
    const broadcast = async () => {
      ctx.io.to(roomChannel(roomId)).emit("recording:state", await recording.state(roomId));
    };

    onEvent(socket, "recording:consent", log, async (msg) => {
      const state = await recording.consent(roomId, participantId, msg.granted);
      await broadcast();
      return state;
    });

    const toggle = (paused: boolean) => async () => {
      const me = (await ctx.rooms.listParticipants(roomId)).find((p) => p.id === participantId);
      if (!me) throw new Error("participant vanished");
      const state = await recording.setPaused(roomId, me, paused);
      await broadcast();
      return state;
    };
    onEvent(socket, "recording:pause", log, toggle(true));
    onEvent(socket, "recording:resume", log, toggle(false));

    recording
      .state(roomId)
      .then((state) => socket.emit("recording:state", state))
      .catch((e: unknown) => log.error("recording state on connect failed", { error: String(e) }));
  };
