import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TokenVerifier } from "livekit-server-sdk";
import {
  AUDIO_SIGNAL_BURST,
  AudioConfig,
  MAX_P2P_AUDIO_PEERS,
  bearer,
  type AudioRoster,
  type AudioSignalIn,
  PROTOCOL_VERSION,
} from "@mockroom/shared";
import {
  controlClient,
  joinRoom,
  setUpRoom,
  sleep,
  startServer,
  waitFor,
  type ControlSocket,
  type Rig,
  type SetUp,
} from "./rig.ts";

const sdp = (direction: string, type: "offer" | "answer" = "offer") => ({
  type,
  sdp: [
    "v=0",
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111",
    "c=IN IP4 0.0.0.0",
    "a=mid:0",
    `a=${direction}`,
    "a=rtpmap:111 opus/48000/2",
    "",
  ].join("\r\n"),
});
const CANDIDATE = {
  candidate: "candidate:842163049 1 udp 1677729535 127.0.0.1 50000 typ host generation 0 ufrag abcd network-cost 999",
  sdpMid: "0",
  sdpMLineIndex: 0,
};

let rig: Rig;
let s: SetUp;
const sockets: ControlSocket[] = [];

/** A control socket that records every audio event it receives. */
interface Peer {
  sock: ControlSocket;
  signals: AudioSignalIn[];
  rosters: AudioRoster[];
  ended: string[];
}
const peer = async (token: string): Promise<Peer> => {
  const sock = controlClient(rig.url, { token, v: PROTOCOL_VERSION });
  sockets.push(sock);
  const p: Peer = { sock, signals: [], rosters: [], ended: [] };
  sock.on("audio:signal", (sig) => p.signals.push(sig));
  sock.on("audio:roster", (r) => p.rosters.push(r));
  sock.on("audio:ended", (m) => p.ended.push(m.reason));
  await waitFor(() => sock.connected, 5_000, "socket connect");
  return p;
};
const joinAudio = async (p: Peer, muted = false) => {
  const r = await p.sock.emitWithAck("audio:join", { muted });
  if (!r.ok) throw new Error(`audio:join refused: ${r.error.code}`);
  return r.data;
};
/** Anything that would have been relayed has had time to arrive (the relay is one hop on loopback). */
const settle = () => sleep(150);

beforeEach(async () => {
  rig = await startServer({ audio: { iceServers: [{ urls: "stun:stun.example.test:3478" }] } });
  s = await setUpRoom(rig.url);
});
afterEach(async () => {
  for (const sock of sockets.splice(0)) sock.close();
  await rig.close();
});

describe("audio config over HTTP", () => {
  it("[AUD1] answers p2p with the configured ICE servers, publishing by role, only to a participant of the room", async () => {
    const get = (roomId: string, token?: string) =>
      fetch(`${rig.url}/api/rooms/${roomId}/audio`, { headers: token ? { authorization: bearer(token) } : {} });
    const cand = await get(s.room.roomId, s.candidate.token);
    expect(cand.status).toBe(200);
    expect(cand.headers.get("cache-control")).toBe("no-store");
    expect(AudioConfig.parse(await cand.json())).toEqual({
      mode: "p2p",
      iceServers: [{ urls: "stun:stun.example.test:3478" }],
      canPublish: true,
    });
    const obs = AudioConfig.parse(await (await get(s.room.roomId, s.observer.token)).json());
    expect(obs.canPublish).toBe(false);

    expect((await get(s.room.roomId)).status).toBe(401);
    const other = await setUpRoom(rig.url);
    const wrong = await get(other.room.roomId, s.candidate.token);
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: "wrong_room" } });
    expect((await get(s.room.roomId, s.room.invites.candidate.token)).status).toBe(401);
  });
});

