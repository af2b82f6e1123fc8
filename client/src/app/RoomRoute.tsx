import { useCallback, useState } from "react";
import { ErrorScreen, type Problem } from "../common/index.ts";
import { JoinPage, arrivedInvite, decideEntry, type Entry } from "../features/join/index.ts";
import { clearCredentials, loadCredentials, loadInvite, type RoomCredentials } from "../session/index.ts";
import { PageLayout } from "./PageLayout.tsx";
import { RoomLoader } from "./room/RoomLoader.tsx";

const currentEntry = (roomId: string): Entry =>
  decideEntry({ credentials: loadCredentials(roomId), arrived: arrivedInvite(roomId), stored: loadInvite(roomId) });

const SESSION_ENDED: Partial<Record<Problem, string>> = {
  token_expired: "Your session in this room expired. Join again to carry on where you left off.",
  token_invalid: "Your session in this room is no longer valid. Join again to carry on.",
  unauthorized: "Your session in this room ended. Join again to carry on.",
};

/** `/r/:roomId`: straight into the room with a stored participant, else the join page, else an explanation. */
export const RoomRoute = ({ roomId }: { roomId: string }) => {
  const [entry, setEntry] = useState<Entry>(() => currentEntry(roomId));
  const [notice, setNotice] = useState<string | null>(null);

  const onJoined = useCallback((credentials: RoomCredentials) => setEntry({ kind: "room", credentials }), []);
  const onSessionLost = useCallback(
    (problem: Problem) => {
      clearCredentials(roomId);
      setNotice(SESSION_ENDED[problem] ?? SESSION_ENDED.unauthorized ?? null);
      setEntry(currentEntry(roomId));
    },
    [roomId],
  );

  switch (entry.kind) {
    case "room":
      return <RoomLoader credentials={entry.credentials} onSessionLost={onSessionLost} />;
    case "join":
      return (
        <PageLayout>
          <JoinPage roomId={roomId} invite={entry.invite} notice={notice} onJoined={onJoined} />
        </PageLayout>
      );
    case "no-invite":
      return (
        <PageLayout>
          <ErrorScreen problem={notice ? "unauthorized" : "no_invite"} />
        </PageLayout>
      );
  }
};
