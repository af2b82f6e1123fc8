import type { Report } from "@mockroom/shared";
import { radarPoints } from "./report-model.ts";

const SIZE = 320;
const C = SIZE / 2;
const R = 110;

/** Splits a title into at most two lines of about `width` characters, ellipsing the rest. */
export const wrapLabel = (title: string, width = 18): string[] => {
  const lines: string[] = [""];
  for (const word of title.split(" ")) {
    const cur = lines[lines.length - 1]!;
    if (cur && (cur + " " + word).length > width) lines.push(word);
    else lines[lines.length - 1] = cur ? `${cur} ${word}` : word;
  }
  if (lines.length <= 2) return lines;
  return [lines[0]!, `${lines[1]!.slice(0, width - 1)}…`];
};

const poly = (pts: { x: number; y: number }[]) => pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");

/** The dimensions on a radar: rings per level, the lead's polygon, and the shadow's dashed when present. */
export const RadarChart = ({ report }: { report: Report }) => {
  const dims = report.dimensions;
  const lead = radarPoints(
    dims.map((d) => d.level),
    C,
    C,
    R,
  );
  const hasShadow = dims.some((d) => d.shadows[0]?.level != null);
  const shadow = radarPoints(
    dims.map((d) => d.shadows[0]?.level ?? null),
    C,
    C,
    R,
  );
  const axes = radarPoints(
    dims.map(() => 4),
    C,
    C,
    R,
  );
  const labels = radarPoints(
    dims.map(() => 4.9),
    C,
    C,
    R,
  );
  const summary = dims.map((d) => `${d.title}: ${d.level ?? "not scored"}`).join("; ");
  return (
    <figure className="radar">
      <svg viewBox={`-110 -16 ${SIZE + 220} ${SIZE + 32}`} role="img" aria-label={`Radar chart of levels. ${summary}`}>
        {[1, 2, 3, 4].map((ring) => (
          <polygon
            key={ring}
            className="radar__ring"
            points={poly(
              radarPoints(
                dims.map(() => ring),
                C,
                C,
                R,
              ),
            )}
          />
        ))}
        {axes.map((p, i) => (
          <line key={i} className="radar__axis" x1={C} y1={C} x2={p.x} y2={p.y} />
        ))}
        {hasShadow && <polygon className="radar__shadow" points={poly(shadow)} />}
        <polygon className="radar__lead" points={poly(lead)} />
        {lead.map((p, i) =>
          dims[i]?.level != null ? <circle key={i} className="radar__dot" cx={p.x} cy={p.y} r={3.5} /> : null,
        )}
        {labels.map((p, i) => {
          const anchor = Math.abs(p.x - C) < 8 ? "middle" : p.x > C ? "start" : "end";
          const d = dims[i]!;
          const lines = wrapLabel(d.title);
          // Centre the block on the axis end: lift it by half its extra lines.
          const y0 = p.y - ((lines.length - 1) * 13) / 2;
          return (
            <text
              key={d.dimensionId}
              className="radar__label"
              x={p.x}
              y={y0}
              textAnchor={anchor}
              dominantBaseline="middle"
            >
              {lines.map((line, li) => (
                <tspan key={li} x={p.x} dy={li === 0 ? 0 : 13}>
                  {line}
                  {li === lines.length - 1 && <tspan className="radar__level"> {d.level ?? "–"}</tspan>}
                </tspan>
              ))}
            </text>
          );
        })}
      </svg>
      <figcaption className="radar__legend">
        <span className="radar__key radar__key--lead">Level{hasShadow ? " (lead)" : ""}</span>
        {hasShadow && <span className="radar__key radar__key--shadow">Shadow</span>}
      </figcaption>
    </figure>
  );
};
