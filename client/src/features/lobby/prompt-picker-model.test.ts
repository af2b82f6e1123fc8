import { describe, expect, it } from "vitest";
import type { CandidatePrompt } from "@mockroom/shared";
import { filterPrompts } from "./prompt-picker-model.ts";

const p = (id: string, over: Partial<CandidatePrompt> = {}): CandidatePrompt => ({
  id,
  roundType: "system-design",
  title: id,
  difficulty: "medium",
  tags: [],
  statement: "Design it.",
  agenda: [],
  ...over,
});

describe("prompt picker filter", () => {
  const all = [
    p("Fraud detection", { difficulty: "hard", tags: ["real-time"] }),
    p("Feed ranking", { statement: "Rank a social feed in real time." }),
    p("Sliding window counter", { roundType: "ml-coding" }),
  ];
  it("keeps the mock type and difficulty, searches title, tags and statement, title hits first", () => {
    const base = { roundType: "system-design" as const, difficulty: "any" as const, query: "" };
    expect(filterPrompts(all, base).map((x) => x.id)).toEqual(["Feed ranking", "Fraud detection"]);
    expect(filterPrompts(all, { ...base, difficulty: "hard" }).map((x) => x.id)).toEqual(["Fraud detection"]);
    expect(filterPrompts(all, { ...base, query: "REAL" }).map((x) => x.id)).toEqual([
      "Feed ranking",
      "Fraud detection",
    ]);
    expect(filterPrompts(all, { ...base, query: "fraud real" }).map((x) => x.id)).toEqual(["Fraud detection"]);
    expect(filterPrompts(all, { ...base, roundType: "ml-coding" }).map((x) => x.id)).toEqual([
      "Sliding window counter",
    ]);
  });
});
