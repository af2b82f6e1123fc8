import { indentWithTab } from "@codemirror/commands";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef } from "react";
import { yCollab } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { editorTheme } from "./editor-theme.ts";
import { loadLanguage } from "./languages.ts";
import type { PadLanguage } from "./pad-model.ts";

export interface PadEditorProps {
  text: Y.Text;
  awareness: Awareness;
  canEdit: boolean;
  theme: "light" | "dark";
  language: PadLanguage;
}

const editable = (canEdit: boolean) => [EditorState.readOnly.of(!canEdit), EditorView.editable.of(canEdit)];

/**
 * CodeMirror 6 bound to the Y.Text with y-codemirror.next (remote carets carry names from
 * awareness). Language, theme and read-only are compartments, so switching them keeps the editor,
 * its history and the cursor.
 */
export const PadEditor = ({ text, awareness, canEdit, theme, language }: PadEditorProps) => {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const compartments = useRef({ language: new Compartment(), theme: new Compartment(), editable: new Compartment() });
  const initial = useRef({ canEdit, theme });

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const c = compartments.current;
    const v = new EditorView({
      parent,
      state: EditorState.create({
        doc: text.toString(),
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
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [text, awareness]);

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
