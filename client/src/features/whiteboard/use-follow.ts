import { CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { NormalizedZoomValue } from "@excalidraw/excalidraw/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect } from "react";
import type { Awareness } from "y-protocols/awareness";
import { readPeers } from "../../realtime/awareness.ts";
import { scrollFor } from "./viewport.ts";

// The viewport zoom was range-checked when the awareness state was parsed; Excalidraw brands it.
const asZoom = (value: number): NormalizedZoomValue => value as NormalizedZoomValue;

/** While following someone, mirror their viewport whenever they publish it. */
export const useFollow = (
  api: ExcalidrawImperativeAPI | null,
  awareness: Awareness,
  participantId: string | null,
): void => {
  useEffect(() => {
    if (!api || !participantId) return;
    let last = "";
    const apply = () => {
      const vp = readPeers(awareness).find((p) => p.user.participantId === participantId)?.board?.viewport;
      if (!vp) return;
      const key = `${vp.cx}:${vp.cy}:${vp.zoom}`;
      if (key === last) return;
      last = key;
      const { width, height } = api.getAppState();
      api.updateScene({
        appState: { ...scrollFor(vp, { width, height }), zoom: { value: asZoom(vp.zoom) } },
        captureUpdate: CaptureUpdateAction.NEVER,
      });
    };
    apply();
    awareness.on("change", apply);
    return () => awareness.off("change", apply);
  }, [api, awareness, participantId]);
};
