import {
  MAX_TITLE_CHARS,
  ROLES,
  ROLE_BLURBS,
  ROUND_TYPE_LABELS,
  RoundType,
  Title,
  type CreateRoomRequest,
  type CreateRoomResponse,
  type Role,
} from "@mockroom/shared";

/**
 * What the create form collects. Rubric and prompt picking arrive later: they add optional fields
 * here and in `toCreateRequest`, and a section in the form; nothing else changes.
 */
export interface MockDraft {
  title: string;
  roundType: RoundType;
  /** A prompt of the question bank, of this round type; null = the interviewer picks in the room. */
  promptId?: string | null;
}

export const DEFAULT_DRAFT: MockDraft = { title: "", roundType: "system-design", promptId: null };

export const ROUND_TYPE_OPTIONS = RoundType.options.map((value) => ({ value, label: ROUND_TYPE_LABELS[value] }));

export const TITLE_PLACEHOLDERS: Record<RoundType, string> = {
  "system-design": "e.g. Design a news-feed ranking system",
  "ml-coding": "e.g. Implement k-means from scratch",
  "ml-theory": "e.g. Bias, variance and regularisation",
  "data-pipelines": "e.g. Real-time features for fraud detection",
  behavioural: "e.g. Leading through an ambiguous project",
};

export const validateTitle = (title: string): string | null => {
  if (title.trim().length === 0) return "Give the mock a title, so people know what they are joining.";
  if (title.trim().length > MAX_TITLE_CHARS) return `Keep the title under ${MAX_TITLE_CHARS} characters.`;
  return Title.safeParse(title).success ? null : "That title can't be used.";
};

export const toCreateRequest = (draft: MockDraft): CreateRoomRequest => ({
  title: draft.title.trim(),
  roundType: draft.roundType,
  ...(draft.promptId ? { promptId: draft.promptId } : {}),
});

export interface InviteRow {
  role: Role;
  url: string;
  blurb: string;
}

export const inviteRows = (invites: CreateRoomResponse["invites"]): InviteRow[] =>
  ROLES.map((role) => ({ role, url: invites[role].url, blurb: ROLE_BLURBS[role] }));

/**
 * Invite links carry the server's public origin; opening one from here stays in this app (same
 * path and fragment), which also keeps dev setups on one origin.
 */
export const inAppPath = (inviteUrl: string): string => {
  try {
    const u = new URL(inviteUrl);
    return `${u.pathname}${u.hash}`;
  } catch {
    return "/";
  }
};
