import type { CSSProperties, ReactNode } from "react";
import { cx } from "./cx.ts";

export interface BadgeProps {
  children: ReactNode;
  /** Any CSS colour; the badge tints itself from it. */
  hue?: string;
  size?: "md" | "lg";
  icon?: ReactNode;
  className?: string;
  "data-testid"?: string;
}

export const Badge = ({ children, hue, size = "md", icon, className, ...rest }: BadgeProps) => {
  const style: CSSProperties | undefined = hue ? { "--badge-hue": hue } : undefined;
  return (
    <span className={cx("badge", size === "lg" && "badge--lg", className)} style={style} {...rest}>
      {icon}
      {children}
    </span>
  );
};
