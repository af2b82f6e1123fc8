import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AudioConfig } from "@mockroom/shared";
import { AudioModel, type AudioEnvironment } from "./audio-model.ts";
import { LEVEL_SAMPLE_MS } from "./levels.ts";
import { MicError, type MicProblem } from "./mic.ts";
import { TransportError, type AudioTransport, type TransportEnd, type TransportSink } from "./transport.ts";

/** A stand-in microphone track: the model only toggles `enabled` and calls `stop`. */
const fakeTrack = () => {
  const t = { enabled: true, stopped: false, stop: () => (t.stopped = true) };
  return t;
};
type FakeTrack = ReturnType<typeof fakeTrack>;

class FakeTransport implements AudioTransport {
  readonly mode = "p2p" as const;
  started: { mic: FakeTrack | null; muted: boolean } | null = null;
  mutes: boolean[] = [];
  stopped = false;
  constructor(
    readonly sink: TransportSink,
    private readonly failWith: TransportEnd | null,
  ) {}
  async start(mic: MediaStreamTrack | null, muted: boolean) {
    if (this.failWith) throw new TransportError(this.failWith, "refused");
    this.started = { mic: mic as unknown as FakeTrack | null, muted };
  }
  async setMuted(muted: boolean) {
    this.mutes.push(muted);
  }
  async replaceMic() {}
  stop() {
    this.stopped = true;
  }
}

interface Fake {
  env: AudioEnvironment;
  transports: FakeTransport[];
  mics: FakeTrack[];
  levels: Map<unknown, number>;
  played: Map<string, unknown>;
  /** Outputs the fake browser offers, every output audio was routed to, and the stored choice. */
  speakers: { deviceId: string; label: string }[];
  routed: string[];
  speakerPref: string | null;
}

