export { WhiteboardPane } from "./WhiteboardPane.tsx";
export type { SceneReader, WhiteboardProps } from "./Whiteboard.tsx";
export { starterIdPrefix } from "./starter.ts";
export type { StarterOptions } from "./use-starter-diagram.ts";
