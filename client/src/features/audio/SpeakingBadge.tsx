import type { ParticipantAudio } from "./indicators.ts";
import { MicOffIcon, SpeakingIcon } from "../../ui/index.ts";

/**
 * The icon beside a person in the participant list: speaking (with the ring the list draws around
 * the avatar) or muted. Colour is never the only signal: the icon and its label say it too.
 */
export const SpeakingBadge = ({ audio }: { audio: ParticipantAudio | undefined }) => {
  if (!audio?.inAudio) return null;
  if (audio.speaking)
    return (
      <span
        className="speaking-badge speaking-badge--on"
        data-testid="speaking-badge"
        data-state="speaking"
        title="Speaking"
      >
        <SpeakingIcon size={14} />
        <span className="visually-hidden">, speaking</span>
      </span>
    );
  if (audio.muted)
    return (
      <span className="speaking-badge" data-testid="speaking-badge" data-state="muted" title="Muted">
        <MicOffIcon size={14} />
        <span className="visually-hidden">, muted</span>
      </span>
    );
  return (
    <span
      className="speaking-badge speaking-badge--idle"
      data-testid="speaking-badge"
      data-state="quiet"
      aria-hidden="true"
    />
  );
};
