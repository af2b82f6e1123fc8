import { describe, expect, it } from "vitest";
import { shade, userFor } from "./awareness.ts";

describe("awareness user", () => {
  it("shades colours toward black", () => {
    expect(shade("#ffffff", 0.5)).toBe("#808080");
    expect(shade("#0891b2", 0)).toBe("#0891b2");
    expect(shade("#000000", 0.3)).toBe("#000000");
  });
  it("gives y-codemirror a darker label colour and keeps the role colour", () => {
    const u = userFor({ id: "abcdefgh", name: "Cam", role: "candidate", colour: "#0891b2" });
    expect(u.colour).toBe("#0891b2");
    expect(u.color).not.toBe("#0891b2");
  });
});
