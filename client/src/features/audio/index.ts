export { AudioControls, overallLink } from "./AudioControls.tsx";
export { AudioModel, type AudioState, type RemoteAudio } from "./audio-model.ts";
export type { ParticipantAudio } from "./indicators.ts";
export { SpeakingBadge } from "./SpeakingBadge.tsx";
export { useAudio, useAudioIndicators, useAudioState } from "./use-audio.ts";
