import type { AgendaPhase, Level, Rubric } from "./rubric.ts";

/*
 * Pure scoring logic shared by the server (reports) and the client (timer, report page): the agenda
 * clock, lead/shadow agreement and the summary of a score sheet. No I/O, no clock of its own.
 */

/** Used when a round has no prompt yet: the shape every ML loop round roughly follows. */
export const DEFAULT_AGENDA: readonly AgendaPhase[] = [
  { id: "clarify", title: "Clarify and scope", minutes: 5 },
  { id: "requirements", title: "Requirements and metrics", minutes: 10 },
  { id: "high-level", title: "High-level design", minutes: 15 },
  { id: "deep-dive", title: "Deep dive", minutes: 15 },
  { id: "wrap-up", title: "Wrap-up", minutes: 5 },
];

/** Phase index before an interviewer starts the clock. `agenda.length` means every phase is done. */
export const PHASE_NOT_STARTED = -1;

export interface AgendaClock {
  agenda: readonly AgendaPhase[];
  phaseIndex: number;
  /** Server time (ms since epoch) the current phase began; null before the start. */
  phaseStartedAt: number | null;
  /** Server time the agenda started: the origin of the session clock. */
  startedAt: number | null;
}

export type PhaseStatus =
  | { kind: "not-started"; totalMs: number }
  | {
      kind: "running";
      index: number;
      phase: AgendaPhase;
      elapsedMs: number;
      /** Negative once the phase overruns its budget. */
      remainingMs: number;
      /** 0..1 share of the phase budget used, capped at 1. */
      progress: number;
    }
  | { kind: "done"; elapsedMs: number };

/** Where the agenda stands at `serverNow` (the client passes its clock corrected for skew). */
export function phaseStatus(clock: AgendaClock, serverNow: number): PhaseStatus {
  const totalMs = clock.agenda.reduce((sum, p) => sum + p.minutes * 60_000, 0);
  if (clock.phaseIndex < 0 || clock.phaseStartedAt === null) return { kind: "not-started", totalMs };
  const phase = clock.agenda[clock.phaseIndex];
  const sinceStart = clock.startedAt === null ? 0 : Math.max(0, serverNow - clock.startedAt);
  if (!phase) return { kind: "done", elapsedMs: sinceStart };
  const budgetMs = phase.minutes * 60_000;
  const elapsedMs = Math.max(0, serverNow - clock.phaseStartedAt);
  return {
    kind: "running",
    index: clock.phaseIndex,
    phase,
    elapsedMs,
    remainingMs: budgetMs - elapsedMs,
    progress: Math.min(1, elapsedMs / budgetMs),
  };
}

/** The session clock a note is stamped with: ms since the agenda started, 0 before it did. */
export const sessionClockMs = (startedAt: number | null, ts: number): number =>
  startedAt === null ? 0 : Math.max(0, ts - startedAt);

/**
 * A moment as the report, the replay and the cockpit print it: the session clock ("m:ss") from the
 * same server times the notes were stamped with (SC10), or "before start" when the agenda had not
 * started yet. One definition, so a note reads the same on every page (RPL10).
 */
export const sessionClockLabel = (startedAt: number | null, ts: number): string =>
  startedAt === null || ts < startedAt ? "before start" : formatClock(sessionClockMs(startedAt, ts));

/** "m:ss", or "h:mm:ss" past an hour; negative durations get a leading minus (overrun countdowns). */
export function formatClock(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, "0")}:${ss}` : `${sign}${m}:${ss}`;
}

/** How two interviewers' levels for one dimension compare. */
export type Agreement = "agree" | "adjacent" | "differ";

export function agreementOf(a: Level | null, b: Level | null): Agreement | null {
  if (a === null || b === null) return null;
  const gap = Math.abs(a - b);
  return gap === 0 ? "agree" : gap === 1 ? "adjacent" : "differ";
}

export interface AgreementSummary {
  /** Dimensions both scored. */
  compared: number;
  agree: number;
  /** Within one level, including exact agreement. */
  withinOne: number;
}

export function summariseAgreement(
  rubric: Pick<Rubric, "dimensions">,
  lead: Readonly<Record<string, Level>>,
  shadow: Readonly<Record<string, Level>>,
): AgreementSummary {
  let compared = 0;
  let agree = 0;
  let withinOne = 0;
  for (const d of rubric.dimensions) {
    const a = agreementOf(lead[d.id] ?? null, shadow[d.id] ?? null);
    if (a === null) continue;
    compared++;
    if (a === "agree") agree++;
    if (a !== "differ") withinOne++;
  }
  return { compared, agree, withinOne };
}

/**
 * Strongest and weakest scored dimensions: every dimension at the highest (lowest) level. Empty when
 * nothing is scored; when every scored dimension has the same level there is no weakest.
 */
export function extremes(
  rubric: Pick<Rubric, "dimensions">,
  scores: Readonly<Record<string, Level>>,
): { strongest: string[]; weakest: string[] } {
  const scored = rubric.dimensions.filter((d) => scores[d.id] !== undefined);
  if (scored.length === 0) return { strongest: [], weakest: [] };
  const levels = scored.map((d) => scores[d.id]!);
  const hi = Math.max(...levels);
  const lo = Math.min(...levels);
  return {
    strongest: scored.filter((d) => scores[d.id] === hi).map((d) => d.id),
    weakest: hi === lo ? [] : scored.filter((d) => scores[d.id] === lo).map((d) => d.id),
  };
}
