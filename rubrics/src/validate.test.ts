import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { RoundType, agendaMinutes } from "@mockroom/shared";
import type { Prompt, Rubric } from "@mockroom/shared";
import { ContentValidationError, loadContent, readContentFiles } from "./load.ts";
import { formatContentError, formatJsonPath, validate } from "./validate.ts";
import type { ContentFile } from "./validate.ts";

let shipped: ContentFile[];
let content: { rubrics: Rubric[]; prompts: Prompt[] };

beforeAll(async () => {
  const read = await readContentFiles();
  expect(read.errors).toEqual([]);
  shipped = read.files;
  content = await loadContent();
});

/** A deep copy of one shipped file's JSON, to break on purpose. */
function shippedJson(file: string): Record<string, unknown> {
  const found = shipped.find((f) => f.file === file);
  if (found === undefined) throw new Error(`no shipped file ${file}`);
  return structuredClone(found.json) as Record<string, unknown>;
}

function replaceFile(file: string, json: unknown): ContentFile[] {
  return shipped.map((f) => (f.file === file ? { ...f, json } : f));
}

describe("shipped content", () => {
  it("[CT1] every shipped rubric and prompt passes validation, with every round covered", () => {
    expect(validate(shipped, { requireEveryRound: true }).map(formatContentError)).toEqual([]);
  });

  it("[CT1] ships one rubric per round type, and at least 12 system-design and 3 other prompts per round", () => {
    expect(content.rubrics.map((r) => r.roundType).sort()).toEqual([...RoundType.options].sort());
    for (const roundType of RoundType.options) {
      const count = content.prompts.filter((p) => p.roundType === roundType).length;
      expect(count, roundType).toBeGreaterThanOrEqual(roundType === "system-design" ? 12 : 3);
    }
  });

  it("[CT1] rubric levels read Not yet / Emerging / Senior / Staff", () => {
    for (const rubric of content.rubrics) {
      for (const dimension of rubric.dimensions) {
        expect(
          dimension.levels.map((l) => l.label),
          `${rubric.id}/${dimension.id}`,
        ).toEqual(["Not yet", "Emerging", "Senior", "Staff"]);
      }
    }
  });

  it("[CT1] the system-design rubric covers the required dimensions and weights trade-offs highest", () => {
    const rubric = content.rubrics.find((r) => r.id === "ml-system-design");
    expect(rubric?.roundType).toBe("system-design");
    const ids = rubric!.dimensions.map((d) => d.id);
    for (const id of [
      "problem-framing",
      "data-pipelines",
      "modelling",
      "training-evaluation",
      "serving",
      "monitoring",
      "tradeoffs",
      "communication",
    ]) {
      expect(ids).toContain(id);
    }
    const tradeoffs = rubric!.dimensions.find((d) => d.id === "tradeoffs")!;
    for (const other of rubric!.dimensions.filter((d) => d.id !== "tradeoffs")) {
      expect(tradeoffs.weight, other.id).toBeGreaterThan(other.weight);
    }
  });

  it("[CT1] system-design prompts follow the five-phase agenda in 45..60 minutes", () => {
    const phases = ["clarify-scope", "requirements-metrics", "high-level-design", "deep-dive", "wrap-up"];
    for (const prompt of content.prompts.filter((p) => p.roundType === "system-design")) {
      expect(
        prompt.agenda.map((a) => a.id),
        prompt.id,
      ).toEqual(phases);
      const minutes = agendaMinutes(prompt.agenda);
      expect(minutes, prompt.id).toBeGreaterThanOrEqual(45);
      expect(minutes, prompt.id).toBeLessThanOrEqual(60);
    }
  });

  it("[CT1] at least four system-design prompts have a 3..6 element starter diagram", () => {
    const withDiagram = content.prompts.filter((p) => p.roundType === "system-design" && p.starterDiagram);
    expect(withDiagram.length).toBeGreaterThanOrEqual(4);
    for (const prompt of withDiagram) {
      expect(prompt.starterDiagram!.length, prompt.id).toBeGreaterThanOrEqual(3);
      expect(prompt.starterDiagram!.length, prompt.id).toBeLessThanOrEqual(6);
    }
  });

  it("[CT1] candidate statements are substantial but short enough to read in a minute or two", () => {
    for (const prompt of content.prompts) {
      expect(prompt.statement.length, prompt.id).toBeGreaterThan(200);
      expect(prompt.statement.length, prompt.id).toBeLessThan(1200);
    }
  });
});

