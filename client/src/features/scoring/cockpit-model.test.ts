import { describe, expect, it } from "vitest";
import type { AckResult, CockpitState, Note, RoundPublic } from "@mockroom/shared";
import type { ControlSocket } from "../../realtime/index.ts";
import { CockpitModel, withNote } from "./cockpit-model.ts";

const note = (over: Partial<Note> = {}): Note => ({
  id: "note0001",
  round: 1,
  authorId: "lead0001",
  ts: 100,
  clockMs: 60_000,
  text: "asked about label delay",
  dimensionId: "serving",
  tags: [],
  editedAt: null,
  ...over,
});

const cockpit = (notes: Note[]): CockpitState =>
  ({ round: 1, lead: true, prompt: null, scores: {}, notes, released: false, sheets: null }) as unknown as CockpitState;

const round = { round: 1 } as RoundPublic;

/** A control socket that records emits and answers each with a scripted ack. */
const fakeSocket = (answer: (event: string, msg: unknown) => AckResult<unknown>) => {
  const sent: [string, unknown][] = [];
  const socket = {
    connected: false,
    on: () => socket,
    off: () => socket,
    emitWithAck: async (event: string, msg: unknown) => {
      sent.push([event, msg]);
      return answer(event, msg);
    },
  };
  return { socket: socket as unknown as ControlSocket, sent };
};

describe("cockpit model: note edits", () => {
  it("[SC11] withNote replaces the note with the same id and leaves the others; an unknown id changes nothing", () => {
    const other = note({ id: "note0002", ts: 200, text: "other" });
    const before = cockpit([note(), other]);
    const edited = note({ text: "twice", tags: ["named-trade-off"], editedAt: 300 });
    const after = withNote(before, edited);
    expect(after.notes).toEqual([edited, other]);
    expect(before.notes[0]!.text).toBe("asked about label delay");
    expect(withNote(before, note({ id: "note0009" }))).toBe(before);
  });

  it("[SC11] editNote sends note:edit for the shown round and shows the acked note at once", async () => {
    const edited = note({ text: "twice", dimensionId: null, tags: ["named-trade-off"], editedAt: 300 });
    const { socket, sent } = fakeSocket(() => ({ ok: true, data: edited }));
    const model = new CockpitModel(socket);
    model.view.update((v) => ({ ...v, round, cockpit: cockpit([note()]) }));
    const r = await model.editNote("note0001", { text: "twice", dimensionId: null, tags: ["named-trade-off"] });
    expect(r.ok).toBe(true);
    expect(sent).toEqual([
      ["note:edit", { noteId: "note0001", text: "twice", dimensionId: null, tags: ["named-trade-off"], round: 1 }],
    ]);
    expect(model.view.get().cockpit?.notes).toEqual([edited]);
  });

  it("[SC11] a refused edit leaves the shown note as it was and returns the server's code", async () => {
    const { socket } = fakeSocket(() => ({ ok: false, error: { code: "round_closed", message: "released" } }));
    const model = new CockpitModel(socket);
    model.view.update((v) => ({ ...v, round, cockpit: cockpit([note()]) }));
    const r = await model.editNote("note0001", { text: "late", dimensionId: null, tags: [] });
    expect(r.ok ? "ok" : r.error.code).toBe("round_closed");
    expect(model.view.get().cockpit?.notes).toEqual([note()]);
  });

  it("[SC11] before the first sync there is no round to name, so nothing is sent", async () => {
    const { socket, sent } = fakeSocket(() => ({ ok: true, data: null }));
    const model = new CockpitModel(socket);
    const r = await model.editNote("note0001", { text: "early", dimensionId: null, tags: [] });
    expect(r.ok ? "ok" : r.error.code).toBe("unavailable");
    expect(sent).toEqual([]);
  });
});
