import { useEffect, useState } from "react";
import { formatClock, phaseStatus, type AckResult, type RoundPublic } from "@mockroom/shared";
import { Button, cx } from "../../ui/index.ts";
import "./timer.css";

/** Re-renders every `ms` while mounted: the countdown is derived, never stored. */
const useNow = (offsetMs: number, ms = 500): number => {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + offsetMs), ms);
    setNow(Date.now() + offsetMs);
    return () => clearInterval(t);
  }, [offsetMs, ms]);
  return now;
};

export interface AgendaTimerProps {
  round: RoundPublic;
  /** Server clock minus this browser's, so everyone sees the same countdown. */
  clockOffsetMs: number;
  canAdvance: boolean;
  onAdvance: (to: number) => Promise<AckResult<unknown>>;
}

/**
 * The agenda in the top bar: the phase, a countdown and a thin progress bar, visible to all; an
 * interviewer starts the clock and moves to the next phase. Overruns count up in the warning colour.
 */
export const AgendaTimer = ({ round, clockOffsetMs, canAdvance, onAdvance }: AgendaTimerProps) => {
  const now = useNow(clockOffsetMs);
  const status = phaseStatus(round, now);
  const [busy, setBusy] = useState(false);
  const advance = async (to: number) => {
    setBusy(true);
    await onAdvance(to);
    setBusy(false);
  };
  const agendaTitle = round.agenda.map((p, i) => `${i + 1}. ${p.title} (${p.minutes} min)`).join("\n");
  const next = status.kind === "running" ? status.index + 1 : status.kind === "not-started" ? 0 : null;
  const nextLabel =
    status.kind === "not-started" ? "Start" : next !== null && next >= round.agenda.length ? "Finish" : "Next";

  return (
    <div className="agenda" data-testid="agenda-timer" title={agendaTitle}>
      <div className="agenda__text">
        {status.kind === "not-started" && (
          <>
            <span className="agenda__phase">Not started</span>
            <span className="agenda__clock">{formatClock(status.totalMs)}</span>
          </>
        )}
        {status.kind === "running" && (
          <>
            <span className="agenda__phase" data-testid="agenda-phase">
              {status.index + 1}/{round.agenda.length} · {status.phase.title}
            </span>
            <span
              className={cx("agenda__clock", status.remainingMs < 0 && "agenda__clock--over")}
              aria-label={status.remainingMs < 0 ? "over time" : "time left in this phase"}
            >
              {status.remainingMs < 0 ? "+" : ""}
              {formatClock(Math.abs(status.remainingMs))}
            </span>
          </>
        )}
        {status.kind === "done" && (
          <>
            <span className="agenda__phase">Agenda done</span>
            <span className="agenda__clock">{formatClock(status.elapsedMs)}</span>
          </>
        )}
      </div>
      {canAdvance && next !== null && (
        <Button
          size="sm"
          variant="ghost"
          disabled={busy}
          onClick={() => void advance(next)}
          title={next < round.agenda.length ? `Move to: ${round.agenda[next]?.title ?? ""}` : "End the agenda"}
          data-testid="agenda-advance"
        >
          {nextLabel}
        </Button>
      )}
      <div
        className="agenda__bar"
        role="progressbar"
        aria-label="Phase progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={status.kind === "running" ? Math.round(status.progress * 100) : status.kind === "done" ? 100 : 0}
      >
        <div
          className={cx("agenda__fill", status.kind === "running" && status.remainingMs < 0 && "agenda__fill--over")}
          style={{ width: `${status.kind === "running" ? status.progress * 100 : status.kind === "done" ? 100 : 0}%` }}
        />
      </div>
    </div>
  );
};
