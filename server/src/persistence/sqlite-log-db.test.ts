import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DOC_LOG_INDEX_EVERY_ROWS, DOC_LOG_PAGE_SIZE, docLogFileFor } from "./sqlite-log-db.ts";
import { openSqliteStorage } from "./sqlite.ts";

const tempFile = () => join(mkdtempSync(join(tmpdir(), "mockroom-doclog-")), "db.sqlite");

describe("doc log database", () => {
  it("[DL3] keeps the doc log in its own append-only file, durable across a reopen", async () => {
    const file = tempFile();
    const storage = openSqliteStorage(file);
    const seqs = await storage.docLog.append([{ docId: "d.1", ts: 1, authorId: "p", update: new Uint8Array([1]) }]);
    await storage.close();
    expect(existsSync(docLogFileFor(file))).toBe(true);
    const raw = new Database(docLogFileFor(file), { readonly: true });
    expect(raw.pragma("page_size", { simple: true })).toBe(DOC_LOG_PAGE_SIZE);
    expect(raw.prepare("SELECT seq FROM doc_log").all()).toEqual([{ seq: seqs[0] }]);
    raw.close();
  });

  it("[DL3] reads a doc across the bulk-indexed part and the unindexed tail, in seq order, after any seq", async () => {
    const file = tempFile();
    const storage = openSqliteStorage(file);
    const rounds = Math.ceil((DOC_LOG_INDEX_EVERY_ROWS * 1.5) / 100);
    const mine: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const batch = Array.from({ length: 100 }, (_, i) => ({
        docId: i % 10 === 3 ? "mine.1" : `other${i % 10}.1`,
        ts: r,
        authorId: "p",
        update: new Uint8Array([r % 256, i]),
      }));
      const seqs = await storage.docLog.append(batch);
      seqs.forEach((s, i) => batch[i]!.docId === "mine.1" && mine.push(s));
    }
    const check = async (s: typeof storage) => {
      expect((await s.docLog.read("mine.1")).map((e) => e.seq)).toEqual(mine);
      const mid = mine[Math.floor(mine.length / 2)]!;
      expect((await s.docLog.read("mine.1", mid)).map((e) => e.seq)).toEqual(mine.filter((x) => x > mid));
      expect((await s.docLog.read("mine.1", mine.at(-1))).length).toBe(0);
    };
    // Part of the log is indexed by now and part is not.
    const raw = new Database(docLogFileFor(file), { readonly: true });
    const indexed = (
      raw.prepare("SELECT value FROM doc_log_meta WHERE key = 'indexed_through'").get() as { value: number }
    ).value;
    raw.close();
    expect(indexed).toBeGreaterThan(0);
    expect(indexed).toBeLessThan(mine.at(-1)!);
    await check(storage);
    await storage.close();
    const again = openSqliteStorage(file);
    await check(again);
    await again.close();
    // The same in memory, where appends run on the calling thread.
    const mem = openSqliteStorage(":memory:");
    await mem.docLog.append(
      Array.from({ length: DOC_LOG_INDEX_EVERY_ROWS + 5 }, (_, i) => ({
        docId: i % 2 ? "a.1" : "b.1",
        ts: i,
        authorId: "p",
        update: new Uint8Array([1]),
      })),
    );
    await mem.docLog.append([{ docId: "a.1", ts: 0, authorId: "p", update: new Uint8Array([2]) }]);
    const a = await mem.docLog.read("a.1");
    expect(a.length).toBe(Math.floor((DOC_LOG_INDEX_EVERY_ROWS + 5) / 2) + 1);
    expect(a.map((e) => e.seq)).toEqual([...a.map((e) => e.seq)].sort((x, y) => x - y));
    await mem.close();
  });

  it("[DL3] moves rows an older version kept in the main file, and never reuses a seq a snapshot may cover", async () => {
    const file = tempFile();
    // An older layout: doc_log in the main file, and a seq counter that ran past its last row.
    const storage = openSqliteStorage(file);
    await storage.close();
    const legacy = new Database(file);
    const ins = legacy.prepare("INSERT INTO doc_log (seq, doc_id, ts, author_id, update_bytes) VALUES (?, ?, ?, ?, ?)");
    ins.run(7, "d.1", 70, "p1", Buffer.from([7]));
    ins.run(9, "d.1", 90, "p2", Buffer.from([9]));
    ins.run(40, "gone.1", 1, "p", Buffer.from([0]));
    legacy.prepare("DELETE FROM doc_log WHERE seq = 40").run();
    legacy.close();

    const again = openSqliteStorage(file);
    expect((await again.docLog.read("d.1")).map((r) => [r.seq, r.ts, r.authorId, [...r.update]])).toEqual([
      [7, 70, "p1", [7]],
      [9, 90, "p2", [9]],
    ]);
    const [next] = await again.docLog.append([{ docId: "d.1", ts: 100, authorId: "p", update: new Uint8Array([1]) }]);
    expect(next).toBeGreaterThan(40);
    await again.close();
    const main = new Database(file, { readonly: true });
    expect(main.prepare("SELECT count(*) AS n FROM doc_log").get()).toEqual({ n: 0 });
    main.close();
    // Opening once more moves nothing twice.
    const third = openSqliteStorage(file);
    expect((await third.docLog.read("d.1")).map((r) => r.seq)).toEqual([7, 9, next]);
    await third.close();
  });
});
