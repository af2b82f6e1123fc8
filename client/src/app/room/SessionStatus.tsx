import { CONNECTION_LABELS, useStore, type ConnectionKind, type RoomSession } from "../../realtime/index.ts";
import { Badge, CloudCheckIcon, EyeIcon, StatusPill, type PillTone } from "../../ui/index.ts";

const TONE: Record<ConnectionKind, PillTone> = {
  connecting: "neutral",
  connected: "ok",
  reconnecting: "warn",
  offline: "warn",
  closed: "danger",
};

export const ConnectionPill = ({ session }: { session: RoomSession }) => {
  const kind = useStore(session.connection);
  return (
    <StatusPill
      tone={TONE[kind]}
      pulse={kind === "connecting" || kind === "reconnecting"}
      data-testid="connection-state"
      data-state={kind}
      title={CONNECTION_LABELS[kind]}
    >
      <span className="connection__label">{CONNECTION_LABELS[kind]}</span>
    </StatusPill>
  );
};

/** "All changes saved" only once the server has acknowledged every edit this tab made. */
export const SaveState = ({ session }: { session: RoomSession }) => {
  const save = useStore(session.save);
  const connection = useStore(session.connection);
  const label = save === "saved" ? "All changes saved" : connection === "connected" ? "Saving…" : "Not saved yet";
  const detail =
    save === "saved"
      ? "The server has stored every change you made."
      : connection === "connected"
        ? "Your latest changes are on their way to the server."
        : "Your changes are kept on this device and sync when the connection is back.";
  return (
    <span className="save-state" data-testid="save-state" data-state={save} role="status" title={detail}>
      {save === "saved" && <CloudCheckIcon size={16} />}
      <span className="save-state__label">{label}</span>
    </span>
  );
};

export const ReadOnlyBadge = () => (
  <Badge hue="var(--role-observer)" icon={<EyeIcon size={13} />} data-testid="read-only-badge">
    Read-only (observer)
  </Badge>
);
