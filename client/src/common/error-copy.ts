import { ERROR_HINTS, type ErrorCode } from "@mockroom/shared";

export type Problem = ErrorCode | "network" | "no_invite" | "page_not_found";

export interface ProblemCopy {
  title: string;
  /** What to do about it, in one or two sentences. */
  hint: string;
}

const TITLES: Partial<Record<Problem, string>> = {
  token_expired: "This invite link has expired",
  token_invalid: "This link doesn't work",
  wrong_room: "This link is for a different room",
  room_not_found: "This room doesn't exist",
  room_full: "This room is full",
  version_mismatch: "Mockroom was updated",
  unauthorized: "You're not in this room anymore",
  forbidden: "Your role can't do that",
  network: "Can't reach Mockroom",
  unavailable: "Mockroom is busy",
  no_invite: "You need an invite to join",
  page_not_found: "There's nothing here",
};

/** Hints beyond the shared table: codes the shared table leaves to each UI, and UI-only problems. */
const EXTRA_HINTS: Partial<Record<Problem, string>> = {
  unauthorized: "Open your invite link again to rejoin, or ask the interviewer for a new one.",
  network: "Check your connection, then try again. Nothing you did here is lost.",
  unavailable: "The server is restarting or overloaded. Try again in a moment.",
  no_invite: "Open the invite link the interviewer sent you. It ends in #invite=…; copy all of it.",
  page_not_found: "Check the address, or start from the lobby.",
  room_full: "Ask the interviewer to free a seat, or to run a separate mock for you.",
};

/** A second sentence after the shared hint, where the shared one leaves out what to do next. */
const NEXT_STEPS: Partial<Record<Problem, string>> = {
  token_invalid: "If it still fails, ask the interviewer to send the link again.",
  wrong_room: "Open the link the interviewer sent you for this mock.",
  room_not_found: "Check the link, or create a new mock from the lobby.",
};

const isSharedCode = (p: Problem): p is ErrorCode => p !== "network" && p !== "no_invite" && p !== "page_not_found";

export const problemCopy = (problem: Problem): ProblemCopy => {
  const hint =
    (isSharedCode(problem) ? ERROR_HINTS[problem] : undefined) ??
    EXTRA_HINTS[problem] ??
    "Reload the page. If it keeps happening, ask the interviewer for a new invite link.";
  const next = NEXT_STEPS[problem];
  return { title: TITLES[problem] ?? "Something went wrong", hint: next ? `${hint} ${next}` : hint };
};
