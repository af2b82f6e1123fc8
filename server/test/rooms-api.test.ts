import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorBody, InviteInfo, MAX_PARTICIPANTS_PER_ROOM, RoomState, bearer } from "@mockroom/shared";
import { createRoom, joinRoom, postJson, setUpRoom, startServer, type Rig } from "./rig.ts";

let rig: Rig;
beforeEach(async () => {
  rig = await startServer();
});
afterEach(async () => {
  await rig.close();
});

const errorCode = (body: unknown): string => ErrorBody.parse(body).error.code;
const inspect = (token: string) =>
  fetch(`${rig.url}/api/invites/inspect`, { headers: { authorization: bearer(token) } });

describe("rooms API", () => {
  it("[API1] creating a room returns three role invites whose links carry the token in the fragment", async () => {
    const room = await createRoom(rig.url, "Fraud detection mock");
    for (const role of ["interviewer", "candidate", "observer"] as const) {
      const inv = room.invites[role];
      expect(inv.role).toBe(role);
      expect(inv.url).toBe(`${rig.url}/r/${room.roomId}#invite=${inv.token}`);
      expect(inv.expiresAt).toBeGreaterThan(Date.now());
    }
    expect(new Set(Object.values(room.invites).map((i) => i.token)).size).toBe(3);
  });

  it("[API2] a malformed body gets 400 invalid_message naming the field; bad JSON too", async () => {
    const r = await postJson(`${rig.url}/api/rooms`, { title: "", roundType: "nope" });
    expect(r.status).toBe(400);
    expect(errorCode(r.body)).toBe("invalid_message");
    const raw = await fetch(`${rig.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    expect(raw.status).toBe(400);
    expect(errorCode(await raw.json())).toBe("invalid_message");
  });

  it("[API3] an oversized body gets 413 too_large", async () => {
    const r = await postJson(`${rig.url}/api/rooms`, { title: "x".repeat(100_000), roundType: "ml-coding" });
    expect(r.status).toBe(413);
    expect(errorCode(r.body)).toBe("too_large");
  });

  it("[AU1] an invite can be inspected: room title and role", async () => {
    const room = await createRoom(rig.url, "Ads CTR");
    const res = await inspect(room.invites.observer.token);
    expect(res.status).toBe(200);
    expect(InviteInfo.parse(await res.json())).toMatchObject({
      roomId: room.roomId,
      title: "Ads CTR",
      role: "observer",
    });
  });

  it("[AU2] an expired invite is refused with 401 token_expired", async () => {
    await rig.close();
    rig = await startServer({ inviteTtlMs: 30 });
    const room = await createRoom(rig.url);
    await new Promise((r) => setTimeout(r, 60));
    const res = await inspect(room.invites.candidate.token);
    expect(res.status).toBe(401);
    expect(errorCode(await res.json())).toBe("token_expired");
    const j = await postJson(`${rig.url}/api/rooms/${room.roomId}/join`, {
      invite: room.invites.candidate.token,
      name: "Late",
    });
    expect(j.status).toBe(401);
  });

  it("[AU3] an invite for room A cannot join room B (403 wrong_room)", async () => {
    const a = await createRoom(rig.url);
    const b = await createRoom(rig.url);
    const r = await postJson(`${rig.url}/api/rooms/${b.roomId}/join`, {
      invite: a.invites.candidate.token,
      name: "Mallory",
    });
    expect(r.status).toBe(403);
    expect(errorCode(r.body)).toBe("wrong_room");
  });

  it("[AU4] a tampered or garbage token is refused with 401 token_invalid", async () => {
    const a = await createRoom(rig.url);
    const t = a.invites.candidate.token;
    const forged =
      Buffer.from(
        JSON.stringify({ k: "inv", room: a.roomId, role: "interviewer", exp: Date.now() + 1e6, n: "x" }),
      ).toString("base64url") +
      "." +
      t.split(".")[1];
    for (const bad of [forged, "garbage", "a.b", ""]) {
      const res = await inspect(bad);
      expect(res.status).toBe(401);
    }
  });

  it("[AU5] a participant token is not an invite, and an invite is not a participant token", async () => {
    const s = await setUpRoom(rig.url);
    expect((await inspect(s.candidate.token)).status).toBe(401);
    const res = await fetch(`${rig.url}/api/rooms/${s.room.roomId}`, {
      headers: { authorization: bearer(s.room.invites.candidate.token) },
    });
    expect(res.status).toBe(401);
  });

  it("[JN1] rejoining with the previous token keeps the same participant and role", async () => {
    const room = await createRoom(rig.url);
    const first = await joinRoom(rig.url, room.roomId, room.invites.candidate.token, "Cam");
    const again = await postJson(`${rig.url}/api/rooms/${room.roomId}/join`, {
      invite: room.invites.candidate.token,
      name: "Cameron",
      previous: first.token,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ participantId: first.participantId, role: "candidate" });
    const res = await fetch(`${rig.url}/api/rooms/${room.roomId}`, { headers: { authorization: bearer(first.token) } });
    const state = RoomState.parse(await res.json());
    expect(state.participants.map((p) => p.name)).toEqual(["Cameron"]);
  });

  it("[JN2] a room admits at most MAX_PARTICIPANTS_PER_ROOM people (409 room_full)", async () => {
    const room = await createRoom(rig.url);
    const joins = await Promise.all(
      Array.from({ length: MAX_PARTICIPANTS_PER_ROOM + 3 }, (_, i) =>
        postJson(`${rig.url}/api/rooms/${room.roomId}/join`, { invite: room.invites.observer.token, name: `P${i}` }),
      ),
    );
    expect(joins.filter((j) => j.status === 200)).toHaveLength(MAX_PARTICIPANTS_PER_ROOM);
    expect(joins.filter((j) => j.status === 409).every((j) => errorCode(j.body) === "room_full")).toBe(true);
  });

  it("[API4] an unknown room and an unknown endpoint answer with coded 404s", async () => {
    const r = await postJson(`${rig.url}/api/rooms/zzzzzzzzzzzz/join`, { invite: "x.y", name: "N" });
    expect(r.status).toBe(401);
    const nf = await fetch(`${rig.url}/api/nothing-here`);
    expect(nf.status).toBe(404);
    expect(errorCode(await nf.json())).toBe("not_found");
  });
});
