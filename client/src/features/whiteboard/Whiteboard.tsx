import { Excalidraw, MainMenu } from "@excalidraw/excalidraw";
import "@excalidraw/excalidraw/index.css";
import type { ClipboardData } from "@excalidraw/excalidraw/clipboard";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useCallback, useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useToast } from "../../ui/index.ts";
import { readScene } from "./board-model.ts";
import { excalidrawCodec } from "./excalidraw-codec.ts";
import { useBoardBinding } from "./use-board-binding.ts";
import { useBoardPresence } from "./use-board-presence.ts";
import { useExcalifont } from "./use-excalifont.ts";
import { useFollow } from "./use-follow.ts";
import { useStarterDiagram, type StarterOptions } from "./use-starter-diagram.ts";

export interface WhiteboardProps {
  doc: Y.Doc;
  awareness: Awareness;
  canEdit: boolean;
  theme: "light" | "dark";
  /** Participant whose viewport to mirror, or null. */
  followParticipantId: string | null;
  /** The person moved the board themselves while following: the app should stop following (UI4). */
  onFollowInterrupted?: () => void;
  /** Lets the app shell read the rendered scene, for status and tests. */
  onSceneReader?: (reader: SceneReader | null) => void;
  /** The round's starter diagram, put on an empty board by an interviewer's client. */
  starter?: StarterOptions;
}

export interface SceneReader {
  /** Visible elements on screen. */
  count(): number;
  /** `id@version` of every visible element, sorted: equal on two screens means the same board. */
  signature(): string;
}

const UI_OPTIONS = {
  canvasActions: {
    // Files and scene import/export would bypass the shared board; images are not synced yet.
    loadScene: false,
    saveToActiveFile: false,
    export: false,
    clearCanvas: false,
    toggleTheme: null,
    saveAsImage: true,
    changeViewBackgroundColor: true,
  },
  tools: { image: false },
} as const;

/** Pasted images would live only on this device (binary files are not synced), so refuse them. */
const hasFiles = (data: ClipboardData): boolean => Object.keys(data.files ?? {}).length > 0;

/** The Excalidraw board bound to the round's Y.Doc. Loaded lazily (the chunk is ~1 MB). */
const NO_STARTER: StarterOptions = { elements: undefined, idPrefix: "", isInterviewer: false, synced: false };

const Whiteboard = ({
  doc,
  awareness,
  canEdit,
  theme,
  followParticipantId,
  onFollowInterrupted,
  onSceneReader,
  starter = NO_STARTER,
}: WhiteboardProps) => {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const toast = useToast();
  const fontReady = useExcalifont(api !== null);
  useBoardBinding(api, doc, canEdit);
  const presence = useBoardPresence(api, awareness);
  useFollow(api, awareness, followParticipantId, onFollowInterrupted);
  useStarterDiagram(api, doc, fontReady, starter);

  useEffect(() => {
    if (!api || !onSceneReader) return;
    onSceneReader({
      count: () => api.getSceneElements().length,
      signature: () =>
        api
          .getSceneElements()
          .map((e) => `${e.id}@${e.version}`)
          .sort()
          .join(","),
    });
    return () => onSceneReader(null);
  }, [api, onSceneReader]);

  // Excalidraw replaces its scene with `initialData` once it has mounted, after the API is handed
  // out, so the board's current state must come through here or it would be wiped on load.
  const initialData = useCallback(() => ({ elements: readScene(doc, excalidrawCodec), scrollToContent: true }), [doc]);

  const onPaste = useCallback(
    (data: ClipboardData) => {
      if (!hasFiles(data)) return true;
      toast({ message: "Images can't be shared on the board yet — draw or paste text instead." });
      return false;
    },
    [toast],
  );

  return (
    <div className="whiteboard" data-testid="whiteboard" onPointerLeave={presence.onPointerLeave}>
      <Excalidraw
        excalidrawAPI={setApi}
        initialData={initialData}
        theme={theme}
        viewModeEnabled={!canEdit}
        UIOptions={UI_OPTIONS}
        onPointerUpdate={presence.onPointerUpdate}
        onPaste={onPaste}
        aiEnabled={false}
        isCollaborating
        name="Mockroom board"
      >
        <MainMenu>
          <MainMenu.DefaultItems.SaveAsImage />
          <MainMenu.DefaultItems.SearchMenu />
          <MainMenu.DefaultItems.ChangeCanvasBackground />
          <MainMenu.DefaultItems.Help />
        </MainMenu>
      </Excalidraw>
      {!fontReady && (
        <div className="whiteboard__veil" role="status">
          Preparing the board…
        </div>
      )}
    </div>
  );
};

export default Whiteboard;
