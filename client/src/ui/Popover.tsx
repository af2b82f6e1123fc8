import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cx } from "./cx.ts";
import "./popover.css";

/** What the trigger needs to be a proper disclosure button. Spread onto a <button>. */
export interface PopoverTriggerProps {
  ref: (el: HTMLButtonElement | null) => void;
  "aria-expanded": boolean;
  "aria-controls": string;
  onClick: () => void;
}

export interface PopoverProps {
  /** Accessible name of the panel. */
  label: string;
  trigger: (props: PopoverTriggerProps) => ReactNode;
  /** The panel's content; `close` returns focus to the trigger. */
  children: (close: () => void) => ReactNode;
  /** Which edge of the trigger the panel lines up with. */
  align?: "start" | "end";
  className?: string;
  "data-testid"?: string;
}

/**
 * A non-modal panel anchored under its trigger (a disclosure, not a menu): Escape or a click
 * outside closes it and focus goes back to the trigger. Focus moves into the panel on open so
 * keyboard users land on its content.
 */
export const Popover = ({ label, trigger, children, align = "end", className, ...rest }: PopoverProps) => {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement | null>(null);
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      close();
    };
    document.addEventListener("pointerdown", onPointer, true);
    panel.current?.addEventListener("keydown", onKey);
    const el = panel.current;
    return () => {
      document.removeEventListener("pointerdown", onPointer, true);
      el?.removeEventListener("keydown", onKey);
    };
  }, [open, close]);

  return (
    <div className={cx("popover", className)} ref={root}>
      {trigger({
        ref: (el) => {
          button.current = el;
        },
        "aria-expanded": open,
        "aria-controls": id,
        onClick: () => setOpen((o) => !o),
      })}
      {open && (
        <div
          id={id}
          ref={panel}
          role="dialog"
          aria-label={label}
          tabIndex={-1}
          className={cx("popover__panel", `popover__panel--${align}`)}
          data-testid={rest["data-testid"]}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
};
