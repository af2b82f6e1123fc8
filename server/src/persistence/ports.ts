import type { Role, RoundType } from "@mockroom/shared";
import type { ScoringStore } from "./scoring-ports.ts";

/**
 * Storage ports. Every adapter (memory, SQLite, later PostgreSQL) passes the same contract suite
 * (`contract.ts`). Methods are async even where SQLite is not, so a networked adapter slots in.
 */

export interface DocUpdate {
  docId: string;
  /** Server clock (ms since epoch) when the update was accepted. */
  ts: number;
  /** Participant id of the author. */
  authorId: string;
  update: Uint8Array;
}
export interface LoggedUpdate extends DocUpdate {
  /** Monotonic across the whole log; orders updates for replay. */
  seq: number;
}

export interface DocLog {
  /** Appends every entry in one atomic, durable commit (the group commit); returns their seqs in order. */
  append(entries: readonly DocUpdate[]): Promise<number[]>;
  /** Entries of `docId` with seq > afterSeq, in append order. */
  read(docId: string, afterSeq?: number): Promise<LoggedUpdate[]>;
}

export interface Snapshot {
  docId: string;
  /** The snapshot contains every log entry of this doc with seq ≤ this. */
  seq: number;
  ts: number;
  state: Uint8Array;
  /**
   * Yjs state vector of `state`, so a loaded room can answer sync step 1 and acks without
   * decoding the state (issue 6: joining a large board). Absent on snapshots written before it.
   */
  stateVector?: Uint8Array;
  /**
   * The doc's epoch (DOC12/DOC13): bumped by each board-history compaction; absent means 0.
   * Clients holding a doc from another epoch must start afresh.
   */
  epoch?: number;
}
export interface SnapshotStore {
  put(snapshot: Snapshot): Promise<void>;
  latest(docId: string): Promise<Snapshot | null>;
}

export interface RoomRecord {
  id: string;
  title: string;
  roundType: RoundType;
  createdAt: number;
  /** The current round; earlier rounds are read-only. */
  round: number;
  rubricId: string | null;
  promptId: string | null;
}
export interface RoomStore {
  create(room: RoomRecord): Promise<void>;
  get(id: string): Promise<RoomRecord | null>;
  update(id: string, patch: Partial<Omit<RoomRecord, "id" | "createdAt">>): Promise<void>;
}

export interface ParticipantRecord {
  id: string;
  roomId: string;
  name: string;
  role: Role;
  colourIndex: number;
  joinedAt: number;
}
export interface ParticipantStore {
  add(p: ParticipantRecord): Promise<void>;
  get(id: string): Promise<ParticipantRecord | null>;
  listByRoom(roomId: string): Promise<ParticipantRecord[]>;
  update(id: string, patch: Partial<Pick<ParticipantRecord, "name" | "role">>): Promise<void>;
}

/** Room-level moments that go on the replay timeline beside the doc log: joins, phases, swaps… */
export interface RoomEvent {
  roomId: string;
  round: number;
  ts: number;
  kind: string;
  actorId: string | null;
  /** JSON-serialisable; each consumer parses it with the schema for `kind`. */
  data: unknown;
}
export interface LoggedRoomEvent extends RoomEvent {
  seq: number;
}
export interface EventLog {
  append(event: RoomEvent): Promise<number>;
  list(roomId: string, round?: number): Promise<LoggedRoomEvent[]>;
}

export interface Storage {
  docLog: DocLog;
  snapshots: SnapshotStore;
  rooms: RoomStore;
  participants: ParticipantStore;
  events: EventLog;
  /** Rounds, scores and notes of the interviewer's cockpit (scoring-ports.ts). */
  scoring: ScoringStore;
  close(): Promise<void>;
}
