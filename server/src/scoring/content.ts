import {
  ErrorCode,
  toCandidatePrompt,
  type CandidatePrompt,
  type Prompt,
  type Rubric,
  type RoundType,
} from "@mockroom/shared";
import { loadContent } from "@mockroom/rubrics";
import { DomainError } from "../errors.ts";

/** The loaded rubrics and question bank, indexed. Content is validated by the rubrics package on load. */
export class ContentCatalog {
  private readonly rubrics = new Map<string, Rubric>();
  private readonly prompts = new Map<string, Prompt>();

  constructor(content: { rubrics: readonly Rubric[]; prompts: readonly Prompt[] }) {
    for (const r of content.rubrics) this.rubrics.set(r.id, r);
    for (const p of content.prompts) this.prompts.set(p.id, p);
  }

  rubric(id: string): Rubric | undefined {
    return this.rubrics.get(id);
  }

  prompt(id: string): Prompt | undefined {
    return this.prompts.get(id);
  }

  /** The rubric a round of this type is scored with when nothing else was chosen. */
  defaultRubricFor(roundType: RoundType): Rubric {
    const r = [...this.rubrics.values()].find((x) => x.roundType === roundType);
    // The rubrics package refuses to load content that leaves a round type uncovered.
    if (!r) throw new Error(`no rubric for round type ${roundType}`);
    return r;
  }

  /**
   * Checks a room's optional rubric/prompt choice (CAT2): both must exist and fit the round type, and
   * a prompt's own rubric wins over a different explicit one, so it is refused rather than ignored.
   */
  checkChoice(roundType: RoundType, rubricId: string | undefined, promptId: string | undefined): void {
    const bad = (message: string) => new DomainError(ErrorCode.InvalidMessage, message);
    if (rubricId !== undefined) {
      const rubric = this.rubric(rubricId);
      if (!rubric) throw bad(`rubricId: no rubric "${rubricId}"`);
      if (rubric.roundType !== roundType) throw bad(`rubricId: "${rubricId}" is for ${rubric.roundType} rounds`);
    }
    if (promptId !== undefined) {
      const prompt = this.prompt(promptId);
      if (!prompt) throw bad(`promptId: no prompt "${promptId}"`);
      if (prompt.roundType !== roundType) throw bad(`promptId: "${promptId}" is for ${prompt.roundType} rounds`);
      if (rubricId !== undefined && prompt.rubricId !== rubricId)
        throw bad(`promptId: "${promptId}" is scored with rubric "${prompt.rubricId}", not "${rubricId}"`);
    }
  }

  /** The lobby's public catalogue (CAT1): candidate views only, never probes or trade-offs. */
  publicPrompts(): CandidatePrompt[] {
    return [...this.prompts.values()].map(toCandidatePrompt);
  }

  /** Rubrics are public: a candidate may read what they are assessed on; scores are what is private. */
  publicRubrics(): Rubric[] {
    return [...this.rubrics.values()];
  }
}

let shipped: Promise<ContentCatalog> | null = null;

/** The shipped content, read and validated once per process (a bad data file fails the first use loudly). */
export const shippedCatalog = (): Promise<ContentCatalog> =>
  (shipped ??= loadContent().then((c) => new ContentCatalog(c)));