const fakeEnv = (
  opts: { config?: AudioConfig; micProblem?: MicProblem; transportFails?: TransportEnd; speakerPref?: string } = {},
): Fake => {
  const f: Fake = {
    env: null as unknown as AudioEnvironment,
    transports: [],
    mics: [],
    levels: new Map(),
    played: new Map(),
    speakers: [
      { deviceId: "default", label: "System default" },
      { deviceId: "headset", label: "Headset" },
    ],
    routed: [],
    speakerPref: opts.speakerPref ?? null,
  };
  f.env = {
    unlock: () => undefined,
    fetchConfig: async () => opts.config ?? { mode: "p2p", iceServers: [], canPublish: true },
    makeTransport: (_config, sink) => {
      const t = new FakeTransport(sink, opts.transportFails ?? null);
      f.transports.push(t);
      return t;
    },
    openMic: async () => {
      if (opts.micProblem) throw new MicError(opts.micProblem);
      const t = fakeTrack();
      f.mics.push(t);
      return t as unknown as MediaStreamTrack;
    },
    listMics: async () => [{ deviceId: "default", label: "Built-in microphone" }],
    meter: (source) => ({ read: () => f.levels.get(source) ?? 0, dispose: () => undefined }),
    play: (id, stream) => (stream ? f.played.set(id, stream) : f.played.delete(id)),
    loadDevicePref: () => null,
    saveDevicePref: () => undefined,
    listSpeakers: async () => f.speakers,
    setSpeaker: async (id) => void f.routed.push(id),
    loadSpeakerPref: () => f.speakerPref,
    saveSpeakerPref: (id) => void (f.speakerPref = id),
    release: () => undefined,
  };
  return f;
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("AudioModel", () => {
  it("[AUDE13] lists the speakers on join, routes everyone to the chosen one and remembers it", async () => {
    const f = fakeEnv();
    const m = new AudioModel(f.env, false);
    await m.join();
    await vi.waitFor(() => expect(m.state.get().speakers).toHaveLength(2));
    expect(m.state.get().speakerId).toBeNull();
    expect(f.routed).toEqual([]); // nothing chosen: the system default, untouched
    await m.chooseSpeaker("headset");
    expect(f.routed).toEqual(["headset"]);
    expect(f.speakerPref).toBe("headset");
    m.leave();
    expect(m.state.get()).toMatchObject({ speakerId: "headset", speakers: f.speakers });
  });

  it("[AUDE13] a remembered speaker is used again on join; one that is gone falls back to the default", async () => {
    const back = fakeEnv({ speakerPref: "headset" });
    const m = new AudioModel(back.env, true);
    await m.join();
    await vi.waitFor(() => expect(back.routed).toEqual(["headset"]));
    expect(m.state.get().speakerId).toBe("headset");

    const gone = fakeEnv({ speakerPref: "unplugged" });
    const n = new AudioModel(gone.env, true);
    await n.join();
    await vi.waitFor(() => expect(n.state.get().speakers).toHaveLength(2));
    expect(n.state.get().speakerId).toBeNull();
    expect(gone.routed).toEqual([]);
  });

  it("joins with the microphone and mutes by disabling the track and telling the transport", async () => {
    const f = fakeEnv();
    const m = new AudioModel(f.env, true);
    await m.join();
    expect(m.state.get()).toMatchObject({ phase: "on", publishing: true, muted: false, notice: null, mode: "p2p" });
    expect(f.transports[0]?.started?.mic).toBe(f.mics[0]);
    await m.toggleMute();
    expect(f.mics[0]?.enabled).toBe(false);
    expect(f.transports[0]?.mutes).toEqual([true]);
    expect(m.state.get().muted).toBe(true);
    m.leave();
    expect(f.mics[0]?.stopped).toBe(true);
    expect(f.transports[0]?.stopped).toBe(true);
    expect(m.state.get().phase).toBe("off");
  });

  it("a denied microphone still joins, as a listener, and says why", async () => {
    const f = fakeEnv({ micProblem: "mic_denied" });
    const m = new AudioModel(f.env, true);
    await m.join();
    expect(m.state.get()).toMatchObject({ phase: "on", publishing: false, notice: "mic_denied" });
    expect(f.transports[0]?.started?.mic).toBeNull();
    await m.toggleMute(); // nothing to mute
    expect(f.transports[0]?.mutes).toEqual([]);
  });

  it("an observer never opens a microphone", async () => {
    const f = fakeEnv({ config: { mode: "p2p", iceServers: [], canPublish: false } });
    const m = new AudioModel(f.env, false);
    await m.join();
    expect(f.mics).toHaveLength(0);
    expect(m.state.get()).toMatchObject({ phase: "on", publishing: false, canPublish: false, notice: null });
  });

  it("a refused join ends in 'off' with the reason, and frees the microphone", async () => {
    const f = fakeEnv({ transportFails: "full" });
    const m = new AudioModel(f.env, true);
    await m.join();
    expect(m.state.get()).toMatchObject({ phase: "off", notice: "full" });
    expect(f.mics[0]?.stopped).toBe(true);
  });

  it("being replaced by another tab stops audio here and says so", async () => {
    const f = fakeEnv();
    const m = new AudioModel(f.env, true);
    await m.join();
    f.transports[0]?.sink.ended("replaced");
    expect(m.state.get()).toMatchObject({ phase: "off", notice: "replaced" });
    expect(f.mics[0]?.stopped).toBe(true);
  });

  it("marks a remote participant speaking from their stream's level, and drops them when they leave", async () => {
    const f = fakeEnv();
    const m = new AudioModel(f.env, true);
    await m.join();
    const sink = f.transports[0]!.sink;
    const stream = { id: "remote" } as unknown as MediaStream;
    sink.remote("peer-0001", { inAudio: true, muted: false });
    sink.remoteStream("peer-0001", stream);
    expect(f.played.get("peer-0001")).toBe(stream);
    f.levels.set(stream, 0.2);
    vi.advanceTimersByTime(LEVEL_SAMPLE_MS);
    expect(m.state.get().remotes["peer-0001"]?.speaking).toBe(true);
    f.levels.set(stream, 0);
    vi.advanceTimersByTime(1_000);
    expect(m.state.get().remotes["peer-0001"]?.speaking).toBe(false);
    sink.removeRemote("peer-0001");
    expect(m.state.get().remotes["peer-0001"]).toBeUndefined();
    expect(f.played.has("peer-0001")).toBe(false);
  });

  it("ignores a transport that reports after the person left", async () => {
    const f = fakeEnv();
    const m = new AudioModel(f.env, true);
    await m.join();
    const stale = f.transports[0]!.sink;
    m.leave();
    stale.remote("peer-0001", { inAudio: true });
    stale.ended("unreachable");
    expect(m.state.get()).toMatchObject({ phase: "off", notice: null, remotes: {} });
  });
});
