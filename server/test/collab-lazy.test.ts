import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocKey, docIdFor } from "@mockroom/shared";
import { TAIL_MAX_UPDATES } from "../src/collab/doc-hub.ts";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { YMessage } from "@mockroom/shared";
import {
  allPersisted,
  rawYjsSocket,
  setUpRoom,
  sleep,
  startServer,
  waitFor,
  yClient,
  type Rig,
  type YClient,
} from "./rig.ts";

/**
 * The collab core integrates lazily: updates are checked, logged and relayed, and reach a Y.Doc
 * in batches or when something needs one; idle rooms are held as bytes (docs/benchmarks.md, issue 6).
 * These tests pin down that nothing a client sees depends on which form a room is in.
 */
let rig: Rig | null = null;
const clients: YClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await rig?.close();
  rig = null;
});

const start = async (opts: Parameters<typeof startServer>[0] = {}) => {
  rig = await startServer(opts);
  const s = await setUpRoom(rig.url);
  const docId = docIdFor(s.room.roomId, 1);
  const client = (token: string) => {
    const c = yClient(rig!.url, docId, token);
    clients.push(c);
    return c;
  };
  return { rig, s, docId, client };
};

const stateOf = (doc: Y.Doc) => ({
  pad: doc.getText(DocKey.Pad).toString(),
  board: doc.getMap(DocKey.Board).toJSON(),
});

