import { useRef, type MutableRefObject } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useStore } from "../../realtime/hooks.ts";
import { Badge, EyeIcon, Select, type SelectOption } from "../../ui/index.ts";
import "./code-pad.css";
import { PadEditor, type PadHandOver } from "./PadEditor.tsx";
import { PAD_LANGUAGE_LABELS, PadLanguage, type PadModel } from "./pad-model.ts";
import { usePadModel } from "./use-pad-model.ts";

export interface CodePadProps {
  doc: Y.Doc;
  awareness: Awareness;
  canEdit: boolean;
  theme: "light" | "dark";
}

const LANGUAGE_OPTIONS: readonly SelectOption<PadLanguage>[] = PadLanguage.options.map((value) => ({
  value,
  label: PAD_LANGUAGE_LABELS[value],
}));

export const CodePad = (props: CodePadProps) => {
  const model = usePadModel(props.doc);
  // Outlives the editor, which unmounts for a render while a replaced doc gets its model.
  const handOver = useRef<PadHandOver | null>(null);
  return model ? (
    <BoundPad model={model} handOver={handOver} {...props} />
  ) : (
    <section className="pad" aria-label="Code pad" aria-busy="true" />
  );
};

const BoundPad = ({
  model,
  awareness,
  canEdit,
  theme,
  handOver,
}: CodePadProps & { model: PadModel; handOver: MutableRefObject<PadHandOver | null> }) => {
  const language = useStore(model.language);
  return (
    <section className="pad" aria-label="Code pad">
      <header className="pad__header">
        <h2 className="pad__title">Code</h2>
        {!canEdit && (
          <Badge icon={<EyeIcon size={14} />} data-testid="pad-read-only">
            Read-only
          </Badge>
        )}
        <label className="pad__language">
          <span className="visually-hidden">Pad language</span>
          <Select
            compact
            value={language}
            options={LANGUAGE_OPTIONS}
            onChange={(l) => model.setLanguage(l)}
            disabled={!canEdit}
            data-testid="pad-language"
            title={
              canEdit
                ? "Language for everyone's highlighting"
                : "Only the interviewer and candidate can change the language"
            }
          />
        </label>
      </header>
      <PadEditor
        text={model.text}
        awareness={awareness}
        canEdit={canEdit}
        theme={theme}
        language={language}
        handOver={handOver}
      />
    </section>
  );
};
