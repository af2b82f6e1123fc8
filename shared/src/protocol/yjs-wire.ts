/**
 * The Yjs WebSocket endpoint speaks the y-websocket protocol (sync = 0, awareness = 1,
 * query-awareness = 3) plus two server-to-client messages of our own. The numbers sit far from
 * the y-websocket range so a future upstream message type cannot collide with them.
 */
export const YMessage = {
  Sync: 0,
  Awareness: 1,
  QueryAwareness: 3,
  /** Server → client: varUint8Array(encoded state vector) that is durably stored. */
  Persisted: 100,
  /** Server → client: varString(error code) + varString(message); the connection stays open. */
  Error: 101,
  /**
   * Server → client, first on every connection: varUint(the doc's epoch). The epoch grows when the
   * server compacts the board's history (DOC12); a client passes the epoch it holds as `epoch=` when
   * it reconnects, and one from an older epoch is closed with `CloseCode.DocReset` (DOC13).
   */
  Epoch: 102,
} as const;

/** Path prefix of the Yjs WebSocket endpoint: `${YJS_PATH}/${docId}?token=…&v=…[&epoch=…]`. */
export const YJS_PATH = "/yjs";

/** Names of the shared types inside a round's Y.Doc. Both client and server use these. */
export const DocKey = {
  /** Y.Map<elementId, the element's JSON text (BRD2)>; highest `version` wins, ties by `versionNonce`. */
  Board: "board",
  /** Y.Text of the code pad. */
  Pad: "pad",
  /** Y.Map of small settings, e.g. the pad language. */
  Meta: "meta",
} as const;

export const MetaKey = { Language: "language" } as const;

/**
 * The pad language while `MetaKey.Language` is unset: nothing is written until someone picks one,
 * so the pad, the replay and the export all read an unset language as this.
 */
export const DEFAULT_PAD_LANGUAGE = "python";
