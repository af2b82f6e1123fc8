/**
 * Bumped whenever a message shape or rule changes incompatibly. Checked at connect on both
 * the Socket.io handshake and the Yjs WebSocket upgrade; see docs/PROTOCOL.md for the history.
 */
export const PROTOCOL_VERSION = 2;
