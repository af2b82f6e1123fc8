import {
  DEFAULT_LEVEL_LABELS,
  replayPath,
  reportPath,
  reportRouteOf,
  sessionClockLabel,
  type LevelValue,
  type Report,
  type ReportNote,
} from "@mockroom/shared";

/** `/r/:roomId/report/:round` → its parts; anything else → null. */
export const reportPathOf = reportRouteOf;
export { reportPath };

/** A note's time as every page prints it: the session clock of the round (RPL10). */
export const noteClock = (report: Pick<Report, "startedAt">, note: Pick<ReportNote, "ts">): string =>
  sessionClockLabel(report.startedAt, note.ts);

/**
 * When a note was last rewritten (SC11), on the same session clock as its stamp; null if never.
 * The stamp keeps the first write, so a reader can tell a note typed live from one polished later.
 */
export const noteEditedClock = (
  report: Pick<Report, "startedAt">,
  note: Pick<ReportNote, "editedAt">,
): string | null => (note.editedAt == null ? null : sessionClockLabel(report.startedAt, note.editedAt));

/** The replay, paused at the note's moment with the note highlighted (RPL10). */
export const noteReplayHref = (report: Pick<Report, "roomId" | "round">, note: Pick<ReportNote, "id" | "clockMs">) =>
  replayPath(report.roomId, report.round, { t: note.clockMs, note: note.id });

export const levelLabel = (report: Report, dimensionId: string, level: number | null): string => {
  if (level === null) return "not scored";
  const dim = report.rubric.dimensions.find((d) => d.id === dimensionId);
  const label = dim?.levels[level - 1]?.label ?? DEFAULT_LEVEL_LABELS[level as LevelValue];
  return `${level} · ${label}`;
};

/** The closest level name to a weighted overall (2.6 → "Senior" on the default scale). */
export const overallLabel = (overall: number | null): string =>
  overall === null
    ? "not scored"
    : `${overall.toFixed(1)} · ${DEFAULT_LEVEL_LABELS[Math.round(overall) as LevelValue]}`;

const AGREEMENT_WORDS = { agree: "agree", adjacent: "one level apart", differ: "differ" } as const;

export const agreementWord = (a: "agree" | "adjacent" | "differ" | null): string => (a ? AGREEMENT_WORDS[a] : "—");

export interface RadarPoint {
  x: number;
  y: number;
}

/**
 * Vertices of a radar polygon: one axis per dimension, clockwise from 12 o'clock, radius
 * `level / 4 * r`. An unscored dimension sits at the centre, so gaps are visible, not hidden.
 */
export const radarPoints = (levels: readonly (number | null)[], cx: number, cy: number, r: number): RadarPoint[] =>
  levels.map((level, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / levels.length;
    const d = ((level ?? 0) / 4) * r;
    return { x: cx + d * Math.cos(angle), y: cy + d * Math.sin(angle) };
  });

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The report as Markdown: summary, one table row per dimension, then the notes in session-clock order. */
export const toMarkdown = (report: Report): string => {
  const lines: string[] = [];
  const title = (id: string) => report.rubric.dimensions.find((d) => d.id === id)?.title ?? id;
  const lead = report.interviewers.find((i) => i.lead);
  const shadows = report.interviewers.filter((i) => !i.lead);
  lines.push(`# Feedback: ${report.roomTitle}, round ${report.round}`, "");
  if (report.prompt) lines.push(`**Prompt:** ${report.prompt.title}  `);
  lines.push(`**Rubric:** ${report.rubric.title}  `);
  if (report.candidates.length) lines.push(`**Candidate:** ${report.candidates.map((c) => c.name).join(", ")}  `);
  if (lead) lines.push(`**Lead interviewer:** ${lead.name}  `);
  if (shadows.length) lines.push(`**Shadow:** ${shadows.map((s) => s.name).join(", ")}  `);
  lines.push(`**Overall:** ${overallLabel(report.overall)}`, "");
  if (report.strongest.length) lines.push(`**Strongest:** ${report.strongest.map(title).join(", ")}  `);
  if (report.weakest.length) lines.push(`**Weakest:** ${report.weakest.map(title).join(", ")}  `);
  if (report.agreement)
    lines.push(
      `**Lead/shadow agreement:** ${report.agreement.agree} of ${report.agreement.compared} exact, ${report.agreement.withinOne} within one level`,
    );
  lines.push("", "## Dimensions", "");
  const withShadow = shadows.length > 0;
  lines.push(withShadow ? "| Dimension | Weight | Level | Shadow | Agreement |" : "| Dimension | Weight | Level |");
  lines.push(withShadow ? "| --- | --- | --- | --- | --- |" : "| --- | --- | --- |");
  for (const d of report.dimensions) {
    const row = [cell(d.title), String(d.weight), levelLabel(report, d.dimensionId, d.level)];
    if (withShadow)
      row.push(levelLabel(report, d.dimensionId, d.shadows[0]?.level ?? null), agreementWord(d.agreement));
    lines.push(`| ${row.join(" | ")} |`);
  }
  lines.push("", "## Notes", "");
  if (report.notes.length === 0) lines.push("_No notes._");
  for (const n of report.notes) {
    const dim = n.dimensionId ? ` _(${title(n.dimensionId)})_` : "";
    const tags = n.tags.length ? ` [${n.tags.join(", ")}]` : "";
    const edited = noteEditedClock(report, n);
    const mark = edited === null ? "" : ` _(edited ${edited})_`;
    lines.push(`- **${noteClock(report, n)}** ${n.authorName}${dim}: ${n.text.replaceAll("\n", " ")}${tags}${mark}`);
  }
  return lines.join("\n") + "\n";
};
