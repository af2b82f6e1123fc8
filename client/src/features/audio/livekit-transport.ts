import type * as LiveKitSdk from "livekit-client";
import type { AudioTransport, LinkQuality, LinkState, TransportSink } from "./transport.ts";
import { TransportError } from "./transport.ts";

type LiveKit = typeof LiveKitSdk;
type LkRoom = InstanceType<LiveKit["Room"]>;
type LkPublication = Awaited<ReturnType<LkRoom["localParticipant"]["publishTrack"]>>;

/**
 * Audio through a LiveKit SFU. The SDK (~570 KB) is loaded only when someone joins audio in a
 * room configured for LiveKit. The token comes from our server per join (short-lived, role-scoped:
 * an observer's token cannot publish), and identity is the participant id, so LiveKit itself
 * disconnects an older tab of the same person (DUPLICATE_IDENTITY).
 */
export class LiveKitTransport implements AudioTransport {
  readonly mode = "livekit" as const;
  private room: LkRoom | null = null;
  private publication: LkPublication | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly sink: TransportSink,
    private readonly load: () => Promise<LiveKit> = () => import("livekit-client"),
  ) {}

  async start(mic: MediaStreamTrack | null, muted: boolean): Promise<void> {
    const lk = await this.load().catch(() => {
      throw new TransportError("unreachable", "the audio module could not be loaded");
    });
    const { Room, RoomEvent, Track, ConnectionState, ConnectionQuality, DisconnectReason, ConnectionError } = lk;
    const room = new Room({ adaptiveStream: false, dynacast: false, disconnectOnPageLeave: true });
    this.room = room;
    const quality = (q: (typeof ConnectionQuality)[keyof typeof ConnectionQuality]): LinkQuality | null =>
      q === ConnectionQuality.Excellent || q === ConnectionQuality.Good
        ? "good"
        : q === ConnectionQuality.Poor
          ? "poor"
          : q === ConnectionQuality.Lost
            ? "lost"
            : null;
    const stateOf = (s: (typeof ConnectionState)[keyof typeof ConnectionState]): LinkState =>
      s === ConnectionState.Connected
        ? "connected"
        : s === ConnectionState.Reconnecting || s === ConnectionState.SignalReconnecting
          ? "reconnecting"
          : s === ConnectionState.Disconnected
            ? "failed"
            : "connecting";

    room
      .on(RoomEvent.TrackSubscribed, (track, _pub, participant) => {
        if (track.kind !== Track.Kind.Audio) return;
        this.sink.remoteStream(participant.identity, new MediaStream([track.mediaStreamTrack]));
        this.sink.remote(participant.identity, { inAudio: true, link: "connected", muted: track.isMuted });
      })
      .on(RoomEvent.TrackUnsubscribed, (track, _pub, participant) => {
        if (track.kind === Track.Kind.Audio) this.sink.remoteStream(participant.identity, null);
      })
      .on(RoomEvent.ParticipantConnected, (p) => this.sink.remote(p.identity, { inAudio: true, muted: true }))
      .on(RoomEvent.ParticipantDisconnected, (p) => this.sink.removeRemote(p.identity))
      .on(RoomEvent.TrackMuted, (pub, p) => {
        if (pub.kind === Track.Kind.Audio && !p.isLocal) this.sink.remote(p.identity, { muted: true });
      })
      .on(RoomEvent.TrackUnmuted, (pub, p) => {
        if (pub.kind === Track.Kind.Audio && !p.isLocal) this.sink.remote(p.identity, { muted: false });
      })
      .on(RoomEvent.ConnectionQualityChanged, (q, p) => {
        if (!p.isLocal) this.sink.remote(p.identity, { quality: quality(q) });
      })
      .on(RoomEvent.ConnectionStateChanged, (s) => {
        if (!this.stopped) this.sink.link(stateOf(s));
      })
      .on(RoomEvent.Disconnected, (reason) => {
        if (this.stopped) return;
        this.stopped = true;
        this.sink.ended(reason === DisconnectReason.DUPLICATE_IDENTITY ? "replaced" : "unreachable");
      });

    try {
      await room.connect(this.url, this.token, { autoSubscribe: true });
    } catch (e) {
      this.room = null;
      if (e instanceof ConnectionError && (e.status === 401 || e.status === 403))
        throw new TransportError("expired", "the audio server refused the token");
      throw new TransportError("unreachable", "the audio server could not be reached");
    }
    for (const p of room.remoteParticipants.values()) {
      const pub = [...p.audioTrackPublications.values()][0];
      this.sink.remote(p.identity, { inAudio: true, muted: pub ? pub.isMuted : true });
    }
    if (mic) {
      this.publication = await room.localParticipant.publishTrack(mic, { source: Track.Source.Microphone, dtx: true });
      if (muted) await this.publication.track?.mute();
    }
    this.sink.link("connected");
  }

  async setMuted(muted: boolean): Promise<void> {
    const track = this.publication?.track;
    if (!track) return;
    if (muted) await track.mute();
    else await track.unmute();
  }

  async replaceMic(track: MediaStreamTrack): Promise<void> {
    await this.publication?.track?.replaceTrack(track, true);
  }

  stop(): void {
    this.stopped = true;
    void this.room?.disconnect();
    this.room = null;
    this.publication = null;
  }
}
