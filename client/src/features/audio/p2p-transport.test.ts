import { describe, expect, it } from "vitest";
import { linkRole } from "./p2p-transport.ts";

describe("who opens a peer-to-peer link", () => {
  const a = { id: "aaaaaaaaaa", canPublish: true };
  const b = { id: "bbbbbbbbbb", canPublish: true };
  const obs = { id: "0000000000", canPublish: false };
  const obs2 = { id: "zzzzzzzzzz", canPublish: false };

  it("both sides agree, so exactly one of them offers", () => {
    for (const [x, y] of [
      [a, b],
      [a, obs],
      [obs, b],
    ] as const) {
      const roles = [linkRole(x, y), linkRole(y, x)].sort();
      expect(roles).toEqual(["await", "initiate"]);
    }
  });

  it("a publisher calls a listener, whatever the ids", () => {
    expect(linkRole(b, obs)).toBe("initiate");
    expect(linkRole(obs, b)).toBe("await");
  });

  it("two listeners need no link", () => {
    expect(linkRole(obs, obs2)).toBeNull();
  });
});
