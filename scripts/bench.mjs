#!/usr/bin/env node
// `pnpm bench [-- --quick | --smoke] [--only=sync,storm,replay,board] [--out=dir]`: runs the
// benchmark suite (bench/src/main.ts) with tsx from the bench package. See bench/README.md.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const bench = resolve(dirname(fileURLToPath(import.meta.url)), "../bench");
const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", ...process.argv.slice(2)], {
  cwd: bench,
  stdio: "inherit",
});
if (r.error) {
  console.error(`bench: could not start: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
