import type { IceCandidate, IceServer, SessionDescription } from "@mockroom/shared";
import type { LinkState } from "./transport.ts";

/** A relayed signal body, as `audio:signal` carries it. */
export type SignalBody = { description: SessionDescription } | { candidate: IceCandidate };

/** After this long in "disconnected", the initiator restarts ICE rather than waiting for "failed" (~30 s in Chrome). */
export const ICE_DISCONNECTED_RESTART_MS = 3_000;

export interface PeerLinkOptions {
  iceServers: readonly IceServer[];
  /** Publishes this track when set; a listener only receives. */
  mic: MediaStreamTrack | null;
  /**
   * Who sends the first offer and restarts ICE. Decided the same way on both sides (see
   * p2p-transport), so glare is rare; perfect negotiation handles it when it happens anyway.
   */
  initiator: boolean;
  send(body: SignalBody): void;
  onStream(stream: MediaStream): void;
  onState(state: LinkState): void;
}

/**
 * One RTCPeerConnection to one participant, negotiated with the "perfect negotiation" pattern
 * (W3C WebRTC §10.7): the polite side rolls back on a colliding offer, the impolite side ignores it.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private ignoreOffer = false;
  private readonly polite: boolean;
  private queue: Promise<void> = Promise.resolve();
  private mic: MediaStreamTrack | null;
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly opts: PeerLinkOptions) {
    this.polite = !opts.initiator;
    this.mic = opts.mic;
    this.pc = new RTCPeerConnection({ iceServers: opts.iceServers.map((s) => ({ ...s })) });
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      this.opts.send({
        candidate: {
          candidate: candidate.candidate,
          sdpMid: candidate.sdpMid,
          sdpMLineIndex: candidate.sdpMLineIndex,
          usernameFragment: candidate.usernameFragment,
        },
      });
    };
    this.pc.ontrack = (e) => this.opts.onStream(e.streams[0] ?? new MediaStream([e.track]));
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    if (opts.initiator) {
      // The initiator creates the one audio transceiver; the other side's comes from the offer.
      if (this.mic) this.pc.addTransceiver(this.mic, { direction: "sendrecv", streams: [new MediaStream([this.mic])] });
      else this.pc.addTransceiver("audio", { direction: "recvonly" });
    }
    this.opts.onState("connecting");
  }

  /** Signals for one link are applied strictly in arrival order. */
  receive(body: SignalBody): Promise<void> {
    this.queue = this.queue.then(() => this.apply(body)).catch(() => undefined);
    return this.queue;
  }

  async replaceMic(track: MediaStreamTrack): Promise<void> {
    this.mic = track;
    const sender = this.pc.getTransceivers()[0]?.sender;
    if (sender?.track) await sender.replaceTrack(track);
  }

  restartIce(): void {
    if (!this.closed) this.pc.restartIce();
  }

  close(): void {
    this.closed = true;
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  private async negotiate(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch {
      // A failed offer is retried by the next negotiationneeded or ICE restart.
    } finally {
      this.makingOffer = false;
    }
  }

  private sendDescription(): void {
    const d = this.pc.localDescription;
    if (d && (d.type === "offer" || d.type === "answer")) this.opts.send({ description: { type: d.type, sdp: d.sdp } });
  }

  private async apply(body: SignalBody): Promise<void> {
    if (this.closed) return;
    if ("description" in body) {
      const description = body.description;
      const collision = description.type === "offer" && (this.makingOffer || this.pc.signalingState !== "stable");
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) return;
      await this.pc.setRemoteDescription(description);
      if (description.type === "offer") {
        await this.attachMicToAnswer();
        await this.pc.setLocalDescription();
        this.sendDescription();
      }
      return;
    }
    try {
      await this.pc.addIceCandidate(body.candidate);
    } catch (e) {
      if (!this.ignoreOffer) throw e;
    }
  }

  /** The answering side publishes on the transceiver the offer created, so a link has one audio line. */
  private async attachMicToAnswer(): Promise<void> {
    const t = this.pc.getTransceivers().find((x) => x.receiver.track.kind === "audio");
    if (!t) return;
    if (this.mic && !t.sender.track) {
      t.direction = "sendrecv";
      await t.sender.replaceTrack(this.mic);
      t.sender.setStreams(new MediaStream([this.mic]));
    } else if (!this.mic) {
      t.direction = "recvonly";
    }
  }

  private onConnectionState(): void {
    const s = this.pc.connectionState;
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.disconnectedTimer = null;
    if (s === "connected") this.opts.onState("connected");
    else if (s === "new" || s === "connecting") this.opts.onState("connecting");
    else if (s === "disconnected") {
      this.opts.onState("reconnecting");
      if (this.opts.initiator)
        this.disconnectedTimer = setTimeout(
          () => this.pc.connectionState === "disconnected" && this.restartIce(),
          ICE_DISCONNECTED_RESTART_MS,
        );
    } else if (s === "failed") {
      this.opts.onState("reconnecting");
      // An ICE restart keeps the call: new candidates, same session (the network changed under us).
      if (this.opts.initiator) this.restartIce();
    }
  }
}
