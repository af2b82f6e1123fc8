import { Prompt, RoundType, Rubric } from "@mockroom/shared";

/*
 * Content rules beyond the per-file schema (RB1..RB9 live in shared/src/domain/rubric.ts).
 * - CT1  Every shipped data file parses with the shared schema.
 * - CT2  Every error names the file, the JSON path inside it (e.g. `dimensions[2].levels[0].behaviours`)
 *        and what is wrong.
 * - CT3  Ids are unique per kind across files, and a file is named `<id>.json`.
 * - CT4  A prompt's rubricId names a rubric, and that rubric is for the prompt's round type.
 * - CT5  (requireEveryRound) every round type has at least one rubric and one prompt.
 */

export type ContentKind = "rubric" | "prompt";

/** One data file, already read and JSON-parsed; `file` is relative to the data folder, e.g. `prompts/fraud-detection.json`. */
export interface ContentFile {
  file: string;
  kind: ContentKind;
  json: unknown;
}

export interface ContentError {
  file: string;
  /** JSON path inside the file; empty for the whole file. */
  path: string;
  message: string;
}

export interface ParsedContent {
  rubrics: Rubric[];
  prompts: Prompt[];
  errors: ContentError[];
}

export interface ValidateOptions {
  /** Also require a rubric and a prompt for every round type (CT5). Off for partial sets, as in tests. */
  requireEveryRound?: boolean;
}

export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function formatContentError(error: ContentError): string {
  return `${error.file}: ${error.path === "" ? "(root)" : error.path}: ${error.message}`;
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.endsWith(".json") ? name.slice(0, -".json".length) : name;
}

/** A string field a file claims even when the rest of it is invalid, so one broken file does not cascade. */
function claimed(json: unknown, key: "id" | "roundType"): string | undefined {
  if (typeof json !== "object" || json === null || !Object.hasOwn(json, key)) return undefined;
  const value: unknown = Reflect.get(json, key);
  return typeof value === "string" ? value : undefined;
}

/** Parses every file with the shared schema, then runs the cross-file checks. Pure: no I/O. */
export function parseContent(files: readonly ContentFile[], options: ValidateOptions = {}): ParsedContent {
  const errors: ContentError[] = [];
  const rubrics: Rubric[] = [];
  const prompts: { file: string; prompt: Prompt }[] = [];
  const firstFileById: Record<ContentKind, Map<string, string>> = { rubric: new Map(), prompt: new Map() };
  const claimedRoundTypes: Record<ContentKind, Set<string>> = { rubric: new Set(), prompt: new Set() };

  for (const { file, kind, json } of files) {
    const roundType = claimed(json, "roundType");
    if (roundType !== undefined) claimedRoundTypes[kind].add(roundType);
    const id = claimed(json, "id");
    if (id !== undefined) {
      const first = firstFileById[kind].get(id);
      if (first !== undefined) {
        errors.push({ file, path: "id", message: `duplicate ${kind} id "${id}" (already used by ${first})` });
      } else {
        firstFileById[kind].set(id, file);
      }
      if (id !== baseName(file)) {
        errors.push({ file, path: "id", message: `id "${id}" does not match the file name; expected ${id}.json` });
      }
    }

    const report = (issues: readonly { path: PropertyKey[]; message: string }[]) => {
      for (const issue of issues) errors.push({ file, path: formatJsonPath(issue.path), message: issue.message });
    };
    if (kind === "rubric") {
      const result = Rubric.safeParse(json);
      if (result.success) rubrics.push(result.data);
      else report(result.error.issues);
    } else {
      const result = Prompt.safeParse(json);
      if (result.success) prompts.push({ file, prompt: result.data });
      else report(result.error.issues);
    }
  }

  const rubricById = new Map(rubrics.map((r) => [r.id, r]));
  for (const { file, prompt } of prompts) {
    const rubric = rubricById.get(prompt.rubricId);
    if (rubric === undefined) {
      // A rubric that exists but failed its own schema already has errors; don't repeat them here.
      if (!firstFileById.rubric.has(prompt.rubricId)) {
        const known = [...firstFileById.rubric.keys()].sort().join(", ") || "none";
        errors.push({ file, path: "rubricId", message: `unknown rubric "${prompt.rubricId}" (known: ${known})` });
      }
    } else if (rubric.roundType !== prompt.roundType) {
      errors.push({
        file,
        path: "rubricId",
        message: `rubric "${rubric.id}" is for round type "${rubric.roundType}" but this prompt is "${prompt.roundType}"`,
      });
    }
  }

  if (options.requireEveryRound) {
    // Counted from what files claim, so a round whose only rubric is broken reports that rubric's errors, not this.
    for (const roundType of RoundType.options) {
      if (!claimedRoundTypes.rubric.has(roundType)) {
        errors.push({ file: "rubrics/", path: "", message: `no rubric for round type "${roundType}"` });
      }
      if (!claimedRoundTypes.prompt.has(roundType)) {
        errors.push({ file: "prompts/", path: "", message: `no prompt for round type "${roundType}"` });
      }
    }
  }

  return { rubrics, prompts: prompts.map(({ prompt }) => prompt), errors };
}

/** Every problem in a set of data files; empty when the set is valid. */
export function validate(files: readonly ContentFile[], options: ValidateOptions = {}): ContentError[] {
  return parseContent(files, options).errors;
}
