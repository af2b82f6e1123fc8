import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SaveTracker } from "./save-tracker.ts";

const serverCopy = (local: Y.Doc): Y.Doc => {
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
  return server;
};

describe("SaveTracker", () => {
  it("is saved until the tab writes, and saved again once the server's durable vector covers it", () => {
    const doc = new Y.Doc();
    const tracker = new SaveTracker(doc);
    expect(tracker.state.get()).toBe("saved");
    doc.getText("pad").insert(0, "hello");
    expect(tracker.state.get()).toBe("saving");
    tracker.markDurable(Y.decodeStateVector(Y.encodeStateVector(serverCopy(doc))));
    expect(tracker.state.get()).toBe("saved");
  });

  it("ignores remote updates: another person's edit needs no ack from us", () => {
    const doc = new Y.Doc();
    const tracker = new SaveTracker(doc);
    const other = new Y.Doc();
    other.getText("pad").insert(0, "theirs");
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), "remote");
    expect(tracker.state.get()).toBe("saved");
  });

  it("stays saving while an older ack arrives after a newer edit", () => {
    const doc = new Y.Doc();
    const tracker = new SaveTracker(doc);
    doc.getText("pad").insert(0, "a");
    const early = Y.decodeStateVector(Y.encodeStateVector(doc));
    doc.getText("pad").insert(1, "b");
    tracker.markDurable(early);
    expect(tracker.state.get()).toBe("saving");
    expect([...tracker.unsaved().values()]).toEqual([1]);
  });

  it("tracks every client id the tab wrote with (edits before a client-id change still need an ack)", () => {
    const doc = new Y.Doc();
    const tracker = new SaveTracker(doc);
    const firstId = doc.clientID;
    doc.getText("pad").insert(0, "before");
    doc.clientID = firstId + 1;
    doc.getText("pad").insert(0, "after");
    const onlyNew = new Map([[firstId + 1, Y.getState(doc.store, firstId + 1)]]);
    tracker.markDurable(onlyNew);
    expect(tracker.state.get()).toBe("saving");
    tracker.markDurable(new Map([[firstId, Y.getState(doc.store, firstId)]]));
    expect(tracker.state.get()).toBe("saved");
  });

  it("never moves a durable clock backwards", () => {
    const doc = new Y.Doc();
    const tracker = new SaveTracker(doc);
    doc.getText("pad").insert(0, "abc");
    tracker.markDurable(new Map([[doc.clientID, 3]]));
    tracker.markDurable(new Map([[doc.clientID, 1]]));
    expect(tracker.state.get()).toBe("saved");
  });
});
