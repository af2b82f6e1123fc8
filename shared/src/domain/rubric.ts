import { z } from "zod";
import { RoundType } from "./round-type.ts";

/*
 * Rubrics and the question bank: the schema every rubric/prompt data file is parsed with.
 *
 * Rules (tests cite them):
 * - RB1  Every id is a slug: lowercase kebab-case, 1..64 characters.
 * - RB2  Every dimension has exactly four levels, numbered 1, 2, 3, 4 in that order, each naming
 *        2..4 observable behaviours.
 * - RB3  A rubric has at least 3 dimensions with unique ids, each with a positive, finite weight.
 * - RB4  A rubric has 6..10 evidence tags with unique ids; a tag's dimensionId, when present,
 *        names a dimension of the same rubric.
 * - RB5  A prompt has at least 4 probes, at least 3 trade-offs, and an agenda of at least 3
 *        phases with unique ids whose minutes total 30..90.
 * - RB6  A starter diagram has 1..12 elements; boxes have positive size, arrows a non-zero extent.
 * - RB7  weightedOverall is the weight-weighted mean of the scored dimensions' levels, or null
 *        when no dimension of the rubric is scored; it ignores ids that are not dimensions and
 *        rejects a level outside 1..4.
 * - RB8  Objects are strict: an unknown (e.g. misspelt) key is an error, not silently dropped.
 * - RB9  The candidate-facing view of a prompt carries neither probes, trade-offs nor the rubric.
 */

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase kebab-case (a-z, 0-9, single hyphens)");
export type Slug = z.infer<typeof Slug>;

export const LEVELS = [1, 2, 3, 4] as const;
export type LevelValue = (typeof LEVELS)[number];

/** A score on any rubric dimension. */
export const Level = z.number().int().min(1).max(4);
export type Level = z.infer<typeof Level>;

/** Labels the shipped rubrics use; a rubric may word its own, but level 3 is Senior and 4 is Staff. */
export const DEFAULT_LEVEL_LABELS: Readonly<Record<LevelValue, string>> = {
  1: "Not yet",
  2: "Emerging",
  3: "Senior",
  4: "Staff",
};

const Title = z.string().trim().min(1).max(120);
const Prose = z.string().trim().min(1).max(2000);
/** One observable thing the candidate says, does or draws. */
const Behaviour = z.string().trim().min(12).max(300);

export const RubricLevel = z.strictObject({
  level: z.literal(LEVELS),
  label: z.string().trim().min(1).max(40),
  behaviours: z.array(Behaviour).min(2).max(4),
});
export type RubricLevel = z.infer<typeof RubricLevel>;

export const RubricDimension = z.strictObject({
  id: Slug,
  title: Title,
  weight: z.number().positive().finite(),
  description: Prose,
  levels: z
    .array(RubricLevel)
    .length(4)
    .superRefine((levels, ctx) => {
      levels.forEach((l, i) => {
        if (l.level !== i + 1) {
          ctx.addIssue({
            code: "custom",
            path: [i, "level"],
            message: `levels must be numbered 1..4 in order; expected ${i + 1}, got ${l.level}`,
          });
        }
      });
    }),
});
export type RubricDimension = z.infer<typeof RubricDimension>;

export const EvidenceTag = z.strictObject({
  id: Slug,
  label: z.string().trim().min(1).max(60),
  polarity: z.enum(["positive", "negative"]),
  dimensionId: Slug.optional(),
});
export type EvidenceTag = z.infer<typeof EvidenceTag>;

function uniqueIds(items: readonly { id: string }[], ctx: z.RefinementCtx, key: string, what: string): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: "custom", path: [key, i, "id"], message: `duplicate ${what} id "${item.id}"` });
    }
    seen.add(item.id);
  });
  return seen;
}

const RubricShape = z.strictObject({
  id: Slug,
  title: Title,
  roundType: RoundType,
  description: Prose,
  dimensions: z.array(RubricDimension).min(3).max(12),
  evidenceTags: z.array(EvidenceTag).min(6).max(10),
});

export const Rubric = RubricShape.superRefine((rubric, ctx) => {
  const dimensionIds = uniqueIds(rubric.dimensions, ctx, "dimensions", "dimension");
  uniqueIds(rubric.evidenceTags, ctx, "evidenceTags", "evidence tag");
  rubric.evidenceTags.forEach((tag, i) => {
    if (tag.dimensionId !== undefined && !dimensionIds.has(tag.dimensionId)) {
      ctx.addIssue({
        code: "custom",
        path: ["evidenceTags", i, "dimensionId"],
        message: `no dimension "${tag.dimensionId}" in this rubric`,
      });
    }
  });
});
export type Rubric = z.infer<typeof Rubric>;

