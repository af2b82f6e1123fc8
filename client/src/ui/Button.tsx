import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode } from "react";
import { cx } from "./cx.ts";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "md" | "sm";

interface Look {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

const classes = ({ variant = "secondary", size = "md" }: Look, extra?: string): string =>
  cx("btn", `btn--${variant}`, size === "sm" && "btn--sm", extra);

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & Look;

export const Button = ({ variant, size, className, type = "button", ...rest }: ButtonProps) => (
  <button type={type} className={classes({ variant, size }, className)} {...rest} />
);

export type LinkButtonProps = AnchorHTMLAttributes<HTMLAnchorElement> & Look;

/** A link that looks like a button (navigation stays a link for the keyboard and the browser). */
export const LinkButton = ({ variant, size, className, ...rest }: LinkButtonProps) => (
  <a className={classes({ variant, size }, className)} {...rest} />
);

export type IconButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "children"> & {
  /** Required: an icon-only button needs an accessible name. */
  label: string;
  icon: ReactNode;
  variant?: ButtonVariant;
};

export const IconButton = ({
  label,
  icon,
  variant = "ghost",
  className,
  type = "button",
  ...rest
}: IconButtonProps) => (
  <button
    type={type}
    aria-label={label}
    title={rest.title ?? label}
    className={cx("btn", `btn--${variant}`, "btn--sm", "btn--icon", className)}
    {...rest}
  >
    {icon}
  </button>
);
