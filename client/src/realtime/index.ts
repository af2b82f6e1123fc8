export { readPeers, setLocalField, userFor, type Peer } from "./awareness.ts";
export { CONNECTION_LABELS, type ConnectionKind } from "./connection-state.ts";
export type { ControlSocket } from "./control-socket.ts";
export { DocConnection, type DocStatus } from "./doc-connection.ts";
export { useAwarenessPeers, useStore } from "./hooks.ts";
export { RoomSession, type Notice, type RoomSessionOptions } from "./room-session.ts";
export type { SaveState } from "./save-tracker.ts";
export { Store } from "./store.ts";
export { throttle, type Throttled } from "./throttle.ts";
