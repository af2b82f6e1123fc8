import type { ExcalidrawImperativeAPI, Collaborator, SocketId } from "@excalidraw/excalidraw/types";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { BoardPresence } from "@mockroom/shared";
import { readPeers, setLocalField } from "../../realtime/awareness.ts";
import { throttle } from "../../realtime/throttle.ts";
import { viewportOf } from "./viewport.ts";

/** Cursor and selection updates leave at most this often (each is a network message). */
const POINTER_PUBLISH_MS = 50;
/** Selections of huge groups are truncated for presence; the elements themselves are unaffected. */
const MAX_PUBLISHED_SELECTION = 200;

// Excalidraw brands collaborator keys as socket ids; ours are awareness client ids, unique per tab.
const socketIdOf = (clientId: number): SocketId => String(clientId) as SocketId;

/** Other people's cursors and selections, in the shape Excalidraw draws them. */
const collaboratorsOf = (awareness: Awareness): Map<SocketId, Collaborator> => {
  const out = new Map<SocketId, Collaborator>();
  for (const peer of readPeers(awareness)) {
    const board = peer.board;
    out.set(socketIdOf(peer.clientId), {
      id: peer.user.participantId,
      socketId: socketIdOf(peer.clientId),
      username: peer.user.name,
      color: { background: peer.user.colour, stroke: peer.user.colour },
      ...(board?.pointer ? { pointer: board.pointer, button: board.button } : {}),
      selectedElementIds: Object.fromEntries((board?.selected ?? []).map((id) => [id, true as const])),
    });
  }
  return out;
};

export interface PresenceHandlers {
  onPointerUpdate: (payload: {
    pointer: { x: number; y: number; tool: "pointer" | "laser" };
    button: "down" | "up";
  }) => void;
  onPointerLeave: () => void;
}

/** Publishes this person's pointer, selection and viewport; draws everyone else's. */
export const useBoardPresence = (api: ExcalidrawImperativeAPI | null, awareness: Awareness): PresenceHandlers => {
  const state = useRef<BoardPresence>({ pointer: null, button: "up", selected: [], viewport: null });
  const publish = useMemo(
    () => throttle(() => setLocalField(awareness, "board", state.current), POINTER_PUBLISH_MS),
    [awareness, state],
  );

  useEffect(() => {
    if (!api) return;
    const draw = () => api.updateScene({ collaborators: collaboratorsOf(awareness) });
    draw();
    awareness.on("change", draw);

    const offChange = api.onChange((_elements, appState) => {
      const selected = Object.keys(appState.selectedElementIds).slice(0, MAX_PUBLISHED_SELECTION);
      if (selected.join() !== state.current.selected.join()) {
        state.current = { ...state.current, selected };
        publish();
      }
    });
    const offScroll = api.onScrollChange((scrollX, scrollY, zoom) => {
      const { width, height } = api.getAppState();
      state.current = { ...state.current, viewport: viewportOf({ scrollX, scrollY, zoom: zoom.value, width, height }) };
      publish();
    });
    // Publish the starting viewport so others can follow before we ever scroll.
    const app = api.getAppState();
    state.current = { ...state.current, viewport: viewportOf({ ...app, zoom: app.zoom.value }) };
    publish();

    return () => {
      awareness.off("change", draw);
      offChange();
      offScroll();
      publish.cancel();
    };
  }, [api, awareness, publish, state]);

  const onPointerUpdate = useCallback<PresenceHandlers["onPointerUpdate"]>(
    ({ pointer, button }) => {
      state.current = { ...state.current, pointer: { x: pointer.x, y: pointer.y, tool: pointer.tool }, button };
      publish();
    },
    [publish, state],
  );
  const onPointerLeave = useCallback(() => {
    state.current = { ...state.current, pointer: null, button: "up" };
    publish();
  }, [publish, state]);

  return { onPointerUpdate, onPointerLeave };
};
