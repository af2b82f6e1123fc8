import type { AudioNotice } from "./audio-model.ts";
import type { LinkState } from "./transport.ts";

/** What each problem means for the person, and what to do about it. The room keeps working in every case. */
export const NOTICE_COPY: Record<AudioNotice, { title: string; hint: string; retryMic?: boolean }> = {
  mic_denied: {
    title: "Microphone blocked",
    hint: "You can hear the others, but they can't hear you. Allow the microphone in the address bar, then retry.",
    retryMic: true,
  },
  mic_missing: {
    title: "No microphone found",
    hint: "You can hear the others. Plug in a microphone (or pick another one), then retry.",
    retryMic: true,
  },
  mic_busy: {
    title: "Microphone in use",
    hint: "Another app is holding it. Close that app's call, then retry. You can hear the others meanwhile.",
    retryMic: true,
  },
  unsupported: {
    title: "Audio isn't available in this browser",
    hint: "Use a recent Chrome, Edge, Firefox or Safari. The board and pad work as usual.",
  },
  replaced: {
    title: "Audio moved to another tab",
    hint: "You joined audio in another tab or window. Join here again to move it back.",
  },
  refused: { title: "Audio refused", hint: "The server did not let you into audio. Try again in a moment." },
  full: {
    title: "Audio is full",
    hint: "Peer-to-peer audio takes four people. Ask the host to set up LiveKit for bigger rooms.",
  },
  unreachable: {
    title: "Audio couldn't connect",
    hint: "Check your connection and try again. The board and pad keep working.",
  },
  expired: { title: "Audio pass expired", hint: "Join audio again to get a fresh one." },
};

export const LINK_COPY: Record<LinkState, string> = {
  connecting: "Connecting audio…",
  connected: "Audio on",
  reconnecting: "Audio reconnecting…",
  failed: "Audio lost",
};
