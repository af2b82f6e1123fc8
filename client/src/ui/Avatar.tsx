import { cx } from "./cx.ts";

export interface AvatarProps {
  name: string;
  colour: string;
  online?: boolean;
  className?: string;
}

export const initials = (name: string): string => {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "";
  return (first + last).toUpperCase();
};

/** Initials on the person's colour, with an online dot (the caller also says "online" in text). */
export const Avatar = ({ name, colour, online, className }: AvatarProps) => (
  <span
    className={cx("avatar", online === false && "avatar--offline", className)}
    style={{ "--avatar-colour": colour }}
    aria-hidden="true"
  >
    {initials(name)}
    {online !== undefined && <span className={cx("avatar__dot", online && "avatar__dot--online")} />}
  </span>
);
