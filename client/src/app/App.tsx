import { Suspense, lazy } from "react";
import { ErrorScreen } from "../common/index.ts";
import { LobbyPage } from "../features/lobby/index.ts";
import { arrivedInvite, roomIdFromPath } from "../features/join/index.ts";
import { loadReportPage, reportPathOf } from "../features/report/index.ts";
import { loadReplayPage, replayRouteFromPath } from "../features/replay/index.ts";
import { Spinner, ToastProvider } from "../ui/index.ts";
import { PageLayout } from "./PageLayout.tsx";
import { RoomRoute } from "./RoomRoute.tsx";
import { usePathname } from "./router.ts";
import { ThemeProvider } from "./theme.tsx";
import "./app.css";

// The report and the replay are their own chunks, so the lobby and the room never download them.
const ReportPage = lazy(() => loadReportPage().then((m) => ({ default: m.ReportPage })));
const ReplayPage = lazy(() => loadReplayPage().then((m) => ({ default: m.ReplayPage })));

const PageLoading = ({ label }: { label: string }) => (
  <div className="page-loading" role="status">
    <Spinner label={label} />
    <span>{label}</span>
  </div>
);

const Routes = () => {
  const pathname = usePathname();
  if (pathname === "/") {
    return (
      <PageLayout>
        <LobbyPage />
      </PageLayout>
    );
  }
  const replay = replayRouteFromPath(pathname);
  if (replay)
    return (
      <Suspense fallback={<PageLoading label="Loading the replay" />}>
        <ReplayPage key={pathname} roomId={replay.roomId} round={replay.round} />
      </Suspense>
    );
  const report = reportPathOf(pathname);
  if (report) {
    return (
      <PageLayout>
        <Suspense fallback={<PageLoading label="Loading the report" />}>
          <ReportPage key={pathname} roomId={report.roomId} round={report.round} />
        </Suspense>
      </PageLayout>
    );
  }
  const roomId = roomIdFromPath(pathname);
  if (roomId === undefined || roomId === null) {
    return (
      <PageLayout>
        <ErrorScreen problem={roomId === null ? "room_not_found" : "page_not_found"} />
      </PageLayout>
    );
  }
  // A new invite for the same room (pasted into the address bar) starts the route afresh.
  return <RoomRoute key={`${roomId}:${arrivedInvite(roomId) ?? ""}`} roomId={roomId} />;
};

export const App = () => (
  <ThemeProvider>
    <ToastProvider>
      <Routes />
    </ToastProvider>
  </ThemeProvider>
);
