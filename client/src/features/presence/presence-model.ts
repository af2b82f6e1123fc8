import type { ParticipantView, Role } from "@mockroom/shared";
import type { Peer } from "../../realtime/awareness.ts";

export interface PersonView extends ParticipantView {
  isMe: boolean;
  /** Their board viewport is live in awareness, so following them can work. */
  followable: boolean;
}

const ROLE_ORDER: Record<Role, number> = { interviewer: 0, candidate: 1, observer: 2 };

/** Participant ids currently publishing a board viewport. */
export const followableIds = (peers: readonly Peer[]): string[] =>
  [...new Set(peers.filter((p) => p.board?.viewport).map((p) => p.user.participantId))].sort();

export const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The room's people in a stable order: interviewers, candidates, observers; online first within each. */
export const peopleOf = (
  participants: readonly ParticipantView[],
  meId: string,
  followable: readonly string[],
): PersonView[] => {
  const live = new Set(followable);
  return participants
    .map((p) => ({ ...p, isMe: p.id === meId, followable: p.id !== meId && p.online && live.has(p.id) }))
    .sort(
      (a, b) =>
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || Number(b.online) - Number(a.online) || a.name.localeCompare(b.name),
    );
};

/** How many avatars the top bar's stack shows before "+N": enough for a pair plus observers. */
export const STACK_MAX = 4;

/**
 * The avatar stack in the top bar: online people first (interviewers, candidates, observers),
 * at most `max`; everyone else is counted in "+N" and listed in the popover.
 */
export const stackOf = (
  people: readonly PersonView[],
  max = STACK_MAX,
): { shown: PersonView[]; more: number; online: number } => {
  const online = people.filter((p) => p.online);
  const shown = online.slice(0, max);
  return { shown, more: people.length - shown.length, online: online.length };
};

/** The stack button's accessible name: who is here and who is talking, since the avatars are only initials. */
export const stackLabel = (people: readonly PersonView[], speakingIds: ReadonlySet<string>): string => {
  const online = people.filter((p) => p.online).length;
  const speaking = people.filter((p) => speakingIds.has(p.id)).map((p) => p.name);
  const talk = speaking.length ? `; speaking: ${speaking.join(", ")}` : "";
  return `People: ${online} online of ${people.length}${talk}. Show the list`;
};
