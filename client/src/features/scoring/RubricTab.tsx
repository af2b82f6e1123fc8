import { useState } from "react";
import { LEVELS, weightedOverall, type CockpitState, type Level, type RubricDimension } from "@mockroom/shared";
import { problemCopy } from "../../common/index.ts";
import { cx } from "../../ui/index.ts";
import type { SaveMark } from "./cockpit-model.ts";

const SaveNote = ({ mark }: { mark: SaveMark | undefined }) => {
  if (!mark) return null;
  if (mark.kind === "saving") return <span className="rubric__save">Saving…</span>;
  if (mark.kind === "saved")
    return (
      <span className="rubric__save rubric__save--ok" data-testid="score-saved">
        ✓ Saved
      </span>
    );
  return (
    <span className="rubric__save rubric__save--bad" role="alert">
      Not saved: {problemCopy(mark.code).hint}
    </span>
  );
};

const DimensionRow = ({
  dimension,
  level,
  mark,
  disabled,
  onScore,
}: {
  dimension: RubricDimension;
  level: Level | undefined;
  mark: SaveMark | undefined;
  disabled: boolean;
  onScore: (level: Level | null) => void;
}) => {
  // The anchor shown: the level under the pointer or focus, else the chosen one.
  const [peek, setPeek] = useState<Level | null>(null);
  const shown = peek ?? level ?? null;
  const anchor = shown === null ? null : dimension.levels[shown - 1];
  const groupId = `dim-${dimension.id}`;
  return (
    <li className="rubric__dim" data-testid={`dim-${dimension.id}`}>
      <div className="rubric__head">
        <h4 id={groupId} className="rubric__title">
          {dimension.title}
        </h4>
        <SaveNote mark={mark} />
        <span className="rubric__weight" title="Weight in the overall level">
          ×{dimension.weight}
        </span>
      </div>
      <div className="rubric__levels" role="group" aria-labelledby={groupId} onMouseLeave={() => setPeek(null)}>
        {LEVELS.map((l) => {
          const def = dimension.levels[l - 1];
          return (
            <button
              key={l}
              type="button"
              className={cx("level-btn", level === l && "level-btn--on")}
              aria-pressed={level === l}
              aria-label={`${dimension.title}: level ${l}, ${def?.label ?? ""}`}
              disabled={disabled}
              data-level={l}
              onMouseEnter={() => setPeek(l)}
              onFocus={() => setPeek(l)}
              onBlur={() => setPeek(null)}
              // A second click on the chosen level clears it.
              onClick={() => onScore(level === l ? null : l)}
            >
              <span className="level-btn__n">{l}</span>
              <span className="level-btn__label">{def?.label}</span>
            </button>
          );
        })}
      </div>
      {anchor && (
        <ul className={cx("rubric__anchor", peek !== null && peek !== level && "rubric__anchor--peek")}>
          {anchor.behaviours.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
    </li>
  );
};

export interface RubricTabProps {
  cockpit: CockpitState;
  marks: Record<string, SaveMark>;
  onScore: (dimensionId: string, level: Level | null) => void;
}

/** One row of four anchored level buttons per dimension; a click saves (the server acknowledges). */
export const RubricTab = ({ cockpit, marks, onScore }: RubricTabProps) => {
  const { rubric, scores } = cockpit;
  const overall = weightedOverall(rubric, scores);
  const scored = rubric.dimensions.filter((d) => scores[d.id] !== undefined).length;
  return (
    <div className="rubric" data-testid="rubric-tab">
      <p className="cockpit__meta">
        {rubric.title} · {scored}/{rubric.dimensions.length} scored
        {overall !== null && (
          <>
            {" "}
            · overall <strong data-testid="overall">{overall.toFixed(1)}</strong>
          </>
        )}
        {!cockpit.lead && (
          <span className="cockpit__shadow"> · You are the shadow: your sheet stays yours until release.</span>
        )}
      </p>
      {cockpit.released && <p className="cockpit__locked">Feedback released: this sheet is final.</p>}
      <ol className="rubric__list">
        {rubric.dimensions.map((d) => (
          <DimensionRow
            key={d.id}
            dimension={d}
            level={scores[d.id]}
            mark={marks[d.id]}
            disabled={cockpit.released}
            onScore={(level) => onScore(d.id, level)}
          />
        ))}
      </ol>
    </div>
  );
};
