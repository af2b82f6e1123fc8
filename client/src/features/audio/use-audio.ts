import { useEffect, useMemo, useRef } from "react";
import { useStore } from "../../realtime/index.ts";
import { AudioModel, type AudioState } from "./audio-model.ts";
import { browserAudioEnvironment, type BrowserAudioOptions } from "./browser-env.ts";
import { audioIndicators, type ParticipantAudio } from "./indicators.ts";

/** Mute toggles on M anywhere in the room except while typing (the pad, a text field, a board label). */
export const MUTE_KEY = "m";

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * One audio model per room session. The shell calls this once and hands the model to the audio
 * controls, and `useAudioIndicators(model)` to the participant list.
 */
export const useAudio = (opts: BrowserAudioOptions & { canPublish: boolean }): AudioModel => {
  const { roomId, participantId, token, socket } = opts;
  // The role's publish right is only the first guess for the UI: each join asks the server again.
  const canPublishRef = useRef(opts.canPublish);
  const model = useMemo(
    () => new AudioModel(browserAudioEnvironment({ roomId, participantId, token, socket }), canPublishRef.current),
    [roomId, participantId, token, socket],
  );
  useEffect(() => () => model.destroy(), [model]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== MUTE_KEY || e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      if (isTyping(e.target) || model.state.get().phase !== "on") return;
      e.preventDefault();
      void model.toggleMute();
    };
    const onDevices = () => void model.refreshDevices();
    window.addEventListener("keydown", onKey, true);
    navigator.mediaDevices?.addEventListener("devicechange", onDevices);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      navigator.mediaDevices?.removeEventListener("devicechange", onDevices);
    };
  }, [model]);
  return model;
};

export const useAudioState = (model: AudioModel): AudioState => useStore(model.state);

/** Per participant: in audio, muted, speaking. Includes yourself under your own id. */
export const useAudioIndicators = (model: AudioModel, selfId: string): Readonly<Record<string, ParticipantAudio>> => {
  const state = useStore(model.state);
  return audioIndicators(state, selfId);
};
