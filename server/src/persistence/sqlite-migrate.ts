import type Database from "better-sqlite3";

/**
 * Each storage module (core, scoring, recording…) owns its tables and its own migration list, so
 * features add storage without editing one shared schema. Applied steps are recorded per module.
 */
export const migrate = (db: Database.Database, module: string, steps: readonly string[]): void => {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  const row = db.prepare("SELECT version FROM schema_migrations WHERE module = ?").get(module) as
    { version: number } | undefined;
  for (let v = row?.version ?? 0; v < steps.length; v++) {
    db.transaction(() => {
      db.exec(steps[v]!);
      db.prepare(
        "INSERT INTO schema_migrations (module, version) VALUES (?, ?) ON CONFLICT (module) DO UPDATE SET version = excluded.version",
      ).run(module, v + 1);
    })();
  }
};
