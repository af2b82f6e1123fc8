/**
 * Board merge rules, shared by the client binding, the server's replay keyframes and tests.
 * The board is a Y.Map keyed by element id whose values are whole Excalidraw elements, each stored
 * as one JSON string (BRD2, below). Y.Map's own
 * conflict rule (by client id) could keep the *older* of two concurrent writes, so every reader
 * resolves with the rule below and writers re-assert a winning local element (see whiteboard model).
 */
export interface BoardElementLike {
  id: string;
  version: number;
  versionNonce: number;
  /** Fractional index (z-order); null only for elements created by very old clients. */
  index?: string | null;
  isDeleted?: boolean;
}

/** True if `candidate` should replace `current`: higher version wins, ties go to the lower nonce. */
export const supersedes = (candidate: BoardElementLike, current: BoardElementLike | undefined): boolean => {
  if (!current) return true;
  if (candidate.version !== current.version) return candidate.version > current.version;
  return candidate.versionNonce < current.versionNonce;
};

/** Scene order: by fractional index, then id, so every peer renders the same stack. */
export const compareZ = (a: BoardElementLike, b: BoardElementLike): number => {
  const ai = a.index ?? "";
  const bi = b.index ?? "";
  if (ai !== bi) return ai < bi ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

export const orderScene = <T extends BoardElementLike>(elements: Iterable<T>): T[] => [...elements].sort(compareZ);

/** Elements a person can see (deletions are tombstones so a delete can win against a concurrent move). */
export const visibleElements = <T extends BoardElementLike>(elements: Iterable<T>): T[] =>
  orderScene([...elements].filter((e) => !e.isDeleted));

/**
 * BRD2: the map value for one element is its JSON text. Yjs then stores, sends and decodes it as
 * one string instead of one lib0 value per field: applying a peer's move, loading a board and the
 * server's integration all skip a per-field decode, and JSON.parse is native. Strings are also
 * immutable, so no copy is needed to keep the editor's in-place edits away from the map.
 */
export const encodeBoardValue = (element: object): string => JSON.stringify(element);

/**
 * The element object a board map value holds, or null if it holds none. Accepts the JSON text
 * written since BRD2 and the plain objects rounds recorded before it. Fields are not checked here:
 * each reader validates what it relies on (the client codec, the replay decoder).
 */
export const decodeBoardValue = (raw: unknown): object | null => {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : null;
};
