import { describe, expect, it } from "vitest";
import type { RoomCredentials } from "../../session/index.ts";
import { decideEntry, previousTokenFor, readInviteFragment, roomIdFromPath } from "./join-model.ts";

const creds: RoomCredentials = {
  roomId: "abcdefgh1234",
  participantId: "pppppppp1234",
  token: "participant-token",
  role: "candidate",
  name: "Cam",
  expiresAt: Date.now() + 1e9,
  invite: "invite-A",
};

describe("join model", () => {
  it("reads the invite from the fragment", () => {
    expect(readInviteFragment("#invite=abc.def-ghi")).toBe("abc.def-ghi");
    expect(readInviteFragment("#foo=1")).toBeNull();
    expect(readInviteFragment("")).toBeNull();
  });

  it("parses room paths and flags malformed ids", () => {
    expect(roomIdFromPath("/r/abcdefgh1234")).toBe("abcdefgh1234");
    expect(roomIdFromPath("/r/x")).toBeNull();
    expect(roomIdFromPath("/")).toBeUndefined();
  });

  it("skips the join page on reload with the same invite, or with none", () => {
    expect(decideEntry({ credentials: creds, arrived: "invite-A", stored: "invite-A" })).toEqual({
      kind: "room",
      credentials: creds,
    });
    expect(decideEntry({ credentials: creds, arrived: null, stored: "invite-A" })).toEqual({
      kind: "room",
      credentials: creds,
    });
  });

  it("asks again when the tab arrived with a different invite", () => {
    expect(decideEntry({ credentials: creds, arrived: "invite-B", stored: "invite-B" })).toEqual({
      kind: "join",
      invite: "invite-B",
    });
  });

  it("has nowhere to go without any invite", () => {
    expect(decideEntry({ credentials: null, arrived: null, stored: null })).toEqual({ kind: "no-invite" });
  });

  it("sends `previous` only for the same role", () => {
    expect(previousTokenFor(creds, "candidate")).toBe("participant-token");
    expect(previousTokenFor(creds, "observer")).toBeUndefined();
  });
});