describe("lazy integration", () => {
  it("[DOC10] an idle room is held as bytes; a fresh joiner and a returning client both get the whole state", async () => {
    const { rig, s, docId, client } = await start({ dehydrateAfterMs: 0, roomUnloadGraceMs: 60_000 });
    const a = client(s.interviewer.token);
    await a.synced();
    a.doc.getText(DocKey.Pad).insert(0, "def rank(items):");
    a.doc.getMap(DocKey.Board).set("e1", { id: "e1", version: 1, versionNonce: 1, index: "a0" });
    await waitFor(() => allPersisted(a));
    // A returning client: holds part of the state and makes an offline edit.
    const back = new Y.Doc();
    Y.applyUpdate(back, Y.encodeStateAsUpdate(a.doc));
    a.doc.getText(DocKey.Pad).insert(0, "# v2\n");
    await waitFor(() => allPersisted(a));
    // Build the doc (as a snapshot or a returning client would), then let the sweep drop it.
    expect(stateOf(rig.app.hub.stateOf(docId)!)).toEqual(stateOf(a.doc));
    expect(rig.app.hub.get(docId)?.isMaterialized).toBe(true);
    await waitFor(() => rig.app.hub.get(docId)?.isMaterialized === false, 5_000, "dehydrated");
    // Updates to a dehydrated room wait in its tail, still as bytes.
    a.doc.getText(DocKey.Pad).insert(0, "# tail\n");
    await waitFor(() => allPersisted(a));
    expect(rig.app.hub.get(docId)?.tailLength).toBe(1);

    const fresh = client(s.candidate.token);
    await fresh.synced();
    await waitFor(() => JSON.stringify(stateOf(fresh.doc)) === JSON.stringify(stateOf(a.doc)));
    // Answered from the stored bytes and tracked clocks: no doc was built for it.
    expect(rig.app.hub.get(docId)?.isMaterialized).toBe(false);

    back.getMap(DocKey.Board).set("e2", { id: "e2", version: 1, versionNonce: 2, index: "a1" });
    const returning = client(s.interviewer.token);
    Y.applyUpdate(returning.doc, Y.encodeStateAsUpdate(back));
    await returning.synced();
    await waitFor(() => a.doc.getMap(DocKey.Board).has("e2") && fresh.doc.getMap(DocKey.Board).has("e2"));
    expect(stateOf(returning.doc)).toEqual(stateOf(a.doc));
    expect(stateOf(fresh.doc)).toEqual(stateOf(a.doc));
  });

  it("[DOC11] batched integration: after many updates the server's doc equals every client's", async () => {
    const { rig, s, docId, client } = await start({ dehydrateAfterMs: 60_000 });
    const a = client(s.interviewer.token);
    const b = client(s.candidate.token);
    await Promise.all([a.synced(), b.synced()]);
    for (let i = 0; i < TAIL_MAX_UPDATES * 3 + 5; i++) {
      if (i % 2) a.doc.getText(DocKey.Pad).insert(0, `a${i};`);
      else b.doc.getMap(DocKey.Board).set(`e${i % 7}`, { id: `e${i % 7}`, version: i, versionNonce: i, index: "a0" });
      await sleep(2);
    }
    await waitFor(() => allPersisted(a) && allPersisted(b));
    await waitFor(() => JSON.stringify(stateOf(a.doc)) === JSON.stringify(stateOf(b.doc)));
    // Some batches were integrated on the way; the rest is integrated on demand.
    const room = rig.app.hub.get(docId)!;
    expect(room.tailLength).toBeLessThan(TAIL_MAX_UPDATES + 1);
    expect(stateOf(rig.app.hub.stateOf(docId)!)).toEqual(stateOf(a.doc));
  });

  it("[DOC11] a room loaded from storage answers a join from the snapshot's stored state vector", async () => {
    const { rig, s, docId, client } = await start({ roomUnloadGraceMs: 50 });
    const a = client(s.interviewer.token);
    await a.synced();
    a.doc.getText(DocKey.Pad).insert(0, "persisted before unload");
    await waitFor(() => allPersisted(a));
    clients.splice(0).forEach((c) => c.destroy());
    await waitFor(() => !rig.app.hub.isLoaded(docId), 5_000, "unload");
    expect((await rig.storage.snapshots.latest(docId))?.stateVector).toBeDefined();

    const b = client(s.candidate.token);
    await b.synced();
    await waitFor(() => b.doc.getText(DocKey.Pad).toString() === "persisted before unload");
    expect(rig.app.hub.get(docId)?.isMaterialized).toBe(false);
    // Its edits are still acknowledged exactly, from the tracked clocks.
    b.doc.getText(DocKey.Pad).insert(0, "and after: ");
    await waitFor(() => allPersisted(b));
  });

  it("[DOC2] Persisted acks are coalesced: a steady typist gets one per ACK_MAX_DELAY_MS, and one soon after pausing", async () => {
    const { s, client } = await start({ ackMaxDelayMs: 200 });
    const a = client(s.interviewer.token);
    await a.synced();
    let acks = 0;
    let last = -1;
    const until = Date.now() + 1_200;
    let updates = 0;
    while (Date.now() < until) {
      a.doc.getText(DocKey.Pad).insert(0, "x");
      updates++;
      const now = a.persisted.get(a.doc.clientID) ?? 0;
      if (now !== last) {
        if (last >= 0) acks++;
        last = now;
      }
      await sleep(10);
    }
    // Typing never paused for ACK_QUIET_MS, yet the author heard back several times, far fewer than once per update.
    expect(acks).toBeGreaterThanOrEqual(2);
    expect(acks).toBeLessThan(updates / 4);
    await waitFor(() => allPersisted(a), 2_000, "ack after the pause");
  });

  it("[DOC8] a forged update restating structs the room holds is trimmed before the log, and integration never breaks", async () => {
    const { rig, s, docId, client } = await start({ dehydrateAfterMs: 60_000 });
    // Client 1 makes a map in a root array, sets a key, deletes the map (1:1 becomes a GC); client 2 types "x".
    const frame = (update: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, YMessage.Sync);
      syncProtocol.writeUpdate(e, update);
      return encoding.toUint8Array(e);
    };
    const rawA = rawYjsSocket(rig.url, docId, s.interviewer.token);
    const rawB = rawYjsSocket(rig.url, docId, s.candidate.token);
    await Promise.all([rawA, rawB].map((w) => new Promise((r) => w.on("open", r))));
    const a = new Y.Doc();
    a.clientID = 1;
    const m = new Y.Map<string>();
    a.getArray<Y.Map<string>>("a").push([m]);
    m.set("k", "v");
    a.getArray("a").delete(0, 1);
    rawA.send(frame(Y.encodeStateAsUpdate(a)));
    const b = new Y.Doc();
    b.clientID = 2;
    b.getText("t").insert(0, "x");
    rawB.send(frame(Y.encodeStateAsUpdate(b)));
    await waitFor(() => rig.app.hub.stateOf(docId)?.getText("t").toString() === "x");
    // A well-formed section of client 1 from clock 0 whose origin is b's "x": Yjs would integrate it at an
    // offset and throw (see update-check.test.ts, "known limit").
    rawA.send(frame(Uint8Array.from(Buffer.from("010101008402000361626300", "hex"))));
    // An innocent edit right after it must survive, and the server's doc must still integrate.
    const before = Y.encodeStateVector(b);
    b.getText("t").insert(1, "y");
    rawB.send(frame(Y.encodeStateAsUpdate(b, before)));
    await waitFor(() => rig.app.hub.stateOf(docId)?.getText("t").toString() === "xy");
    expect(rig.app.hub.get(docId)?.closed).toBe(false);
    rawA.close();
    rawB.close();
    const fresh = client(s.observer.token);
    await fresh.synced();
    await waitFor(() => fresh.doc.getText("t").toString() === "xy");
  });
});
