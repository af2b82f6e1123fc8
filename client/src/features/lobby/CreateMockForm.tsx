import { useState, type FormEvent } from "react";
import type { RoundType } from "@mockroom/shared";
import { problemCopy, type Problem } from "../../common/index.ts";
import { Button, SelectField, TextField } from "../../ui/index.ts";
import { PromptPicker } from "./PromptPicker.tsx";
import { DEFAULT_DRAFT, ROUND_TYPE_OPTIONS, TITLE_PLACEHOLDERS, validateTitle, type MockDraft } from "./lobby-model.ts";

export interface CreateMockFormProps {
  busy: boolean;
  problem: Problem | null;
  onCreate: (draft: MockDraft) => void;
}

export const CreateMockForm = ({ busy, problem, onCreate }: CreateMockFormProps) => {
  const [draft, setDraft] = useState<MockDraft>(DEFAULT_DRAFT);
  const [touched, setTouched] = useState(false);
  const titleError = touched ? validateTitle(draft.title) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (validateTitle(draft.title)) return;
    onCreate(draft);
  };

  return (
    <form className="lobby-form" onSubmit={submit} noValidate data-testid="lobby-form" aria-labelledby="create-heading">
      <h2 id="create-heading" className="card__title">
        Create a mock
      </h2>
      <TextField
        label="Title"
        value={draft.title}
        placeholder={TITLE_PLACEHOLDERS[draft.roundType]}
        onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        onBlur={() => draft.title && setTouched(true)}
        error={titleError}
        autoFocus
        autoComplete="off"
        data-testid="lobby-title"
      />
      <SelectField<RoundType>
        label="Mock type"
        value={draft.roundType}
        options={ROUND_TYPE_OPTIONS}
        // A prompt belongs to one round type: changing the type clears the choice.
        onChange={(roundType) => setDraft({ ...draft, roundType, promptId: null })}
        hint="Sets the rubric family the interviewer scores with."
        data-testid="lobby-round-type"
      />
      <PromptPicker
        roundType={draft.roundType}
        value={draft.promptId ?? null}
        onChange={(promptId) => setDraft({ ...draft, promptId })}
      />
      {problem && (
        <p className="lobby-form__problem" role="alert">
          {problemCopy(problem).title}. {problemCopy(problem).hint}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy} data-testid="lobby-create">
        {busy ? "Creating…" : "Create mock and get links"}
      </Button>
    </form>
  );
};
