import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { YMessage } from "@mockroom/shared";
import { AWARENESS_OUTDATED_MS, AwarenessRelay } from "./awareness-relay.ts";

/** A real y-protocols client; the relay's frames must mean to it what `Awareness` on the server meant. */
const peer = () => {
  const a = new awarenessProtocol.Awareness(new Y.Doc());
  clearInterval((a as unknown as { _checkInterval: NodeJS.Timeout })._checkInterval);
  return a;
};
const updateOf = (a: awarenessProtocol.Awareness, ids = [a.clientID]) =>
  awarenessProtocol.encodeAwarenessUpdate(a, ids);
/** Feeds a server frame (Awareness message) into a client, as y-websocket does. */
const deliver = (frame: Uint8Array | null, to: awarenessProtocol.Awareness) => {
  expect(frame).not.toBeNull();
  const d = decoding.createDecoder(frame!);
  expect(decoding.readVarUint(d)).toBe(YMessage.Awareness);
  awarenessProtocol.applyAwarenessUpdate(to, decoding.readVarUint8Array(d), "server");
};
const names = (a: awarenessProtocol.Awareness) =>
  [...a.getStates().entries()]
    .filter(([id]) => id !== a.clientID)
    .map(([, s]) => (s as { name?: string }).name)
    .sort();

describe("AwarenessRelay", () => {
  it("[AW1] relays states, sends late joiners every current state and removes a leaving connection's states", () => {
    const relay = new AwarenessRelay();
    const [alice, bob, late] = [peer(), peer(), peer()];
    const connA = {};
    const connB = {};
    alice.setLocalState({ name: "alice" });
    bob.setLocalState({ name: "bob" });
    deliver(relay.apply(updateOf(alice), connA, 1), bob);
    deliver(relay.apply(updateOf(bob), connB, 2), alice);
    expect(names(bob)).toEqual(["alice"]);
    expect(names(alice)).toEqual(["bob"]);
    expect(relay.size).toBe(2);

    deliver(relay.encodeAll(), late);
    expect(names(late)).toEqual(["alice", "bob"]);

    deliver(relay.removeOwnedBy(connA, 3), bob);
    deliver(relay.removeOwnedBy(connA, 3) ?? relay.encodeAll(), late);
    expect(names(bob)).toEqual([]);
    expect(relay.size).toBe(1);
    expect(relay.removeOwnedBy(connA, 4)).toBeNull();
  });

  it("[AW1] follows y-protocols' clock rules: stale and repeated updates change nothing", () => {
    const relay = new AwarenessRelay();
    const alice = peer();
    alice.setLocalState({ name: "v1" });
    const v1 = updateOf(alice);
    alice.setLocalState({ name: "v2" });
    const v2 = updateOf(alice);
    expect(relay.apply(v2, {}, 1)).not.toBeNull();
    expect(relay.apply(v1, {}, 2), "older clock").toBeNull();
    expect(relay.apply(v2, {}, 3), "same clock").toBeNull();
    const bob = peer();
    deliver(relay.encodeAll(), bob);
    expect(names(bob)).toEqual(["v2"]);
    // A client's own removal (clock + 1, null) wins and reaches peers.
    alice.setLocalState(null);
    deliver(relay.apply(updateOf(alice), {}, 4), bob);
    expect(names(bob)).toEqual([]);
    expect(relay.encodeAll()).toBeNull();
  });

  it("[AW1] drops states not renewed for 30 s, and a malformed update changes nothing", () => {
    const relay = new AwarenessRelay();
    const alice = peer();
    const bob = peer();
    alice.setLocalState({ name: "alice" });
    deliver(relay.apply(updateOf(alice), {}, 1_000), bob);
    expect(relay.sweep(1_000 + AWARENESS_OUTDATED_MS - 1)).toBeNull();
    deliver(relay.sweep(1_000 + AWARENESS_OUTDATED_MS), bob);
    expect(names(bob)).toEqual([]);

    const good = updateOf(alice);
    const bad = good.slice(0, good.length - 2);
    expect(() => relay.apply(bad, {}, 5)).toThrow();
    const notJson = new Uint8Array([1, 7, 9, 3, 0x7b, 0x7b, 0x7b]);
    expect(() => relay.apply(notJson, {}, 5)).toThrow();
    expect(relay.size).toBe(0);
  });
});
