import { restoreElements } from "@excalidraw/excalidraw";
import type { ExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import { z } from "zod";
import type { BoardCodec } from "./board-model.ts";

const finite = z.number().finite();

/** The fields the merge and the renderer rely on; everything else is normalised by restoreElements. */
const ElementShape = z.looseObject({
  id: z.string().min(1).max(64),
  type: z.enum([
    "rectangle",
    "diamond",
    "ellipse",
    "arrow",
    "line",
    "freedraw",
    "text",
    "image",
    "frame",
    "magicframe",
    "embeddable",
    "iframe",
  ]),
  x: finite,
  y: finite,
  width: finite,
  height: finite,
  angle: finite,
  version: z.number().int().min(1),
  versionNonce: z.number().int(),
  index: z.string().max(256).nullable(),
  isDeleted: z.boolean(),
});

/**
 * A checked narrowing, not a cast: the value has every field we read. The rest is filled in or
 * normalised by `restoreElements`, Excalidraw's own sanitiser for untrusted scene data (files,
 * clipboard), which is typed with its output type.
 */
const isElementShaped = (value: unknown): value is ExcalidrawElement => ElementShape.safeParse(value).success;

export const excalidrawCodec: BoardCodec<ExcalidrawElement> = {
  decode(value) {
    if (!isElementShaped(value)) return null;
    // Fresh objects (restoreElement copies), versions kept: no local elements are passed, so it
    // never bumps them. Invisibly small elements (a shape at its first pointer-down) come back empty.
    return restoreElements([value], null, { refreshDimensions: false, repairBindings: false })[0] ?? null;
  },
  // The model stores JSON text (BRD2), which is already a copy.
  encode: (element) => element,
};
