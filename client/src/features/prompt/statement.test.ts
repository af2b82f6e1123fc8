import { describe, expect, it } from "vitest";
import { parseStatement } from "./statement.ts";

describe("statement blocks", () => {
  it("splits paragraphs on blank lines and groups bullet lines", () => {
    expect(parseStatement("Design a thing.\nIt is big.\n\n- fast\n- cheap\nThen more.\n\n\nLast")).toEqual([
      { kind: "p", text: "Design a thing. It is big." },
      { kind: "ul", items: ["fast", "cheap"] },
      { kind: "p", text: "Then more." },
      { kind: "p", text: "Last" },
    ]);
    expect(parseStatement("")).toEqual([]);
  });
});
