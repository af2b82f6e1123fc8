import type { ReactNode } from "react";
import type { Role } from "@mockroom/shared";
import { CloseIcon, IconButton } from "../../ui/index.ts";

const CONTENT: Record<Role, { title: string; body: string; detail: string }> = {
  candidate: {
    title: "Problem",
    body: "The problem statement will appear here.",
    detail: "Your interviewer will share it when the mock starts. Meanwhile the board and code pad are yours to use.",
  },
  interviewer: {
    title: "Interviewer panel",
    body: "The prompt, its probes, the rubric and your notes will appear here.",
    detail: "Only interviewers see this panel. The candidate never does.",
  },
  observer: {
    title: "Watching",
    body: "You are watching this mock live.",
    detail: "The board and code pad are read-only for observers; everything updates as people work.",
  },
};

/** A collapsible panel beside the workspace. Later features (prompt, rubric, notes) live here. */
export const SidePanel = ({
  role,
  open,
  onClose,
  children,
}: {
  role: Role;
  open: boolean;
  onClose: () => void;
  /** The features' content (prompt, rubric, notes); the placeholder text shows without it. */
  children?: ReactNode;
}) => {
  const c = CONTENT[role];
  return (
    <aside
      id="side-panel"
      className={children ? "side side--cockpit" : "side"}
      aria-labelledby="side-title"
      hidden={!open}
      data-testid="side-panel"
    >
      <header className="side__header">
        <h2 id="side-title" className="side__title">
          {c.title}
        </h2>
        <IconButton label="Hide side panel" icon={<CloseIcon />} onClick={onClose} />
      </header>
      {children ? (
        <div className="side__feature">{children}</div>
      ) : (
        <div className="side__body">
          <p className="side__lead">{c.body}</p>
          <p className="side__detail">{c.detail}</p>
        </div>
      )}
    </aside>
  );
};
