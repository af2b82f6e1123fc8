import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scoringStoreContract, type ScoringSubject } from "./scoring-contract.ts";
import { openSqliteStorage } from "./sqlite.ts";

// Through the full storage, so the test also proves the wiring: the scoring tables share the core database.
const open = (file: string): ScoringSubject => {
  const storage = openSqliteStorage(file);
  return { store: storage.scoring, close: () => storage.close(), reopen: async () => open(file) };
};

scoringStoreContract("sqlite", async () => open(join(mkdtempSync(join(tmpdir(), "mockroom-scoring-")), "db.sqlite")), {
  durable: true,
});
