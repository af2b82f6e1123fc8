import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type RoomState } from "@mockroom/shared";
import { controlClient, setUpRoom, startServer, waitFor, type ControlSocket, type Rig, type SetUp } from "./rig.ts";

let rig: Rig;
let s: SetUp;
const sockets: ControlSocket[] = [];
const connect = (token: string, v: unknown = PROTOCOL_VERSION) => {
  const sock = controlClient(rig.url, { token, v });
  sockets.push(sock);
  return sock;
};
const connectError = (sock: ControlSocket) =>
  new Promise<string>((resolve) =>
    sock.on("connect_error", (e) => resolve((e as Error & { data?: { code?: string } }).data?.code ?? "none")),
  );

beforeEach(async () => {
  rig = await startServer();
  s = await setUpRoom(rig.url);
});
afterEach(async () => {
  for (const sock of sockets.splice(0)) sock.close();
  await rig.close();
});

describe("control channel", () => {
  it("[CT1] the handshake checks the protocol version", async () => {
    expect(await connectError(connect(s.candidate.token, 0))).toBe("version_mismatch");
  });

  it("[CT2] the handshake refuses bad tokens and invite tokens", async () => {
    expect(await connectError(connect("nonsense"))).toBe("token_invalid");
    expect(await connectError(connect(s.room.invites.candidate.token))).toBe("token_invalid");
  });

  it("[CT3] everyone gets room:state with who is online, and sees people leave", async () => {
    const a = connect(s.interviewer.token);
    let last: RoomState | null = null;
    a.on("room:state", (st) => (last = st));
    await waitFor(() => last?.participants.find((p) => p.id === s.interviewer.participantId)?.online === true);
    const b = connect(s.candidate.token);
    await waitFor(() => last?.participants.find((p) => p.id === s.candidate.participantId)?.online === true);
    const lead = last!.participants.find((p) => p.role === "interviewer");
    expect(lead?.lead).toBe(true);
    b.close();
    await waitFor(() => last?.participants.find((p) => p.id === s.candidate.participantId)?.online === false);
    const events = await rig.storage.events.list(s.room.roomId, 1);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["join", "leave"]));
  });

  it("[CT4] garbage payloads get invalid_message and the server keeps serving", async () => {
    const a = connect(s.interviewer.token);
    await waitFor(() => a.connected);
    const raw = a as unknown as { emitWithAck(ev: string, ...args: unknown[]): Promise<unknown> };
    for (const bad of [null, 42, "str", { t: "nope" }, [1, 2], { t: Number.NaN }]) {
      expect(await raw.emitWithAck("clock:ping", bad)).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    }
    const good = await raw.emitWithAck("clock:ping", { t: 5 });
    expect(good).toMatchObject({ ok: true, data: { t: 5 } });
  });

  it("[CT5] a flood of control events is answered rate_limited", async () => {
    const a = connect(s.interviewer.token);
    await waitFor(() => a.connected);
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => a.emitWithAck("clock:ping", { t: i })));
    expect(results.some((r) => !r.ok && r.error.code === "rate_limited")).toBe(true);
  });
});
