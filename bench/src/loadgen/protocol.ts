import type { Summary } from "../stats.ts";

/** Orchestrator → load generator. */
export type LoadgenCommand =
  /** `offset`: this process's first room number, so names stay unique across load generators. */
  | { type: "create"; kind: "mockroom" | "reference"; url: string; rooms: number; offset: number }
  /** Connects the next rooms' clients, up to room `upTo` (default: all). */
  | { type: "connect"; upTo?: number }
  | { type: "run"; durationMs: number; intervalMs: number; drainMs: number }
  | { type: "storm-kill" }
  | { type: "storm-restarted"; timeoutMs: number }
  | { type: "close" }
  | { type: "exit" };

/** Load generator → orchestrator. */
export interface CreatedReport {
  type: "created";
  httpMs: number;
}
export interface ReadyReport {
  type: "ready";
  connectMs: number;
  clients: number;
}
export interface RanReport {
  type: "ran";
  sent: number;
  delivered: number;
  writeMs: number;
  drainMs: number;
  latencyMs: Summary;
  /** Every delivery's latency (ms), so several load generators' percentiles can be merged. */
  latencySamples: number[];
  /** The load generator's own event-loop delay: latency above this is not the server's. */
  loopDelayP99Ms: number;
  errors: number;
}
export interface StormReport {
  type: "storm";
  clients: number;
  syncedClients: number;
  /** From the restarted server being ready until every client is synced again. */
  allSyncedMs: number;
  syncMs: Summary;
  /** Every client's resync time (ms), for merging across load generators. */
  syncSamples: number[];
  checkedRooms: number;
  /** Rooms whose writer had at least one acknowledged edit when the server was killed. */
  ackedEdits: number;
  /** Rooms where the restarted server lacked an edit it had acknowledged. Must be 0. */
  lostAcked: number;
  convergedAfterMs: number;
  unconverged: number;
}
