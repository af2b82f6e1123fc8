import { describe, expect, it } from "vitest";
import { sdpSendsMedia } from "./sdp-direction.ts";

const sdp = (...lines: string[]) => ["v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", ...lines, ""].join("\r\n");

describe("[AUD6] does an SDP send media?", () => {
  it("reads each media section's direction, defaulting to sendrecv", () => {
    expect(sdpSendsMedia(sdp("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=recvonly"))).toBe(false);
    expect(sdpSendsMedia(sdp("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=inactive"))).toBe(false);
    expect(sdpSendsMedia(sdp("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=sendonly"))).toBe(true);
    expect(sdpSendsMedia(sdp("m=audio 9 UDP/TLS/RTP/SAVPF 111"))).toBe(true);
  });

  it("falls back to the session-level attribute, which a media-level one overrides", () => {
    expect(sdpSendsMedia(sdp("a=recvonly", "m=audio 9 UDP/TLS/RTP/SAVPF 111"))).toBe(false);
    expect(sdpSendsMedia(sdp("a=recvonly", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=sendrecv"))).toBe(true);
  });

  it("catches a sending section hidden after a receive-only one, and ignores rejected sections", () => {
    expect(sdpSendsMedia(sdp("m=audio 9 RTP/AVP 0", "a=recvonly", "m=audio 9 RTP/AVP 0", "a=sendrecv"))).toBe(true);
    expect(sdpSendsMedia(sdp("m=audio 0 RTP/AVP 0", "a=sendrecv", "m=audio 9 RTP/AVP 0", "a=recvonly"))).toBe(false);
    expect(sdpSendsMedia(sdp())).toBe(false);
  });
});
