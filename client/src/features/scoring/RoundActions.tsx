import { useState } from "react";
import type { AckResult, CockpitState } from "@mockroom/shared";
import { problemCopy } from "../../common/index.ts";
import { toErrorCode } from "../../session/index.ts";
import { Button, Dialog } from "../../ui/index.ts";

type Pending = "release" | "swap" | null;

const COPY = {
  release: {
    title: "Release feedback?",
    body: "Everyone in the room will be able to read this round's report: every interviewer's levels and notes. The sheet becomes final.",
    confirm: "Release feedback",
  },
  swap: {
    title: "Swap roles?",
    body: "Round {next} starts now: interviewers become candidates and the candidate interviews. The board and pad start fresh; this round's work and report are kept.",
    confirm: "Swap roles",
  },
} as const;

export interface RoundActionsProps {
  cockpit: CockpitState;
  onRelease: () => Promise<AckResult<unknown>>;
  onSwap: () => Promise<AckResult<unknown>>;
}

/** "Release feedback" and "Swap roles", each behind a confirmation: neither can be undone. */
export const RoundActions = ({ cockpit, onRelease, onSwap }: RoundActionsProps) => {
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    if (!pending) return;
    setBusy(true);
    const r = await (pending === "release" ? onRelease() : onSwap());
    setBusy(false);
    if (r.ok) {
      setPending(null);
      setError(null);
    } else setError(problemCopy(toErrorCode(r.error.code)).hint || r.error.message);
  };
  const copy = pending ? COPY[pending] : null;
  return (
    <div className="round-actions">
      <Button
        variant="primary"
        size="sm"
        disabled={cockpit.released}
        onClick={() => setPending("release")}
        data-testid="release-open"
      >
        {cockpit.released ? "Feedback released" : "Release feedback"}
      </Button>
      <Button size="sm" onClick={() => setPending("swap")} data-testid="swap-open">
        Swap roles
      </Button>
      <Dialog
        open={pending !== null}
        title={copy?.title ?? ""}
        onClose={() => setPending(null)}
        data-testid="confirm-dialog"
      >
        <p className="confirm__body">{copy?.body.replace("{next}", String(cockpit.round + 1))}</p>
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
        <div className="confirm__actions">
          <Button onClick={() => setPending(null)}>Cancel</Button>
          <Button variant="primary" disabled={busy} onClick={() => void run()} data-testid="confirm-action">
            {copy?.confirm}
          </Button>
        </div>
      </Dialog>
    </div>
  );
};
