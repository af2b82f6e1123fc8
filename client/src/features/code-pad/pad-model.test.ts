import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocKey, MetaKey } from "@mockroom/shared";
import { PadModel } from "./pad-model.ts";

const link = (a: Y.Doc, b: Y.Doc) => {
  a.on("update", (u: Uint8Array, origin: unknown) => origin !== "net" && Y.applyUpdate(b, u, "net"));
  b.on("update", (u: Uint8Array, origin: unknown) => origin !== "net" && Y.applyUpdate(a, u, "net"));
};

describe("PadModel", () => {
  it("defaults to Python without writing anything", () => {
    const doc = new Y.Doc();
    const pad = new PadModel(doc);
    expect(pad.language.get()).toBe("python");
    expect(doc.getMap(DocKey.Meta).size).toBe(0);
  });

  it("syncs the language to peers", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    link(a, b);
    const pa = new PadModel(a);
    const pb = new PadModel(b);
    pa.setLanguage("go");
    expect(pb.language.get()).toBe("go");
  });

  it("treats an unknown language from a peer as the default", () => {
    const doc = new Y.Doc();
    const pad = new PadModel(doc);
    doc.getMap(DocKey.Meta).set(MetaKey.Language, "brainfuck");
    expect(pad.language.get()).toBe("python");
  });
});
