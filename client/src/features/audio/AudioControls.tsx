import {
  Button,
  HeadphonesIcon,
  IconButton,
  LeaveAudioIcon,
  MicIcon,
  MicOffIcon,
  Select,
  SpeakingIcon,
  Spinner,
  StatusPill,
  cx,
  type PillTone,
} from "../../ui/index.ts";
import type { AudioModel, AudioState } from "./audio-model.ts";
import { LINK_COPY, NOTICE_COPY } from "./copy.ts";
import { meterFill } from "./levels.ts";
import type { LinkState } from "./transport.ts";
import { useAudioState } from "./use-audio.ts";
import "./audio.css";

const TONE: Record<LinkState, PillTone> = {
  connecting: "neutral",
  connected: "ok",
  reconnecting: "warn",
  failed: "danger",
};

/** The worst of the transport's own link and each peer's, so one bad peer shows. */
export const overallLink = (s: AudioState): LinkState | null => {
  if (s.phase === "joining") return "connecting";
  if (s.phase !== "on") return null;
  const links = [s.link, ...Object.values(s.remotes).map((r) => r.link)].filter((l): l is LinkState => l !== null);
  for (const worst of ["failed", "reconnecting", "connecting"] as const) if (links.includes(worst)) return worst;
  return "connected";
};

const Notice = ({ model, state }: { model: AudioModel; state: AudioState }) => {
  if (!state.notice) return null;
  const copy = NOTICE_COPY[state.notice];
  return (
    <div className="audio-notice" role="alert" data-testid="audio-notice" data-notice={state.notice}>
      <p className="audio-notice__title">{copy.title}</p>
      <p className="audio-notice__hint">{copy.hint}</p>
      <div className="audio-notice__actions">
        {copy.retryMic && state.phase === "on" && (
          <Button size="sm" variant="primary" onClick={() => void model.retryMic()} data-testid="audio-retry-mic">
            Retry microphone
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={() => model.dismissNotice()}>
          Dismiss
        </Button>
      </div>
    </div>
  );
};

/** Join or leave audio, mute (M), pick the microphone, and see how the audio connection is doing. */
export const AudioControls = ({ model }: { model: AudioModel }) => {
  const s = useAudioState(model);
  const link = overallLink(s);

  if (s.phase !== "on") {
    const joining = s.phase === "joining";
    return (
      <div className="audio-controls" data-testid="audio-controls" data-phase={s.phase}>
        <Button
          size="sm"
          variant="secondary"
          disabled={joining}
          onClick={() => void model.join()}
          data-testid="audio-join"
          aria-label={joining ? "Connecting audio" : s.canPublish ? "Join audio" : "Listen to the call"}
          title={s.canPublish ? "Join the call (you can mute with M)" : "Listen to the call (observers don't speak)"}
        >
          {joining ? <Spinner label="Connecting audio" /> : <HeadphonesIcon />}
          <span className="audio-controls__label audio-controls__label--join">
            {joining ? "Connecting…" : s.canPublish ? "Join audio" : "Listen"}
          </span>
        </Button>
        <Notice model={model} state={s} />
      </div>
    );
  }

  const fill = meterFill(s.level);
  const speakingNow = s.publishing && !s.muted && s.speaking;
  return (
    <div
      className="audio-controls audio-controls--on"
      data-testid="audio-controls"
      data-phase="on"
      data-mode={s.mode ?? ""}
    >
      {s.publishing ? (
        <button
          type="button"
          className={cx(
            "btn btn--sm btn--icon audio-mute",
            s.muted ? "btn--danger" : "btn--ghost",
            speakingNow && "audio-mute--speaking",
          )}
          aria-pressed={s.muted}
          aria-label={s.muted ? "Unmute microphone" : "Mute microphone"}
          title={s.muted ? "Unmute (M)" : "Mute (M)"}
          onClick={() => void model.toggleMute()}
          data-testid="audio-mute"
          data-muted={s.muted}
          style={{ "--audio-level": fill.toFixed(2) } as React.CSSProperties}
        >
          {s.muted ? <MicOffIcon /> : <MicIcon />}
        </button>
      ) : (
        <span
          className="audio-controls__listening"
          title="You are listening; others can't hear you"
          data-testid="audio-listening"
        >
          <HeadphonesIcon />
          <span className="audio-controls__label">Listening</span>
        </span>
      )}
      {s.publishing && s.devices.length > 0 && (
        <Select
          compact
          className="audio-device"
          aria-label="Microphone"
          title="Microphone"
          value={
            s.deviceId && s.devices.some((d) => d.deviceId === s.deviceId) ? s.deviceId : (s.devices[0]?.deviceId ?? "")
          }
          options={s.devices.map((d) => ({ value: d.deviceId, label: d.label }))}
          onChange={(id) => void model.chooseDevice(id)}
          data-testid="audio-device"
        />
      )}
      {s.phase === "on" && s.speakers.length > 1 && (
        // A speaker glyph in front, so the two small pickers read as "microphone" and "speaker".
        <span className="audio-speaker" title="Speaker: where you hear the others">
          <SpeakingIcon size={14} />
          <Select
            compact
            className="audio-device"
            aria-label="Speaker"
            value={s.speakerId ?? s.speakers[0]?.deviceId ?? ""}
            options={s.speakers.map((d) => ({ value: d.deviceId, label: d.label }))}
            onChange={(id) => void model.chooseSpeaker(id)}
            data-testid="audio-speaker"
          />
        </span>
      )}
      {link && (
        // When all is well the hint is quiet (a dot and, on wide screens, "Audio on"); trouble always says so in words.
        <span className={cx("audio-link", link === "connected" && "audio-link--quiet")}>
          <StatusPill
            tone={TONE[link]}
            pulse={link !== "connected"}
            data-testid="audio-link"
            data-state={link}
            title={`${LINK_COPY[link]} · ${s.mode === "livekit" ? "via LiveKit" : "peer-to-peer"}`}
          >
            <span className="audio-controls__label">{LINK_COPY[link]}</span>
          </StatusPill>
        </span>
      )}
      <IconButton
        label="Leave audio"
        icon={<LeaveAudioIcon />}
        onClick={() => model.leave()}
        data-testid="audio-leave"
      />
      <Notice model={model} state={s} />
    </div>
  );
};
