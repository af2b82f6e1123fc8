import { useEffect, useId, useRef, type ReactNode } from "react";
import { IconButton } from "./Button.tsx";
import { CloseIcon } from "./icons.tsx";

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  "data-testid"?: string;
}

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert (focus stays
 * inside), Escape fires `cancel`, and focus returns to the opener on close. No library needed.
 */
export const Dialog = ({ open, title, onClose, children, ...rest }: DialogProps) => {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> element itself.
        if (e.target === e.currentTarget) onClose();
      }}
      {...rest}
    >
      <div className="dialog__header">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <IconButton label="Close" icon={<CloseIcon />} onClick={onClose} />
      </div>
      <div className="dialog__body">{children}</div>
    </dialog>
  );
};
