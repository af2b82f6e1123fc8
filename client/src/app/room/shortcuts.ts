import { useEffect, useRef } from "react";

export interface ShortcutHandlers {
  focusBoard: () => void;
  focusPad: () => void;
  toggleSidePanel: () => void;
  showShortcuts: () => void;
  /** Returns true if Escape was used (e.g. to stop following). */
  escape: () => boolean;
}

export const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ["Alt", "1"], what: "Focus the board" },
  { keys: ["Alt", "2"], what: "Focus the code pad" },
  { keys: ["Alt", "3"], what: "Show or hide the side panel" },
  { keys: ["Esc"], what: "Stop following someone" },
  { keys: ["N"], what: "Write a note (interviewers)" },
  { keys: ["?"], what: "Show these shortcuts" },
  { keys: ["Esc", "Tab"], what: "Leave the code pad (Tab indents inside it)" },
];

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** Room-wide shortcuts. Alt+digit works everywhere; `?` only when not typing. */
export const useRoomShortcuts = (handlers: ShortcutHandlers): void => {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const h = ref.current;
      // `code` rather than `key`: Alt+digit types other characters on some layouts (e.g. macOS).
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const action =
          e.code === "Digit1"
            ? h.focusBoard
            : e.code === "Digit2"
              ? h.focusPad
              : e.code === "Digit3"
                ? h.toggleSidePanel
                : null;
        if (action) {
          e.preventDefault();
          action();
        }
        return;
      }
      if (e.key === "Escape" && h.escape()) return;
      // Inside the board, `?` opens the board's own help.
      const inBoard = e.target instanceof Element && e.target.closest(".excalidraw") !== null;
      if (e.key === "?" && !isTyping(e.target) && !inBoard) {
        e.preventDefault();
        h.showShortcuts();
      }
    };
    // Capture phase: the board handles keys itself and must not swallow ours.
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
};
