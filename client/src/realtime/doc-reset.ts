import type * as Y from "yjs";
import { carryOver as carryOverWith } from "@mockroom/shared/yjs";

/**
 * Origin of both carry-over transactions (DOC13). Anything but the provider, so y-websocket sends
 * them; the SaveTracker counts updates with this origin as this tab's unsaved edits even though Yjs
 * applies the diff in a non-local transaction.
 */
export const CARRY_OVER_ORIGIN = { docReset: "carry-over" } as const;

/** Moves this tab's edits from a reset doc into its fresh replacement (see shared `carryOver`). */
export const carryOver = (from: Y.Doc, to: Y.Doc): void => carryOverWith(from, to, CARRY_OVER_ORIGIN);
