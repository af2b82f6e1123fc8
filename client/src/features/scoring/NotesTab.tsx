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
import { newestFirst, type NoteEditPatch } from "./cockpit-model.ts";
import { NoteChips } from "./NoteChips.tsx";
import { NoteEditor } from "./NoteEditor.tsx";

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
  /** Rewrites one of this interviewer's notes (SC11). */
  onEdit: (noteId: string, patch: NoteEditPatch) => Promise<AckResult<unknown>>;
  /** Names interviewers by id after release, when everyone's notes are shown. */
  nameOf: (participantId: string) => string;
}

/**
 * A text field that the server stamps with the session clock, optional dimension chip and evidence
 * tags. Enter saves, Shift+Enter breaks the line; the field is the target of the N shortcut.
 */
export const NotesTab = forwardRef<HTMLTextAreaElement, NotesTabProps>(function NotesTab(
  { cockpit, round, clockOffsetMs, onAdd, onDelete, onEdit, nameOf },
  ref,
) {
  useTick(1_000);
  const { rubric } = cockpit;
  const [text, setText] = useState("");
  const [dimensionId, setDimensionId] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  // After an edit closes, focus goes back to that note's Edit button, not to the top of the page.
  const [refocusId, setRefocusId] = useState<string | null>(null);
  useEffect(() => {
    if (refocusId === null) return;
    document.querySelector<HTMLButtonElement>(`[data-edit-note="${refocusId}"]`)?.focus();
    setRefocusId(null);
  }, [refocusId]);
  const closeEditor = (id: string) => {
    setEditingId(null);
    setRefocusId(id);
  };
  const stamp = formatClock(sessionClockMs(round.startedAt, Date.now() + clockOffsetMs));
  const tooLong = text.length > MAX_NOTE_CHARS;
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
          <NoteChips
            rubric={rubric}
            dimensionId={dimensionId}
            tags={tags}
            onDimension={setDimensionId}
            onTags={setTags}
          />
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
              {n.editedAt != null && (
                <span className="note__edited" title={`Edited at ${sessionClockLabel(round.startedAt, n.editedAt)}`}>
                  edited
                </span>
              )}
              {/* Before release the cockpit holds only the viewer's own notes (SC6), so each is theirs to change. */}
              {!cockpit.released && editingId !== n.id && (
                <span className="note__tools">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Edit note: ${n.text.slice(0, 40)}`}
                    data-edit-note={n.id}
                    onClick={() => setEditingId(n.id)}
                  >
                    Edit
                  </Button>
                  <IconButton label="Delete note" icon={<CloseIcon />} onClick={() => void onDelete(n.id)} />
                </span>
              )}
            </div>
            {editingId === n.id && !cockpit.released ? (
              <NoteEditor
                note={n}
                rubric={rubric}
                onSave={(patch) => onEdit(n.id, patch)}
                onClose={() => closeEditor(n.id)}
              />
            ) : (
              <p className="note__text">{n.text}</p>
            )}
            {editingId !== n.id && n.tags.length > 0 && (
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
