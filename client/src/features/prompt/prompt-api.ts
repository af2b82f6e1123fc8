import { PromptCatalogue, type CandidatePrompt } from "@mockroom/shared";

/** The public catalogue (no probes): what the room's picker offers. */
export const fetchPrompts = async (): Promise<CandidatePrompt[]> => {
  const res = await fetch("/api/prompts");
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return PromptCatalogue.parse(await res.json()).prompts;
};
