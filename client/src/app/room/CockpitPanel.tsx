import { useEffect, useRef, useState } from "react";
import type { ParticipantView, Role } from "@mockroom/shared";
import { ProblemStatement, PromptAndProbes } from "../../features/prompt/index.ts";
import { RoundsList } from "../../features/report/index.ts";
import {
  NotesTab,
  RoundActions,
  RubricTab,
  type CockpitModel,
  type CockpitView,
} from "../../features/scoring/index.ts";
import { Tabs } from "../../ui/index.ts";
import "./cockpit-panel.css";

type CockpitTab = "prompt" | "rubric" | "notes";

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The side panel's content, where the prompt, scoring and report features meet. Interviewers get
 * tabs (Prompt & probes, Rubric, Notes) and the round actions; everyone else the problem statement.
 * Which one is decided by the server: only an interviewer of the round receives a cockpit (SC1).
 */
export const CockpitPanel = ({
  model,
  view,
  role,
  roomId,
  token,
  participants,
  openPanel,
}: {
  model: CockpitModel;
  view: CockpitView;
  role: Role;
  roomId: string;
  token: string;
  participants: readonly ParticipantView[];
  openPanel: () => void;
}) => {
  const { round, cockpit } = view;
  const [tab, setTab] = useState<CockpitTab>("prompt");
  const notesRef = useRef<HTMLTextAreaElement>(null);
  const nameOf = (id: string) => participants.find((p) => p.id === id)?.name ?? "Someone";

  // N writes a note from anywhere, unless the person is typing (pad, board text, a field).
  const canNote = cockpit !== null && !cockpit.released;
  useEffect(() => {
    if (!canNote) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "n" && e.key !== "N") return;
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      e.preventDefault();
      e.stopPropagation();
      openPanel();
      setTab("notes");
      requestAnimationFrame(() => notesRef.current?.focus());
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [canNote, openPanel]);

  const rounds = (
    <details className="cockpit__rounds">
      <summary>Rounds and reports</summary>
      <RoundsList
        roomId={roomId}
        token={token}
        currentRound={round?.round}
        refreshKey={`${round?.round}:${round?.released}:${role}`}
      />
    </details>
  );

  if (!cockpit || !round) {
    return (
      <div className="cockpit" data-testid="candidate-panel">
        <ProblemStatement round={round} />
        {round?.released && (
          <p className="cockpit__released" data-testid="feedback-released">
            Feedback for this round is released: open its report below.
          </p>
        )}
        {rounds}
      </div>
    );
  }

  const items = [
    { value: "prompt" as const, label: "Prompt & probes", controls: "cockpit-prompt" },
    { value: "rubric" as const, label: "Rubric", controls: "cockpit-rubric" },
    { value: "notes" as const, label: "Notes", controls: "cockpit-notes" },
  ];
  return (
    <div className="cockpit cockpit--interviewer" data-testid="cockpit">
      <Tabs<CockpitTab> label="Interviewer panel" items={items} value={tab} onChange={setTab} />
      <div className="cockpit__scroll">
        <div id="cockpit-prompt" role="tabpanel" hidden={tab !== "prompt"}>
          <PromptAndProbes
            round={round}
            prompt={cockpit.prompt}
            canChoose={!cockpit.released}
            onChoose={(id) => model.setPrompt(id)}
          />
        </div>
        <div id="cockpit-rubric" role="tabpanel" hidden={tab !== "rubric"}>
          <RubricTab cockpit={cockpit} marks={view.marks} onScore={(d, l) => void model.setScore(d, l)} />
        </div>
        <div id="cockpit-notes" role="tabpanel" hidden={tab !== "notes"}>
          <NotesTab
            ref={notesRef}
            cockpit={cockpit}
            round={round}
            clockOffsetMs={view.clockOffsetMs}
            onAdd={(n) => model.addNote(n)}
            onDelete={(id) => model.deleteNote(id)}
            onEdit={(id, patch) => model.editNote(id, patch)}
            nameOf={nameOf}
          />
        </div>
        {rounds}
      </div>
      <footer className="cockpit__footer">
        <RoundActions cockpit={cockpit} onRelease={() => model.release()} onSwap={() => model.swap()} />
      </footer>
    </div>
  );
};
