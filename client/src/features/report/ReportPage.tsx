import { useEffect, useState } from "react";
import { ROUND_TYPE_LABELS, replayPath, type Report, type ReportNote } from "@mockroom/shared";
import { problemCopy, type Problem } from "../../common/index.ts";
import { ApiError, loadCredentials } from "../../session/index.ts";
import { Badge, Button, LinkButton, Spinner, cx } from "../../ui/index.ts";
import { RadarChart } from "./RadarChart.tsx";
import { fetchReport } from "./report-api.ts";
import {
  agreementWord,
  levelLabel,
  noteClock,
  noteEditedClock,
  noteReplayHref,
  overallLabel,
  toMarkdown,
} from "./report-model.ts";
import { RoundsList } from "./RoundsList.tsx";
import "./report.css";

const download = (name: string, type: string, text: string) => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
};

/** A note's session-clock time, linked to the replay paused at that moment (RPL10). */
const NoteTime = ({ report, note }: { report: Report; note: ReportNote }) => (
  <a
    className="report-clock report-clock--link"
    href={noteReplayHref(report, note)}
    data-testid="note-replay-link"
    data-note-id={note.id}
  >
    {noteClock(report, note)}
    <span className="visually-hidden"> (watch this moment in the replay)</span>
  </a>
);

/** "edited" after a rewritten note's time (SC11); the edit's clock is in the tooltip and read out. */
const NoteEdited = ({ report, note }: { report: Report; note: ReportNote }) => {
  const at = noteEditedClock(report, note);
  if (at === null) return null;
  return (
    <span className="report__note-edited" title={`Edited at ${at}`} data-testid="note-edited">
      edited<span className="visually-hidden"> at {at}</span>
    </span>
  );
};

type Load = { kind: "loading" } | { kind: "failed"; problem: Problem } | { kind: "ready"; report: Report };

