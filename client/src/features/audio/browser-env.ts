import { AUTH_HEADER, AudioConfig, bearer } from "@mockroom/shared";
import type { ControlSocket } from "../../realtime/index.ts";
import { loadMicDevice, loadSpeakerDevice, saveMicDevice, saveSpeakerDevice } from "../../session/index.ts";
import type { AudioEnvironment } from "./audio-model.ts";
import { LevelMeter } from "./levels.ts";
import { LiveKitTransport } from "./livekit-transport.ts";
import { listMics, listSpeakers, openMic } from "./mic.ts";
import { P2PTransport } from "./p2p-transport.ts";

export interface BrowserAudioOptions {
  roomId: string;
  participantId: string;
  /** The participant token: authenticates `GET /api/rooms/:roomId/audio`. */
  token: string;
  /** The room's control socket; peer-to-peer signalling rides on it. */
  socket: ControlSocket;
}

/** A fresh transport config per join: LiveKit tokens are short-lived on purpose. */
const fetchAudioConfig = async (roomId: string, token: string): Promise<AudioConfig> => {
  const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/audio`, {
    headers: { [AUTH_HEADER]: bearer(token) },
    cache: "no-store",
  });
  if (!res.ok) throw new Error(`audio config: HTTP ${res.status}`);
  return AudioConfig.parse(await res.json());
};

/** The real browser behind the audio model: WebAudio meters, hidden <audio> players, localStorage. */
export const browserAudioEnvironment = (o: BrowserAudioOptions): AudioEnvironment => {
  let ctx: AudioContext | null = null;
  let sinkEl: HTMLElement | null = null;
  const players = new Map<string, HTMLAudioElement>();
  /** The chosen output; players made later are routed there too. */
  let speaker: string | null = null;
  const route = (el: HTMLAudioElement): Promise<void> => (speaker === null ? Promise.resolve() : el.setSinkId(speaker));

  const context = (): AudioContext => {
    ctx ??= new AudioContext();
    if (ctx.state === "suspended") void ctx.resume();
    return ctx;
  };
  const container = (): HTMLElement => {
    if (!sinkEl) {
      sinkEl = document.createElement("div");
      sinkEl.dataset["audioSink"] = "";
      sinkEl.hidden = true;
      document.body.append(sinkEl);
    }
    return sinkEl;
  };

  return {
    unlock: () => void context(),
    fetchConfig: () => fetchAudioConfig(o.roomId, o.token),
    makeTransport: (config, sink) =>
      config.mode === "p2p"
        ? new P2PTransport(o.socket, o.participantId, config.canPublish, config.iceServers, sink)
        : new LiveKitTransport(config.url, config.token, sink),
    openMic,
    listMics,
    listSpeakers,
    setSpeaker: async (deviceId) => {
      speaker = deviceId;
      await Promise.all([...players.values()].map(route));
    },
    meter: (source) => {
      try {
        return new LevelMeter(context(), source instanceof MediaStream ? source : new MediaStream([source]));
      } catch {
        return null;
      }
    },
    play: (participantId, stream) => {
      let el = players.get(participantId);
      if (!stream) {
        if (el) {
          el.srcObject = null;
          el.remove();
          players.delete(participantId);
        }
        return;
      }
      if (!el) {
        el = document.createElement("audio");
        el.autoplay = true;
        el.dataset["audioPeer"] = participantId;
        container().append(el);
        players.set(participantId, el);
        void route(el).catch(() => undefined);
      }
      // Chrome only decodes a remote WebRTC stream into WebAudio while a media element plays it too.
      el.srcObject = stream;
      void el.play().catch(() => undefined);
    },
    loadDevicePref: loadMicDevice,
    saveDevicePref: saveMicDevice,
    loadSpeakerPref: loadSpeakerDevice,
    saveSpeakerPref: saveSpeakerDevice,
    release: () => {
      for (const el of players.values()) {
        el.srcObject = null;
        el.remove();
      }
      players.clear();
      sinkEl?.remove();
      sinkEl = null;
      void ctx?.close().catch(() => undefined);
      ctx = null;
    },
  };
};
