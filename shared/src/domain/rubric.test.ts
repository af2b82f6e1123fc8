import { describe, expect, it } from "vitest";
import {
  CandidatePrompt,
  DEFAULT_LEVEL_LABELS,
  Level,
  LEVELS,
  Prompt,
  Rubric,
  Slug,
  StarterElement,
  agendaMinutes,
  toCandidatePrompt,
  weightedOverall,
} from "./rubric.ts";
import type { RubricDimension } from "./rubric.ts";

function dimension(id: string, weight = 1): RubricDimension {
  return {
    id,
    title: `Dimension ${id}`,
    weight,
    description: "What this dimension looks at.",
    levels: LEVELS.map((level) => ({
      level,
      label: DEFAULT_LEVEL_LABELS[level],
      behaviours: [`Level ${level} behaviour one for ${id}`, `Level ${level} behaviour two for ${id}`],
    })),
  };
}

function rubric(): Rubric {
  return {
    id: "sample-rubric",
    title: "Sample rubric",
    roundType: "system-design",
    description: "A rubric used only by these tests.",
    dimensions: [dimension("framing", 1), dimension("tradeoffs", 2), dimension("communication", 1)],
    evidenceTags: [
      {
        id: "asked-clarifying-question",
        label: "Asked a clarifying question",
        polarity: "positive",
        dimensionId: "framing",
      },
      { id: "named-tradeoff", label: "Named a trade-off", polarity: "positive", dimensionId: "tradeoffs" },
      { id: "no-alternatives", label: "Offered no alternatives", polarity: "negative", dimensionId: "tradeoffs" },
      { id: "clear-structure", label: "Clear structure", polarity: "positive" },
      { id: "rambled", label: "Rambled", polarity: "negative", dimensionId: "communication" },
      { id: "missed-monitoring", label: "Missed monitoring", polarity: "negative" },
    ],
  };
}

function prompt(): Prompt {
  return {
    id: "sample-prompt",
    roundType: "system-design",
    rubricId: "sample-rubric",
    title: "Design a sample system",
    difficulty: "hard",
    tags: ["ranking", "real-time"],
    statement: "Design a thing.\n\n- It serves 1,000 requests per second.\n- p99 under 100 ms.",
    probes: ["Probe one?", "Probe two?", "Probe three?", "Probe four?"],
    tradeoffs: ["Batch vs streaming", "Cost vs latency", "Simple vs complex model"],
    agenda: [
      { id: "clarify", title: "Clarify & scope", minutes: 10 },
      { id: "design", title: "High-level design", minutes: 25 },
      { id: "wrap-up", title: "Wrap-up", minutes: 10 },
    ],
    starterDiagram: [
      { type: "rectangle", x: 0, y: 0, width: 160, height: 60, text: "Clients" },
      { type: "arrow", x: 160, y: 30, width: 80, height: 0 },
      { type: "rectangle", x: 240, y: 0, width: 160, height: 60, text: "Model service" },
    ],
  };
}

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return (result.error?.issues ?? []).map((i) => i.path.map(String).join("."));
}