describe("peer-to-peer signalling", () => {
  it("[AUD2] joining acks who is already in audio; everyone in the room sees the roster; leaving and disconnecting remove", async () => {
    const ivy = await peer(s.interviewer.token);
    const cam = await peer(s.candidate.token);
    const obi = await peer(s.observer.token);
    expect((await joinAudio(ivy)).peers).toEqual([]);
    const joined = await joinAudio(cam, true);
    expect(joined.peers).toEqual([{ participantId: s.interviewer.participantId, muted: false, canPublish: true }]);
    // The observer is not in audio but still learns who is (for the participant list).
    await waitFor(() => obi.rosters.at(-1)?.peers.length === 2, 2_000, "observer roster");
    expect(obi.rosters.at(-1)?.peers).toContainEqual({
      participantId: s.candidate.participantId,
      muted: true,
      canPublish: true,
    });
    // An observer always joins muted, as a listener, and cannot unmute.
    await joinAudio(obi, false);
    await waitFor(() => ivy.rosters.at(-1)?.peers.length === 3, 2_000, "roster of 3");
    expect(ivy.rosters.at(-1)?.peers).toContainEqual({
      participantId: s.observer.participantId,
      muted: true,
      canPublish: false,
    });
    expect(await obi.sock.emitWithAck("audio:mute", { muted: false })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });

    expect(await cam.sock.emitWithAck("audio:mute", { muted: false })).toEqual({ ok: true, data: null });
    await waitFor(
      () => ivy.rosters.at(-1)?.peers.find((p) => p.participantId === s.candidate.participantId)?.muted === false,
      2_000,
      "unmute seen",
    );
    await cam.sock.emitWithAck("audio:leave", {});
    await waitFor(() => ivy.rosters.at(-1)?.peers.length === 2, 2_000, "leave seen");
    obi.sock.close();
    await waitFor(() => ivy.rosters.at(-1)?.peers.length === 1, 2_000, "disconnect seen");
    const kinds = (await rig.storage.events.list(s.room.roomId, 1)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["audio:join", "audio:mute", "audio:leave"]));
  });

  it("[AUD3] a signal reaches only its addressee, stamped with the authenticated sender", async () => {
    const ivy = await peer(s.interviewer.token);
    const cam = await peer(s.candidate.token);
    const obi = await peer(s.observer.token);
    await Promise.all([joinAudio(ivy), joinAudio(cam), joinAudio(obi)]);
    const offer = sdp("sendrecv");
    expect(await ivy.sock.emitWithAck("audio:signal", { to: s.candidate.participantId, description: offer })).toEqual({
      ok: true,
      data: null,
    });
    expect(await ivy.sock.emitWithAck("audio:signal", { to: s.candidate.participantId, candidate: CANDIDATE })).toEqual(
      { ok: true, data: null },
    );
    await waitFor(() => cam.signals.length === 2, 2_000, "relay");
    expect(cam.signals).toEqual([
      { from: s.interviewer.participantId, description: offer },
      { from: s.interviewer.participantId, candidate: CANDIDATE },
    ]);
    // A forged `from` is not part of the schema: the server, not the client, says who sent it.
    const forged = await ivy.sock.emitWithAck("audio:signal", {
      to: s.candidate.participantId,
      from: s.observer.participantId,
      candidate: CANDIDATE,
    } as never);
    expect(forged).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    await settle();
    expect(cam.signals).toHaveLength(2);
    expect(obi.signals).toEqual([]);
    expect(ivy.signals).toEqual([]);
  });

  it("[AUD4] a signal to a participant of another room is peer_not_found and reaches nobody", async () => {
    const other = await setUpRoom(rig.url);
    const ivy = await peer(s.interviewer.token);
    const cam = await peer(s.candidate.token);
    const stranger = await peer(other.candidate.token);
    await Promise.all([joinAudio(ivy), joinAudio(cam), joinAudio(stranger)]);
    for (const body of [{ description: sdp("sendrecv") }, { candidate: CANDIDATE }]) {
      const r = await ivy.sock.emitWithAck("audio:signal", { to: other.candidate.participantId, ...body });
      expect(r).toMatchObject({ ok: false, error: { code: "peer_not_found" } });
    }
    // A participant of this room who is not in audio is not a peer either.
    const late = await joinRoom(rig.url, s.room.roomId, s.room.invites.candidate.token, "Late");
    const r = await ivy.sock.emitWithAck("audio:signal", { to: late.participantId, candidate: CANDIDATE });
    expect(r).toMatchObject({ ok: false, error: { code: "peer_not_found" } });
    await settle();
    expect(stranger.signals).toEqual([]);
    expect(cam.signals).toEqual([]);
    // The other room keeps working.
    const other2 = await peer(other.interviewer.token);
    await joinAudio(other2);
    await other2.sock.emitWithAck("audio:signal", { to: other.candidate.participantId, candidate: CANDIDATE });
    await waitFor(() => stranger.signals.length === 1, 2_000, "other room relay");
  });

  it("[AUD5] a malformed SDP or ICE candidate is invalid_message and nothing is relayed", async () => {
    const ivy = await peer(s.interviewer.token);
    const cam = await peer(s.candidate.token);
    await Promise.all([joinAudio(ivy), joinAudio(cam)]);
    const to = s.candidate.participantId;
    const bad: unknown[] = [
      { to, description: { type: "offer", sdp: "hello" } },
      { to, description: { type: "offer", sdp: "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nnot an sdp line\r\n" } },
      { to, description: { type: "offer", sdp: "v=0\r\no=- 1 1\r\ns=-\r\na=x\u0000y\r\n" } },
      { to, description: { type: "bogus", sdp: sdp("sendrecv").sdp } },
      { to, description: { type: "offer", sdp: "v=0\r\n" + "a=x\r\n".repeat(13_000) } },
      { to, description: { type: "rollback", sdp: "v=0\r\n" } },
      { to, candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ bogus" } },
      { to, candidate: { candidate: "<script>alert(1)</script>" } },
      { to, candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMLineIndex: -1 } },
      { to, candidate: CANDIDATE, description: sdp("sendrecv") },
      { to, candidate: { ...CANDIDATE, extra: "smuggled" } },
      { to: "../../etc", candidate: CANDIDATE },
      { to },
      null,
      "offer",
    ];
    for (const msg of bad) {
      const r = await (ivy.sock as unknown as { emitWithAck(e: string, m: unknown): Promise<unknown> }).emitWithAck(
        "audio:signal",
        msg,
      );
      expect(r, JSON.stringify(msg)?.slice(0, 80)).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    }
    await settle();
    expect(cam.signals).toEqual([]);
    // End-of-candidates ("") and a rollback are well formed.
    await ivy.sock.emitWithAck("audio:signal", { to, candidate: { candidate: "", sdpMid: "0", sdpMLineIndex: 0 } });
    await ivy.sock.emitWithAck("audio:signal", { to, description: { type: "rollback", sdp: "" } });
    await waitFor(() => cam.signals.length === 2, 2_000, "good signals relayed");
  });

  it("[AUD6] an observer may answer to listen but not send a description that would transmit audio", async () => {
    const ivy = await peer(s.interviewer.token);
    const obi = await peer(s.observer.token);
    await Promise.all([joinAudio(ivy), joinAudio(obi)]);
    const to = s.interviewer.participantId;
    for (const dir of ["sendrecv", "sendonly"]) {
      const r = await obi.sock.emitWithAck("audio:signal", { to, description: sdp(dir, "answer") });
      expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    // No direction attribute means sendrecv.
    const implicit = sdp("sendrecv", "answer");
    implicit.sdp = implicit.sdp.replace("a=sendrecv\r\n", "");
    expect(await obi.sock.emitWithAck("audio:signal", { to, description: implicit })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    await settle();
    expect(ivy.signals).toEqual([]);
    const listen = sdp("recvonly", "answer");
    expect(await obi.sock.emitWithAck("audio:signal", { to, description: listen })).toEqual({ ok: true, data: null });
    await waitFor(() => ivy.signals.length === 1, 2_000, "recvonly answer relayed");
  });

  it("[AUD7] a signal flood is answered rate_limited and the refused signals reach nobody", async () => {
    const ivy = await peer(s.interviewer.token);
    const cam = await peer(s.candidate.token);
    await Promise.all([joinAudio(ivy), joinAudio(cam)]);
    const n = AUDIO_SIGNAL_BURST + 15;
    const results = await Promise.all(
      Array.from({ length: n }, () =>
        ivy.sock.emitWithAck("audio:signal", { to: s.candidate.participantId, candidate: CANDIDATE }),
      ),
    );
    const accepted = results.filter((r) => r.ok).length;
    const limited = results.filter((r) => !r.ok && r.error.code === "rate_limited").length;
    expect(limited).toBeGreaterThan(0);
    expect(accepted + limited).toBe(n);
    await settle();
    expect(cam.signals).toHaveLength(accepted);
  });

  it("[AUD8] a second tab of the same participant replaces the first in audio", async () => {
    const ivy = await peer(s.interviewer.token);
    const camA = await peer(s.candidate.token);
    const camB = await peer(s.candidate.token);
    await Promise.all([joinAudio(ivy), joinAudio(camA)]);
    await joinAudio(camB);
    await waitFor(() => camA.ended.length === 1, 2_000, "first tab told");
    expect(camA.ended).toEqual(["replaced"]);
    expect(ivy.rosters.at(-1)?.peers.filter((p) => p.participantId === s.candidate.participantId)).toHaveLength(1);
    await ivy.sock.emitWithAck("audio:signal", { to: s.candidate.participantId, candidate: CANDIDATE });
    await waitFor(() => camB.signals.length === 1, 2_000, "second tab gets signals");
    expect(camA.signals).toEqual([]);
    // The replaced tab is out: it cannot signal, and its disconnect does not remove the new one.
    expect(
      await camA.sock.emitWithAck("audio:signal", { to: s.interviewer.participantId, candidate: CANDIDATE }),
    ).toMatchObject({ ok: false, error: { code: "conflict" } });
    camA.sock.close();
    await settle();
    expect(ivy.rosters.at(-1)?.peers.map((p) => p.participantId)).toContain(s.candidate.participantId);
  });

  it("[AUD9] signalling before joining audio is conflict; the mesh takes at most MAX_P2P_AUDIO_PEERS", async () => {
    const ivy = await peer(s.interviewer.token);
    const cam = await peer(s.candidate.token);
    await joinAudio(cam);
    expect(
      await ivy.sock.emitWithAck("audio:signal", { to: s.candidate.participantId, candidate: CANDIDATE }),
    ).toMatchObject({ ok: false, error: { code: "conflict" } });
    await joinAudio(ivy);
    const extra = await Promise.all(
      Array.from({ length: MAX_P2P_AUDIO_PEERS - 1 }, (_, i) =>
        joinRoom(rig.url, s.room.roomId, s.room.invites.candidate.token, `Extra ${i}`),
      ),
    );
    const extras = await Promise.all(extra.map((e) => peer(e.token)));
    const results = await Promise.all(extras.map((p) => p.sock.emitWithAck("audio:join", { muted: false })));
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_P2P_AUDIO_PEERS - 2);
    expect(results.filter((r) => !r.ok && r.error.code === "room_full")).toHaveLength(1);
  });
});

