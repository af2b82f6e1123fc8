import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

/** Chrome of the editor from the app's CSS variables, so it follows the theme with the rest. */
const chrome = (dark: boolean) =>
  EditorView.theme(
    {
      "&": { height: "100%", fontSize: "13.5px", backgroundColor: "var(--surface)", color: "var(--text)" },
      ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
      ".cm-content": { caretColor: "var(--accent)", padding: "12px 0" },
      ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--accent)" },
      ".cm-gutters": { backgroundColor: "var(--surface)", color: "var(--text-subtle)", border: "none" },
      ".cm-activeLineGutter": { backgroundColor: "transparent", color: "var(--text-muted)" },
      ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--accent) 5%, transparent)" },
      "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
        backgroundColor: "color-mix(in srgb, var(--accent) 22%, transparent) !important",
      },
      ".cm-matchingBracket": { backgroundColor: "color-mix(in srgb, var(--accent) 18%, transparent)", outline: "none" },
      ".cm-tooltip": { backgroundColor: "var(--surface)", border: "1px solid var(--border)", borderRadius: "6px" },
      ".cm-ySelectionInfo": {
        fontFamily: "var(--font-ui)",
        fontSize: "11px",
        padding: "1px 4px",
        borderRadius: "3px",
        opacity: "1",
      },
      "&.cm-focused": { outline: "none" },
    },
    { dark },
  );

const light = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: "#7c3aed" },
  { tag: [t.string, t.special(t.string)], color: "#0f7b4f" },
  { tag: [t.number, t.bool, t.null], color: "#b45309" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#636b76", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "#1d4ed8" },
  { tag: [t.typeName, t.className], color: "#0e7490" },
  { tag: [t.definition(t.variableName)], color: "#1a1d23" },
  { tag: [t.propertyName], color: "#334155" },
  { tag: [t.operator, t.punctuation], color: "#555e6b" },
]);

const dark = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: "#c4a7ff" },
  { tag: [t.string, t.special(t.string)], color: "#7ee2a8" },
  { tag: [t.number, t.bool, t.null], color: "#fbbf6a" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#9098a7", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "#8ab4ff" },
  { tag: [t.typeName, t.className], color: "#5ee0f0" },
  { tag: [t.propertyName], color: "#cbd5e1" },
  { tag: [t.operator, t.punctuation], color: "#a3aab7" },
]);

export const editorTheme = (mode: "light" | "dark"): Extension => [
  chrome(mode === "dark"),
  syntaxHighlighting(mode === "dark" ? dark : light),
];
