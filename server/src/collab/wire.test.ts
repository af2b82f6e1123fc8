import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { YMessage } from "@mockroom/shared";
import { encodePersisted } from "./wire.ts";

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
});
