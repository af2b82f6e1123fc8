import { useEffect, useId, useState } from "react";
import { PromptCatalogue, ROUND_TYPE_LABELS, type CandidatePrompt, type RoundType } from "@mockroom/shared";
import { cx } from "../../ui/index.ts";
import { DIFFICULTIES, filterPrompts, type Difficulty } from "./prompt-picker-model.ts";
import "./prompt-picker.css";

export interface PromptPickerProps {
  roundType: RoundType;
  value: string | null;
  onChange: (promptId: string | null) => void;
}

/**
 * Picks the mock's prompt from the public catalogue (no probes travel to the lobby): search,
 * difficulty, and the mock type as the round filter; a preview of the statement and agenda.
 * Optional: the interviewer can also pick in the room.
 */
export const PromptPicker = ({ roundType, value, onChange }: PromptPickerProps) => {
  const id = useId();
  const [prompts, setPrompts] = useState<CandidatePrompt[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState("");
  const [difficulty, setDifficulty] = useState<Difficulty | "any">("any");
  useEffect(() => {
    let live = true;
    fetch("/api/prompts")
      .then((r) => r.json())
      .then((b: unknown) => live && setPrompts(PromptCatalogue.parse(b).prompts))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  const shown = prompts ? filterPrompts(prompts, { roundType, difficulty, query }) : [];
  const chosen = prompts?.find((p) => p.id === value) ?? null;
  return (
    <fieldset className="picker" data-testid="prompt-picker">
      <legend className="field__label">Prompt (optional)</legend>
      <div className="picker__filters">
        <input
          className="input"
          type="search"
          placeholder={`Search ${ROUND_TYPE_LABELS[roundType]} prompts`}
          aria-label="Search prompts"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="picker-search"
        />
        <select
          className="select"
          aria-label="Difficulty"
          value={difficulty}
          onChange={(e) => setDifficulty(e.target.value as Difficulty | "any")}
          data-testid="picker-difficulty"
        >
          <option value="any">Any difficulty</option>
          {DIFFICULTIES.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </div>
      {failed && <p className="field__hint">The question bank could not be loaded; pick a prompt in the room.</p>}
      {/* The group role sits on a wrapper: on the <ul> itself it would strip list semantics and orphan the <li>s (axe: listitem). */}
      <div role="radiogroup" aria-label="Prompts">
        <ul className="picker__list">
          <li>
            <label className={cx("picker__item", value === null && "is-on")}>
              <input type="radio" name={id} checked={value === null} onChange={() => onChange(null)} />
              <span className="picker__title">Decide in the room</span>
            </label>
          </li>
          {shown.map((p) => (
            <li key={p.id}>
              <label className={cx("picker__item", value === p.id && "is-on")}>
                <input
                  type="radio"
                  name={id}
                  checked={value === p.id}
                  onChange={() => onChange(p.id)}
                  data-testid={`picker-${p.id}`}
                />
                <span className="picker__title">{p.title}</span>
                <span className="picker__meta">{p.difficulty}</span>
              </label>
            </li>
          ))}
          {prompts && shown.length === 0 && <li className="field__hint">No prompt matches.</li>}
        </ul>
      </div>
      {chosen && (
        <div className="picker__preview" data-testid="picker-preview">
          <p className="picker__preview-title">{chosen.title}</p>
          <p className="picker__statement">{chosen.statement}</p>
          <p className="picker__agenda">{chosen.agenda.map((a) => `${a.title} ${a.minutes}′`).join(" → ")}</p>
        </div>
      )}
    </fieldset>
  );
};
