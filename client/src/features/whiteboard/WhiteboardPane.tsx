import { Suspense, lazy } from "react";
import { ErrorBoundary, Spinner } from "../../ui/index.ts";
import type { WhiteboardProps } from "./Whiteboard.tsx";
import "./whiteboard.css";

// The Excalidraw chunk (~1 MB) loads only when a room opens, never on the lobby or join pages.
const Whiteboard = lazy(() => import("./Whiteboard.tsx"));

const Loading = () => (
  <div className="whiteboard whiteboard--placeholder" role="status">
    <Spinner label="Loading the board" />
    <span>Loading the board…</span>
  </div>
);

const Failed = () => (
  <div className="whiteboard whiteboard--placeholder" role="alert">
    <p>The board could not load. Check your connection, then reload the page.</p>
    <button type="button" className="btn btn--secondary btn--sm" onClick={() => window.location.reload()}>
      Reload
    </button>
  </div>
);

export const WhiteboardPane = (props: WhiteboardProps) => (
  <ErrorBoundary fallback={() => <Failed />}>
    <Suspense fallback={<Loading />}>
      <Whiteboard {...props} />
    </Suspense>
  </ErrorBoundary>
);
