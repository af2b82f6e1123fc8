import { describe, expect, it } from "vitest";
import { MAX_TITLE_CHARS } from "@mockroom/shared";
import { inAppPath, toCreateRequest, validateTitle } from "./lobby-model.ts";

describe("lobby model", () => {
  it("explains an empty or too long title", () => {
    expect(validateTitle("  ")).toMatch(/title/);
    expect(validateTitle("x".repeat(MAX_TITLE_CHARS + 1))).toMatch(/under/);
    expect(validateTitle("Design a feed ranker")).toBeNull();
  });
  it("trims the title it sends", () => {
    expect(toCreateRequest({ title: "  Feed  ", roundType: "ml-coding" })).toEqual({
      title: "Feed",
      roundType: "ml-coding",
    });
  });
  it("keeps invite links on this origin", () => {
    expect(inAppPath("http://127.0.0.1:3000/r/abcdefgh1234#invite=tok")).toBe("/r/abcdefgh1234#invite=tok");
  });
});
