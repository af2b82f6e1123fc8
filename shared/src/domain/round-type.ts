import { z } from "zod";

/** The kinds of mock a room can run; one rubric family per kind. */
export const RoundType = z.enum(["system-design", "ml-coding", "ml-theory", "data-pipelines", "behavioural"]);
export type RoundType = z.infer<typeof RoundType>;

export const ROUND_TYPE_LABELS: Record<RoundType, string> = {
  "system-design": "ML system design",
  "ml-coding": "ML coding",
  "ml-theory": "ML theory & modelling",
  "data-pipelines": "Data & feature pipelines",
  behavioural: "Behavioural & leadership",
};
