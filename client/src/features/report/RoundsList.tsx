import { useEffect, useState } from "react";
import { replayPath, type RoundList } from "@mockroom/shared";
import { fetchRounds } from "./report-api.ts";
import { reportPath } from "./report-model.ts";
import "./report.css";

export interface RoundsListProps {
  roomId: string;
  token: string;
  /** Refetch when this changes (e.g. the round number or a release). */
  refreshKey?: string;
  currentRound?: number;
  /** Whether to offer each round's replay (observers need an interviewer's permission, RPL2). */
  replays?: boolean;
}

/** The room's rounds, each with its report link once this viewer may open it. */
export const RoundsList = ({ roomId, token, refreshKey, currentRound, replays = true }: RoundsListProps) => {
  const [list, setList] = useState<RoundList | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    fetchRounds(roomId, token).then(
      (l) => live && (setList(l), setFailed(false)),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [roomId, token, refreshKey]);
  if (failed) return <p className="rounds__empty">The rounds could not be loaded.</p>;
  if (!list) return null;
  return (
    <ol className="rounds" aria-label="Rounds" data-testid="rounds-list">
      {list.rounds.map((r) => (
        <li key={r.round} className="rounds__item" aria-current={r.round === currentRound ? "page" : undefined}>
          <span className="rounds__name">
            Round {r.round}
            {r.current && <span className="rounds__now"> · now</span>}
          </span>
          <span className="rounds__prompt">{r.promptTitle ?? "No prompt"}</span>
          <span className="rounds__links">
            {r.reportAvailable ? (
              <a
                className="rounds__link"
                href={reportPath(roomId, r.round)}
                data-testid={`report-link-${r.round}`}
                aria-label={`${r.released ? "Report" : "Preview report"} of round ${r.round}`}
              >
                {r.released ? "Report" : "Preview report"}
              </a>
            ) : (
              <span className="rounds__locked">{r.released ? "" : "Report not released yet"}</span>
            )}
            {replays && (
              <a
                className="rounds__link"
                href={replayPath(roomId, r.round)}
                data-testid={`replay-link-${r.round}`}
                aria-label={`Replay of round ${r.round}`}
              >
                Replay
              </a>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
};
