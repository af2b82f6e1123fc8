import { AudioRoster, AudioSignalIn, ErrorCode, type AudioPeer, type IceServer } from "@mockroom/shared";
import type { ControlSocket } from "../../realtime/index.ts";
import { PeerLink, type SignalBody } from "./peer-link.ts";
import { TransportError, type AudioTransport, type TransportSink } from "./transport.ts";

/**
 * After a control-socket reconnect (e.g. a server restart) the server's roster starts empty and
 * refills as each client joins again. For this long, a peer missing from it is assumed to be on
 * its way back: its link (whose media never went through the server) is kept, not torn down.
 */
export const RECONNECT_GRACE_MS = 8_000;

/**
 * Whether `me` opens the link to `peer`. Both sides compute the same answer from the roster: a
 * publisher calls a listener, and between two publishers the smaller participant id calls. Two
 * listeners need no link at all (null).
 */
export const linkRole = (
  me: { id: string; canPublish: boolean },
  peer: { id: string; canPublish: boolean },
): "initiate" | "await" | null => {
  if (!me.canPublish && !peer.canPublish) return null;
  if (me.canPublish !== peer.canPublish) return me.canPublish ? "initiate" : "await";
  return me.id < peer.id ? "initiate" : "await";
};

/**
 * A full mesh (≤ MAX_P2P_AUDIO_PEERS) signalled over the room's control socket. The server keeps
 * the roster and relays signals; media goes browser to browser. A late joiner learns the roster
 * from its join ack and everyone else from `audio:roster`, so links form from both sides.
 */