describe("validate", () => {
  it("[CT2] names the file and the JSON path of a broken field", () => {
    const json = shippedJson("rubrics/ml-coding.json");
    const dimensions = json.dimensions as { levels: { behaviours: string[] }[] }[];
    dimensions[2]!.levels[0]!.behaviours = [];
    const errors = validate(replaceFile("rubrics/ml-coding.json", json));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "rubrics/ml-coding.json", path: "dimensions[2].levels[0].behaviours" });
    expect(errors[0]!.message).toMatch(/>=2/);
    expect(formatContentError(errors[0]!)).toMatch(
      /^rubrics\/ml-coding\.json: dimensions\[2\]\.levels\[0\]\.behaviours: /,
    );
  });

  it("[CT2] reports a missing level number, a bad weight and a prompt field in one pass", () => {
    const rubric = shippedJson("rubrics/ml-theory.json");
    const dimensions = rubric.dimensions as { weight: number; levels: unknown[] }[];
    dimensions[0]!.levels.pop();
    dimensions[1]!.weight = 0;
    const prompt = shippedJson("prompts/food-delivery-eta.json");
    prompt.probes = ["Only one probe?"];
    const errors = validate(
      replaceFile("prompts/food-delivery-eta.json", prompt).map((f) =>
        f.file === "rubrics/ml-theory.json" ? { ...f, json: rubric } : f,
      ),
    );
    expect(errors.map((e) => `${e.file} ${e.path}`)).toEqual([
      "rubrics/ml-theory.json dimensions[0].levels",
      "rubrics/ml-theory.json dimensions[1].weight",
      "prompts/food-delivery-eta.json probes",
    ]);
  });

  it("[CT2] formats JSON paths with dots and brackets", () => {
    expect(formatJsonPath([])).toBe("");
    expect(formatJsonPath(["id"])).toBe("id");
    expect(formatJsonPath(["dimensions", 2, "levels", 0, "behaviours"])).toBe("dimensions[2].levels[0].behaviours");
    expect(formatJsonPath([3, "x"])).toBe("[3].x");
  });

  it("[CT3] rejects a duplicate id, naming both files", () => {
    const copy = shippedJson("prompts/payment-fraud-detection.json");
    const files = [...shipped, { file: "prompts/fraud-copy.json", kind: "prompt" as const, json: copy }];
    const errors = validate(files);
    expect(errors).toContainEqual({
      file: "prompts/fraud-copy.json",
      path: "id",
      message: 'duplicate prompt id "payment-fraud-detection" (already used by prompts/payment-fraud-detection.json)',
    });
  });

  it("[CT3] rejects a file whose name does not match its id", () => {
    const json = shippedJson("rubrics/behavioural.json");
    const files = shipped.map((f) =>
      f.file === "rubrics/behavioural.json" ? { ...f, file: "rubrics/stories.json", json } : f,
    );
    expect(validate(files)).toEqual([
      {
        file: "rubrics/stories.json",
        path: "id",
        message: 'id "behavioural" does not match the file name; expected behavioural.json',
      },
    ]);
  });

  it("[CT4] rejects a prompt whose rubricId does not exist", () => {
    const json = shippedJson("prompts/social-feed-ranking.json");
    json.rubricId = "ml-sys-design";
    const errors = validate(replaceFile("prompts/social-feed-ranking.json", json));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "prompts/social-feed-ranking.json", path: "rubricId" });
    expect(errors[0]!.message).toMatch(/^unknown rubric "ml-sys-design"/);
  });

  it("[CT4] rejects a prompt whose rubric is for another round type", () => {
    const json = shippedJson("prompts/ranking-metrics-ndcg.json");
    json.rubricId = "ml-theory";
    expect(validate(replaceFile("prompts/ranking-metrics-ndcg.json", json))).toEqual([
      {
        file: "prompts/ranking-metrics-ndcg.json",
        path: "rubricId",
        message: 'rubric "ml-theory" is for round type "ml-theory" but this prompt is "ml-coding"',
      },
    ]);
  });

  it("[CT4] does not pile unknown-rubric errors on prompts when their rubric file is itself broken", () => {
    const json = shippedJson("rubrics/data-pipelines.json");
    json.evidenceTags = [];
    const errors = validate(replaceFile("rubrics/data-pipelines.json", json));
    expect(errors.map((e) => `${e.file} ${e.path}`)).toEqual(["rubrics/data-pipelines.json evidenceTags"]);
  });

  it("[CT5] with requireEveryRound, reports a round type with no rubric and no prompts", () => {
    const files = shipped.filter((f) => {
      const roundType = (f.json as { roundType?: unknown }).roundType;
      return roundType !== "behavioural";
    });
    expect(validate(files)).toEqual([]);
    expect(validate(files, { requireEveryRound: true }).map((e) => e.message)).toEqual([
      'no rubric for round type "behavioural"',
      'no prompt for round type "behavioural"',
    ]);
  });
  it("[CT5] does not report a round as uncovered when its only rubric is present but broken", () => {
    const json = shippedJson("rubrics/behavioural.json");
    json.description = "";
    const errors = validate(replaceFile("rubrics/behavioural.json", json), { requireEveryRound: true });
    expect(errors.map((e) => `${e.file} ${e.path}`)).toEqual(["rubrics/behavioural.json description"]);
  });
});

