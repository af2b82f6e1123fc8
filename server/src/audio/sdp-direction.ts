/**
 * Whether an SDP would send media. The server relays descriptions opaquely except for this one
 * check: a listener (an observer) may not offer or answer a section that sends, so a modified
 * client cannot talk into the room (AUD6). Direction is per media section, falling back to the
 * session-level attribute, and defaults to sendrecv (RFC 8866 §6.7). Rejected sections (port 0) are ignored.
 */
export const sdpSendsMedia = (sdp: string): boolean => {
  const lines = sdp.split(/\r?\n/);
  let sessionDirection: string | null = null;
  let inMedia = false;
  let sectionActive = false;
  let sectionDirection: string | null = null;
  const sends = (): boolean => {
    const d = sectionDirection ?? sessionDirection ?? "sendrecv";
    return sectionActive && (d === "sendrecv" || d === "sendonly");
  };
  for (const line of lines) {
    if (line.startsWith("m=")) {
      if (inMedia && sends()) return true;
      inMedia = true;
      sectionDirection = null;
      const port = line.slice(2).split(" ")[1];
      sectionActive = port !== "0";
      continue;
    }
    const m = /^a=(sendrecv|sendonly|recvonly|inactive)$/.exec(line);
    if (!m) continue;
    if (inMedia) sectionDirection = m[1]!;
    else sessionDirection = m[1]!;
  }
  return inMedia && sends();
};
