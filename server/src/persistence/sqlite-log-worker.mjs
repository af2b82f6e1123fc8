// The SQLite doc-log writer thread (see sqlite-log-writer.ts). Plain JavaScript so it runs the same
// under tsx, vitest and plain node. It owns one connection to the same database file and performs
// the group commits, so the fsync of `synchronous = FULL` never blocks the server's event loop.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma(`synchronous = ${workerData.sync}`);
db.pragma("busy_timeout = 5000");

const appendLog = db.prepare("INSERT INTO doc_log (doc_id, ts, author_id, update_bytes) VALUES (?, ?, ?, ?)");
const putSnap = db.prepare(`INSERT INTO snapshots (doc_id, seq, ts, state) VALUES (?, ?, ?, ?)
  ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, ts = excluded.ts, state = excluded.state
  WHERE excluded.seq >= snapshots.seq`);
const appendMany = db.transaction((entries) =>
  entries.map((e) => Number(appendLog.run(e.docId, e.ts, e.authorId, e.update).lastInsertRowid)),
);

parentPort.on("message", (msg) => {
  try {
    if (msg.op === "append") parentPort.postMessage({ id: msg.id, seqs: appendMany(msg.entries) });
    else if (msg.op === "snapshot") {
      const s = msg.snapshot;
      putSnap.run(s.docId, s.seq, s.ts, s.state);
      parentPort.postMessage({ id: msg.id });
    } else if (msg.op === "close") {
      db.close();
      parentPort.postMessage({ id: msg.id });
      parentPort.close();
    }
  } catch (error) {
    parentPort.postMessage({ id: msg.id, error: String(error) });
  }
});
