import type { Role } from "@mockroom/shared";
import { Badge, EyeIcon } from "../ui/index.ts";

export const ROLE_LABELS: Record<Role, string> = {
  interviewer: "Interviewer",
  candidate: "Candidate",
  observer: "Observer",
};

/** The role hue lives in CSS (--role-*), so it adapts to dark mode. */
export const roleHue = (role: Role): string => `var(--role-${role})`;

export const RoleBadge = ({ role, size = "md", suffix }: { role: Role; size?: "md" | "lg"; suffix?: string }) => (
  <Badge
    hue={roleHue(role)}
    size={size}
    icon={role === "observer" ? <EyeIcon size={13} /> : undefined}
    data-testid="role-badge"
  >
    {ROLE_LABELS[role]}
    {suffix}
  </Badge>
);
