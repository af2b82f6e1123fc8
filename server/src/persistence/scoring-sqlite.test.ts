import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { scoringStoreContract, type ScoringSubject } from "./scoring-contract.ts";
import { SCORING_STEPS } from "./scoring-sqlite.ts";
import { migrate } from "./sqlite-migrate.ts";
import { openSqliteStorage } from "./sqlite.ts";

// Through the full storage, so the test also proves the wiring: the scoring tables share the core database.
const open = (file: string): ScoringSubject => {
  const storage = openSqliteStorage(file);
  return { store: storage.scoring, close: () => storage.close(), reopen: async () => open(file) };
};
const tempFile = () => join(mkdtempSync(join(tmpdir(), "mockroom-scoring-")), "db.sqlite");

scoringStoreContract("sqlite", async () => open(tempFile()), {
  durable: true,
});

it("[SS6] a database from before note edits migrates: its notes read as never edited and can be edited", async () => {
  const file = tempFile();
  const old = new Database(file);
  migrate(old, "scoring", SCORING_STEPS.slice(0, 1));
  old
    .prepare(
      `INSERT INTO scoring_notes (id, room_id, round, author_id, ts, clock_ms, text, dimension_id, tags)
      VALUES ('note0001', 'room0001', 1, 'pInt0001', 100, 0, 'old note', NULL, '[]')`,
    )
    .run();
  old.close();
  const s = open(file);
  expect((await s.store.getNote("room0001", "note0001"))?.editedAt).toBeNull();
  const edit = { text: "old note, edited", dimensionId: null, tags: [], editedAt: 200 };
  expect(await s.store.editNote("room0001", "note0001", edit)).toBe(true);
  expect(await s.store.getNote("room0001", "note0001")).toMatchObject(edit);
  await s.close();
});
