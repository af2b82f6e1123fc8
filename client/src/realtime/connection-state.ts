/** What the connection pill says. Derived, never stored: the inputs are the truth. */
export type ConnectionKind = "connecting" | "connected" | "reconnecting" | "offline" | "closed";

export interface ConnectionInputs {
  /** The Yjs WebSocket is open and has completed its first sync. */
  docSynced: boolean;
  /** The Socket.io control channel is connected. */
  socketConnected: boolean;
  /** Whether this session was ever fully connected (before that, we are "connecting"). */
  everConnected: boolean;
  /** When the session last lost its connection (ms), or null while connected. */
  disconnectedSince: number | null;
  browserOnline: boolean;
  /** The server refused us for good (bad token, room gone, version mismatch). */
  failed: boolean;
  now: number;
}

/** After this long without the server we stop saying "reconnecting" and say "offline". */
export const OFFLINE_AFTER_MS = 10_000;

export const deriveConnection = (i: ConnectionInputs): ConnectionKind => {
  if (i.failed) return "closed";
  if (i.docSynced && i.socketConnected) return "connected";
  if (!i.browserOnline) return "offline";
  if (!i.everConnected) return "connecting";
  if (i.disconnectedSince !== null && i.now - i.disconnectedSince >= OFFLINE_AFTER_MS) return "offline";
  return "reconnecting";
};

export const CONNECTION_LABELS: Record<ConnectionKind, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting… your edits are kept",
  offline: "Offline — edits kept locally",
  closed: "Disconnected",
};
