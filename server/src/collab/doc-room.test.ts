import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocRoom } from "./doc-room.ts";
import { checkUpdate } from "./update-check.ts";

const newRoom = (base: Uint8Array | null = null, clocks: Map<number, number> | null = new Map()) =>
  new DocRoom("room0001.1", "room0001", 1, {
    base,
    clocks,
    lastSeq: 0,
    updatesSinceSnapshot: 0,
    approxBytes: 0,
    epoch: 0,
  });

/** A writer whose per-transaction updates we collect, as a client's provider would send them. */
const writer = (clientID: number) => {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  return { doc, updates };
};

describe("DocRoom", () => {
  it("[DOC2] tracked durable clocks equal the integrated doc's state vector for gap-free updates", () => {
    const room = newRoom();
    const a = writer(11);
    const b = writer(22);
    for (let i = 0; i < 20; i++) {
      a.doc.getText("pad").insert(0, `a${i}`);
      Y.applyUpdate(b.doc, a.updates.at(-1)!);
      b.doc.getMap("board").set(`e${i % 3}`, { v: i });
      Y.applyUpdate(a.doc, b.updates.at(-1)!);
    }
    for (const u of [...a.updates, ...b.updates.slice(1)]) room.addDurable(u, checkUpdate(u));
    const tracked = new Map(room.durableClocks()!);
    const doc = room.materialize(0);
    expect(tracked).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
  });

  it("[DOC2] an update that leaves a gap makes the clocks unknown rather than over-promise", () => {
    const room = newRoom();
    const a = writer(7);
    a.doc.getText("pad").insert(0, "one");
    a.doc.getText("pad").insert(0, "two");
    room.addDurable(a.updates[1]!, checkUpdate(a.updates[1]!));
    expect(room.durableClocks()).toBeNull();
    // Integration holds the second update pending, so the doc's vector promises nothing for client 7.
    const doc = room.materialize(0);
    expect(Y.getState(doc.store, 7)).toBe(0);
    expect(room.durableClocks()?.get(7)).toBeUndefined();
  });

  it("[DOC10] dehydrate keeps exactly the integrated state, and materialize brings it back with the tail", () => {
    const a = writer(3);
    a.doc.getText("pad").insert(0, "hello");
    const room = newRoom(Y.encodeStateAsUpdate(a.doc), null);
    a.doc.getMap("board").set("x", { id: "x" });
    room.addDurable(a.updates.at(-1)!, checkUpdate(a.updates.at(-1)!));
    room.materialize(0);
    room.dehydrate();
    expect(room.isMaterialized).toBe(false);
    const stored = room.storedState()!;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, stored.base!);
    expect(copy.getText("pad").toString()).toBe("hello");
    expect(copy.getMap("board").toJSON()).toEqual({ x: { id: "x" } });
    a.doc.getText("pad").insert(5, " world");
    room.addDurable(a.updates.at(-1)!, checkUpdate(a.updates.at(-1)!));
    expect(room.materialize(0).getText("pad").toString()).toBe("hello world");
  });

  it("[DOC8] rebuild skips a stored update that Yjs refuses and keeps the rest", () => {
    const a = writer(5);
    a.doc.getText("pad").insert(0, "kept");
    const room = newRoom(null, null);
    room.addDurable(a.updates[0]!, checkUpdate(a.updates[0]!));
    const bad = Uint8Array.of(1, 1, 5, 0, 0xff);
    room.addDurable(bad, { ranges: [], contiguous: false, deletes: 0 });
    a.doc.getText("pad").insert(4, "!");
    room.addDurable(a.updates[1]!, checkUpdate(a.updates[1]!));
    expect(() => room.materialize(0)).toThrow();
    const { doc, skipped } = room.rebuild(0);
    expect(skipped).toBe(1);
    expect(doc.getText("pad").toString()).toBe("kept!");
  });
});
