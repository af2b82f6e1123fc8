import { canEditDocs } from "@mockroom/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { useAudio } from "../../features/audio/index.ts";
import { CodePad } from "../../features/code-pad/index.ts";
import { useCockpit } from "../../features/scoring/index.ts";
import { RecordingIndicator, useRecording } from "../../features/recording/index.ts";
import { replayPath } from "../../features/replay/index.ts";
import { AgendaTimer } from "../../features/timer/index.ts";
import { WhiteboardPane, starterIdPrefix, type SceneReader } from "../../features/whiteboard/index.ts";
import { useStore, type RoomSession } from "../../realtime/index.ts";
import { loadLayout, saveLayout, type LayoutPrefs, type RoomCredentials } from "../../session/index.ts";
import { LinkButton, useToast } from "../../ui/index.ts";
import { problemCopy } from "../../common/index.ts";
import { useTheme } from "../theme.tsx";
import { CockpitPanel } from "./CockpitPanel.tsx";
import { FollowBanner } from "./FollowBanner.tsx";
import { ShortcutsDialog } from "./ShortcutsDialog.tsx";
import { SidePanel } from "./SidePanel.tsx";
import { TopBar } from "./TopBar.tsx";
import { Workspace, type WorkspaceTab } from "./Workspace.tsx";
import { useRoomShortcuts } from "./shortcuts.ts";
import { useLeaveGuard } from "./use-leave-guard.ts";
import { installTestHook } from "./test-hook.ts";
import "./room.css";

const focusFirst = (paneId: string, selector: string) => {
  const el = document.getElementById(paneId)?.querySelector<HTMLElement>(selector);
  el?.focus();
};

/** Surfaces the server's non-fatal notices (a refused edit, a rate limit) as toasts. */
const useNotices = (session: RoomSession) => {
  const notice = useStore(session.notice);
  const toast = useToast();
  useEffect(() => {
    if (notice) toast({ message: problemCopy(notice.code).hint, tone: "danger" });
  }, [notice, toast]);
};

/** The room: top bar, board + pad, side panel. The place where features meet. */
const RoomShell = ({ session, credentials }: { session: RoomSession; credentials: RoomCredentials }) => {
  const state = useStore(session.room);
  const conn = useStore(session.doc);
  const docStatus = useStore(conn.status);
  const { effective: theme } = useTheme();
  const me = state.participants.find((p) => p.id === credentials.participantId);
  const role = me?.role ?? credentials.role;
  const canEdit = canEditDocs(role);
  const audio = useAudio({
    roomId: state.room.id,
    participantId: credentials.participantId,
    token: credentials.token,
    socket: session.control,
    canPublish: role !== "observer",
  });
  const recording = useRecording({
    socket: session.control,
    roomId: state.room.id,
    participantId: credentials.participantId,
    token: credentials.token,
    canRecord: role !== "observer",
  });

  const [layout, setLayout] = useState<LayoutPrefs>(loadLayout);
  const updateLayout = useCallback((patch: Partial<LayoutPrefs>) => {
    setLayout((l) => {
      const next = { ...l, ...patch };
      saveLayout(next);
      return next;
    });
  }, []);
  const [tab, setTab] = useState<WorkspaceTab>("board");
  const [following, setFollowing] = useState<string | null>(null);
  const stopFollowing = useCallback(() => setFollowing(null), []);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  const sceneReader = useRef<SceneReader | null>(null);
  const onSceneReader = useCallback((reader: SceneReader | null) => {
    sceneReader.current = reader;
  }, []);
  useEffect(() => installTestHook(session, () => sceneReader.current), [session]);
  useNotices(session);
  const save = useStore(session.save);
  useLeaveGuard(save !== "saved" || recording.view.pending > 0);
  const cockpit = useCockpit(session.control);
  const openSidePanel = useCallback(() => updateLayout({ sidePanelOpen: true }), [updateLayout]);

  // Stop following someone who left the room.
  const followed = following ? state.participants.find((p) => p.id === following && p.online) : undefined;
  useEffect(() => {
    if (following && !followed) stopFollowing();
  }, [following, followed, stopFollowing]);

  useRoomShortcuts({
    focusBoard: () => {
      setTab("board");
      requestAnimationFrame(() => focusFirst("board-pane", ".excalidraw-container, .excalidraw"));
    },
    focusPad: () => {
      setTab("code");
      requestAnimationFrame(() => focusFirst("pad-pane", ".cm-content"));
    },
    toggleSidePanel: () => updateLayout({ sidePanelOpen: !layout.sidePanelOpen }),
    showShortcuts: () => setShortcutsOpen(true),
    escape: () => {
      if (!following) return false;
      stopFollowing();
      return true;
    },
  });

  return (
    <div className="room" data-testid="room" data-role={role}>
      <TopBar
        session={session}
        audio={audio}
        state={state}
        meId={credentials.participantId}
        role={role}
        followingId={following}
        onFollow={setFollowing}
        sidePanelOpen={layout.sidePanelOpen}
        onToggleSidePanel={() => updateLayout({ sidePanelOpen: !layout.sidePanelOpen })}
        onShowShortcuts={() => setShortcutsOpen(true)}
        recording={
          <>
            <RecordingIndicator
              model={recording.model}
              view={recording.view}
              participants={state.participants}
              isInterviewer={role === "interviewer"}
              canRecord={role !== "observer"}
            />
            <LinkButton
              href={replayPath(state.room.id, state.room.round)}
              size="sm"
              variant="ghost"
              data-testid="open-replay"
            >
              Replay
            </LinkButton>
          </>
        }
        agenda={
          cockpit.view.round && (
            <AgendaTimer
              round={cockpit.view.round}
              clockOffsetMs={cockpit.view.clockOffsetMs}
              canAdvance={cockpit.view.cockpit !== null}
              onAdvance={(to) => cockpit.model.advance(to)}
            />
          )
        }
      />
      <div className="room__body">
        <main className="room__main" aria-label="Workspace">
          {followed && <FollowBanner name={followed.name} onStop={stopFollowing} />}
          <Workspace
            ratio={layout.split}
            onRatioChange={(split) => updateLayout({ split })}
            tab={tab}
            onTabChange={setTab}
            board={
              <WhiteboardPane
                key={conn.docId}
                doc={conn.doc}
                awareness={conn.awareness}
                canEdit={canEdit}
                theme={theme}
                followParticipantId={followed ? followed.id : null}
                onFollowInterrupted={stopFollowing}
                onSceneReader={onSceneReader}
                starter={{
                  // Only the prompt of the round this doc belongs to (a round:state can lag a round change).
                  elements:
                    cockpit.view.round?.round === conn.round ? cockpit.view.round.prompt?.starterDiagram : undefined,
                  idPrefix: starterIdPrefix(state.room.id, conn.round),
                  isInterviewer: role === "interviewer",
                  synced: docStatus.synced,
                }}
              />
            }
            pad={<CodePad key={conn.docId} doc={conn.doc} awareness={conn.awareness} canEdit={canEdit} theme={theme} />}
          />
        </main>
        <SidePanel role={role} open={layout.sidePanelOpen} onClose={() => updateLayout({ sidePanelOpen: false })}>
          <CockpitPanel
            model={cockpit.model}
            view={cockpit.view}
            role={role}
            roomId={credentials.roomId}
            token={credentials.token}
            participants={state.participants}
            openPanel={openSidePanel}
          />
        </SidePanel>
      </div>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </div>
  );
};

export default RoomShell;
