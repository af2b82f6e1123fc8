import * as Y from "yjs";
import { DocKey, MetaKey, decodeBoardValue, type DocChange, type TimelineElement } from "@mockroom/shared";
import type { LoggedUpdate } from "../persistence/ports.ts";
import { TextDeltaTracker } from "./text-delta.ts";

/**
 * Turns a round's Yjs update log into visible-state changes (RPL1). Each logged update is applied, in
 * log order, to a private Y.Doc; observers record which board keys it changed (with their new
 * values), the pad delta and a language change. Replaying these changes in order rebuilds exactly
 * the board map and pad text the live document held after each update, without Yjs on the player.
 *
 * The decoder is incremental: a live round's replay is asked for again and again, so it keeps its
 * doc and only applies entries past the last seq it saw.
 */
export class DocChangeDecoder {
  readonly doc = new Y.Doc();
  readonly changes: DocChange[] = [];
  lastSeq = 0;
  private current: DocChange | null = null;

  constructor() {
    const board = this.doc.getMap<unknown>(DocKey.Board);
    const pad = this.doc.getText(DocKey.Pad);
    const meta = this.doc.getMap<unknown>(DocKey.Meta);
    board.observe((event) => {
      if (!this.current) return;
      const writes: [string, TimelineElement | null][] = [];
      for (const key of event.keysChanged) {
        const value = board.get(key);
        writes.push([key, asElement(key, value)]);
      }
      this.current.b = [...(this.current.b ?? []), ...writes];
    });
    // Not event.delta: it walks the whole text on every update (quadratic over a session).
    const deltas = new TextDeltaTracker(pad);
    pad.observe((event) => {
      if (!this.current) return;
      const ops = deltas.deltaOf(event);
      if (ops.length > 0) this.current.p = ops;
    });
    meta.observe((event) => {
      if (!this.current || !event.keysChanged.has(MetaKey.Language)) return;
      const lang = meta.get(MetaKey.Language);
      if (typeof lang === "string") this.current.l = lang.slice(0, 32);
    });
  }

  /** Applies log entries with seq > lastSeq, appending one change per entry that changed anything. */
  apply(entries: readonly LoggedUpdate[]): void {
    for (const e of entries) {
      if (e.seq <= this.lastSeq) continue;
      this.lastSeq = e.seq;
      const change: DocChange = { t: e.ts, a: e.authorId };
      this.current = change;
      try {
        Y.applyUpdate(this.doc, e.update);
      } catch {
        // The server only logs updates it applied successfully; a bad entry here means a damaged
        // log. Skip it rather than lose the whole replay.
      } finally {
        this.current = null;
      }
      if (change.b || change.p || change.l !== undefined) this.changes.push(change);
    }
  }
}

/**
 * Board values are whole Excalidraw elements written by clients. Anything without the fields the
 * player needs is treated as absent, the same as a client's codec would drop it.
 */
export const asElement = (key: string, raw: unknown): TimelineElement | null => {
  // JSON text since BRD2, a plain object in rounds recorded before.
  const value = decodeBoardValue(raw);
  if (value === null) return null;
  const v = value as Record<string, unknown>;
  // The same checks as the TimelineElement schema, by hand: this runs for every write of a session.
  if (v["id"] !== key || key.length > 64 || typeof v["type"] !== "string" || v["type"].length > 32) return null;
  if (typeof v["version"] !== "number" || typeof v["versionNonce"] !== "number") return null;
  const index = v["index"];
  if (index !== undefined && index !== null && (typeof index !== "string" || index.length > 256)) return null;
  if (v["isDeleted"] !== undefined && typeof v["isDeleted"] !== "boolean") return null;
  return v as TimelineElement;
};