describe("loadContent", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function dataDirWith(files: Record<string, string>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), "mockroom-rubrics-"));
    await mkdir(join(dir, "rubrics"));
    await mkdir(join(dir, "prompts"));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  }

  it("[CT1] returns the parsed rubrics and prompts", () => {
    expect(content.rubrics).toHaveLength(5);
    expect(content.prompts.length).toBeGreaterThanOrEqual(24);
  });

  it("[CT2] throws one aggregate error listing every problem, including invalid JSON", async () => {
    const rubric = JSON.stringify(shippedJson("rubrics/ml-coding.json"));
    const dataDir = await dataDirWith({
      "rubrics/ml-coding.json": rubric,
      "prompts/broken.json": "{ not json",
      "prompts/notes.txt": "ignored: not a .json file",
    });
    const error = await loadContent({ dataDir, requireEveryRound: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentValidationError);
    const problems = (error as ContentValidationError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "prompts/broken.json", path: "" });
    expect(problems[0]!.message).toMatch(/^invalid JSON/);
    expect((error as Error).message).toContain("prompts/broken.json");
  });

  it("[CT5] by default requires every round type to be covered", async () => {
    const rubric = JSON.stringify(shippedJson("rubrics/ml-coding.json"));
    const dataDir = await dataDirWith({ "rubrics/ml-coding.json": rubric });
    await expect(loadContent({ dataDir })).rejects.toThrow(/no prompt for round type "ml-coding"/);
    await expect(loadContent({ dataDir, requireEveryRound: false })).resolves.toMatchObject({ prompts: [] });
  });

  it("[CT2] reports a missing folder instead of returning empty content", async () => {
    dir = await mkdtemp(join(tmpdir(), "mockroom-rubrics-"));
    const error = await loadContent({ dataDir: dir, requireEveryRound: false }).catch((e: unknown) => e);
    expect((error as ContentValidationError).problems.map((p) => p.file)).toEqual(["rubrics/", "prompts/"]);
  });
});
