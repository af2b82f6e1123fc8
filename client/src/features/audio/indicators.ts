import type { AudioState } from "./audio-model.ts";

/**
 * What the participant list shows per person. A plain structural type, so the shell can pass it to
 * the presence feature without one feature importing the other.
 */
export interface ParticipantAudio {
  inAudio: boolean;
  muted: boolean;
  speaking: boolean;
}

const cache = new WeakMap<AudioState, Readonly<Record<string, ParticipantAudio>>>();

export const audioIndicators = (state: AudioState, selfId: string): Readonly<Record<string, ParticipantAudio>> => {
  const hit = cache.get(state);
  if (hit) return hit;
  const out: Record<string, ParticipantAudio> = {};
  for (const [id, r] of Object.entries(state.remotes)) {
    if (r.inAudio) out[id] = { inAudio: true, muted: r.muted, speaking: r.speaking && !r.muted };
  }
  if (state.phase === "on")
    out[selfId] = { inAudio: true, muted: state.muted || !state.publishing, speaking: state.speaking };
  cache.set(state, out);
  return out;
};
