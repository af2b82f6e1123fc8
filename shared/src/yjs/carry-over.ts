import * as Y from "yjs";
import { decodeBoardValue, encodeBoardValue, supersedes, type BoardElementLike } from "../domain/board.ts";
import { DocKey } from "../protocol/yjs-wire.ts";

/** The merge stamp of a board map value, or null if it holds no element we can rank. */
const stamp = (raw: unknown): BoardElementLike | null => {
  const value = decodeBoardValue(raw) as Partial<BoardElementLike> | null;
  return value && typeof value.version === "number" && typeof value.versionNonce === "number"
    ? (value as BoardElementLike)
    : null;
};

/**
 * DOC13: after the server compacted a doc, `to` (fresh, synced with the server) replaces `from` (the
 * old-epoch doc a tab was editing). Brings over everything `from` holds that the server lacks, so
 * nothing the person did while the reset happened — or while offline before it — is lost.
 *
 * 1. The plain diff: pad text, meta and board writes whose origin is still live integrate as usual.
 *    A board write whose origin the compaction collected (made without seeing a later overwrite)
 *    integrates as garbage here, exactly as it would on the server: the docs stay identical.
 * 2. So the board is then merged by value: every element `from` holds that `supersedes` `to`'s copy
 *    is written again, now after `to`'s live entry. This re-asserts the stale writes that step 1
 *    dropped, and also wins the Y.Map client-id tie-breaks that kept an older version.
 *
 * Both steps run with `origin`, which must not be the provider's: y-websocket sends every update
 * whose origin is not itself. Yjs applies step 1 in a non-local transaction whatever the origin
 * (marking it local would also skip the cleanups Yjs runs after remote changes), so a save tracker
 * has to recognise the origin to count it as unsaved.
 */
export function carryOver(from: Y.Doc, to: Y.Doc, origin: unknown): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), origin);
  const target = to.getMap<unknown>(DocKey.Board);
  Y.transact(
    to,
    () => {
      for (const [key, raw] of from.getMap<unknown>(DocKey.Board).entries()) {
        const current = target.get(key);
        if (raw === current) continue;
        const mine = stamp(raw);
        if (!mine) continue;
        // An undecodable value in `to` counts as absent: a readable element beats it.
        const theirs = stamp(current) ?? undefined;
        if (!supersedes(mine, theirs)) continue;
        // Legacy object values (before BRD2) are written as JSON text, as every writer does now.
        target.set(key, typeof raw === "string" ? raw : encodeBoardValue(mine));
      }
    },
    origin,
  );
}