export const AgendaPhase = z.strictObject({
  id: Slug,
  title: Title,
  minutes: z.number().int().min(1).max(120),
});
export type AgendaPhase = z.infer<typeof AgendaPhase>;

export const MIN_AGENDA_MINUTES = 30;
export const MAX_AGENDA_MINUTES = 90;

const Coordinate = z.number().finite().min(-10_000).max(10_000);

/**
 * A shape pre-drawn on the whiteboard when the round starts. Boxes span (x, y)..(x+width, y+height);
 * an arrow runs from (x, y) to (x+width, y+height), so its width/height may be negative.
 */
export const StarterElement = z
  .strictObject({
    type: z.enum(["rectangle", "ellipse", "diamond", "text", "arrow"]),
    x: Coordinate,
    y: Coordinate,
    width: Coordinate,
    height: Coordinate,
    text: z.string().trim().min(1).max(80).optional(),
  })
  .superRefine((el, ctx) => {
    if (el.type === "arrow") {
      if (el.width === 0 && el.height === 0) {
        ctx.addIssue({ code: "custom", path: ["width"], message: "an arrow needs a non-zero width or height" });
      }
      return;
    }
    for (const key of ["width", "height"] as const) {
      if (el[key] <= 0) ctx.addIssue({ code: "custom", path: [key], message: `a ${el.type} needs a positive ${key}` });
    }
    if (el.type === "text" && el.text === undefined) {
      ctx.addIssue({ code: "custom", path: ["text"], message: "a text element needs text" });
    }
  });
export type StarterElement = z.infer<typeof StarterElement>;

const PromptShape = z.strictObject({
  id: Slug,
  roundType: RoundType,
  rubricId: Slug,
  title: Title,
  difficulty: z.enum(["medium", "hard", "staff"]),
  tags: z.array(Slug).max(12),
  /** Candidate-facing. Markdown-lite: paragraphs separated by blank lines, and "- " bullet lines. */
  statement: z.string().trim().min(1).max(3000),
  /** Interviewer-only follow-up questions. */
  probes: z.array(Prose).min(4).max(15),
  /** Interviewer-only: trade-offs a strong answer names. */
  tradeoffs: z.array(Prose).min(3).max(12),
  agenda: z.array(AgendaPhase).min(3).max(10),
  starterDiagram: z.array(StarterElement).min(1).max(12).optional(),
});

export const Prompt = PromptShape.superRefine((prompt, ctx) => {
  uniqueIds(prompt.agenda, ctx, "agenda", "agenda phase");
  const total = agendaMinutes(prompt.agenda);
  if (total < MIN_AGENDA_MINUTES || total > MAX_AGENDA_MINUTES) {
    ctx.addIssue({
      code: "custom",
      path: ["agenda"],
      message: `agenda minutes must total ${MIN_AGENDA_MINUTES}..${MAX_AGENDA_MINUTES}; got ${total}`,
    });
  }
});
export type Prompt = z.infer<typeof Prompt>;

/** What a candidate may see of a prompt: no probes, no trade-offs, no rubric link. */
export const CandidatePrompt = PromptShape.omit({ probes: true, tradeoffs: true, rubricId: true });
export type CandidatePrompt = z.infer<typeof CandidatePrompt>;

// An allow-list, not spread-and-delete: a new optional Prompt field stays hidden from candidates until listed here.
export function toCandidatePrompt(prompt: Prompt): CandidatePrompt {
  const { id, roundType, title, difficulty, tags, statement, agenda, starterDiagram } = prompt;
  const visible: CandidatePrompt = { id, roundType, title, difficulty, tags, statement, agenda };
  if (starterDiagram !== undefined) visible.starterDiagram = starterDiagram;
  return visible;
}

export function agendaMinutes(agenda: readonly AgendaPhase[]): number {
  return agenda.reduce((sum, phase) => sum + phase.minutes, 0);
}

/**
 * The weighted mean level over the dimensions that have a score, or null when none has.
 * Scores for ids that are not dimensions of this rubric are ignored (a rubric may have been
 * edited since they were given); a level outside 1..4 is a caller bug and throws.
 */
export function weightedOverall(
  rubric: Pick<Rubric, "dimensions">,
  scores: Readonly<Record<string, number | undefined>>,
): number | null {
  let weighted = 0;
  let totalWeight = 0;
  for (const dimension of rubric.dimensions) {
    if (!Object.hasOwn(scores, dimension.id)) continue;
    const level = scores[dimension.id];
    if (level === undefined) continue;
    if (!Level.safeParse(level).success) {
      throw new RangeError(`score for "${dimension.id}" must be an integer 1..4, got ${level}`);
    }
    weighted += dimension.weight * level;
    totalWeight += dimension.weight;
  }
  return totalWeight === 0 ? null : weighted / totalWeight;
}