const DimensionCard = ({ report, index }: { report: Report; index: number }) => {
  const d = report.dimensions[index]!;
  const dim = report.rubric.dimensions.find((x) => x.id === d.dimensionId);
  const anchor = d.level !== null ? dim?.levels[d.level - 1] : undefined;
  const notes = report.notes.filter((n) => d.noteIds.includes(n.id));
  return (
    <article className="dim-card" data-testid={`report-dim-${d.dimensionId}`}>
      <header className="dim-card__head">
        <h3 className="dim-card__title">{d.title}</h3>
        <span className={cx("dim-card__level", d.level === null && "dim-card__level--none")} data-testid="dim-level">
          {levelLabel(report, d.dimensionId, d.level)}
        </span>
      </header>
      <p className="dim-card__weight">Weight ×{d.weight}</p>
      {anchor && (
        <ul className="dim-card__anchor" aria-label="What this level looks like">
          {anchor.behaviours.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      {d.shadows.length > 0 && (
        <p className={cx("dim-card__agree", d.agreement && `dim-card__agree--${d.agreement}`)}>
          Shadow: {levelLabel(report, d.dimensionId, d.shadows[0]?.level ?? null)} · {agreementWord(d.agreement)}
        </p>
      )}
      {notes.length > 0 && (
        <ul className="dim-card__notes">
          {notes.map((n) => (
            <li key={n.id}>
              <NoteTime report={report} note={n} /> <NoteEdited report={report} note={n} /> {n.text}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
};

/** `/r/:roomId/report/:round`: the round's feedback, for interviewers, and for everyone once released. */
export const ReportPage = ({ roomId, round }: { roomId: string; round: number }) => {
  const credentials = loadCredentials(roomId);
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  useEffect(() => {
    if (!credentials) return;
    let live = true;
    setLoad({ kind: "loading" });
    fetchReport(roomId, round, credentials.token).then(
      (report) => live && setLoad({ kind: "ready", report }),
      (e: unknown) => live && setLoad({ kind: "failed", problem: e instanceof ApiError ? e.code : "network" }),
    );
    return () => {
      live = false;
    };
  }, [roomId, round, credentials?.token]);

  if (!credentials)
    return (
      <div className="report report--message">
        <h1>Open the room first</h1>
        <p>Reports are for the people in the mock. Open your invite link on this browser, then come back here.</p>
        <LinkButton href={`/r/${encodeURIComponent(roomId)}`}>Go to the room</LinkButton>
      </div>
    );
  if (load.kind === "loading")
    return (
      <div className="report report--message" role="status">
        <Spinner label="Loading the report" />
      </div>
    );
  if (load.kind === "failed") {
    const notReleased = load.problem === "not_released";
    return (
      <div className="report report--message" data-testid="report-unavailable">
        <h1>{notReleased ? "Feedback not released yet" : problemCopy(load.problem).title}</h1>
        <p>
          {notReleased
            ? "Your interviewer will release this round's feedback when it is ready. This page shows it then."
            : problemCopy(load.problem).hint}
        </p>
        <LinkButton href={`/r/${encodeURIComponent(roomId)}`}>Back to the room</LinkButton>
      </div>
    );
  }
  const { report } = load;
  const title = (id: string) => report.rubric.dimensions.find((d) => d.id === id)?.title ?? id;
  const lead = report.interviewers.find((i) => i.lead);
  const shadow = report.interviewers.find((i) => !i.lead);
  const base = `mockroom-${report.roomId}-round-${report.round}`;
  return (
    <div className="report" data-testid="report">
      <header className="report__header">
        <div>
          <p className="report__kicker">
            Feedback · Round {report.round} · {ROUND_TYPE_LABELS[report.roundType]}
          </p>
          <h1 className="report__title">{report.roomTitle}</h1>
          {report.prompt && <p className="report__prompt">{report.prompt.title}</p>}
          <p className="report__people">
            {report.candidates.length > 0 && <>Candidate: {report.candidates.map((c) => c.name).join(", ")} · </>}
            {lead && <>Lead: {lead.name}</>}
            {shadow && <> · Shadow: {shadow.name}</>}
          </p>
        </div>
        <div className="report__exports no-print">
          <LinkButton
            href={replayPath(report.roomId, report.round)}
            size="sm"
            variant="primary"
            data-testid="report-replay-top"
          >
            Watch the replay
          </LinkButton>
          <Button
            size="sm"
            onClick={() => download(`${base}.md`, "text/markdown", toMarkdown(report))}
            data-testid="export-md"
          >
            Markdown
          </Button>
          <Button
            size="sm"
            onClick={() => download(`${base}.json`, "application/json", JSON.stringify(report, null, 2))}
            data-testid="export-json"
          >
            JSON
          </Button>
          <Button size="sm" onClick={() => window.print()}>
            Print / PDF
          </Button>
        </div>
      </header>
      {!report.released && (
        <p className="report__preview" role="note">
          Preview: not released yet. Only you see this, and only your own sheet and notes until release.
        </p>
      )}

      <section className="report__summary" aria-label="Summary">
        <div className="report__overall">
          <p className="report__label">Overall</p>
          <p className="report__big" data-testid="report-overall">
            {overallLabel(report.overall)}
          </p>
          {report.shadowOverall !== null && (
            <p className="report__small">Shadow: {overallLabel(report.shadowOverall)}</p>
          )}
          <dl className="report__facts">
            <dt>Strongest</dt>
            <dd data-testid="report-strongest">{report.strongest.map(title).join(", ") || "—"}</dd>
            <dt>Weakest</dt>
            <dd>{report.weakest.map(title).join(", ") || "—"}</dd>
            {report.agreement && (
              <>
                <dt>Lead/shadow</dt>
                <dd>
                  {report.agreement.agree} of {report.agreement.compared} exact, {report.agreement.withinOne} within one
                  level
                </dd>
              </>
            )}
          </dl>
        </div>
        <RadarChart report={report} />
      </section>

      <section aria-label="Dimensions">
        <h2 className="report__h2">Dimensions</h2>
        <div className="report__cards">
          {report.dimensions.map((d, i) => (
            <DimensionCard key={d.dimensionId} report={report} index={i} />
          ))}
        </div>
      </section>

      <section aria-label="Notes">
        <h2 className="report__h2">Notes</h2>
        {report.notes.length === 0 ? (
          <p className="report__small">No notes.</p>
        ) : (
          <ol className="report__notes" data-testid="report-notes">
            {report.notes.map((n) => (
              <li key={n.id}>
                <NoteTime report={report} note={n} />
                <NoteEdited report={report} note={n} />
                <span className="report__note-author">
                  {n.authorName}
                  {n.authorLead ? "" : " (shadow)"}
                </span>
                {n.dimensionId && <Badge>{title(n.dimensionId)}</Badge>}
                <span className="report__note-text">{n.text}</span>
                {n.tags.length > 0 && (
                  <span className="report__note-tags">
                    {n.tags.map((t) => report.rubric.evidenceTags.find((e) => e.id === t)?.label ?? t).join(" · ")}
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <nav className="report__rounds no-print" aria-label="Rounds of this room">
        <h2 className="report__h2">Rounds</h2>
        <RoundsList roomId={roomId} token={credentials.token} currentRound={report.round} />
        <LinkButton href={replayPath(roomId, report.round)} size="sm" data-testid="report-replay">
          Watch the replay
        </LinkButton>
        <LinkButton href={`/r/${encodeURIComponent(roomId)}`} size="sm">
          Back to the room
        </LinkButton>
      </nav>
    </div>
  );
};