export class P2PTransport implements AudioTransport {
  readonly mode = "p2p" as const;
  private readonly links = new Map<string, PeerLink>();
  private mic: MediaStreamTrack | null = null;
  private muted = false;
  private active = false;
  private roster: AudioPeer[] = [];
  private graceUntil = 0;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly socket: ControlSocket,
    private readonly selfId: string,
    /** From the role (as the server's roster has it), not from whether a mic opened: both ends must agree. */
    private readonly selfCanPublish: boolean,
    private readonly iceServers: readonly IceServer[],
    private readonly sink: TransportSink,
  ) {}

  async start(mic: MediaStreamTrack | null, muted: boolean): Promise<void> {
    this.mic = mic;
    this.muted = muted;
    this.active = true;
    this.socket.on("audio:signal", this.onSignal);
    this.socket.on("audio:roster", this.onRoster);
    this.socket.on("audio:ended", this.onEnded);
    this.socket.on("connect", this.onReconnect);
    this.socket.on("disconnect", this.onDisconnect);
    await this.join();
  }

  async setMuted(muted: boolean): Promise<void> {
    this.muted = muted;
    if (!this.active) return;
    const r = await this.socket.emitWithAck("audio:mute", { muted });
    if (!r.ok && r.error.code !== ErrorCode.Conflict) throw new TransportError("refused", r.error.message);
  }

  async replaceMic(track: MediaStreamTrack): Promise<void> {
    this.mic = track;
    await Promise.all([...this.links.values()].map((l) => l.replaceMic(track)));
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.socket.off("audio:signal", this.onSignal);
    this.socket.off("audio:roster", this.onRoster);
    this.socket.off("audio:ended", this.onEnded);
    this.socket.off("connect", this.onReconnect);
    this.socket.off("disconnect", this.onDisconnect);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.socket.connected) void this.socket.emitWithAck("audio:leave", {}).catch(() => undefined);
    for (const id of [...this.links.keys()]) this.dropLink(id);
    for (const p of this.roster) this.sink.removeRemote(p.participantId);
    this.roster = [];
  }

  /** Re-joining is idempotent on the server and acks the current roster. */
  private async resync(): Promise<void> {
    const r = await this.socket.emitWithAck("audio:join", { muted: this.muted }).catch(() => null);
    if (r?.ok) this.applyRoster(r.data.peers);
  }

  private async join(): Promise<void> {
    const r = await this.socket
      .timeout(10_000)
      .emitWithAck("audio:join", { muted: this.muted })
      .catch(() => null);
    if (!r) throw new TransportError("unreachable", "the room's server did not answer");
    if (!r.ok) throw new TransportError(r.error.code === ErrorCode.RoomFull ? "full" : "refused", r.error.message);
    this.sink.link("connected");
    this.applyRoster(r.data.peers);
  }

  private applyRoster(others: readonly AudioPeer[]): void {
    if (!this.active) return;
    const next = others.filter((p) => p.participantId !== this.selfId);
    const ids = new Set(next.map((p) => p.participantId));
    const keepMissing = Date.now() < this.graceUntil;
    for (const p of this.roster) {
      if (ids.has(p.participantId)) continue;
      if (keepMissing) {
        next.push(p);
        continue;
      }
      this.dropLink(p.participantId);
      this.sink.removeRemote(p.participantId);
    }
    this.roster = next;
    for (const p of next) {
      this.sink.remote(p.participantId, { inAudio: true, muted: p.muted });
      const role = linkRole(
        { id: this.selfId, canPublish: this.selfCanPublish },
        { id: p.participantId, canPublish: p.canPublish },
      );
      if (role === "initiate" && !this.links.has(p.participantId)) this.openLink(p.participantId, true);
    }
  }

  private openLink(peerId: string, initiator: boolean): PeerLink {
    const link = new PeerLink({
      iceServers: this.iceServers,
      mic: this.mic,
      initiator,
      send: (body) => this.send(peerId, body),
      onStream: (stream) => this.sink.remoteStream(peerId, stream),
      onState: (state) => this.sink.remote(peerId, { link: state }),
    });
    this.links.set(peerId, link);
    return link;
  }

  private dropLink(peerId: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    link.close();
    this.links.delete(peerId);
    this.sink.remoteStream(peerId, null);
    this.sink.remote(peerId, { link: null });
  }

  private send(to: string, body: SignalBody): void {
    if (!this.active || !this.socket.connected) return;
    // The server answers each signal; a refusal here is a bug or a rate limit, and ICE retries cover both.
    void this.socket.emitWithAck("audio:signal", { to, ...body }).catch(() => undefined);
  }

  private readonly onSignal = (raw: unknown): void => {
    const parsed = AudioSignalIn.safeParse(raw);
    if (!parsed.success || !this.active) return;
    const msg = parsed.data;
    const body: SignalBody = "description" in msg ? { description: msg.description } : { candidate: msg.candidate };
    // The server only relays between members of this room's audio, so an unknown sender is a peer
    // whose roster update has not reached us yet: answer it.
    const link = this.links.get(msg.from) ?? this.openLink(msg.from, false);
    void link.receive(body);
  };

  private readonly onRoster = (raw: unknown): void => {
    const parsed = AudioRoster.safeParse(raw);
    if (!parsed.success || !this.active) return;
    // Until our own join lands (e.g. right after a reconnect) the roster does not list us yet.
    if (!parsed.data.peers.some((p) => p.participantId === this.selfId)) return;
    this.applyRoster(parsed.data.peers);
  };

  private readonly onEnded = (): void => {
    this.stop();
    this.sink.ended("replaced");
  };

  /** Media keeps flowing browser to browser while the control socket is down; only signalling waits. */
  private readonly onDisconnect = (): void => {
    if (this.active) this.sink.link("reconnecting");
  };

  /** The server forgets the roster when it restarts: join again, and keep links that still work. */
  private readonly onReconnect = (): void => {
    if (!this.active) return;
    this.graceUntil = Date.now() + RECONNECT_GRACE_MS;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    // When the grace ends, whoever has not come back has left: ask the server for the truth.
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      if (this.active && this.socket.connected) void this.resync();
    }, RECONNECT_GRACE_MS + 100);
    this.join().catch((e: unknown) => {
      this.stop();
      this.sink.ended(e instanceof TransportError ? e.reason : "unreachable");
    });
  };
}
