import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storageContract } from "./contract.ts";
import { openSqliteStorage } from "./sqlite.ts";

storageContract(
  "sqlite",
  async () => {
    const file = join(mkdtempSync(join(tmpdir(), "mockroom-sqlite-")), "db.sqlite");
    return { storage: openSqliteStorage(file), reopen: async () => openSqliteStorage(file) };
  },
  { durable: true },
);