describe("LiveKit tokens", () => {
  it("[AUD10] in LiveKit mode the server mints a short-lived, room-scoped token whose grants follow the role", async () => {
    await rig.close();
    const apiSecret = "a-livekit-api-secret-that-must-never-leave-the-server";
    rig = await startServer({
      audio: {
        iceServers: [],
        livekit: { url: "ws://127.0.0.1:7880", apiKey: "devkey", apiSecret, tokenTtlMs: 120_000 },
      },
    });
    s = await setUpRoom(rig.url);
    const verifier = new TokenVerifier("devkey", apiSecret);
    const fetchConfig = async (token: string) => {
      const res = await fetch(`${rig.url}/api/rooms/${s.room.roomId}/audio`, {
        headers: { authorization: bearer(token) },
      });
      const text = await res.text();
      expect(text).not.toContain(apiSecret);
      const cfg = AudioConfig.parse(JSON.parse(text));
      if (cfg.mode !== "livekit") throw new Error("expected livekit mode");
      return { cfg, claims: await verifier.verify(cfg.token) };
    };
    const before = Date.now();
    const cand = await fetchConfig(s.candidate.token);
    expect(cand.cfg.url).toBe("ws://127.0.0.1:7880");
    expect(cand.cfg.canPublish).toBe(true);
    expect(cand.claims.sub).toBe(s.candidate.participantId);
    expect(cand.claims.name).toBe("Cam");
    expect(cand.claims.video).toMatchObject({
      room: `mockroom-${s.room.roomId}`,
      roomJoin: true,
      canSubscribe: true,
      canPublish: true,
      canPublishSources: ["microphone"],
      canPublishData: false,
    });
    expect(cand.claims.exp! * 1000).toBeGreaterThanOrEqual(before + 119_000);
    expect(cand.claims.exp! * 1000).toBeLessThanOrEqual(Date.now() + 121_000);
    expect(Math.abs(cand.cfg.expiresAt - cand.claims.exp! * 1000)).toBeLessThan(1_000);

    const obs = await fetchConfig(s.observer.token);
    expect(obs.cfg.canPublish).toBe(false);
    expect(obs.claims.video).toMatchObject({ canSubscribe: true, canPublish: false });
    expect(obs.claims.sub).toBe(s.observer.participantId);
    // The same participant gets the same identity every time: LiveKit replaces the older connection.
    expect((await fetchConfig(s.candidate.token)).claims.sub).toBe(s.candidate.participantId);
  });
});

