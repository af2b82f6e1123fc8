import type { ParticipantView } from "@mockroom/shared";
import type { ReactNode } from "react";
import type { Awareness } from "y-protocols/awareness";
import { ROLE_LABELS } from "../../common/index.ts";
import { useAwarenessPeers } from "../../realtime/hooks.ts";
import { Avatar, CrosshairIcon, Popover, cx } from "../../ui/index.ts";
import { followableIds, peopleOf, sameIds, stackLabel, stackOf, type PersonView } from "./presence-model.ts";
import "./presence.css";

export interface ParticipantListProps {
  participants: readonly ParticipantView[];
  meId: string;
  awareness: Awareness;
  followingId: string | null;
  onFollow: (participantId: string | null) => void;
  /** Who is in audio and speaking (from the audio feature, via the shell): a ring on the avatar. */
  audio?: Readonly<Record<string, { inAudio: boolean; muted: boolean; speaking: boolean }>>;
  /** The shell's speaking/muted icon for a person (colour is never the only signal). */
  audioBadge?: (participantId: string) => ReactNode;
}

const statusOf = (person: PersonView) => (person.online ? "online" : "offline");

/** One avatar of the stack: ring while speaking, the speaking/muted icon tucked on its corner. */
const StackAvatar = ({ person, speaking, badge }: { person: PersonView; speaking: boolean; badge: ReactNode }) => (
  <span
    className={cx("stack__item", speaking && "person--speaking")}
    data-testid="participant"
    data-participant-id={person.id}
    data-role={person.role}
    data-online={person.online}
    data-speaking={speaking}
    title={`${person.name} · ${ROLE_LABELS[person.role]}`}
  >
    <Avatar name={person.name} colour={person.colour} online={person.online} />
    {badge && <span className="stack__badge">{badge}</span>}
  </span>
);

/** One row of the popover: full name, role, online state, speaking, and Follow for a live board. */
const PersonRow = ({
  person,
  following,
  onFollow,
  speaking,
  badge,
}: {
  person: PersonView;
  following: boolean;
  onFollow: (participantId: string | null) => void;
  speaking: boolean;
  badge: ReactNode;
}) => (
  <li
    className={cx("person", !person.online && "person--offline", speaking && "person--speaking")}
    data-testid="participant-row"
    data-participant-id={person.id}
    data-role={person.role}
    data-online={person.online}
  >
    <Avatar name={person.name} colour={person.colour} online={person.online} />
    <span className="person__text">
      <span className="person__name">
        {person.name}
        {person.isMe && <span className="person__you"> (you)</span>}
      </span>
      <span className="person__meta">
        <span className="person__role" style={{ color: `var(--role-${person.role})` }}>
          {ROLE_LABELS[person.role]}
        </span>
        {" · "}
        {statusOf(person) === "online" ? "Online" : "Offline"}
        {speaking && " · Speaking"}
      </span>
    </span>
    {badge}
    {person.followable && (
      <button
        type="button"
        className="btn btn--ghost btn--sm person__follow"
        aria-pressed={following}
        aria-label={following ? `Stop following ${person.name}` : `Follow ${person.name}'s view of the board`}
        title={following ? "Stop following (Esc)" : `Follow ${person.name}'s view`}
        data-testid="follow-button"
        onClick={() => onFollow(following ? null : person.id)}
      >
        <CrosshairIcon size={15} />
        {following ? "Following" : "Follow"}
      </button>
    )}
  </li>
);

/**
 * Who is here, compact enough for the top bar at any width: an avatar stack (online people, with
 * speaking rings and connection dots) that opens a popover listing everyone with name, role,
 * online state, speaking and Follow.
 */
export const ParticipantList = ({
  participants,
  meId,
  awareness,
  followingId,
  onFollow,
  audio,
  audioBadge,
}: ParticipantListProps) => {
  const followable = useAwarenessPeers(awareness, followableIds, sameIds);
  const people = peopleOf(participants, meId, followable);
  const speaking = new Set(people.filter((p) => audio?.[p.id]?.speaking === true).map((p) => p.id));
  const stack = stackOf(people);
  return (
    <Popover
      label="People in this room"
      className="people"
      align="start"
      data-testid="people-popover"
      trigger={(t) => (
        <button type="button" className="stack" {...t} title="People in this room" data-testid="people-button">
          {/* A text name rather than aria-label: the initials are decoration (aria-hidden), the name says it all. */}
          <span className="visually-hidden">{stackLabel(people, speaking)}</span>
          {stack.shown.map((person) => (
            <StackAvatar
              key={person.id}
              person={person}
              speaking={speaking.has(person.id)}
              badge={audioBadge?.(person.id)}
            />
          ))}
          {stack.more > 0 && (
            <span className="stack__more" aria-hidden="true">
              +{stack.more}
            </span>
          )}
        </button>
      )}
    >
      {(close) => (
        <>
          <p className="people__heading">
            People <span className="people__count">{stack.online} online</span>
          </p>
          <ul className="people__list">
            {people.map((person) => (
              <PersonRow
                key={person.id}
                person={person}
                following={followingId === person.id}
                onFollow={(id) => {
                  onFollow(id);
                  // Following moves the board: get out of the way so the person sees it happen.
                  if (id) close();
                }}
                speaking={speaking.has(person.id)}
                badge={audioBadge?.(person.id)}
              />
            ))}
          </ul>
        </>
      )}
    </Popover>
  );
};
