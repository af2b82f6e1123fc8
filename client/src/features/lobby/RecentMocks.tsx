import { useState } from "react";
import { ROUND_TYPE_LABELS } from "@mockroom/shared";
import { ROLE_LABELS } from "../../common/index.ts";
import { forgetMock, loadRecent, type RecentMock } from "../../session/index.ts";
import { CloseIcon, CopyField, IconButton } from "../../ui/index.ts";

const when = (ms: number): string =>
  new Date(ms).toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

const RecentRow = ({ mock, onForget }: { mock: RecentMock; onForget: () => void }) => {
  const [showLinks, setShowLinks] = useState(false);
  return (
    <li className="recent__row">
      <div className="recent__main">
        <a className="recent__title" href={`/r/${mock.roomId}`}>
          {mock.title}
        </a>
        <span className="recent__meta">
          {ROUND_TYPE_LABELS[mock.roundType]}
          {mock.role && ` · ${ROLE_LABELS[mock.role]}`} · {when(mock.lastOpenedAt)}
        </span>
      </div>
      <div className="recent__actions">
        {mock.invites && (
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            aria-expanded={showLinks}
            onClick={() => setShowLinks((s) => !s)}
          >
            {showLinks ? "Hide links" : "Links"}
          </button>
        )}
        <IconButton label={`Remove ${mock.title} from this list`} icon={<CloseIcon size={14} />} onClick={onForget} />
      </div>
      {showLinks && mock.invites && (
        <div className="recent__links">
          <CopyField label="Interviewer invite link" value={mock.invites.interviewer} />
          <CopyField label="Candidate invite link" value={mock.invites.candidate} />
          <CopyField label="Observer invite link" value={mock.invites.observer} />
        </div>
      )}
    </li>
  );
};

/** Mocks this browser created or joined. Stored locally; the server keeps no per-browser list. */
export const RecentMocks = ({ version }: { version: number }) => {
  const [items, setItems] = useState<RecentMock[]>(loadRecent);
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    // A mock was just created: re-read the list (cheap, and keeps one source of truth).
    setSeen(version);
    setItems(loadRecent());
  }
  return (
    <section aria-labelledby="recent-heading" data-testid="recent-mocks">
      <h2 id="recent-heading" className="card__title">
        Your recent mocks
      </h2>
      {items.length === 0 ? (
        <p className="recent__empty">Mocks you create or join on this browser show up here.</p>
      ) : (
        <ul className="recent__list">
          {items.map((m) => (
            <RecentRow key={m.roomId} mock={m} onForget={() => setItems(forgetMock(m.roomId))} />
          ))}
        </ul>
      )}
    </section>
  );
};
