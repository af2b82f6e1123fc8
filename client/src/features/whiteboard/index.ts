export { WhiteboardPane } from "./WhiteboardPane.tsx";
export type { SceneReader, WhiteboardProps } from "./Whiteboard.tsx";
