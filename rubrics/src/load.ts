import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Prompt, Rubric } from "@mockroom/shared";
import { formatContentError, parseContent } from "./validate.ts";
import type { ContentError, ContentFile, ContentKind, ValidateOptions } from "./validate.ts";

/** The shipped data: `rubrics/<id>.json` and `prompts/<id>.json` under this folder. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../data/", import.meta.url));

const FOLDERS: readonly (readonly [ContentKind, string])[] = [
  ["rubric", "rubrics"],
  ["prompt", "prompts"],
];

export interface Content {
  rubrics: Rubric[];
  prompts: Prompt[];
}

export interface ReadContentResult {
  files: ContentFile[];
  /** Files that could not be read or are not JSON; they are absent from `files`. */
  errors: ContentError[];
}

/** Reads and JSON-parses every data file, in file-name order. Schema checks are left to `validate`. */
export async function readContentFiles(dataDir: string = DEFAULT_DATA_DIR): Promise<ReadContentResult> {
  const files: ContentFile[] = [];
  const errors: ContentError[] = [];
  for (const [kind, folder] of FOLDERS) {
    let names: string[];
    try {
      names = (await readdir(join(dataDir, folder))).filter((n) => n.endsWith(".json")).sort();
    } catch (err) {
      errors.push({ file: `${folder}/`, path: "", message: `cannot list folder: ${describe(err)}` });
      continue;
    }
    for (const name of names) {
      const file = `${folder}/${name}`;
      let text: string;
      try {
        text = await readFile(join(dataDir, file), "utf8");
      } catch (err) {
        errors.push({ file, path: "", message: `cannot read: ${describe(err)}` });
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        errors.push({ file, path: "", message: `invalid JSON: ${describe(err)}` });
        continue;
      }
      files.push({ file, kind, json });
    }
  }
  return { files, errors };
}

export class ContentValidationError extends AggregateError {
  override readonly name = "ContentValidationError";
  readonly problems: readonly ContentError[];

  constructor(problems: readonly ContentError[]) {
    const lines = problems.map(formatContentError);
    super(
      lines.map((line) => new Error(line)),
      `${problems.length} rubric/prompt content error(s):\n  ${lines.join("\n  ")}`,
    );
    this.problems = problems;
  }
}

export interface LoadOptions extends ValidateOptions {
  dataDir?: string;
}

/**
 * Reads, parses and cross-checks every rubric and prompt. Throws a ContentValidationError listing
 * every problem, so one run shows all of them. By default every round type must be covered (CT5).
 */
export async function loadContent(options: LoadOptions = {}): Promise<Content> {
  const { dataDir = DEFAULT_DATA_DIR, requireEveryRound = true } = options;
  const read = await readContentFiles(dataDir);
  const parsed = parseContent(read.files, { requireEveryRound });
  const problems = [...read.errors, ...parsed.errors];
  if (problems.length > 0) throw new ContentValidationError(problems);
  return { rubrics: parsed.rubrics, prompts: parsed.prompts };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
