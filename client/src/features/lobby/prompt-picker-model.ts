import type { CandidatePrompt, RoundType } from "@mockroom/shared";

export type Difficulty = CandidatePrompt["difficulty"];
export const DIFFICULTIES: readonly Difficulty[] = ["medium", "hard", "staff"];

export interface PromptFilter {
  /** The mock type: a room's prompt must be of its round type (the server checks too, CAT2). */
  roundType: RoundType;
  difficulty: Difficulty | "any";
  query: string;
}

/**
 * Prompts of the round type and difficulty whose title, tags or statement contain every word of
 * the query (case-insensitive), title matches first.
 */
export const filterPrompts = (prompts: readonly CandidatePrompt[], f: PromptFilter): CandidatePrompt[] => {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = (p: CandidatePrompt) => `${p.title} ${p.tags.join(" ")} ${p.statement}`.toLowerCase();
  const inTitle = (p: CandidatePrompt) => words.every((w) => p.title.toLowerCase().includes(w));
  return prompts
    .filter((p) => p.roundType === f.roundType)
    .filter((p) => f.difficulty === "any" || p.difficulty === f.difficulty)
    .filter((p) => words.every((w) => hay(p).includes(w)))
    .sort((a, b) => Number(inTitle(b)) - Number(inTitle(a)) || a.title.localeCompare(b.title));
};
