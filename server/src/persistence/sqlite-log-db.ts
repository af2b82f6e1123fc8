import Database from "better-sqlite3";
import { migrate } from "./sqlite-migrate.ts";

/**
 * The doc log lives in its own database file, as an append-only table with a lazily built index.
 *
 * Why: a per-doc read index `(doc_id, seq)` maintained on every insert puts each room's newest row on
 * a different B-tree leaf, so a group commit carrying one update from each of N active rooms dirties
 * about N index pages, and in WAL mode every dirty page is written (and, with synchronous = FULL,
 * fsynced) whole. Measured on this machine (500 docs, 30 rows per commit, ~90-byte updates): 7.0 KB
 * written and 13–15 µs of CPU per row with the index, 1.0 KB and ~5 µs without it, and a commit's
 * wall time 3.7 → 0.9 ms. So rows are appended in seq order only (sequential pages), and
 * `doc_log_index` is filled in bulk, sorted by doc, once at least `DOC_LOG_INDEX_EVERY_ROWS` rows
 * are unindexed: then each doc's new entries land on one leaf. A read takes the indexed part through
 * the index and scans only the unindexed tail (≤ a few thousand rows, ~0.4 ms), in one statement, so
 * it sees one consistent snapshot. The main file (rooms, events, snapshots, scoring) keeps its own
 * WAL and checkpoints, untouched by the log's write rate.
 */
export const DOC_LOG_PAGE_SIZE = 4096;

/** Unindexed rows that trigger a bulk index pass on the writer; bounds the tail a read scans. */
export const DOC_LOG_INDEX_EVERY_ROWS = 4096;

/** Checkpoint after this many WAL pages (the SQLite default). */
const DOC_LOG_WAL_AUTOCHECKPOINT_PAGES = 1000;

const LOG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE doc_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, ts INTEGER NOT NULL,
     author_id TEXT NOT NULL, update_bytes BLOB NOT NULL);
   CREATE TABLE doc_log_index (doc_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
   CREATE TABLE doc_log_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
   INSERT INTO doc_log_meta (key, value) VALUES ('indexed_through', 0);`,
];

/**
 * The bulk index pass: the same SQL runs on the writer thread (sqlite-log-worker.mjs, which cannot
 * import TypeScript) and here at open. Every row with seq ≤ indexed_through is in the index.
 */
export const INDEX_TAIL_SQL = `INSERT OR IGNORE INTO doc_log_index (doc_id, seq)
    SELECT doc_id, seq FROM doc_log WHERE seq > (SELECT value FROM doc_log_meta WHERE key = 'indexed_through')
    ORDER BY doc_id, seq;
  UPDATE doc_log_meta SET value = coalesce((SELECT max(seq) FROM doc_log), value) WHERE key = 'indexed_through';`;

const UNINDEXED_SQL = `SELECT coalesce(max(seq), 0) - (SELECT value FROM doc_log_meta WHERE key = 'indexed_through') AS n
  FROM doc_log`;

/** Runs the bulk index pass once enough rows are unindexed (the in-process path; the writer thread has its own). */
export const indexDocLogIfDue = (db: Database.Database): void => {
  const { n } = db.prepare(UNINDEXED_SQL).get() as { n: number };
  if (n >= DOC_LOG_INDEX_EVERY_ROWS) db.transaction(() => db.exec(INDEX_TAIL_SQL))();
};

/** Entries of one doc after a seq: the indexed part through the index, plus a scan of the tail. */
export const READ_DOC_SQL = `SELECT l.seq, l.doc_id, l.ts, l.author_id, l.update_bytes
    FROM doc_log_index i JOIN doc_log l ON l.seq = i.seq
    WHERE i.doc_id = @docId AND i.seq > @afterSeq
  UNION ALL
  SELECT seq, doc_id, ts, author_id, update_bytes FROM doc_log
    WHERE seq > max(@afterSeq, (SELECT value FROM doc_log_meta WHERE key = 'indexed_through')) AND doc_id = @docId
  ORDER BY 1`;

/**
 * SQLite page cache per connection, in KiB (SQLite's default is 2,000). The server reads small hot
 * rows (rooms, participants) and appends the log; the OS page cache already holds the files, so a
 * large private cache on each of its connections only added resident memory (issue 6: idle RSS).
 */
export const SQLITE_CACHE_KIB = 256;

export const docLogFileFor = (file: string): string => `${file}.doclog`;

/** Connection settings shared by the main thread's reader and the writer thread. */
export const configureDocLogConnection = (db: Database.Database, sync: "FULL" | "NORMAL"): void => {
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${sync}`);
  db.pragma("busy_timeout = 5000");
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  db.pragma(`wal_autocheckpoint = ${DOC_LOG_WAL_AUTOCHECKPOINT_PAGES}`);
};

/**
 * Opens (creating if needed) the doc-log database of the main database `main` at `file`, and moves
 * any rows an older version wrote into the main file's `doc_log` table over to it. The move is
 * idempotent (rows keep their seq; a crash between copy and delete just copies again), and the log's
 * seq counter never falls behind the main file's, because snapshots record the seq they cover.
 */
export const openDocLogDb = (file: string, main: Database.Database, sync: "FULL" | "NORMAL"): Database.Database => {
  // An in-memory main database gets an in-memory log: same layout, no writer thread.
  const db = new Database(file === ":memory:" ? ":memory:" : docLogFileFor(file));
  // Takes effect only while the file is still empty, i.e. before WAL mode and the first table.
  db.pragma(`page_size = ${DOC_LOG_PAGE_SIZE}`);
  if (file !== ":memory:") configureDocLogConnection(db, sync);
  migrate(db, "doclog", LOG_MIGRATIONS);
  moveLegacyRows(main, db);
  // Start with an empty tail: reads right after a restart (the join storm) take the index.
  db.transaction(() => db.exec(INDEX_TAIL_SQL))();
  return db;
};

const moveLegacyRows = (main: Database.Database, log: Database.Database): void => {
  const legacy = main.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'doc_log'").get();
  if (!legacy) return;
  const mainSeq = (
    main.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'doc_log'").get() as { seq: number } | undefined
  )?.seq;
  const hasRows = main.prepare("SELECT 1 FROM doc_log LIMIT 1").get() !== undefined;
  if (hasRows) {
    const insert = log.prepare(
      "INSERT OR IGNORE INTO doc_log (seq, doc_id, ts, author_id, update_bytes) VALUES (?, ?, ?, ?, ?)",
    );
    const rows = main.prepare("SELECT seq, doc_id, ts, author_id, update_bytes FROM doc_log ORDER BY seq");
    log.transaction(() => {
      for (const r of rows.iterate() as Iterable<{
        seq: number;
        doc_id: string;
        ts: number;
        author_id: string;
        update_bytes: Buffer;
      }>)
        insert.run(r.seq, r.doc_id, r.ts, r.author_id, r.update_bytes);
    })();
  }
  if (mainSeq !== undefined) {
    log.transaction(() => {
      const cur = log.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'doc_log'").get() as
        { seq: number } | undefined;
      if (!cur) log.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('doc_log', ?)").run(mainSeq);
      else if (cur.seq < mainSeq) log.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'doc_log'").run(mainSeq);
    })();
  }
  // Only after the copy is durable in the log file.
  if (hasRows) main.exec("DELETE FROM doc_log");
};
