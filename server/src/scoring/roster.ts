import type { ParticipantRecord } from "../persistence/ports.ts";
import type { RoundRecord } from "../persistence/scoring-ports.ts";
import { leadInterviewerId } from "../rooms/room-view.ts";

/** Who interviewed (and who was interviewed in) one round. */
export interface RoundRoster {
  interviewerIds: string[];
  leadId: string | null;
  candidateIds: string[];
}

/**
 * The current round reads roles live; a closed round uses the roster fixed at the swap, because the
 * swap exchanged everyone's role: the round-1 candidate is a round-2 interviewer, and must still not
 * read round 1's unreleased scores about themselves (SC9).
 */
export const rosterOf = (rec: RoundRecord, people: readonly ParticipantRecord[]): RoundRoster => {
  if (rec.closedAt === null || rec.interviewerIds === null) {
    return {
      interviewerIds: people.filter((p) => p.role === "interviewer").map((p) => p.id),
      leadId: leadInterviewerId(people),
      candidateIds: people.filter((p) => p.role === "candidate").map((p) => p.id),
    };
  }
  const interviewers = new Set(rec.interviewerIds);
  const closedAt = rec.closedAt;
  return {
    interviewerIds: [...rec.interviewerIds],
    leadId: rec.leadId,
    // Observers never swap; anyone else present before the close who did not interview was interviewed.
    candidateIds: people
      .filter((p) => p.role !== "observer" && !interviewers.has(p.id) && p.joinedAt <= closedAt)
      .map((p) => p.id),
  };
};
