import type { CreateRoomResponse } from "@mockroom/shared";
import { ROUND_TYPE_LABELS } from "@mockroom/shared";
import { RoleBadge } from "../../common/index.ts";
import { ArrowRightIcon, Button, CopyField, LinkButton } from "../../ui/index.ts";
import { inAppPath, inviteRows } from "./lobby-model.ts";

export interface InvitePanelProps {
  room: CreateRoomResponse;
  onCreateAnother: () => void;
}

export const InvitePanel = ({ room, onCreateAnother }: InvitePanelProps) => (
  <section className="invites" aria-labelledby="invites-heading" data-testid="invite-panel">
    <div>
      <h2 id="invites-heading" className="card__title">
        {room.title}
      </h2>
      <p className="card__subtitle">
        {ROUND_TYPE_LABELS[room.roundType]} · Send each person the link for their role. Links work until{" "}
        {new Date(room.invites.candidate.expiresAt).toLocaleDateString(undefined, { day: "numeric", month: "long" })}.
      </p>
    </div>
    <ul className="invites__list">
      {inviteRows(room.invites).map((row) => (
        <li key={row.role} className="invites__row">
          <div className="invites__meta">
            <RoleBadge role={row.role} />
            <span className="invites__blurb">{row.blurb}</span>
          </div>
          <CopyField label={`${row.role} invite link`} value={row.url} data-testid={`invite-link-${row.role}`} />
        </li>
      ))}
    </ul>
    <div className="invites__actions">
      <LinkButton variant="primary" href={inAppPath(room.invites.interviewer.url)} data-testid="open-as-interviewer">
        Open as interviewer
        <ArrowRightIcon />
      </LinkButton>
      <Button variant="ghost" onClick={onCreateAnother}>
        Create another mock
      </Button>
    </div>
  </section>
);