describe("Slug", () => {
  it("[RB1] accepts lowercase kebab-case ids", () => {
    for (const ok of ["a", "ml-system-design", "eta-prediction-v2", "x1"]) {
      expect(Slug.safeParse(ok).success, ok).toBe(true);
    }
  });

  it("[RB1] rejects uppercase, spaces, underscores, leading/trailing/double hyphens and empty ids", () => {
    for (const bad of ["", "ML", "a b", "a_b", "-a", "a-", "a--b", "a".repeat(65)]) {
      expect(Slug.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("Rubric", () => {
  it("[RB2] accepts a well-formed rubric", () => {
    expect(Rubric.parse(rubric())).toEqual(rubric());
  });

  it("[RB2] rejects a dimension with three levels", () => {
    const r = rubric();
    r.dimensions[1]!.levels.pop();
    expect(issuePaths(Rubric.safeParse(r))).toEqual(["dimensions.1.levels"]);
  });

  it("[RB2] rejects levels out of order, naming the level that is wrong", () => {
    const r = rubric();
    const levels = r.dimensions[0]!.levels;
    [levels[0], levels[1]] = [levels[1]!, levels[0]!];
    expect(issuePaths(Rubric.safeParse(r))).toEqual(["dimensions.0.levels.0.level", "dimensions.0.levels.1.level"]);
  });

  it("[RB2] rejects a level numbered 5", () => {
    const r = rubric() as unknown as { dimensions: { levels: { level: number }[] }[] };
    r.dimensions[0]!.levels[3]!.level = 5;
    expect(issuePaths(Rubric.safeParse(r))).toContain("dimensions.0.levels.3.level");
  });

  it("[RB2] rejects a level with one behaviour or five", () => {
    const one = rubric();
    one.dimensions[2]!.levels[0]!.behaviours = ["Only one behaviour here"];
    expect(issuePaths(Rubric.safeParse(one))).toEqual(["dimensions.2.levels.0.behaviours"]);

    const five = rubric();
    five.dimensions[2]!.levels[0]!.behaviours = Array.from({ length: 5 }, (_, i) => `Observable behaviour ${i}`);
    expect(issuePaths(Rubric.safeParse(five))).toEqual(["dimensions.2.levels.0.behaviours"]);
  });

  it("[RB3] rejects zero, negative and non-finite weights", () => {
    for (const weight of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
      const r = rubric();
      r.dimensions[0]!.weight = weight;
      expect(issuePaths(Rubric.safeParse(r)), String(weight)).toContain("dimensions.0.weight");
    }
  });

  it("[RB3] rejects fewer than three dimensions", () => {
    const r = rubric();
    r.dimensions = r.dimensions.slice(0, 2);
    r.evidenceTags = r.evidenceTags.map(({ dimensionId: _d, ...tag }) => tag);
    expect(issuePaths(Rubric.safeParse(r))).toEqual(["dimensions"]);
  });

  it("[RB3] rejects duplicate dimension ids", () => {
    const r = rubric();
    r.dimensions[2] = dimension("framing");
    expect(issuePaths(Rubric.safeParse(r))).toContain("dimensions.2.id");
  });

  it("[RB3] rejects an unknown round type", () => {
    const r = { ...rubric(), roundType: "trivia" };
    expect(issuePaths(Rubric.safeParse(r))).toEqual(["roundType"]);
  });

  it("[RB4] rejects fewer than six evidence tags", () => {
    const r = rubric();
    r.evidenceTags.pop();
    expect(issuePaths(Rubric.safeParse(r))).toEqual(["evidenceTags"]);
  });

  it("[RB4] rejects duplicate evidence tag ids and a tag pointing at a missing dimension", () => {
    const r = rubric();
    r.evidenceTags[1]!.id = "asked-clarifying-question";
    r.evidenceTags[2]!.dimensionId = "serving";
    expect(issuePaths(Rubric.safeParse(r))).toEqual(["evidenceTags.1.id", "evidenceTags.2.dimensionId"]);
  });

  it("[RB4] rejects a polarity other than positive/negative", () => {
    const r = rubric() as unknown as { evidenceTags: { polarity: string }[] };
    r.evidenceTags[0]!.polarity = "neutral";
    expect(issuePaths(Rubric.safeParse(r))).toEqual(["evidenceTags.0.polarity"]);
  });

  it("[RB8] rejects an unknown key instead of dropping it", () => {
    const r = { ...rubric(), dimensionz: [] };
    const result = Rubric.safeParse(r);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });
});

describe("Prompt", () => {
  it("[RB5] accepts a well-formed prompt", () => {
    expect(Prompt.parse(prompt())).toEqual(prompt());
  });

  it("[RB5] accepts a prompt without a starter diagram", () => {
    const { starterDiagram: _s, ...p } = prompt();
    expect(Prompt.safeParse(p).success).toBe(true);
  });

  it("[RB5] rejects fewer than four probes or three trade-offs", () => {
    const p = prompt();
    p.probes = p.probes.slice(0, 3);
    p.tradeoffs = p.tradeoffs.slice(0, 2);
    expect(issuePaths(Prompt.safeParse(p))).toEqual(["probes", "tradeoffs"]);
  });

  it("[RB5] rejects an agenda of two phases", () => {
    const p = prompt();
    p.agenda = [
      { id: "a", title: "A", minutes: 20 },
      { id: "b", title: "B", minutes: 20 },
    ];
    expect(issuePaths(Prompt.safeParse(p))).toEqual(["agenda"]);
  });

  it("[RB5] rejects agenda totals below 30 or above 90 minutes, and accepts the bounds", () => {
    const withMinutes = (m: [number, number, number]) => {
      const p = prompt();
      p.agenda = p.agenda.map((phase, i) => ({ ...phase, minutes: m[i]! }));
      return Prompt.safeParse(p);
    };
    expect(issuePaths(withMinutes([10, 10, 9]))).toEqual(["agenda"]);
    expect(issuePaths(withMinutes([30, 30, 31]))).toEqual(["agenda"]);
    expect(withMinutes([10, 10, 10]).success).toBe(true);
    expect(withMinutes([30, 30, 30]).success).toBe(true);
  });

  it("[RB5] rejects non-integer or zero phase minutes", () => {
    const p = prompt();
    p.agenda[0]!.minutes = 7.5;
    p.agenda[1]!.minutes = 0;
    const paths = issuePaths(Prompt.safeParse(p));
    expect(paths).toContain("agenda.0.minutes");
    expect(paths).toContain("agenda.1.minutes");
  });

  it("[RB5] reports a duplicate phase id at the phase", () => {
    const p = prompt();
    p.agenda[2]!.id = "clarify";
    expect(issuePaths(Prompt.safeParse(p))).toEqual(["agenda.2.id"]);
  });

  it("[RB5] rejects an unknown difficulty and non-slug tags", () => {
    const p = { ...prompt(), difficulty: "easy", tags: ["Real Time"] };
    expect(issuePaths(Prompt.safeParse(p))).toEqual(["difficulty", "tags.0"]);
  });

  it("[RB5] agendaMinutes sums phase minutes", () => {
    expect(agendaMinutes(prompt().agenda)).toBe(45);
    expect(agendaMinutes([])).toBe(0);
  });

  it("[RB6] accepts boxes, text and arrows in any direction", () => {
    for (const el of [
      { type: "ellipse", x: -50, y: 10, width: 100, height: 40 },
      { type: "diamond", x: 0, y: 0, width: 80, height: 80, text: "Cache?" },
      { type: "text", x: 0, y: 0, width: 120, height: 20, text: "Offline" },
      { type: "arrow", x: 200, y: 200, width: -120, height: 0 },
      { type: "arrow", x: 0, y: 0, width: 0, height: 90 },
    ]) {
      expect(StarterElement.safeParse(el).success, JSON.stringify(el)).toBe(true);
    }
  });

  it("[RB6] rejects zero-size boxes, zero-length arrows, text without text and unknown types", () => {
    expect(issuePaths(StarterElement.safeParse({ type: "rectangle", x: 0, y: 0, width: 0, height: 10 }))).toEqual([
      "width",
    ]);
    expect(issuePaths(StarterElement.safeParse({ type: "arrow", x: 0, y: 0, width: 0, height: 0 }))).toEqual(["width"]);
    expect(issuePaths(StarterElement.safeParse({ type: "text", x: 0, y: 0, width: 10, height: 10 }))).toEqual(["text"]);
    expect(issuePaths(StarterElement.safeParse({ type: "line", x: 0, y: 0, width: 10, height: 10 }))).toEqual(["type"]);
  });

  it("[RB6] names the element in a prompt's diagram that is wrong", () => {
    const p = prompt();
    p.starterDiagram![2]!.height = -5;
    expect(issuePaths(Prompt.safeParse(p))).toEqual(["starterDiagram.2.height"]);
  });

  it("[RB8] rejects a misspelt optional key", () => {
    const { starterDiagram, ...rest } = prompt();
    const result = Prompt.safeParse({ ...rest, starterDiagam: starterDiagram });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("[RB9] the candidate view drops probes, trade-offs and the rubric id", () => {
    const view = toCandidatePrompt(prompt());
    expect(view).not.toHaveProperty("probes");
    expect(view).not.toHaveProperty("tradeoffs");
    expect(view).not.toHaveProperty("rubricId");
    expect(view.statement).toBe(prompt().statement);
    expect(view.starterDiagram).toHaveLength(3);
    expect(CandidatePrompt.parse(view)).toEqual(view);
  });

  it("[RB9] the candidate schema rejects a payload that leaks probes", () => {
    const leaked = { ...toCandidatePrompt(prompt()), probes: ["secret"] };
    expect(CandidatePrompt.safeParse(leaked).success).toBe(false);
  });
});

describe("weightedOverall", () => {
  const r = rubric(); // weights: framing 1, tradeoffs 2, communication 1

  it("[RB7] is null when nothing is scored", () => {
    expect(weightedOverall(r, {})).toBeNull();
    expect(weightedOverall(r, { framing: undefined })).toBeNull();
  });

  it("[RB7] is the weighted mean over all dimensions when all are scored", () => {
    expect(weightedOverall(r, { framing: 2, tradeoffs: 4, communication: 3 })).toBeCloseTo((2 + 8 + 3) / 4);
  });

  it("[RB7] averages only over the dimensions that are scored", () => {
    expect(weightedOverall(r, { framing: 1, tradeoffs: 4 })).toBeCloseTo((1 + 8) / 3);
    expect(weightedOverall(r, { communication: 2 })).toBe(2);
  });

  it("[RB7] ignores scores for ids that are not dimensions of the rubric", () => {
    expect(weightedOverall(r, { serving: 4 })).toBeNull();
    expect(weightedOverall(r, { serving: 1, framing: 3 })).toBe(3);
    expect(weightedOverall(r, Object.fromEntries([["__proto__", 4]]))).toBeNull();
  });

  it("[RB7] throws on a level outside 1..4 or a fraction", () => {
    expect(() => weightedOverall(r, { framing: 0 })).toThrow(RangeError);
    expect(() => weightedOverall(r, { framing: 5 })).toThrow(RangeError);
    expect(() => weightedOverall(r, { framing: 2.5 })).toThrow(RangeError);
  });

  it("[RB7] Level accepts exactly the integers 1..4", () => {
    expect(LEVELS.every((l) => Level.safeParse(l).success)).toBe(true);
    for (const bad of [0, 5, 1.5, Number.NaN]) expect(Level.safeParse(bad).success).toBe(false);
  });
});
