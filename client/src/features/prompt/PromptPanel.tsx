import { useEffect, useState } from "react";
import {
  ROUND_TYPE_LABELS,
  RoundType,
  type AckResult,
  type CandidatePrompt,
  type Prompt,
  type RoundPublic,
} from "@mockroom/shared";
import { problemCopy } from "../../common/index.ts";
import { toErrorCode } from "../../session/index.ts";
import { Badge, cx } from "../../ui/index.ts";
import { fetchPrompts } from "./prompt-api.ts";
import { Statement } from "./Statement.tsx";
import "./prompt.css";

const Agenda = ({ round }: { round: RoundPublic }) => (
  <ol className="prompt__agenda" aria-label="Agenda">
    {round.agenda.map((p, i) => (
      <li
        key={p.id}
        className={cx(i === round.phaseIndex && "is-current", i < round.phaseIndex && "is-done")}
        aria-current={i === round.phaseIndex ? "step" : undefined}
      >
        <span>{p.title}</span>
        <span className="prompt__mins">{p.minutes} min</span>
      </li>
    ))}
  </ol>
);

const Heading = ({ prompt }: { prompt: CandidatePrompt }) => (
  <div className="prompt__heading">
    <h3 className="prompt__title" data-testid="prompt-title">
      {prompt.title}
    </h3>
    <p className="prompt__badges">
      <Badge>{ROUND_TYPE_LABELS[prompt.roundType]}</Badge>
      <Badge>{prompt.difficulty}</Badge>
    </p>
  </div>
);

/** The candidate's (and observer's) view: the problem and the agenda, nothing else. */
export const ProblemStatement = ({ round }: { round: RoundPublic | null }) => {
  if (!round?.prompt)
    return (
      <div className="prompt" data-testid="problem-statement">
        <p className="prompt__empty">The interviewer hasn't picked a problem yet. It will appear here.</p>
        {round && <Agenda round={round} />}
      </div>
    );
  return (
    <div className="prompt" data-testid="problem-statement">
      <Heading prompt={round.prompt} />
      <Statement text={round.prompt.statement} />
      <h4 className="prompt__section">Agenda</h4>
      <Agenda round={round} />
    </div>
  );
};

export interface PromptAndProbesProps {
  round: RoundPublic;
  /** The full prompt, with probes and trade-offs; only an interviewer's cockpit carries it. */
  prompt: Prompt | null;
  canChoose: boolean;
  onChoose: (promptId: string) => Promise<AckResult<unknown>>;
}

/** The interviewer's prompt tab: pick the prompt, then the statement, probes and trade-offs. */
export const PromptAndProbes = ({ round, prompt, canChoose, onChoose }: PromptAndProbesProps) => {
  const [catalogue, setCatalogue] = useState<CandidatePrompt[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchPrompts().then(
      (p) => live && setCatalogue(p),
      () => live && setError("The question bank could not be loaded."),
    );
    return () => {
      live = false;
    };
  }, []);
  const choose = async (id: string) => {
    if (!id || id === prompt?.id) return;
    const r = await onChoose(id);
    setError(r.ok ? null : problemCopy(toErrorCode(r.error.code)).hint || r.error.message);
  };
  return (
    <div className="prompt" data-testid="prompt-tab">
      {canChoose && (
        <label className="prompt__picker">
          <span className="field__label">{prompt ? "Change prompt" : "Choose a prompt"}</span>
          <select
            className="select"
            value={prompt?.id ?? ""}
            onChange={(e) => void choose(e.target.value)}
            data-testid="prompt-select"
            disabled={!catalogue}
          >
            <option value="">{catalogue ? "Pick from the question bank…" : "Loading…"}</option>
            {RoundType.options.map((rt) => (
              <optgroup key={rt} label={ROUND_TYPE_LABELS[rt]}>
                {(catalogue ?? [])
                  .filter((p) => p.roundType === rt)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title} ({p.difficulty})
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {!prompt ? (
        <p className="prompt__empty">
          No prompt yet. The candidate sees the agenda and a blank problem until you pick one.
        </p>
      ) : (
        <>
          <Heading prompt={prompt} />
          <details className="prompt__details">
            <summary>Statement (what the candidate sees)</summary>
            <Statement text={prompt.statement} />
          </details>
          <h4 className="prompt__section">Follow-up probes</h4>
          <ol className="prompt__probes" data-testid="probes">
            {prompt.probes.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ol>
          <h4 className="prompt__section">Trade-offs a strong answer names</h4>
          <ul className="prompt__tradeoffs" data-testid="tradeoffs">
            {prompt.tradeoffs.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </>
      )}
      <h4 className="prompt__section">Agenda</h4>
      <Agenda round={round} />
    </div>
  );
};
