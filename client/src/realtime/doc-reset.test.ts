import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocKey, MetaKey } from "@mockroom/shared";
import { compactBoardHistory } from "@mockroom/shared/yjs";
import { CARRY_OVER_ORIGIN, carryOver } from "./doc-reset.ts";
import { SaveTracker } from "./save-tracker.ts";

const el = (id: string, version: number, x: number, nonce = version * 7) =>
  JSON.stringify({ id, version, versionNonce: nonce, index: `a${id}`, x, y: 0, type: "rectangle" });

const load = (state: Uint8Array): Y.Doc => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
};
const board = (doc: Y.Doc) => doc.getMap<unknown>(DocKey.Board);
const pad = (doc: Y.Doc) => doc.getText(DocKey.Pad);
const visible = (doc: Y.Doc) => ({
  board: Object.fromEntries([...board(doc).entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
  pad: pad(doc).toString(),
  meta: doc.getMap(DocKey.Meta).toJSON(),
});

const ELEMENTS = 20;
/** Moved by both sides while apart: `old`'s write has a collected origin on the server. */
const CONTESTED = "e5";
/** Moved by `old` only: its origin is the live entry, so the plain diff suffices. */
const UNTOUCHED = "e7";

/**
 * The DOC13 situation: `old` synced with the server, then went its own way (offline, or just not
 * told yet) while the server moved elements over 1,000 times and compacted. `fresh` is a new doc
 * loaded from the compacted state, as it is right after syncing with the server.
 */
function scenario(contested: { server: number; old: number }, serverExtra?: (server: Y.Doc) => void) {
  const server = new Y.Doc();
  server.clientID = 1;
  server.transact(() => {
    for (let i = 0; i < ELEMENTS; i++) board(server).set(`e${i}`, el(`e${i}`, 1, i));
  });
  pad(server).insert(0, "def f():\n    return 1\n");
  server.getMap(DocKey.Meta).set(MetaKey.Language, "go");

  const old = load(Y.encodeStateAsUpdate(server));
  old.clientID = 1000;

  // The server side: many moves of everything but UNTOUCHED (CONTESTED included), and a pad edit.
  const versions = new Map<string, number>();
  for (let m = 0; m < 1_200; m++) {
    const id = `e${m % ELEMENTS}`;
    if (id === UNTOUCHED || id === CONTESTED) continue;
    const v = (versions.get(id) ?? 1) + 1;
    versions.set(id, v);
    board(server).set(id, el(id, v, m));
  }
  board(server).set(CONTESTED, el(CONTESTED, contested.server, -1));
  pad(server).insert(pad(server).length, "# server\n");
  serverExtra?.(server);
  const compaction = compactBoardHistory(server);
  if (!compaction) throw new Error("expected the server's history to be compacted");
  const fresh = load(compaction.state);
  fresh.clientID = 2000;

  // `old`, meanwhile: a pad edit, a meta change, a stale move, a plain move, a new element.
  pad(old).insert(0, "# mine\n");
  old.getMap(DocKey.Meta).set(MetaKey.Language, "rust");
  board(old).set(CONTESTED, el(CONTESTED, contested.old, -2));
  board(old).set(UNTOUCHED, el(UNTOUCHED, 2, 700));
  board(old).set("n1", el("n1", 1, 42));

  return { server, old, fresh, compacted: compaction.state };
}

describe("carrying a reset doc's edits over", () => {
  it("[DOC13] keeps both sides' pad and meta edits, old's moves and new elements", () => {
    const { old, fresh } = scenario({ server: 500, old: 900 });
    carryOver(old, fresh);
    expect(pad(fresh).toString()).toBe("# mine\ndef f():\n    return 1\n# server\n");
    expect(fresh.getMap(DocKey.Meta).get(MetaKey.Language)).toBe("rust");
    expect(board(fresh).get(UNTOUCHED)).toBe(el(UNTOUCHED, 2, 700));
    expect(board(fresh).get("n1")).toBe(el("n1", 1, 42));
    expect(board(fresh).size).toBe(ELEMENTS + 1);
  });

  it("[DOC13] a stale move that supersedes the server's copy wins, though the plain diff drops it", () => {
    const { old, fresh, compacted } = scenario({ server: 500, old: 900 });
    // The plain diff alone: the stale write's origin was collected, so it integrates as garbage.
    const diffOnly = load(compacted);
    Y.applyUpdate(diffOnly, Y.encodeStateAsUpdate(old, Y.encodeStateVector(diffOnly)));
    expect(board(diffOnly).get(CONTESTED)).toBe(el(CONTESTED, 500, -1));

    carryOver(old, fresh);
    expect(board(fresh).get(CONTESTED)).toBe(el(CONTESTED, 900, -2));
  });

  it("[DOC13] a stale move that the server's copy supersedes loses", () => {
    const { old, fresh } = scenario({ server: 900, old: 500 });
    carryOver(old, fresh);
    expect(board(fresh).get(CONTESTED)).toBe(el(CONTESTED, 900, -1));
  });

  it("[DOC13] ties go to the lower nonce; unreadable values lose; a winning legacy object is written as JSON text", () => {
    const { old, fresh } = scenario({ server: 900, old: 500 }, (server) => board(server).set("e3", "not json"));
    // All three are stale writes (the server moved these keys since `old` last heard from it).
    board(old).set(CONTESTED, el(CONTESTED, 900, -3, 1));
    board(old).set("e2", { id: "e2", version: 10_000, versionNonce: 1, index: "ae2" });
    board(old).set("e3", el("e3", 2, 3));
    board(old).set("e4", "also not json");
    const e4 = board(fresh).get("e4");
    carryOver(old, fresh);
    expect(board(fresh).get(CONTESTED)).toBe(el(CONTESTED, 900, -3, 1));
    expect(board(fresh).get("e2")).toBe(JSON.stringify({ id: "e2", version: 10_000, versionNonce: 1, index: "ae2" }));
    expect(board(fresh).get("e3")).toBe(el("e3", 2, 3));
    expect(board(fresh).get("e4")).toBe(e4);
  });

  it("[DOC13] carries edits as this tab's own: the server ends up identical, the save pill waits for its ack", () => {
    const { old, fresh, compacted } = scenario({ server: 500, old: 900 });
    const tracker = new SaveTracker(fresh);
    const transactions: { origin: unknown; local: boolean }[] = [];
    // What y-websocket sends: every update whose origin is not the provider itself.
    const sent: Uint8Array[] = [];
    fresh.on("update", (u: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      transactions.push({ origin, local: tr.local });
      sent.push(u);
    });

    carryOver(old, fresh);
    // The diff (Yjs applies any update as a remote change), then the board re-assertions.
    expect(transactions).toEqual([
      { origin: CARRY_OVER_ORIGIN, local: false },
      { origin: CARRY_OVER_ORIGIN, local: true },
    ]);
    expect(tracker.state.get()).toBe("saving");
    // Under old's id (pad, meta, moves) and fresh's own (the re-asserted stale move).
    expect([...tracker.unsaved().keys()].sort((a, b) => a - b)).toEqual([old.clientID, fresh.clientID]);

    const serverAfter = load(compacted);
    for (const update of sent) Y.applyUpdate(serverAfter, update);
    expect(visible(serverAfter)).toEqual(visible(fresh));
    tracker.markDurable(Y.decodeStateVector(Y.encodeStateVector(serverAfter)));
    expect(tracker.state.get()).toBe("saved");
  });

  it("[DOC13] writes nothing when the fresh doc already holds everything", () => {
    const { fresh } = scenario({ server: 500, old: 900 });
    const twin = load(Y.encodeStateAsUpdate(fresh));
    const updates: Uint8Array[] = [];
    fresh.on("update", (u: Uint8Array) => updates.push(u));
    carryOver(twin, fresh);
    expect(updates).toHaveLength(0);
  });
});
