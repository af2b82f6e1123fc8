import { CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { ExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useRef } from "react";
import type * as Y from "yjs";
import { throttle } from "../../realtime/throttle.ts";
import { BoardModel } from "./board-model.ts";
import { excalidrawCodec } from "./excalidraw-codec.ts";

/**
 * Local edits leave at most this often. A drag fires onChange every frame; each write is one
 * network message and the server rate-limits messages per connection.
 */
const LOCAL_FLUSH_MS = 50;
/** Remote bursts (a peer dragging) are applied to the scene at most once per frame-ish tick. */
const REMOTE_APPLY_MS = 16;

/** Binds an Excalidraw instance to the round's board map through the framework-free BoardModel. */
export const useBoardBinding = (api: ExcalidrawImperativeAPI | null, doc: Y.Doc, canEdit: boolean): void => {
  const modelRef = useRef<BoardModel<ExcalidrawElement> | null>(null);
  const canEditRef = useRef(canEdit);
  canEditRef.current = canEdit;

  useEffect(() => {
    if (!api) return;
    const model = new BoardModel(doc, excalidrawCodec, canEditRef.current);
    modelRef.current = model;

    const applyRemote = () => {
      const elements = model.reconcile(api.getSceneElementsIncludingDeleted());
      // NEVER: a remote edit must not land on this person's undo stack.
      api.updateScene({ elements, captureUpdate: CaptureUpdateAction.NEVER });
    };
    // A timer rather than requestAnimationFrame: rAF stops in background tabs, and a hidden tab
    // must still merge (and re-assert) so that it converges with everyone else.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const scheduleRemote = () => {
      timer ??= setTimeout(() => {
        timer = null;
        applyRemote();
      }, REMOTE_APPLY_MS);
    };
    const pushLocal = throttle(() => model.pushLocal(api.getSceneElementsIncludingDeleted()), LOCAL_FLUSH_MS);

    const offRemote = model.onRemoteChange(scheduleRemote);
    const offChange = api.onChange(() => pushLocal());
    applyRemote();

    return () => {
      pushLocal.flush();
      offChange();
      offRemote();
      if (timer) clearTimeout(timer);
      model.destroy();
      modelRef.current = null;
    };
  }, [api, doc]);

  useEffect(() => {
    modelRef.current?.setCanWrite(canEdit);
  }, [canEdit]);
};
