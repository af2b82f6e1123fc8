import { encodeBoardValue, type StarterElement } from "@mockroom/shared";
import type * as Y from "yjs";

/**
 * The prompt's starter diagram, put on an empty board once when a round has a prompt. Framework-
 * and Excalidraw-free, so it can be tested in Node; the conversion itself
 * (`convertToExcalidrawElements`) runs in the lazily loaded board chunk.
 *
 * Exactly once, even with two interviewers' tabs racing: every element's id is derived from the
 * room, the round and its position in the prompt, and its versionNonce and seed from that id. Two
 * concurrent inserts therefore write the same keys with the same version stamps, and the Y.Map
 * collapses them into one copy of each (board merge rule: same version, same nonce, same element).
 */

/** The skeleton shape `convertToExcalidrawElements` takes, reduced to what a starter element uses. */
export type StarterSkeleton =
  | {
      type: "rectangle" | "ellipse" | "diamond";
      id: string;
      x: number;
      y: number;
      width: number;
      height: number;
      label?: { text: string };
    }
  | { type: "text"; id: string; x: number; y: number; text: string }
  | {
      type: "arrow";
      id: string;
      x: number;
      y: number;
      width: number;
      height: number;
      /** Explicit: the converter replaces a 0 width or height (a straight arrow) with its default of 100. */
      points: [number, number][];
      label?: { text: string };
    };

/**
 * Where the diagram's origin lands on the board: clear of Excalidraw's toolbar (top) and menu
 * (left) in everyone's initial viewport, which starts at the scene origin.
 */
export const STARTER_OFFSET = { x: 96, y: 144 } as const;

/** Element ids are at most 64 characters (excalidraw-codec.ts); room ids are short slugs. */
export const starterIdPrefix = (roomId: string, round: number): string => `st-${roomId}-${round}`;
const elementId = (prefix: string, i: number) => `${prefix}-${i}`;
const labelId = (prefix: string, i: number) => `${prefix}-${i}t`;

export const starterSkeletons = (starter: readonly StarterElement[], prefix: string): StarterSkeleton[] =>
  starter.map((el, i): StarterSkeleton => {
    const id = elementId(prefix, i);
    const label = el.text ? { label: { text: el.text } } : {};
    const x = el.x + STARTER_OFFSET.x;
    const y = el.y + STARTER_OFFSET.y;
    if (el.type === "text") return { type: "text", id, x, y, text: el.text ?? "" };
    if (el.type === "arrow") {
      const points: [number, number][] = [
        [0, 0],
        [el.width, el.height],
      ];
      return { type: "arrow", id, x, y, width: el.width, height: el.height, points, ...label };
    }
    return { type: el.type, id, x, y, width: el.width, height: el.height, ...label };
  });

/** FNV-1a: a stable 31-bit number from a string (nonces and seeds must match across browsers). */
export const stableInt = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 2 ** 31;
};

/** The fields of a converted element that `stabilize` reads or rewrites. */
export interface ConvertedElement {
  id: string;
  version: number;
  versionNonce: number;
  seed: number;
  containerId?: string | null;
  boundElements?: readonly { id: string; type: string }[] | null;
}

/**
 * Makes the converter's output identical in every browser: the labels it creates get ids derived
 * from their container's, references follow, and nonces and seeds come from the ids.
 */
export const stabilize = <T extends ConvertedElement>(elements: readonly T[], prefix: string): T[] => {
  const rename = new Map<string, string>();
  for (const el of elements) {
    if (el.containerId && !rename.has(el.id)) {
      const i = Number(el.containerId.slice(prefix.length + 1));
      if (el.containerId.startsWith(`${prefix}-`) && Number.isInteger(i)) rename.set(el.id, labelId(prefix, i));
    }
  }
  const idOf = (id: string) => rename.get(id) ?? id;
  return elements.map((el) => {
    const id = idOf(el.id);
    return {
      ...el,
      id,
      versionNonce: stableInt(`${id}:nonce`),
      seed: stableInt(`${id}:seed`),
      ...(el.containerId ? { containerId: idOf(el.containerId) } : {}),
      ...(el.boundElements ? { boundElements: el.boundElements.map((b) => ({ ...b, id: idOf(b.id) })) } : {}),
    };
  });
};

/** Whether this client should put the starter diagram on the board now. */
export const shouldInsertStarter = (s: {
  isInterviewer: boolean;
  synced: boolean;
  fontReady: boolean;
  boardEntries: number;
  starter: readonly StarterElement[] | undefined;
}): boolean => s.isInterviewer && s.synced && s.fontReady && s.boardEntries === 0 && (s.starter?.length ?? 0) > 0;

/**
 * Writes the elements into the board map in one transaction, only if the map is still empty (a
 * tombstone counts: a board someone cleared is not "empty"). Returns whether it wrote.
 */
export const insertStarter = <T extends { id: string }>(
  map: Y.Map<unknown>,
  elements: readonly T[],
  encode: (el: T) => object,
): boolean => {
  if (map.size > 0 || elements.length === 0) return false;
  const doc = map.doc;
  const write = () => {
    for (const el of elements) map.set(el.id, encodeBoardValue(encode(el)));
  };
  if (doc) doc.transact(write, { board: "starter" });
  else write();
  return true;
};
