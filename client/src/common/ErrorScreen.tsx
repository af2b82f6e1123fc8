import type { ReactNode } from "react";
import { LinkButton } from "../ui/index.ts";
import { problemCopy, type Problem } from "./error-copy.ts";
import "./common.css";

export interface ErrorScreenProps {
  problem: Problem;
  /** Extra actions; a way back to the lobby is always offered. */
  actions?: ReactNode;
}

/** A full-page explanation with a way forward. Never a blank screen, never a bare status code. */
export const ErrorScreen = ({ problem, actions }: ErrorScreenProps) => {
  const { title, hint } = problemCopy(problem);
  return (
    <main className="problem" data-testid="error-screen" data-problem={problem}>
      <div className="problem__card">
        <div className="problem__icon" aria-hidden="true">
          !
        </div>
        <h1 className="problem__title">{title}</h1>
        <p className="problem__hint">{hint}</p>
        <div className="problem__actions">
          {actions}
          <LinkButton href="/" variant={actions ? "ghost" : "primary"}>
            Go to the lobby
          </LinkButton>
        </div>
      </div>
    </main>
  );
};
