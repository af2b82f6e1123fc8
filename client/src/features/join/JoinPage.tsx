import { ErrorScreen } from "../../common/index.ts";
import type { RoomCredentials } from "../../session/index.ts";
import { Button, Spinner } from "../../ui/index.ts";
import { JoinForm } from "./JoinForm.tsx";
import { useJoin } from "./use-join.ts";
import "./join.css";

export interface JoinPageProps {
  roomId: string;
  invite: string;
  notice?: string | null;
  onJoined: (credentials: RoomCredentials) => void;
}

export const JoinPage = ({ roomId, invite, notice, onJoined }: JoinPageProps) => {
  const { state, join, retry } = useJoin(roomId, invite, onJoined);
  if (state.kind === "inspecting") {
    return (
      <main className="join">
        <div className="join__card join__card--busy" role="status">
          <Spinner label="Checking your invite" />
          <span>Checking your invite…</span>
        </div>
      </main>
    );
  }
  if (state.kind === "failed") {
    const retryable = state.problem === "network" || state.problem === "unavailable" || state.problem === "internal";
    return (
      <ErrorScreen
        problem={state.problem}
        actions={
          retryable ? (
            <Button variant="primary" onClick={retry}>
              Try again
            </Button>
          ) : undefined
        }
      />
    );
  }
  return (
    <JoinForm
      info={state.info}
      joining={state.joining}
      problem={state.problem}
      notice={notice}
      onJoin={(n) => void join(n)}
    />
  );
};
