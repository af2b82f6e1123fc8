import { forwardRef, useEffect, useState, type KeyboardEvent } from "react";
import {
  MAX_NOTE_CHARS,
  formatClock,
  sessionClockLabel,
  sessionClockMs,
  type AckResult,
  type CockpitState,
  type RoundPublic,
} from "@mockroom/shared";
import { problemCopy } from "../../common/index.ts";
import { toErrorCode } from "../../session/index.ts";
import { Button, IconButton, CloseIcon, cx } from "../../ui/index.ts";
import { newestFirst } from "./cockpit-model.ts";

/** Re-renders once a second so the stamp preview follows the session clock. */
const useTick = (ms: number): void => {
  const [, setN] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setN((n) => n + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
};

export interface NotesTabProps {
  cockpit: CockpitState;
  round: RoundPublic;
  clockOffsetMs: number;
  onAdd: (note: { text: string; dimensionId: string | null; tags: string[] }) => Promise<AckResult<unknown>>;
  onDelete: (noteId: string) => Promise<AckResult<unknown>>;
  /** Names interviewers by id after release, when everyone's notes are shown. */
  nameOf: (participantId: string) => string;
}

/**
 * A text field that the server stamps with the session clock, optional dimension chip and evidence
 * tags. Enter saves, Shift+Enter breaks the line; the field is the target of the N shortcut.
 */
export const NotesTab = forwardRef<HTMLTextAreaElement, NotesTabProps>(function NotesTab(
  { cockpit, round, clockOffsetMs, onAdd, onDelete, nameOf },
  ref,
) {
  useTick(1_000);
  const { rubric } = cockpit;
  const [text, setText] = useState("");
  const [dimensionId, setDimensionId] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stamp = formatClock(sessionClockMs(round.startedAt, Date.now() + clockOffsetMs));
  const tooLong = text.length > MAX_NOTE_CHARS;
  // With a dimension chosen, only its tags (and untied or already picked ones) are offered.
  const tagList = dimensionId
    ? rubric.evidenceTags.filter(
        (t) => t.dimensionId === undefined || t.dimensionId === dimensionId || tags.includes(t.id),
      )
    : rubric.evidenceTags;
  const dimTitle = (id: string | null) => rubric.dimensions.find((d) => d.id === id)?.title ?? null;
  const tagLabel = (id: string) => rubric.evidenceTags.find((t) => t.id === id)?.label ?? id;

  const save = async () => {
    const body = text.trim();
    if (!body || tooLong || busy || cockpit.released) return;
    setBusy(true);
    const r = await onAdd({ text: body, dimensionId, tags });
    setBusy(false);
    if (r.ok) {
      setText("");
      setTags([]);
      setError(null);
    } else setError(problemCopy(toErrorCode(r.error.code)).hint || r.error.message);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
    if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
  };
  const toggleTag = (id: string) => setTags((t) => (t.includes(id) ? t.filter((x) => x !== id) : [...t, id]));

  return (
    <div className="notes" data-testid="notes-tab">
      {cockpit.released ? (
        <p className="cockpit__locked">Feedback released: notes are final.</p>
      ) : (
        <div className="notes__composer">
          <label className="notes__label" htmlFor="note-text">
            Note at <span className="notes__stamp">{stamp}</span>
            <span className="notes__hint" title="Shift+Enter starts a new line">
              Enter saves
            </span>
          </label>
          <textarea
            id="note-text"
            ref={ref}
            className={cx("input", "notes__text")}
            rows={3}
            value={text}
            placeholder="What did they say or draw?"
            aria-invalid={tooLong || undefined}
            data-testid="note-text"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          {tooLong && (
            <p className="field__error">
              {text.length - MAX_NOTE_CHARS} characters over the {MAX_NOTE_CHARS}-character limit.
            </p>
          )}
          <p className="chips__label" id="note-dims">
            Dimension
          </p>
          <div className="chips" role="group" aria-labelledby="note-dims">
            {rubric.dimensions.map((d) => (
              <button
                key={d.id}
                type="button"
                className={cx("chip", dimensionId === d.id && "chip--on")}
                aria-pressed={dimensionId === d.id}
                title={d.title}
                onClick={() => setDimensionId(dimensionId === d.id ? null : d.id)}
              >
                {d.title}
              </button>
            ))}
          </div>
          <p className="chips__label" id="note-tags">
            Evidence
          </p>
          <div className="chips" role="group" aria-labelledby="note-tags">
            {tagList.map((t) => (
              <button
                key={t.id}
                type="button"
                className={cx("chip", "chip--tag", `chip--${t.polarity}`, tags.includes(t.id) && "chip--on")}
                aria-pressed={tags.includes(t.id)}
                title={t.label}
                onClick={() => toggleTag(t.id)}
              >
                {t.polarity === "positive" ? "+ " : "− "}
                {t.label}
              </button>
            ))}
          </div>
          <div className="notes__actions">
            {error && (
              <p className="field__error" role="alert">
                {error}
              </p>
            )}
            <Button variant="primary" size="sm" onClick={() => void save()} disabled={!text.trim() || tooLong || busy}>
              Add note
            </Button>
          </div>
        </div>
      )}
      <ol className="notes__list" aria-label="Notes" data-testid="notes-list">
        {newestFirst(cockpit.notes).map((n) => (
          <li key={n.id} className="note">
            <div className="note__meta">
              <span className="note__clock">{sessionClockLabel(round.startedAt, n.ts)}</span>
              {dimTitle(n.dimensionId) && <span className="note__dim">{dimTitle(n.dimensionId)}</span>}
              {cockpit.released && <span className="note__author">{nameOf(n.authorId)}</span>}
              {!cockpit.released && (
                <IconButton
                  className="note__delete"
                  label="Delete note"
                  icon={<CloseIcon />}
                  onClick={() => void onDelete(n.id)}
                />
              )}
            </div>
            <p className="note__text">{n.text}</p>
            {n.tags.length > 0 && (
              <p className="note__tags">
                {n.tags.map((t) => (
                  <span key={t} className="note__tag">
                    {tagLabel(t)}
                  </span>
                ))}
              </p>
            )}
          </li>
        ))}
        {cockpit.notes.length === 0 && <li className="notes__empty">No notes yet. Press N anywhere to write one.</li>}
      </ol>
    </div>
  );
});
