export { RecordingIndicator } from "./RecordingIndicator.tsx";
export { useRecording } from "./use-recording.ts";
export type { RecordingModel, RecordingView } from "./recording-model.ts";