describe("audio configuration", () => {
  it("[AUD12] LiveKit needs all three LIVEKIT_* keys; ICE servers are JSON checked with the shared schema", async () => {
    const { loadConfig } = await import("../src/config.ts");
    expect(loadConfig({}).audio).toEqual({ iceServers: [] });
    const ice = '[{"urls":["turn:127.0.0.1:3478"],"username":"u","credential":"c"}]';
    expect(loadConfig({ MOCKROOM_ICE_SERVERS: ice }).audio.iceServers).toEqual([
      { urls: ["turn:127.0.0.1:3478"], username: "u", credential: "c" },
    ]);
    expect(() => loadConfig({ MOCKROOM_ICE_SERVERS: "not json" })).toThrow(/MOCKROOM_ICE_SERVERS/);
    expect(() => loadConfig({ MOCKROOM_ICE_SERVERS: '[{"url":"stun:x"}]' })).toThrow(/MOCKROOM_ICE_SERVERS/);
    expect(() => loadConfig({ LIVEKIT_URL: "ws://127.0.0.1:7880", LIVEKIT_API_KEY: "k" })).toThrow(
      /LIVEKIT_API_SECRET/,
    );
    const lk = loadConfig({
      LIVEKIT_URL: "ws://127.0.0.1:7880",
      LIVEKIT_API_KEY: "k",
      LIVEKIT_API_SECRET: "s",
      MOCKROOM_AUDIO_TOKEN_TTL_SECONDS: "60",
    }).audio.livekit;
    expect(lk).toEqual({ url: "ws://127.0.0.1:7880", apiKey: "k", apiSecret: "s", tokenTtlMs: 60_000 });
  });
});
