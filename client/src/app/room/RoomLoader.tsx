import { Suspense, lazy, useEffect, useState } from "react";
import { ErrorScreen, type Problem } from "../../common/index.ts";
import { RoomSession, useStore } from "../../realtime/index.ts";
import { ApiError, fetchRoomState, rememberMock, type RoomCredentials } from "../../session/index.ts";
import { Button, Spinner } from "../../ui/index.ts";
import { PageLayout } from "../PageLayout.tsx";

// The room (CodeMirror, the board wrapper, Yjs bindings) is its own chunk; the lobby never loads it.
const RoomShell = lazy(() => import("./RoomShell.tsx"));

/** Problems that mean "this participant token is done"; the route sends people back to join. */
const SESSION_PROBLEMS: ReadonlySet<Problem> = new Set([
  "unauthorized",
  "token_expired",
  "token_invalid",
  "wrong_room",
]);

type LoadState = { kind: "loading" } | { kind: "failed"; problem: Problem } | { kind: "ready"; session: RoomSession };

export interface RoomLoaderProps {
  credentials: RoomCredentials;
  onSessionLost: (problem: Problem) => void;
}

const Loading = ({ label }: { label: string }) => (
  <div className="room-loading" role="status">
    <Spinner label={label} />
    <span>{label}</span>
  </div>
);

/** Fetches the room's state with the participant token, then opens the live session. */
export const RoomLoader = ({ credentials, onSessionLost }: RoomLoaderProps) => {
  const [state, setState] = useState<LoadState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let session: RoomSession | null = null;
    setState({ kind: "loading" });
    fetchRoomState(credentials.roomId, credentials.token).then(
      (initialState) => {
        if (cancelled) return;
        session = new RoomSession({
          origin: window.location.origin,
          roomId: credentials.roomId,
          participantId: credentials.participantId,
          token: credentials.token,
          initialState,
        });
        rememberMock({
          roomId: initialState.room.id,
          title: initialState.room.title,
          roundType: initialState.room.roundType,
          role: credentials.role,
          lastOpenedAt: Date.now(),
        });
        setState({ kind: "ready", session });
      },
      (e: unknown) => {
        if (cancelled) return;
        const problem: Problem = e instanceof ApiError ? e.code : "network";
        if (SESSION_PROBLEMS.has(problem)) onSessionLost(problem);
        else setState({ kind: "failed", problem });
      },
    );
    return () => {
      cancelled = true;
      session?.destroy();
    };
  }, [credentials, attempt, onSessionLost]);

  if (state.kind === "loading") return <Loading label="Opening the room…" />;
  if (state.kind === "failed") {
    return (
      <PageLayout>
        <ErrorScreen
          problem={state.problem}
          actions={
            state.problem === "room_not_found" ? undefined : (
              <Button variant="primary" onClick={() => setAttempt((a) => a + 1)}>
                Try again
              </Button>
            )
          }
        />
      </PageLayout>
    );
  }
  return <LiveRoom session={state.session} credentials={credentials} onSessionLost={onSessionLost} />;
};

const LiveRoom = ({ session, credentials, onSessionLost }: { session: RoomSession } & RoomLoaderProps) => {
  const failure = useStore(session.failure);
  const sessionProblem = failure !== null && SESSION_PROBLEMS.has(failure);
  useEffect(() => {
    if (failure && SESSION_PROBLEMS.has(failure)) onSessionLost(failure);
  }, [failure, onSessionLost]);

  if (sessionProblem) return <Loading label="Your session ended…" />;
  if (failure) {
    return (
      <PageLayout>
        <ErrorScreen
          problem={failure}
          actions={
            <Button variant="primary" onClick={() => window.location.reload()}>
              Reload
            </Button>
          }
        />
      </PageLayout>
    );
  }
  return (
    <Suspense fallback={<Loading label="Opening the room…" />}>
      <RoomShell session={session} credentials={credentials} />
    </Suspense>
  );
};
