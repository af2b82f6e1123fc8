import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";

export interface SplitPaneProps {
  /** Fraction of the width given to the first pane, 0..1. */
  ratio: number;
  onRatioChange: (ratio: number) => void;
  min?: number;
  max?: number;
  /** Double-clicking the divider returns to this ratio. */
  defaultRatio?: number;
  /** Accessible name of the divider. */
  label: string;
  first: ReactNode;
  second: ReactNode;
  firstId?: string;
}

const KEY_STEP = 0.02;

/** Two panes side by side with a draggable, keyboard-operable divider (WAI-ARIA window splitter). */
export const SplitPane = ({
  ratio,
  onRatioChange,
  min = 0.25,
  max = 0.8,
  defaultRatio = 0.5,
  label,
  first,
  second,
  firstId,
}: SplitPaneProps) => {
  const rootRef = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState(false);
  const clamp = useCallback((r: number) => Math.min(max, Math.max(min, r)), [min, max]);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragging(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const root = rootRef.current;
    if (!dragging || !root) return;
    const box = root.getBoundingClientRect();
    onRatioChange(clamp((e.clientX - box.left) / box.width));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const delta = e.key === "ArrowLeft" ? -KEY_STEP : e.key === "ArrowRight" ? KEY_STEP : 0;
    if (e.key === "Home") onRatioChange(min);
    else if (e.key === "End") onRatioChange(max);
    else if (delta) onRatioChange(clamp(ratio + delta));
    else return;
    e.preventDefault();
  };

  const pct = Math.round(ratio * 100);
  return (
    <div className="split" ref={rootRef}>
      <div className="split__pane" style={{ flex: `0 0 ${ratio * 100}%` }} id={firstId}>
        {first}
      </div>
      <div
        className="split__handle"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuemin={Math.round(min * 100)}
        aria-valuemax={Math.round(max * 100)}
        aria-valuenow={pct}
        aria-controls={firstId}
        tabIndex={0}
        data-dragging={dragging}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => setDragging(false)}
        onPointerCancel={() => setDragging(false)}
        onDoubleClick={() => onRatioChange(clamp(defaultRatio))}
        onKeyDown={onKeyDown}
      />
      <div className="split__pane" style={{ flex: "1 1 0" }}>
        {second}
      </div>
    </div>
  );
};
