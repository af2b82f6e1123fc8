import { indentWithTab } from "@codemirror/commands";
import { Compartment, EditorSelection, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useLayoutEffect, useRef, type MutableRefObject } from "react";
import { yCollab } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { editorTheme } from "./editor-theme.ts";
import { loadLanguage } from "./languages.ts";
import type { PadLanguage } from "./pad-model.ts";

/** Where the person was in the pad when its editor last closed (see `PadEditorProps.handOver`). */
export interface PadHandOver {
  anchor: number;
  head: number;
  scrollTop: number;
  focused: boolean;
}

export interface PadEditorProps {
  text: Y.Text;
  awareness: Awareness;
  canEdit: boolean;
  theme: "light" | "dark";
  language: PadLanguage;
  /**
   * Kept by the pad around its editor. The editor is rebuilt for the same round's pad only when the
   * doc is replaced by a fresh copy (DOC13): the new editor takes the cursor, scroll and focus over,
   * so a reset does not throw the typist out of the pad.
   */
  handOver: MutableRefObject<PadHandOver | null>;
}

const editable = (canEdit: boolean) => [EditorState.readOnly.of(!canEdit), EditorView.editable.of(canEdit)];

/**
 * CodeMirror 6 bound to the Y.Text with y-codemirror.next (remote carets carry names from
 * awareness). Language, theme and read-only are compartments, so switching them keeps the editor,
 * its history and the cursor.
 */
export const PadEditor = ({ text, awareness, canEdit, theme, language, handOver }: PadEditorProps) => {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const compartments = useRef({ language: new Compartment(), theme: new Compartment(), editable: new Compartment() });
  const initial = useRef({ canEdit, theme });

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const c = compartments.current;
    const before = handOver.current;
    handOver.current = null;
    const clamp = (n: number) => Math.min(n, text.length);
    const v = new EditorView({
      parent,
      state: EditorState.create({
        doc: text.toString(),
        ...(before ? { selection: EditorSelection.single(clamp(before.anchor), clamp(before.head)) } : {}),
        extensions: [
          basicSetup,
          // Tab indents (people expect it in a code pad); Escape then Tab still leaves the editor.
          keymap.of([indentWithTab]),
          c.language.of([]),
          c.theme.of(editorTheme(initial.current.theme)),
          c.editable.of(editable(initial.current.canEdit)),
          // tabindex: keyboard users (read-only observers too) can reach and scroll a pad wider than its pane.
          EditorView.contentAttributes.of({
            "aria-label": "Code pad",
            "data-testid": "code-pad-editor",
            tabindex: "0",
          }),
          yCollab(text, awareness, { undoManager: new Y.UndoManager(text) }),
        ],
      }),
    });
    view.current = v;
    if (before) {
      v.scrollDOM.scrollTop = before.scrollTop;
      if (before.focused) v.focus();
    }
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [text, awareness, handOver]);

  // The hand-over is taken in a layout cleanup: it runs while the editor is still in the page (a
  // passive cleanup on unmount runs after React removed it, when it no longer has focus).
  useLayoutEffect(
    () => () => {
      const v = view.current;
      if (!v) return;
      const sel = v.state.selection.main;
      handOver.current = { anchor: sel.anchor, head: sel.head, scrollTop: v.scrollDOM.scrollTop, focused: v.hasFocus };
    },
    [text, awareness, handOver],
  );

  useEffect(() => {
    let cancelled = false;
    void loadLanguage(language).then(
      (ext) => !cancelled && view.current?.dispatch({ effects: compartments.current.language.reconfigure(ext) }),
      () => {
        // Highlighting is a nicety: if its chunk fails to load, the pad still works as plain text.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [language, text]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.theme.reconfigure(editorTheme(theme)) });
  }, [theme]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.editable.reconfigure(editable(canEdit)) });
  }, [canEdit]);

  return <div className="pad__editor" ref={host} />;
};
