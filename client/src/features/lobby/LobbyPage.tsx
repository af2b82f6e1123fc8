import { CreateMockForm } from "./CreateMockForm.tsx";
import { InvitePanel } from "./InvitePanel.tsx";
import { RecentMocks } from "./RecentMocks.tsx";
import { useCreateMock } from "./use-create-mock.ts";
import "./lobby.css";

export const LobbyPage = () => {
  const { state, create, reset } = useCreateMock();
  return (
    <main className="lobby">
      <div className="lobby__intro">
        <h1 className="lobby__heading">Practice ML system design, together</h1>
        <p className="lobby__lede">
          Create a mock, send one link per person, and work on a shared whiteboard and code pad. Nothing to install;
          everything is saved as you go.
        </p>
      </div>
      <div className="lobby__grid">
        <div className="card">
          {state.kind === "created" ? (
            <InvitePanel room={state.room} onCreateAnother={reset} />
          ) : (
            <CreateMockForm
              busy={state.kind === "creating"}
              problem={state.kind === "editing" ? state.problem : null}
              onCreate={(d) => void create(d)}
            />
          )}
        </div>
        <div className="card card--quiet">
          <RecentMocks version={state.kind === "created" ? 1 : 0} />
        </div>
      </div>
    </main>
  );
};
