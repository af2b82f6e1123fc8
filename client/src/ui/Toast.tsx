import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { IconButton } from "./Button.tsx";
import { CloseIcon } from "./icons.tsx";
import { cx } from "./cx.ts";

export interface ToastInput {
  message: string;
  tone?: "neutral" | "danger";
  /** Milliseconds before it hides itself; 0 keeps it until dismissed. */
  durationMs?: number;
}

interface ToastItem extends Required<ToastInput> {
  id: number;
}

type Push = (toast: ToastInput) => void;

const ToastContext = createContext<Push | null>(null);

const DEFAULT_TOAST_MS = 4_000;

/** Renders toasts in one polite live region so screen readers announce them once. */
export const ToastProvider = ({ children }: { children: ReactNode }) => {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((xs) => xs.filter((t) => t.id !== id)), []);
  const push = useCallback<Push>(
    (input) => {
      const item: ToastItem = { id: nextId.current++, tone: "neutral", durationMs: DEFAULT_TOAST_MS, ...input };
      // The same message twice in a row (e.g. a repeated server refusal) shows once.
      setItems((xs) => (xs.some((t) => t.message === item.message) ? xs : [...xs.slice(-2), item]));
      if (item.durationMs > 0) setTimeout(() => dismiss(item.id), item.durationMs);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {items.map((t) => (
          <div key={t.id} className={cx("toast", t.tone === "danger" && "toast--danger")}>
            <span>{t.message}</span>
            <IconButton label="Dismiss" icon={<CloseIcon size={14} />} onClick={() => dismiss(t.id)} />
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
};

export const useToast = (): Push => {
  const push = useContext(ToastContext);
  if (!push) throw new Error("useToast needs a <ToastProvider> above it");
  return push;
};
