import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Role, RoundType } from "@mockroom/shared";
import { migrate } from "./sqlite-migrate.ts";
import { SqliteLogWriter } from "./sqlite-log-writer.ts";
import { READ_DOC_SQL, SQLITE_CACHE_KIB, docLogFileFor, indexDocLogIfDue, openDocLogDb } from "./sqlite-log-db.ts";
import { openSqliteScoringStore } from "./scoring-sqlite.ts";
import type {
  DocUpdate,
  LoggedRoomEvent,
  LoggedUpdate,
  ParticipantRecord,
  RoomRecord,
  Snapshot,
  Storage,
} from "./ports.ts";

/**
 * Embedded default. WAL mode lets readers (replay, reports) run beside the writer; every
 * `docLog.append` is one transaction, so a group of updates costs one commit (one fsync with FULL).
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE doc_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, ts INTEGER NOT NULL,
     author_id TEXT NOT NULL, update_bytes BLOB NOT NULL);
   CREATE INDEX doc_log_doc ON doc_log (doc_id, seq);
   CREATE TABLE snapshots (doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, ts INTEGER NOT NULL, state BLOB NOT NULL);
   CREATE TABLE rooms (id TEXT PRIMARY KEY, title TEXT NOT NULL, round_type TEXT NOT NULL, created_at INTEGER NOT NULL,
     round INTEGER NOT NULL, rubric_id TEXT, prompt_id TEXT);
   CREATE TABLE participants (id TEXT PRIMARY KEY, room_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
     colour_index INTEGER NOT NULL, joined_at INTEGER NOT NULL);
   CREATE INDEX participants_room ON participants (room_id, joined_at);
   CREATE TABLE room_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, round INTEGER NOT NULL,
     ts INTEGER NOT NULL, kind TEXT NOT NULL, actor_id TEXT, data TEXT NOT NULL);
   CREATE INDEX room_events_room ON room_events (room_id, round, seq);`,
  // The state vector beside each snapshot: loading a room then needs no Yjs decode (Snapshot.stateVector).
  `ALTER TABLE snapshots ADD COLUMN state_vector BLOB;`,
  // The doc's epoch, bumped by each board-history compaction (Snapshot.epoch, DOC12).
  `ALTER TABLE snapshots ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;`,
];

interface RoomRow {
  id: string;
  title: string;
  round_type: string;
  created_at: number;
  round: number;
  rubric_id: string | null;
  prompt_id: string | null;
}
interface ParticipantRow {
  id: string;
  room_id: string;
  name: string;
  role: string;
  colour_index: number;
  joined_at: number;
}
interface LogRow {
  seq: number;
  doc_id: string;
  ts: number;
  author_id: string;
  update_bytes: Buffer;
}
interface EventRow {
  seq: number;
  room_id: string;
  round: number;
  ts: number;
  kind: string;
  actor_id: string | null;
  data: string;
}

const toBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

// Rows come from our own schema, but an edited database must not smuggle bad values inward.
const roomFromRow = (r: RoomRow): RoomRecord => ({
  id: r.id,
  title: r.title,
  roundType: RoundType.parse(r.round_type),
  createdAt: r.created_at,
  round: r.round,
  rubricId: r.rubric_id,
  promptId: r.prompt_id,
});
const participantFromRow = (r: ParticipantRow): ParticipantRecord => ({
  id: r.id,
  roomId: r.room_id,
  name: r.name,
  role: Role.parse(r.role),
  colourIndex: r.colour_index,
  joinedAt: r.joined_at,
});

export const openSqliteStorage = (file: string, opts: { sync?: "FULL" | "NORMAL" } = {}): Storage => {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${opts.sync ?? "FULL"}`);
  db.pragma("busy_timeout = 5000");
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  migrate(db, "core", MIGRATIONS);
  // The doc log has its own append-only file (see sqlite-log-db.ts); the core migration's
  // `doc_log` table is only read once, to move rows an older version wrote there.
  const logDb = openDocLogDb(file, db, opts.sync ?? "FULL");
  // Doc-log appends and snapshots commit on a writer thread so fsyncs never stall the event loop
  // (see sqlite-log-writer.ts). An in-memory database cannot be shared with a second connection.
  const writer = file === ":memory:" ? null : new SqliteLogWriter(file, docLogFileFor(file), opts.sync ?? "FULL");

  const q = {
    appendLog: logDb.prepare("INSERT INTO doc_log (doc_id, ts, author_id, update_bytes) VALUES (?, ?, ?, ?)"),
    readLog: logDb.prepare(READ_DOC_SQL),
    putSnap: db.prepare(`INSERT INTO snapshots (doc_id, seq, ts, state, state_vector, epoch)
      VALUES (@docId, @seq, @ts, @state, @stateVector, @epoch)
      ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, ts = excluded.ts, state = excluded.state,
        state_vector = excluded.state_vector, epoch = excluded.epoch WHERE excluded.seq >= snapshots.seq`),
    getSnap: db.prepare("SELECT doc_id, seq, ts, state, state_vector, epoch FROM snapshots WHERE doc_id = ?"),
    createRoom: db.prepare(`INSERT INTO rooms (id, title, round_type, created_at, round, rubric_id, prompt_id)
      VALUES (@id, @title, @roundType, @createdAt, @round, @rubricId, @promptId)`),
    getRoom: db.prepare("SELECT * FROM rooms WHERE id = ?"),
    addParticipant: db.prepare(`INSERT INTO participants (id, room_id, name, role, colour_index, joined_at)
      VALUES (@id, @roomId, @name, @role, @colourIndex, @joinedAt)`),
    getParticipant: db.prepare("SELECT * FROM participants WHERE id = ?"),
    listParticipants: db.prepare("SELECT * FROM participants WHERE room_id = ? ORDER BY joined_at, id"),
    appendEvent: db.prepare(
      "INSERT INTO room_events (room_id, round, ts, kind, actor_id, data) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    listEvents: db.prepare("SELECT * FROM room_events WHERE room_id = ? ORDER BY seq"),
    listEventsRound: db.prepare("SELECT * FROM room_events WHERE room_id = ? AND round = ? ORDER BY seq"),
  };

  const appendMany = logDb.transaction((entries: readonly DocUpdate[]) =>
    entries.map((e) => Number(q.appendLog.run(e.docId, e.ts, e.authorId, e.update).lastInsertRowid)),
  );

  const columnsFor = (table: string, map: Record<string, string>, patch: object) => {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      const col = map[k];
      if (!col || v === undefined) continue;
      sets.push(`${col} = ?`);
      values.push(v);
    }
    return { sql: sets.length ? `UPDATE ${table} SET ${sets.join(", ")} WHERE id = ?` : null, values };
  };

  return {
    docLog: {
      async append(entries) {
        if (writer) return writer.append(entries);
        if (entries.length === 0) return [];
        const seqs = appendMany(entries);
        indexDocLogIfDue(logDb);
        return seqs;
      },
      async read(docId, afterSeq = 0): Promise<LoggedUpdate[]> {
        return (q.readLog.all({ docId, afterSeq }) as LogRow[]).map((r) => ({
          seq: r.seq,
          docId: r.doc_id,
          ts: r.ts,
          authorId: r.author_id,
          update: toBytes(r.update_bytes),
        }));
      },
    },
    snapshots: {
      async put(s: Snapshot) {
        if (writer) return writer.putSnapshot(s);
        q.putSnap.run({
          docId: s.docId,
          seq: s.seq,
          ts: s.ts,
          state: s.state,
          stateVector: s.stateVector ?? null,
          epoch: s.epoch ?? 0,
        });
      },
      async latest(docId) {
        const r = q.getSnap.get(docId) as
          | { doc_id: string; seq: number; ts: number; state: Buffer; state_vector: Buffer | null; epoch: number }
          | undefined;
        if (!r) return null;
        const snap: Snapshot = { docId: r.doc_id, seq: r.seq, ts: r.ts, state: toBytes(r.state) };
        if (r.state_vector) snap.stateVector = toBytes(r.state_vector);
        if (r.epoch) snap.epoch = r.epoch;
        return snap;
      },
    },
    rooms: {
      async create(room) {
        q.createRoom.run(room);
      },
      async get(id) {
        const r = q.getRoom.get(id) as RoomRow | undefined;
        return r ? roomFromRow(r) : null;
      },
      async update(id, patch) {
        const { sql, values } = columnsFor(
          "rooms",
          { title: "title", roundType: "round_type", round: "round", rubricId: "rubric_id", promptId: "prompt_id" },
          patch,
        );
        if (sql) db.prepare(sql).run(...values, id);
      },
    },
    participants: {
      async add(p) {
        q.addParticipant.run(p);
      },
      async get(id) {
        const r = q.getParticipant.get(id) as ParticipantRow | undefined;
        return r ? participantFromRow(r) : null;
      },
      async listByRoom(roomId) {
        return (q.listParticipants.all(roomId) as ParticipantRow[]).map(participantFromRow);
      },
      async update(id, patch) {
        const { sql, values } = columnsFor("participants", { name: "name", role: "role" }, patch);
        if (sql) db.prepare(sql).run(...values, id);
      },
    },
    events: {
      async append(e) {
        return Number(
          q.appendEvent.run(e.roomId, e.round, e.ts, e.kind, e.actorId, JSON.stringify(e.data ?? null)).lastInsertRowid,
        );
      },
      async list(roomId, round): Promise<LoggedRoomEvent[]> {
        const rows = (
          round === undefined ? q.listEvents.all(roomId) : q.listEventsRound.all(roomId, round)
        ) as EventRow[];
        return rows.map((r) => ({
          seq: r.seq,
          roomId: r.room_id,
          round: r.round,
          ts: r.ts,
          kind: r.kind,
          actorId: r.actor_id,
          data: JSON.parse(r.data) as unknown,
        }));
      },
    },
    scoring: openSqliteScoringStore(db),
    async close() {
      await writer?.close();
      if (logDb !== db) logDb.close();
      db.close();
    },
  };
};
