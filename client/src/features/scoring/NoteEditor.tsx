import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { MAX_NOTE_CHARS, type AckResult, type Note, type Rubric } from "@mockroom/shared";
import { problemCopy } from "../../common/index.ts";
import { toErrorCode } from "../../session/index.ts";
import { Button, cx } from "../../ui/index.ts";
import type { NoteEditPatch } from "./cockpit-model.ts";
import { NoteChips } from "./NoteChips.tsx";

export interface NoteEditorProps {
  note: Note;
  rubric: Rubric;
  onSave: (patch: NoteEditPatch) => Promise<AckResult<unknown>>;
  /** Called after a successful save or a cancel; the list shows the note again. */
  onClose: () => void;
}

/**
 * Inline editing of one own note (SC11): Enter or Save saves, Shift+Enter breaks the line, Escape
 * cancels. The draft stays until the server accepts it, so a refused edit loses nothing.
 */
export const NoteEditor = ({ note, rubric, onSave, onClose }: NoteEditorProps) => {
  const [text, setText] = useState(note.text);
  const [dimensionId, setDimensionId] = useState<string | null>(note.dimensionId);
  const [tags, setTags] = useState<string[]>(note.tags);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const tooLong = text.length > MAX_NOTE_CHARS;

  useEffect(() => {
    const el = field.current;
    if (!el) return;
    // Focusing alone scrolls only the field into view; on a short panel (1024×768) Save and Cancel
    // stayed below the fold. Bring the whole editor in instead.
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
    wrap.current?.scrollIntoView({ block: "nearest" });
  }, []);

  const save = async () => {
    const body = text.trim();
    if (!body || tooLong || busy) return;
    setBusy(true);
    const r = await onSave({ text: body, dimensionId, tags });
    setBusy(false);
    if (r.ok) onClose();
    else setError(problemCopy(toErrorCode(r.error.code)).hint || r.error.message);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === "Escape") {
      // Cancel the edit only; the panel or dialog around it stays open.
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };
  const onFieldKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  };

  return (
    <div ref={wrap} className="note-editor" onKeyDown={onKeyDown} data-testid="note-editor">
      <textarea
        ref={field}
        className={cx("input", "notes__text")}
        rows={3}
        value={text}
        aria-label="Edit note text"
        aria-invalid={tooLong || undefined}
        data-testid="note-edit-text"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onFieldKeyDown}
      />
      {tooLong && (
        <p className="field__error">
          {text.length - MAX_NOTE_CHARS} characters over the {MAX_NOTE_CHARS}-character limit.
        </p>
      )}
      <NoteChips rubric={rubric} dimensionId={dimensionId} tags={tags} onDimension={setDimensionId} onTags={setTags} />
      <div className="notes__actions">
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
        <Button variant="ghost" size="sm" onClick={onClose} title="Escape">
          Cancel
        </Button>
        <Button variant="primary" size="sm" onClick={() => void save()} disabled={!text.trim() || tooLong || busy}>
          Save note
        </Button>
      </div>
    </div>
  );
};
