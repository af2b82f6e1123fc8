import {
  CockpitState,
  RoundPublic,
  bearer,
  type AckResult,
  type ClientToServerEvents,
  type JoinResponse,
  type RoomState,
  PROTOCOL_VERSION,
} from "@mockroom/shared";
import { controlClient, joinRoom, waitFor, type ControlSocket, type SetUp } from "./rig.ts";

/** A control socket that records every engine.io packet it receives, as text, plus the last states. */
export interface CockpitClient {
  socket: ControlSocket;
  /** Every packet's payload as received on the wire (socket.io text frames), in order. */
  received: string[];
  round: RoundPublic | null;
  cockpit: CockpitState | null | undefined;
  room: RoomState | null;
  /** Emits with ack and returns the AckResult. */
  call<E extends keyof ClientToServerEvents>(event: E, msg: unknown): Promise<AckResult<unknown>>;
  /** True if any received byte contains `needle`. */
  saw(needle: string): boolean;
  close(): void;
}

export const cockpitClient = async (url: string, token: string): Promise<CockpitClient> => {
  const socket = controlClient(url, { token, v: PROTOCOL_VERSION });
  const c: CockpitClient = {
    socket,
    received: [],
    round: null,
    cockpit: undefined,
    room: null,
    call: (event, msg) =>
      (socket as unknown as { emitWithAck(e: string, m: unknown): Promise<AckResult<unknown>> }).emitWithAck(
        event,
        msg,
      ),
    saw: (needle) => c.received.some((r) => r.includes(needle)),
    close: () => socket.close(),
  };
  // Below socket.io's decoder: what the connection actually carried, whatever event it was for.
  socket.io.engine.on("packet", (p: { type: string; data?: unknown }) => {
    c.received.push(typeof p.data === "string" ? p.data : JSON.stringify(p.data ?? null));
  });
  socket.on("round:state", (s) => (c.round = RoundPublic.parse(s)));
  socket.on("cockpit:state", (s) => (c.cockpit = s === null ? null : CockpitState.parse(s)));
  socket.on("room:state", (s) => (c.room = s));
  await waitFor(() => socket.connected && c.round !== null, 5_000, "cockpit client connected");
  return c;
};

export const expectOk = <T = unknown>(r: AckResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data as T;
};

export const codeOf = (r: AckResult<unknown>): string => (r.ok ? "ok" : r.error.code);

/** GET with a participant token; returns status and the raw text (the canary reads bytes). */
export const getAs = async (url: string, token: string | null): Promise<{ status: number; text: string }> => {
  const res = await fetch(url, token ? { headers: { authorization: bearer(token) } } : {});
  return { status: res.status, text: await res.text() };
};

export interface CockpitSetUp extends SetUp {
  shadow: JoinResponse;
}

/** A room with lead + shadow interviewers, a candidate and an observer, joined in that order. */
export const setUpCockpit = async (
  url: string,
  opts: { body?: Record<string, unknown>; tick?: () => void } = {},
): Promise<CockpitSetUp> => {
  const body = opts.body ?? { title: "Design a fraud detector", roundType: "system-design" };
  // Tests that freeze the server clock advance it between joins, so join order is unambiguous.
  const tick = opts.tick ?? (() => {});
  const res = await fetch(`${url}/api/rooms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
  const room = (await res.json()) as SetUp["room"];
  // Sequential joins: the lead is the first interviewer to join (SC6).
  const interviewer = await joinRoom(url, room.roomId, room.invites.interviewer.token, "Lena Lead");
  tick();
  const shadow = await joinRoom(url, room.roomId, room.invites.interviewer.token, "Sam Shadow");
  tick();
  const candidate = await joinRoom(url, room.roomId, room.invites.candidate.token, "Cara Candidate");
  tick();
  const observer = await joinRoom(url, room.roomId, room.invites.observer.token, "Otto Observer");
  return { room, interviewer, shadow, candidate, observer };
};
