// The SQLite doc-log writer thread (see sqlite-log-writer.ts). Plain JavaScript so it runs the same
// under tsx, vitest and plain node. It owns its own connections to the database files and performs
// the group commits, so the fsync of `synchronous = FULL` never blocks the server's event loop.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const open = (file) => {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${workerData.sync}`);
  db.pragma("busy_timeout = 5000");
  db.pragma(`cache_size = -${workerData.cacheKib}`);
  return db;
};
// Snapshots go to the main database; the doc log has its own append-only file (sqlite-log-db.ts
// created and migrated it before this thread starts).
const db = open(workerData.file);
const logDb = open(workerData.logFile);

// The bulk index pass of sqlite-log-db.ts (INDEX_TAIL_SQL, DOC_LOG_INDEX_EVERY_ROWS), passed in
// because this file cannot import TypeScript.
const { indexTailSql, indexEveryRows } = workerData;
let unindexed = logDb
  .prepare(
    "SELECT coalesce(max(seq), 0) - (SELECT value FROM doc_log_meta WHERE key = 'indexed_through') AS n FROM doc_log",
  )
  .get().n;
const indexTail = logDb.transaction(() => logDb.exec(indexTailSql));

const appendLog = logDb.prepare("INSERT INTO doc_log (doc_id, ts, author_id, update_bytes) VALUES (?, ?, ?, ?)");
const putSnap = db.prepare(`INSERT INTO snapshots (doc_id, seq, ts, state, state_vector, epoch)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, ts = excluded.ts, state = excluded.state,
    state_vector = excluded.state_vector, epoch = excluded.epoch
  WHERE excluded.seq >= snapshots.seq`);
// A batch arrives packed (sqlite-log-writer.ts): one buffer of updates with their end offsets.
const appendMany = logDb.transaction((m) => {
  const seqs = new Array(m.ends.length);
  const all = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
  let start = 0;
  for (let i = 0; i < m.ends.length; i++) {
    const end = m.ends[i];
    seqs[i] = Number(appendLog.run(m.docIds[i], m.ts[i], m.authorIds[i], all.subarray(start, end)).lastInsertRowid);
    start = end;
  }
  return seqs;
});

parentPort.on("message", (msg) => {
  try {
    if (msg.op === "append") {
      parentPort.postMessage({ id: msg.id, seqs: appendMany(msg) });
      // After the reply: the index pass never delays an acknowledgement, only the next commit.
      unindexed += msg.ends.length;
      if (unindexed >= indexEveryRows) {
        indexTail();
        unindexed = 0;
      }
    } else if (msg.op === "snapshot") {
      const s = msg.snapshot;
      putSnap.run(s.docId, s.seq, s.ts, s.state, s.stateVector, s.epoch ?? 0);
      parentPort.postMessage({ id: msg.id });
    } else if (msg.op === "close") {
      if (unindexed > 0) indexTail();
      logDb.close();
      db.close();
      parentPort.postMessage({ id: msg.id });
      parentPort.close();
    }
  } catch (error) {
    parentPort.postMessage({ id: msg.id, error: String(error) });
  }
});
