import { relative, resolve } from "node:path";
import { DEFAULT_DATA_DIR, readContentFiles } from "./load.ts";
import { formatContentError, parseContent } from "./validate.ts";

// Usage: tsx src/validate-cli.ts [dataDir]   (defaults to the shipped data folder)
const dataDir = resolve(process.argv[2] ?? DEFAULT_DATA_DIR);
const read = await readContentFiles(dataDir);
const parsed = parseContent(read.files, { requireEveryRound: true });
const problems = [...read.errors, ...parsed.errors];

if (problems.length === 0) {
  console.log(`ok: ${parsed.rubrics.length} rubrics, ${parsed.prompts.length} prompts`);
} else {
  const shown = relative(process.cwd(), dataDir) || ".";
  for (const problem of problems) {
    console.error(formatContentError({ ...problem, file: `${shown}/${problem.file}` }));
  }
  console.error(`${problems.length} error(s) in ${shown}`);
  process.exitCode = 1;
}
