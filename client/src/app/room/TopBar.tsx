import type { ReactNode } from "react";
import { ROUND_TYPE_LABELS, canEditDocs, type RoomState } from "@mockroom/shared";
import { AudioControls, SpeakingBadge, useAudioIndicators, type AudioModel } from "../../features/audio/index.ts";
import { ParticipantList } from "../../features/presence/index.ts";
import type { RoomSession } from "../../realtime/index.ts";
import type { ThemePref } from "../../session/index.ts";
import {
  IconButton,
  KeyboardIcon,
  LogoMark,
  MonitorIcon,
  MoonIcon,
  PanelRightIcon,
  Popover,
  SunIcon,
  cx,
} from "../../ui/index.ts";
import { useTheme } from "../theme.tsx";
import { ConnectionPill, ReadOnlyBadge, SaveState } from "./SessionStatus.tsx";

export interface TopBarProps {
  session: RoomSession;
  audio: AudioModel;
  state: RoomState;
  meId: string;
  role: Parameters<typeof canEditDocs>[0];
  followingId: string | null;
  onFollow: (participantId: string | null) => void;
  sidePanelOpen: boolean;
  onToggleSidePanel: () => void;
  onShowShortcuts: () => void;
  /** The agenda timer (features/timer), composed by the room shell. */
  agenda?: ReactNode;
  /** The recording indicator and replay link (features/recording, features/replay), composed by the room shell. */
  recording?: ReactNode;
}

const MoreIcon = () => (
  <svg width={18} height={18} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="currentColor">
    <circle cx="5" cy="12" r="1.8" />
    <circle cx="12" cy="12" r="1.8" />
    <circle cx="19" cy="12" r="1.8" />
  </svg>
);

const THEMES: readonly { value: ThemePref; label: string; icon: ReactNode }[] = [
  { value: "system", label: "System", icon: <MonitorIcon size={16} /> },
  { value: "light", label: "Light", icon: <SunIcon size={16} /> },
  { value: "dark", label: "Dark", icon: <MoonIcon size={16} /> },
];

/** Secondary things that are rarely needed mid-interview: theme and the shortcut list. */
const MoreMenu = ({ onShowShortcuts }: { onShowShortcuts: () => void }) => {
  const { pref, setPref } = useTheme();
  return (
    <Popover
      label="More"
      data-testid="more-popover"
      trigger={(t) => (
        <button
          {...t}
          type="button"
          className="btn btn--ghost btn--sm btn--icon"
          aria-label="More"
          title="More: theme, shortcuts"
        >
          <MoreIcon />
        </button>
      )}
    >
      {(close) => (
        <div className="more">
          <div className="more__group" role="group" aria-labelledby="more-theme">
            <span id="more-theme" className="more__label">
              Theme
            </span>
            <div className="more__segments">
              {THEMES.map((t) => (
                <button
                  key={t.value}
                  type="button"
                  className={cx("more__segment", pref === t.value && "more__segment--on")}
                  aria-pressed={pref === t.value}
                  onClick={() => setPref(t.value)}
                >
                  {t.icon}
                  {t.label}
                </button>
              ))}
            </div>
          </div>
          <button
            type="button"
            className="more__item"
            onClick={() => {
              close();
              onShowShortcuts();
            }}
          >
            <KeyboardIcon size={16} />
            Keyboard shortcuts
            <kbd className="kbd more__kbd">?</kbd>
          </button>
        </div>
      )}
    </Popover>
  );
};

/**
 * One row that fits from 1024 px up. Left: where you are (title, round) and the clock. Right:
 * the people (an avatar stack with a popover), recording, audio, then connection and save state
 * (always visible), and the panel toggle; rarely used things sit in "More". Text that cannot fit
 * shrinks in a fixed order: the title ellipsises, "All changes saved" and "Connected" collapse to
 * their icon and dot (the words stay for screen readers and the tooltip).
 */
export const TopBar = (p: TopBarProps) => {
  const { room } = p.state;
  const audio = useAudioIndicators(p.audio, p.meId);
  return (
    <header className="topbar">
      <div className="topbar__row">
        <a className="topbar__brand" href="/" aria-label="Mockroom lobby" title="Back to the lobby">
          <LogoMark size={28} />
        </a>
        <div className="topbar__titles">
          <h1 className="topbar__title" data-testid="room-title" title={room.title}>
            {room.title}
          </h1>
          <p className="topbar__sub">
            {ROUND_TYPE_LABELS[room.roundType]} · <span data-testid="round-number">Round {room.round}</span>
          </p>
        </div>
        {p.agenda && <div className="topbar__agenda">{p.agenda}</div>}
        <div className="topbar__spacer" />
        <ParticipantList
          participants={p.state.participants}
          meId={p.meId}
          awareness={p.session.doc.get().awareness}
          followingId={p.followingId}
          onFollow={p.onFollow}
          audio={audio}
          audioBadge={(id) => <SpeakingBadge audio={audio[id]} />}
        />
        <div className="topbar__group topbar__recording">{p.recording}</div>
        <div className="topbar__group topbar__audio">
          <AudioControls model={p.audio} />
        </div>
        <div className="topbar__group topbar__status">
          <ConnectionPill session={p.session} />
          {canEditDocs(p.role) ? <SaveState session={p.session} /> : <ReadOnlyBadge />}
        </div>
        <div className="topbar__tools">
          <IconButton
            label={p.sidePanelOpen ? "Hide side panel" : "Show side panel"}
            title="Side panel (Alt+3)"
            icon={<PanelRightIcon />}
            aria-pressed={p.sidePanelOpen}
            aria-controls="side-panel"
            onClick={p.onToggleSidePanel}
          />
          <MoreMenu onShowShortcuts={p.onShowShortcuts} />
        </div>
      </div>
    </header>
  );
};
