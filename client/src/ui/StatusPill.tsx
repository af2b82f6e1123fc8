import type { ReactNode } from "react";
import { cx } from "./cx.ts";

export type PillTone = "ok" | "warn" | "danger" | "neutral";

export interface StatusPillProps {
  tone: PillTone;
  children: ReactNode;
  pulse?: boolean;
  title?: string;
  "data-testid"?: string;
  "data-state"?: string;
}

/** A status with a coloured dot; the text always carries the meaning, the colour only repeats it. */
export const StatusPill = ({ tone, children, pulse, ...rest }: StatusPillProps) => (
  <span className={cx("pill", `pill--${tone}`, pulse && "pill--pulse")} role="status" {...rest}>
    <span className="pill__dot" aria-hidden="true" />
    {children}
  </span>
);
