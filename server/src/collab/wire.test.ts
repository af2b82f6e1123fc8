import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { YMessage } from "@mockroom/shared";
import * as syncProtocol from "y-protocols/sync";
import {
  encodePersisted,
  encodeStateVector,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Update,
  encodeUpdate,
} from "./wire.ts";

describe("wire", () => {
  it("[DOC2] the one-allocation Persisted ack is byte-identical to lib0's encoding, at every length boundary", () => {
    for (const len of [0, 1, 2, 127, 128, 129, 300, 16_383, 16_384, 20_000]) {
      const sv = Uint8Array.from({ length: len }, (_, i) => (i * 31 + 7) & 0xff);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, YMessage.Persisted);
      encoding.writeVarUint8Array(e, sv);
      expect(encodePersisted(sv), `length ${len}`).toEqual(encoding.toUint8Array(e));
    }
  });

  it("[DOC2] a state vector encoded from tracked clocks decodes to the same clocks as Yjs's own", () => {
    const doc = new Y.Doc();
    for (const [client, n] of [
      [1, 1],
      [127, 128],
      [128, 300],
      [2 ** 31 - 1, 20_000],
      [4_000_000_000, 5],
    ] as const) {
      const d = new Y.Doc();
      d.clientID = client;
      d.getText("t").insert(0, "x".repeat(n));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(d));
    }
    const clocks = Y.decodeStateVector(Y.encodeStateVector(doc));
    expect(Y.decodeStateVector(encodeStateVector(clocks))).toEqual(clocks);
    expect(Y.decodeStateVector(encodeStateVector(new Map()))).toEqual(new Map());
  });

  it("[DOC1] sync frames are byte-identical to y-protocols' own encoders", () => {
    const doc = new Y.Doc();
    doc.getText("pad").insert(0, "hello");
    const frame = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, YMessage.Sync);
      write(e);
      return encoding.toUint8Array(e);
    };
    const update = Y.encodeStateAsUpdate(doc);
    const sv = Y.encodeStateVector(new Y.Doc());
    expect(encodeSyncStep1(doc)).toEqual(frame((e) => syncProtocol.writeSyncStep1(e, doc)));
    expect(encodeSyncStep2(doc, sv)).toEqual(frame((e) => syncProtocol.writeSyncStep2(e, doc, sv)));
    expect(encodeSyncStep2Update(update)).toEqual(frame((e) => syncProtocol.writeSyncStep2(e, doc, sv)));
    expect(encodeUpdate(update)).toEqual(frame((e) => syncProtocol.writeUpdate(e, update)));
  });
});
