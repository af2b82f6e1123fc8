import { CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { NormalizedZoomValue } from "@excalidraw/excalidraw/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";
import { readPeers } from "../../realtime/awareness.ts";
import { FollowEcho, scrollFor } from "./viewport.ts";

// The viewport zoom was range-checked when the awareness state was parsed; Excalidraw brands it.
const asZoom = (value: number): NormalizedZoomValue => value as NormalizedZoomValue;

/**
 * While following someone, mirror their viewport whenever they publish it. If the follower
 * scrolls, pans or zooms the board themselves, `onOwnMove` is called: they want their own view
 * back, so the app stops following (UI4).
 */
export const useFollow = (
  api: ExcalidrawImperativeAPI | null,
  awareness: Awareness,
  participantId: string | null,
  onOwnMove?: () => void,
): void => {
  // Read through a ref so a new callback identity does not restart following.
  const ownMove = useRef(onOwnMove);
  ownMove.current = onOwnMove;

  useEffect(() => {
    if (!api || !participantId) return;
    let last = "";
    const echo = new FollowEcho();
    const apply = () => {
      const vp = readPeers(awareness).find((p) => p.user.participantId === participantId)?.board?.viewport;
      if (!vp) return;
      const key = `${vp.cx}:${vp.cy}:${vp.zoom}`;
      if (key === last) return;
      last = key;
      const { width, height } = api.getAppState();
      const scroll = scrollFor(vp, { width, height });
      echo.applying({ ...scroll, zoom: vp.zoom });
      api.updateScene({
        appState: { ...scroll, zoom: { value: asZoom(vp.zoom) } },
        captureUpdate: CaptureUpdateAction.NEVER,
      });
    };
    apply();
    awareness.on("change", apply);
    const offScroll = api.onScrollChange((scrollX, scrollY, zoom) => {
      if (echo.isOwnMove({ scrollX, scrollY, zoom: zoom.value })) ownMove.current?.();
    });
    return () => {
      awareness.off("change", apply);
      offScroll();
    };
  }, [api, awareness, participantId]);
};
