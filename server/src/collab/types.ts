/** The transport-free view of one WebSocket connection that the collab core works with. */
export interface CollabConn {
  readonly id: number;
  readonly participantId: string;
  /** False for observers and for rounds that are over: their updates are dropped by the server. */
  readonly canWrite: boolean;
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}
