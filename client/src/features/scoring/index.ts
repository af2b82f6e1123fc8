import "./scoring.css";

export {
  CockpitModel,
  newestFirst,
  withNote,
  withScore,
  type CockpitView,
  type NoteEditPatch,
  type SaveMark,
} from "./cockpit-model.ts";
export { NotesTab, type NotesTabProps } from "./NotesTab.tsx";
export { RoundActions, type RoundActionsProps } from "./RoundActions.tsx";
export { RubricTab, type RubricTabProps } from "./RubricTab.tsx";
export { useCockpit } from "./use-cockpit.ts";
