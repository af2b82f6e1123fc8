import { convertToExcalidrawElements } from "@excalidraw/excalidraw";
import type { ExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { DocKey, type StarterElement } from "@mockroom/shared";
import { useEffect } from "react";
import type * as Y from "yjs";
import { excalidrawCodec } from "./excalidraw-codec.ts";
import { insertStarter, shouldInsertStarter, stabilize, starterSkeletons } from "./starter.ts";

export interface StarterOptions {
  /** The round's prompt's starter diagram, if it has one. */
  elements: readonly StarterElement[] | undefined;
  /** `starterIdPrefix(room, round)`: the same in every browser, so concurrent inserts collapse. */
  idPrefix: string;
  /** Only interviewers insert it (candidates and observers just receive it). */
  isInterviewer: boolean;
  /** The doc has the server's state: "empty" means empty on the server, not just not loaded yet. */
  synced: boolean;
}

/** Puts the prompt's starter diagram on an empty board, once (see starter.ts). */
export const useStarterDiagram = (
  api: ExcalidrawImperativeAPI | null,
  doc: Y.Doc,
  fontReady: boolean,
  { elements, idPrefix, isInterviewer, synced }: StarterOptions,
): void => {
  useEffect(() => {
    const map = doc.getMap<unknown>(DocKey.Board);
    const ready = () =>
      api !== null &&
      shouldInsertStarter({ isInterviewer, synced, fontReady, boardEntries: map.size, starter: elements });
    if (!ready() || !elements) return;
    // Text is measured here with the loaded font (fontReady), so every browser computes the same widths.
    const converted = convertToExcalidrawElements(starterSkeletons(elements, idPrefix), { regenerateIds: false });
    const stable: ExcalidrawElement[] = stabilize(converted, idPrefix);
    insertStarter(map, stable, excalidrawCodec.encode);
    // The binding sees the map change like any remote edit and renders it; bring it into view.
    const t = setTimeout(
      () => api?.scrollToContent(undefined, { fitToViewport: true, viewportZoomFactor: 0.8, animate: false }),
      100,
    );
    return () => clearTimeout(t);
  }, [api, doc, fontReady, elements, idPrefix, isInterviewer, synced]);
};
