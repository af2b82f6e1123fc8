import { describe, expect, it } from "vitest";
import { AwarenessUser, BoardPresence, MAX_SELECTED_IDS } from "./presence.ts";

describe("awareness schemas (written by other people's browsers, parsed on read)", () => {
  const user = {
    participantId: "abcdefgh12",
    name: "Ivy",
    role: "interviewer",
    colour: "#7c3aed",
    color: "#6030b8",
    colorLight: "#7c3aed33",
  };

  it("accepts a well-formed user and board presence", () => {
    expect(AwarenessUser.safeParse(user).success).toBe(true);
    const board = { pointer: { x: 1, y: 2, tool: "laser" }, button: "down", selected: ["a"], viewport: null };
    expect(BoardPresence.safeParse(board).success).toBe(true);
  });

  it("rejects spoofed or oversized states", () => {
    expect(AwarenessUser.safeParse({ ...user, role: "admin" }).success).toBe(false);
    expect(AwarenessUser.safeParse({ ...user, colour: "red" }).success).toBe(false);
    const selected = Array.from({ length: MAX_SELECTED_IDS + 1 }, (_, i) => `e${i}`);
    expect(BoardPresence.safeParse({ pointer: null, button: "up", selected, viewport: null }).success).toBe(false);
    const viewport = { cx: 0, cy: 0, zoom: Number.POSITIVE_INFINITY };
    expect(BoardPresence.safeParse({ pointer: null, button: "up", selected: [], viewport }).success).toBe(false);
  });
});
