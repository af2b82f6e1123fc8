import { useEffect, useId, useRef, useState } from "react";
import { Button } from "./Button.tsx";
import { CheckIcon, CopyIcon } from "./icons.tsx";

export interface CopyFieldProps {
  /** Accessible name of the field, e.g. "Candidate invite link". */
  label: string;
  value: string;
  "data-testid"?: string;
}

const COPIED_FEEDBACK_MS = 2_000;

const copyText = async (text: string, fallbackInput: HTMLInputElement | null): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context or permission; selecting lets the person press Ctrl+C.
    fallbackInput?.select();
    return false;
  }
};

/** A read-only value with a copy button that confirms in words ("Copied"), not only with an icon. */
export const CopyField = ({ label, value, ...rest }: CopyFieldProps) => {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "select">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), COPIED_FEEDBACK_MS);
    return () => clearTimeout(t);
  }, [state]);

  return (
    <div className="copy-field">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        readOnly
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        {...rest}
      />
      <Button
        size="md"
        variant="secondary"
        aria-label={`Copy ${label.toLowerCase()}`}
        onClick={() => void copyText(value, inputRef.current).then((ok) => setState(ok ? "copied" : "select"))}
      >
        {state === "copied" ? <CheckIcon /> : <CopyIcon />}
        <span aria-live="polite">{state === "copied" ? "Copied" : state === "select" ? "Press Ctrl+C" : "Copy"}</span>
      </Button>
    </div>
  );
};
