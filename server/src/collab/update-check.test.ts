import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { randInt, seededRandom } from "@mockroom/shared/testing";
import { checkUpdate, UpdateCheckError, type UpdateShape } from "./update-check.ts";

interface Sample {
  name: string;
  update: Uint8Array;
}

const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");

/** Every update a doc emits, in order, named after the doc. */
function record(doc: Y.Doc, name: string, out: Sample[]): void {
  let n = 0;
  doc.on("update", (update: Uint8Array) => out.push({ name: `${name} update #${n++}`, update }));
}

function newDoc(client: number, opts?: ConstructorParameters<typeof Y.Doc>[0]): Y.Doc {
  const doc = new Y.Doc(opts);
  doc.clientID = client;
  return doc;
}

const sync = (docs: Y.Doc[]): void => {
  for (const a of docs)
    for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
};

/** A twenty-field JSON object, the "typical" Y.Map value of the brief. */
const twentyFields = (): Record<string, string | number | boolean> => {
  const o: Record<string, string | number | boolean> = {};
  for (let i = 0; i < 20; i++) o[`f${i}`] = i % 3 === 0 ? i : i % 3 === 1 ? `v${i}` : i % 2 === 0;
  return o;
};

/**
 * Real updates from real Yjs docs: per-transaction updates, full and partial state encodings, merged updates.
 * Also returns the state of a doc that already holds a mix of them, to apply mutants onto.
 */
function buildCorpus(): { samples: Sample[]; richState: Uint8Array } {
  const samples: Sample[] = [];
  const add = (name: string, update: Uint8Array): void => void samples.push({ name, update });

  // Y.Text: inserts, deletes, format attributes (set, object-valued, removed), embeds, multi-byte and astral text.
  const textUpdates: Sample[] = [];
  const text = newDoc(101);
  record(text, "text", textUpdates);
  const t = text.getText("t");
  t.insert(0, "hello world");
  t.insert(5, ", dear", { bold: true });
  t.format(0, 5, { italic: true, color: "#ff0000" });
  t.delete(2, 3);
  t.insertEmbed(3, { image: "https://example.test/x.png", size: [1, 2.5] });
  t.insert(t.length, "héllo ✓ 𝄞 😀");
  t.format(1, 4, { bold: null });
  t.insert(0, "link", { link: { href: "https://example.test", rel: ["a", "b"] } });
  text.transact(() => {
    t.delete(0, 2);
    t.insert(0, "ab");
  });
  t.applyDelta([{ retain: 2 }, { insert: "Δ", attributes: { code: true } }, { delete: 1 }]);
  for (const ch of "typing!") t.insert(t.length, ch);
  t.insert(3, "a 20-char insertion.");
  samples.push(...textUpdates);
  add("text state", Y.encodeStateAsUpdate(text));

  // Y.Map: every Any value lib0 writes, overwrites and deletes.
  const map = newDoc(202);
  record(map, "map", samples);
  const m = map.getMap("m");
  m.set("s", "string");
  m.set("n", 42);
  m.set("neg", -7);
  m.set("int31", 2 ** 31 - 1);
  m.set("big", 2 ** 40);
  m.set("f32", 1.5);
  m.set("f64", 0.1);
  m.set("negzero", -0);
  m.set("inf", Infinity);
  m.set("nan", NaN);
  m.set("t", true);
  m.set("f", false);
  m.set("null", null);
  m.set("undef", undefined);
  m.set("obj", { a: 1, b: [1, "two", { c: null }], d: { e: { f: "deep" } }, bigint: 12345678901234567890n });
  m.set("arr", [1, 2, [3, [4]], [], {}]);
  m.set("bin", new Uint8Array([0, 1, 255]));
  m.set("empty", "");
  m.set("json20", twentyFields());
  m.set("bigint", 10n); // Yjs takes a top-level bigint as ContentAny (tag 122)
  m.set("s", "overwritten");
  m.delete("n");
  add("map state", Y.encodeStateAsUpdate(map));

  // Y.Array.
  const arr = newDoc(303);
  record(arr, "array", samples);
  const a = arr.getArray<unknown>("a");
  a.insert(0, [1, "x", { k: 1 }, null, true]);
  a.push([new Uint8Array([1, 2])]);
  a.delete(1, 2);
  a.unshift(["first"]);
  a.insert(2, [3.25, -1]);
  add("array state", Y.encodeStateAsUpdate(arr));

  // Types nested in maps and arrays, and a deleted nested type (its children become GC).
  const nested = newDoc(404);
  record(nested, "nested", samples);
  const root = nested.getMap<unknown>("root");
  const inner = new Y.Map<unknown>();
  root.set("inner", inner);
  inner.set("k", "v");
  const list = new Y.Array<unknown>();
  root.set("list", list);
  list.push([new Y.Text("pre"), new Y.Map(), new Y.Array()]);
  const nt = new Y.Text();
  inner.set("text", nt);
  nt.insert(0, "nested", { bold: true });
  root.delete("list");
  add("nested state", Y.encodeStateAsUpdate(nested));

  // XML types, including an element name and a hook name.
  const xml = newDoc(505);
  record(xml, "xml", samples);
  const frag = xml.getXmlFragment("xml");
  const p = new Y.XmlElement("p");
  frag.insert(0, [p]);
  p.setAttribute("class", "lead");
  const xt = new Y.XmlText();
  p.insert(0, [xt]);
  xt.insert(0, "xml text", { bold: true });
  const hook = new Y.XmlHook("custom-hook");
  xml.getArray<Y.XmlHook>("hooks").push([hook]);
  hook.set("data", { x: 1 });
  frag.insert(0, [new Y.XmlText("plain")]);
  p.removeAttribute("class");
  add("xml state", Y.encodeStateAsUpdate(xml));

  // Subdocuments (ContentDoc), with and without options.
  const sub = newDoc(606);
  record(sub, "subdoc", samples);
  const subs = sub.getMap<Y.Doc>("subdocs");
  subs.set("a", new Y.Doc({ guid: "sub-a" }));
  subs.set("b", new Y.Doc({ guid: "sub-b", autoLoad: true, gc: false, meta: { title: "B", n: 1 } }));
  sub.getArray<Y.Doc>("list").push([new Y.Doc()]);
  subs.delete("a");
  add("subdoc state", Y.encodeStateAsUpdate(sub));

  // Concurrent edits on three docs, merged both ways.
  const peers = [newDoc(11), newDoc(22), newDoc(33)];
  peers.forEach((d, i) => record(d, `peer${i}`, samples));
  peers[0]!.getText("t").insert(0, "shared base");
  sync(peers);
  peers[0]!.getText("t").insert(3, "A1");
  peers[1]!.getText("t").insert(3, "B2");
  peers[2]!.getText("t").delete(2, 5);
  peers[2]!.getText("t").format(0, 2, { bold: true });
  peers.forEach((d, i) => d.getMap("m").set("k", `from ${i}`));
  peers.forEach((d, i) => d.getArray("a").push([i]));
  sync(peers);
  peers[1]!.getArray("a").delete(0, 2);
  sync(peers);
  add("concurrent state", Y.encodeStateAsUpdate(peers[0]!));

  // Partial state: the first struct is written with an offset into an existing item.
  const half = new Y.Doc();
  for (const s of textUpdates.slice(0, 6)) Y.applyUpdate(half, s.update);
  add("text diff from half", Y.encodeStateAsUpdate(text, Y.encodeStateVector(half)));

  // Pending structs: a doc holding an update it could not integrate re-encodes it through mergeUpdates.
  const pending = new Y.Doc();
  Y.applyUpdate(pending, textUpdates[3]!.update);
  add("state with pending structs", Y.encodeStateAsUpdate(pending));

  // Garbage-collected and non-collected deletions.
  for (const gc of [true, false]) {
    const g = newDoc(gc ? 707 : 708, { gc });
    const gt = g.getText("t");
    gt.insert(0, "0123456789".repeat(5));
    gt.delete(5, 30);
    const ga = g.getArray<unknown>("a");
    ga.push([new Y.Map(), new Y.Text("x")]);
    ga.delete(0, 2);
    add(`deleted content, gc=${gc}`, Y.encodeStateAsUpdate(g));
  }

  // mergeUpdates: gaps become Skip structs.
  const tu = textUpdates.map((s) => s.update);
  // #10.. are one keystroke each, #0 and #5 are inserts: merging non-neighbours leaves holes.
  add("merge of keystrokes #10 and #12 (gap)", Y.mergeUpdates([tu[10]!, tu[12]!]));
  add("merge of text #0, #5, #11 (gaps)", Y.mergeUpdates([tu[0]!, tu[5]!, tu[11]!]));
  add("merge of all text updates", Y.mergeUpdates(tu));
  add("merge across docs", Y.mergeUpdates(samples.filter((s) => s.name.includes("update #2")).map((s) => s.update)));

  add("empty doc state", Y.encodeStateAsUpdate(new Y.Doc()));
  add("empty diff", Y.encodeStateAsUpdate(text, Y.encodeStateVector(text)));

  // The doc mutants are also applied to: overlapping several corpus docs but not all of their history, so
  // mutants integrate against existing items (origins, splits, deletes) instead of all being skipped.
  const rich = new Y.Doc();
  for (const s of textUpdates.slice(0, 8)) Y.applyUpdate(rich, s.update);
  Y.applyUpdate(rich, Y.encodeStateAsUpdate(peers[1]!));
  Y.applyUpdate(rich, Y.encodeStateAsUpdate(nested));
  Y.applyUpdate(rich, Y.encodeStateAsUpdate(xml));
  Y.applyUpdate(rich, Y.encodeStateAsUpdate(map));
  return { samples, richState: Y.encodeStateAsUpdate(rich) };
}

const corpus = buildCorpus();
/** Updates up to this long are cut at every byte; longer ones (full doc states) at this many evenly spaced places. */
const TRUNCATIONS_MAX = 300;

function rangesOf(meta: { from: Map<number, number>; to: Map<number, number> }): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const [client, from] of meta.from) out.set(client, [from, meta.to.get(client) ?? -1]);
  return out;
}

function shapeRanges(shape: UpdateShape): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (let i = 0; i < shape.ranges.length; i += 3)
    out.set(shape.ranges[i]!, [shape.ranges[i + 1]!, shape.ranges[i + 2]!]);
  return out;
}

const throwsOn = (update: Uint8Array, state?: Uint8Array): boolean => {
  const doc = new Y.Doc();
  try {
    if (state) Y.applyUpdate(doc, state);
    try {
      Y.applyUpdate(doc, update);
      return false;
    } catch {
      return true;
    }
  } finally {
    doc.destroy();
  }
};

/** The checker's reason for refusing `update`, or null if it accepts it. Anything but UpdateCheckError is a bug. */
const rejection = (update: Uint8Array): string | null => {
  try {
    checkUpdate(update);
    return null;
  } catch (e) {
    if (!(e instanceof UpdateCheckError)) throw e;
    return e.message;
  }
};

// ---- hand-made updates for the rules real clients never break ----

/** A varUint (number), a varString (string), a raw byte, raw bytes, or a lib0 Any value. */
type Part = number | string | { u8: number } | { raw: Uint8Array } | { any: Parameters<typeof encoding.writeAny>[1] };

const bytes = (...parts: Part[]): Uint8Array => {
  const e = encoding.createEncoder();
  for (const p of parts) {
    if (typeof p === "number") encoding.writeVarUint(e, p);
    else if (typeof p === "string") encoding.writeVarString(e, p);
    else if ("u8" in p) encoding.writeUint8(e, p.u8);
    else if ("raw" in p) encoding.writeUint8Array(e, p.raw);
    else encoding.writeAny(e, p.any);
  }
  return encoding.toUint8Array(e);
};
const u8 = (n: number): Part => ({ u8: n });

/** One section of `client` from clock 0 holding `structs` structs, then an empty delete set. */
const sectionOf = (client: number, structs: number, ...body: Part[]): Uint8Array =>
  bytes(1, structs, client, 0, ...body, 0);
/** One item of client 7 under root key "k": info byte, parent info 1 (a key), the key, then its content. */
const rootItem = (ref: number, ...content: Part[]): Uint8Array => sectionOf(7, 1, u8(ref), 1, "k", ...content);

// ---- structure-aware mutation: decode real updates, rewire what integration depends on, re-encode ----

type Ref = readonly [client: number, clock: number];
interface Struct {
  kind: "gc" | "skip" | "item";
  client: number;
  clock: number;
  length: number;
  origin: Ref | null;
  right: Ref | null;
  /** A root key or a type's item ID; only written when there is neither origin nor right origin. */
  parent: string | Ref | null;
  parentSub: string | null;
  content: Y.Item["content"] | null;
}

const refOf = (id: Y.ID | null): Ref | null => (id === null ? null : [id.client, id.clock]);

function toStructs(update: Uint8Array): { structs: Struct[]; ds: [number, number, number][] } {
  const decoded = Y.decodeUpdate(update);
  const structs = decoded.structs.map((s): Struct => {
    const base = { client: s.id.client, clock: s.id.clock, length: s.length };
    if (!(s instanceof Y.Item)) {
      const kind = s instanceof Y.GC ? "gc" : "skip";
      return { ...base, kind, origin: null, right: null, parent: null, parentSub: null, content: null };
    }
    // Decoded (not integrated) items hold their parent as the root key string or an ID.
    const p: unknown = s.parent;
    const parent = typeof p === "string" ? p : p instanceof Y.ID ? refOf(p) : null;
    const { origin, rightOrigin, parentSub, content } = s;
    return { ...base, kind: "item", origin: refOf(origin), right: refOf(rightOrigin), parent, parentSub, content };
  });
  const ds: [number, number, number][] = [];
  decoded.ds.clients.forEach((items, client) => items.forEach((d) => ds.push([client, d.clock, d.len])));
  return { structs, ds };
}

/** Sections in first-appearance order; clocks after a section's first struct follow from the lengths. */
const uints = (e: encoding.Encoder, ...ns: number[]): void => ns.forEach((n) => encoding.writeVarUint(e, n));

function fromStructs(structs: Struct[], ds: [number, number, number][]): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  const r = e.restEncoder;
  const sections = new Map<number, Struct[]>();
  for (const s of structs) sections.set(s.client, [...(sections.get(s.client) ?? []), s]);
  encoding.writeVarUint(r, sections.size);
  for (const [client, list] of sections) {
    encoding.writeVarUint(r, list.length);
    encoding.writeVarUint(r, client);
    encoding.writeVarUint(r, list[0]!.clock);
    for (const s of list) {
      if (s.kind !== "item" || s.content === null) {
        encoding.writeUint8(r, s.kind === "gc" ? 0 : 10);
        encoding.writeVarUint(r, s.length);
        continue;
      }
      const parentSub = s.origin === null && s.right === null ? s.parentSub : null;
      encoding.writeUint8(
        r,
        s.content.getRef() | (s.origin ? 0x80 : 0) | (s.right ? 0x40 : 0) | (parentSub !== null ? 0x20 : 0),
      );
      for (const ref of [s.origin, s.right]) if (ref) ref.forEach((n) => encoding.writeVarUint(r, n));
      if (s.origin === null && s.right === null) {
        const parent = s.parent ?? "t";
        if (typeof parent === "string") {
          encoding.writeVarUint(r, 1);
          encoding.writeVarString(r, parent);
        } else uints(r, 0, ...parent);
        if (parentSub !== null) encoding.writeVarString(r, parentSub);
      }
      s.content.write(e, 0);
    }
  }
  const byClient = new Map<number, [number, number][]>();
  for (const [c, clock, len] of ds) byClient.set(c, [...(byClient.get(c) ?? []), [clock, len]]);
  encoding.writeVarUint(r, byClient.size);
  for (const [c, ranges] of byClient) {
    encoding.writeVarUint(r, c);
    encoding.writeVarUint(r, ranges.length);
    for (const [clock, len] of ranges) uints(r, clock, len);
  }
  return e.toUint8Array();
}

describe("update-check", () => {
  it("[DOC8] accepts every real update, and its ranges match Y.parseUpdateMeta", () => {
    expect(corpus.samples.length).toBeGreaterThan(80);
    let gaps = 0;
    for (const { name, update } of corpus.samples) {
      let shape: UpdateShape;
      try {
        shape = checkUpdate(update);
      } catch (e) {
        throw new Error(`${name} rejected: ${String(e)}\n${hex(update)}`, { cause: e });
      }
      expect(shapeRanges(shape), name).toEqual(rangesOf(Y.parseUpdateMeta(update)));
      expect(shape.ranges.length / 3, `${name}: one triple per section`).toBe(Y.parseUpdateMeta(update).from.size);
      const ds = Y.decodeUpdate(update).ds.clients;
      let deletes = 0;
      for (const items of ds.values()) deletes += items.length;
      expect(shape.deletes, name).toBe(deletes);
      const hasSkip = Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Skip);
      expect(shape.contiguous, name).toBe(!hasSkip);
      if (hasSkip) gaps++;
    }
    expect(gaps, "mergeUpdates with gaps yields Skip structs").toBeGreaterThanOrEqual(2);
  });

  it("[DOC8] seeded mutants: whatever Yjs throws on, fresh or on a doc with state, is rejected", () => {
    const stats = { mutants: 0, yjsThrows: 0, bothReject: 0, stricter: 0, bothAccept: 0 };
    /** Why we refused mutants Yjs took, by message: the cost of being stricter, for the report. */
    const stricterWhy = new Map<string, number>();
    const failures: string[] = [];
    const consider = (seed: number, kind: string, mutant: Uint8Array): void => {
      stats.mutants++;
      const why = rejection(mutant);
      const rejected = why !== null;
      // The doc with state is only needed when the fresh doc took the mutant.
      const yjsThrows = throwsOn(mutant) || throwsOn(mutant, corpus.richState);
      if (yjsThrows) stats.yjsThrows++;
      if (yjsThrows && !rejected) failures.push(`seed ${seed} ${kind}: Yjs throws, checkUpdate accepts ${hex(mutant)}`);
      else if (yjsThrows) stats.bothReject++;
      else if (why !== null) {
        stats.stricter++;
        const key = why.replace(/ at byte \d+$/, "");
        stricterWhy.set(key, (stricterWhy.get(key) ?? 0) + 1);
      } else stats.bothAccept++;
    };
    const sources = corpus.samples.filter((s) => s.update.length > 2);
    for (let seed = 1; seed <= sources.length; seed++) {
      const rand = seededRandom(seed);
      const { update } = sources[seed - 1]!;
      // Truncation at every position (sampled on long updates).
      const step = Math.max(1, Math.floor(update.length / TRUNCATIONS_MAX));
      for (let cut = 0; cut < update.length; cut += step) consider(seed, `truncate@${cut}`, update.subarray(0, cut));
      for (let k = 0; k < 40; k++) {
        const m = update.slice();
        const at = randInt(rand, 0, m.length - 1);
        const interesting = [0, 1, 10, 0x7f, 0x80, 0xff, m[at]! ^ (1 << randInt(rand, 0, 7))];
        m[at] = rand() < 0.5 ? interesting[randInt(rand, 0, interesting.length - 1)]! : randInt(rand, 0, 255);
        consider(seed, `flip@${at}`, m);
      }
      for (let k = 0; k < 10; k++) {
        const at = randInt(rand, 0, update.length);
        const m = new Uint8Array(update.length + 1);
        m.set(update.subarray(0, at));
        m[at] = randInt(rand, 0, 255);
        m.set(update.subarray(at), at + 1);
        consider(seed, `insert@${at}`, m);
      }
      for (let k = 0; k < 10; k++) {
        const at = randInt(rand, 0, update.length - 1);
        const m = new Uint8Array(update.length - 1);
        m.set(update.subarray(0, at));
        m.set(update.subarray(at + 1), at);
        consider(seed, `delete@${at}`, m);
      }
      for (let k = 0; k < 10; k++) {
        const other = sources[randInt(rand, 0, sources.length - 1)]!.update;
        const cutA = randInt(rand, 0, update.length);
        const cutB = randInt(rand, 0, other.length);
        const m = new Uint8Array(cutA + other.length - cutB);
        m.set(update.subarray(0, cutA));
        m.set(other.subarray(cutB), cutA);
        consider(seed, `splice@${cutA}/${cutB}`, m);
      }
    }
    console.info("update-check mutants:", stats, "stricter than Yjs because:", stricterWhy);
    expect(failures, failures.slice(0, 5).join("\n")).toEqual([]);
    // Not vacuous: a good share of mutants must make Yjs itself throw, and some must survive both.
    expect(stats.mutants).toBeGreaterThan(5000);
    expect(stats.yjsThrows / stats.mutants).toBeGreaterThan(0.3);
    expect(stats.bothAccept).toBeGreaterThan(0);
  });

  it("[DOC8] structure-aware mutants: rewired origins, parents, clients and content never slip past the check", () => {
    const rich = new Y.Doc();
    Y.applyUpdate(rich, corpus.richState);
    const richClocks = Y.decodeStateVector(Y.encodeStateVector(rich));
    const sources = corpus.samples.map((s) => toStructs(s.update)).filter((m) => m.structs.length > 0);
    const pool: Ref[] = [];
    for (const m of [...sources, toStructs(corpus.richState)])
      for (const s of m.structs) pool.push([s.client, s.clock], [s.client, s.clock + s.length - 1]);
    const stats = { mutants: 0, yjsThrows: 0, stricter: 0, bothAccept: 0, forgedHistory: 0 };
    const failures: string[] = [];
    for (let seed = 1; seed <= 2500; seed++) {
      const rand = seededRandom(1000 + seed);
      const src = sources[randInt(rand, 0, sources.length - 1)]!;
      const structs = src.structs.map((s) => ({ ...s }));
      const ds = src.ds.slice();
      const nearOrPooled = (s: Struct): Ref => {
        if (rand() < 0.25) return [s.client, Math.max(0, s.clock + randInt(rand, -3, 3))];
        const [c, k] = pool[randInt(rand, 0, pool.length - 1)]!;
        return [c, Math.max(0, k + (rand() < 0.7 ? 0 : randInt(rand, -2, 2)))];
      };
      for (let k = randInt(rand, 1, 3); k > 0 && structs.length > 0; k--) {
        const i = randInt(rand, 0, structs.length - 1);
        const s = structs[i]!;
        switch (randInt(rand, 0, 9)) {
          case 0:
            s.origin = rand() < 0.2 ? null : nearOrPooled(s);
            break;
          case 1:
            s.right = rand() < 0.2 ? null : nearOrPooled(s);
            break;
          case 2:
            s.origin = null;
            s.right = rand() < 0.5 ? null : nearOrPooled(s);
            s.parent = rand() < 0.5 ? ["t", "m", "a", "root", "new"][randInt(rand, 0, 4)]! : nearOrPooled(s);
            break;
          case 3:
            s.parentSub = s.parentSub === null ? `k${randInt(rand, 0, 2)}` : null;
            break;
          case 4: {
            const o = structs[randInt(rand, 0, structs.length - 1)]!;
            if (s.kind === "item" && o.kind === "item") [s.content, s.length] = [o.content, o.length];
            break;
          }
          case 5:
            structs.splice(i, 1);
            break;
          case 6: {
            const client = pool[randInt(rand, 0, pool.length - 1)]![0];
            for (const x of structs) if (x.client === s.client && x !== s) x.client = client;
            s.client = client;
            break;
          }
          case 7: {
            const [c, clock] = pool[randInt(rand, 0, pool.length - 1)]!;
            ds.push([c, Math.max(0, clock + randInt(rand, -1, 1)), randInt(rand, 1, 4)]);
            break;
          }
          case 8:
            s.clock = Math.max(0, s.clock + randInt(rand, -3, 3));
            break;
          default:
            s.origin = nearOrPooled(s);
            s.right = nearOrPooled(s);
        }
      }
      if (structs.length === 0) continue;
      const mutant = fromStructs(structs, ds);
      stats.mutants++;
      const rejected = rejection(mutant) !== null;
      const fresh = throwsOn(mutant);
      const onState = !fresh && throwsOn(mutant, corpus.richState);
      // Sections that restate clocks the doc already holds, with different origins or parents, can make
      // integration throw (the struct store's neighbour is not what the forged item expects). No check without
      // the doc's state can see that; the report lists it for the hub to guard.
      const forged = [...new Set(structs.map((s) => s.client))].some(
        (c) => (structs.find((s) => s.client === c)?.clock ?? 0) < (richClocks.get(c) ?? 0),
      );
      if (fresh || onState) stats.yjsThrows++;
      if (onState && !rejected && forged) stats.forgedHistory++;
      else if ((fresh || onState) && !rejected)
        failures.push(
          `seed ${1000 + seed}: Yjs throws (${fresh ? "fresh doc" : "doc with state"}), checkUpdate accepts ${hex(mutant)}`,
        );
      else if (!(fresh || onState) && rejected) stats.stricter++;
      else if (!rejected) stats.bothAccept++;
    }
    console.info("update-check structure-aware mutants:", stats);
    expect(failures, failures.slice(0, 5).join("\n")).toEqual([]);
    expect(stats.mutants).toBeGreaterThan(2000);
    expect(stats.yjsThrows).toBeGreaterThan(100);
    expect(stats.bothAccept).toBeGreaterThan(stats.mutants / 2);
  });

  it("[DOC8] huge counts and lengths are refused from the bytes that are there, not looped over", () => {
    const big = [0xff, 0xff, 0xff, 0xff, 0x0f]; // 2^32 - 1 as a varUint
    const cases: [string, number[]][] = [
      ["sections", [...big, 0]],
      ["structs", [1, ...big, 7, 0, 4, 1, 1, 0x6b, 1, 0x61, 0]],
      ["string length", [1, 1, 7, 0, 4, 1, 1, 0x6b, ...big, 0x61, 0]],
      ["JSON count", [1, 1, 7, 0, 2, 1, 1, 0x6b, ...big, 1, 0x31, 0]],
      ["Any count", [1, 1, 7, 0, 8, 1, 1, 0x6b, ...big, 0x7f, 0]],
      ["Any array", [1, 1, 7, 0, 8, 1, 1, 0x6b, 1, 117, ...big, 0]],
      ["Any object", [1, 1, 7, 0, 8, 1, 1, 0x6b, 1, 118, ...big, 0]],
      ["binary length", [1, 1, 7, 0, 3, 1, 1, 0x6b, ...big, 0]],
      ["delete-set clients", [0, ...big]],
      ["delete ranges", [0, 1, 7, ...big, 0, 1]],
      ["ten-byte varUint", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0]],
      ["GC length past 2^53", [1, 1, 7, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0]],
    ];
    for (const [name, bytes] of cases) {
      expect(() => checkUpdate(Uint8Array.from(bytes)), name).toThrow(UpdateCheckError);
    }
    // A megabyte of continuation bytes ends after eight of them.
    expect(() => checkUpdate(new Uint8Array(1 << 20).fill(0x80))).toThrow(/varUint too long at byte 8/);
  });

  it("[DOC8] refuses what Yjs integrates wrongly or throws on only after decoding", () => {
    // Same-client origin or parent at or past the struct itself: Yjs checks only other clients' references
    // for availability, so integration looks the ID up in the struct store and throws.
    const forwardOrigin = sectionOf(7, 1, u8(0x80 | 4), 7, 5, "a");
    const selfParent = sectionOf(7, 1, u8(4), 0, 7, 0, "a");
    for (const u of [forwardOrigin, selfParent]) {
      expect(throwsOn(u)).toBe(true);
      expect(() => checkUpdate(u)).toThrow(/own future/);
    }
    // Two sections of one client: Yjs keeps the last one only, so the log would hold text the doc never gets.
    const dup = bytes(2, 1, 7, 0, u8(4), 1, "t", "x", 1, 7, 0, u8(4), 1, "t", "y", 0);
    const dupDoc = new Y.Doc();
    Y.applyUpdate(dupDoc, dup);
    expect(dupDoc.getText("t").toString()).toBe("y");
    expect(() => checkUpdate(dup)).toThrow(/repeated client section/);
    // A zero-length string item decodes, then breaks the struct store for the item after it.
    const zero = sectionOf(7, 2, u8(4), 1, "t", "", u8(0x80 | 4), 7, 0, "ab");
    expect(throwsOn(zero)).toBe(true);
    expect(() => checkUpdate(zero)).toThrow(/empty string content/);
    // Subdocument options are spread into `new Doc`: null throws, a foreign key is silently adopted.
    const subdoc = (opts: Parameters<typeof encoding.writeAny>[1]) => rootItem(9, "guid", { any: opts });
    expect(throwsOn(subdoc(null))).toBe(true);
    expect(() => checkUpdate(subdoc(null))).toThrow(/not an object/);
    const adopted = new Y.Doc();
    Y.applyUpdate(adopted, subdoc({ guid: 5 }));
    expect([...adopted.subdocs].map((d) => d.guid)).toEqual([5]);
    expect(() => checkUpdate(subdoc({ guid: 5 }))).toThrow(/unknown subdocument option/);
    expect(() => checkUpdate(subdoc({ gc: true }))).toThrow(/gc is not false/);
    expect(() => checkUpdate(subdoc({ meta: 1, meta2: 2 }))).toThrow(/unknown subdocument option/);
    expect(checkUpdate(subdoc({ gc: false, autoLoad: true, meta: { a: [1] } })).ranges).toEqual([7, 0, 1]);
  });

  it("[DOC8] known limit: forged structs over clocks the doc already holds pass the check, then break integration", () => {
    // Client 1 made a map in a root array, put "v" in it and deleted the map: 1:1 is now a GC struct.
    const a = newDoc(1);
    const m = new Y.Map<string>();
    a.getArray<Y.Map<string>>("a").push([m]);
    m.set("k", "v");
    a.getArray("a").delete(0, 1);
    const b = newDoc(2);
    b.getText("t").insert(0, "x");
    // A well-formed section of client 1 from clock 0: a 3-char string whose origin is b's live "x".
    const forged = sectionOf(1, 1, u8(0x80 | 4), 2, 0, "abc");
    expect(checkUpdate(forged)).toEqual({ ranges: [1, 0, 3], contiguous: true, deletes: 0 });
    // Yjs integrates it with an offset (it holds 1:0..1:1 already), takes the GC at 1:1 as the left neighbour,
    // and throws reading `origin` of `undefined` in Item.integrate.
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(b));
    expect(() => Y.applyUpdate(server, forged)).toThrow(TypeError);
    // Worse: without b's "x" it waits in pendingStructs and throws while integrating the next, innocent update.
    const later = new Y.Doc();
    Y.applyUpdate(later, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(later, forged);
    expect(later.store.pendingStructs).not.toBeNull();
    expect(() => Y.applyUpdate(later, Y.encodeStateAsUpdate(b))).toThrow(TypeError);
  });

  it("[DOC8] refuses structures no Yjs client writes, and accepts their well-formed neighbours", () => {
    const ok = (name: string, u: Uint8Array): void => {
      expect(() => checkUpdate(u), name).not.toThrow();
      expect(throwsOn(u), `${name}: Yjs takes it too`).toBe(false);
    };
    const bad = (name: string, u: Uint8Array, why: RegExp): void => {
      expect(() => checkUpdate(u), name).toThrow(why);
    };
    // Legacy ContentJSON (no 13.x client writes it, Yjs still reads it): valid JSON or the literal `undefined`.
    ok("ContentJSON", rootItem(2, 3, '{"a":[1,-2.5e3,"\\u00e9",true,{}]}', "undefined", " null "));
    bad("ContentJSON invalid", rootItem(2, 1, "{a:1}"), /invalid JSON/);
    bad("ContentJSON trailing", rootItem(2, 1, "1 2"), /trailing/);
    bad("ContentJSON leading zero", rootItem(2, 1, "01"), /trailing/);
    bad("ContentJSON bare fraction", rootItem(2, 1, "1."), /expected a digit/);
    bad("ContentJSON empty", rootItem(2, 0), /empty JSON/);
    ok("Embed", rootItem(5, '{"image":"x"}'));
    bad("Embed undefined", rootItem(5, "undefined"), /invalid JSON/);
    bad("Embed raw control char", rootItem(5, '"a\nb"'), /control character/);
    bad("Embed bad escape", rootItem(5, '"\\x"'), /bad escape/);
    bad("Format bad value", rootItem(6, "bold", "tru"), /invalid JSON/);
    bad("JSON nested too deep", rootItem(5, "[".repeat(101) + "]".repeat(101)), /too deep/);
    ok("JSON at the nesting limit", rootItem(5, "[".repeat(100) + "]".repeat(100)));
    // Content refs and type refs.
    for (const ref of [11, 12, 31]) bad(`content ref ${ref}`, rootItem(ref, "x"), /unknown content ref/);
    // Yjs masks the info byte, so it reads these as a GC and a Skip; lib0 writes those refs bare.
    for (const info of [0x80, 0x8a]) bad(`info ${info}`, sectionOf(7, 1, u8(info), 8, 0, 1), /unknown content ref/);
    bad("type ref 7", rootItem(7, 7), /unknown type ref/);
    bad("XmlElement without a name", rootItem(7, 3), /unexpected end/);
    ok("XmlHook with a name", rootItem(7, 5, "hook"));
    bad("parent info 2", sectionOf(7, 1, u8(4), 2, "x"), /neither key nor ID/);
    // Zero lengths.
    bad("GC of length 0", sectionOf(7, 1, u8(0), 0), /zero-length struct/);
    bad("Skip of length 0", sectionOf(7, 1, u8(10), 0), /zero-length struct/);
    bad("ContentDeleted of length 0", rootItem(1, 0), /zero-length deleted/);
    bad("ContentAny of no values", rootItem(8, 0), /empty Any/);
    // One section with no structs, then a delete set that pads the update past the per-section byte minimum.
    bad("empty section", bytes(1, 0, 7, 0, 1, 9, 1, 0, 1), /empty client section/);
    // Any encoding.
    bad("unknown Any tag", rootItem(8, 1, u8(115)), /unknown Any tag 115/);
    bad("padded Any int", rootItem(8, 1, u8(125), u8(0x81), u8(0)), /non-canonical varInt/);
    // 2^31 as lib0's varInt (6 + 7 + 7 + 7 + 4 bits): readable, but writeAny would have written a float.
    bad("Any int of 2^31", rootItem(8, 1, u8(125), u8(0x80), u8(0x80), u8(0x80), u8(0x80), u8(0x10)), /out of range/);
    ok("Any int at -(2^31 - 1)", rootItem(8, 1, { any: -(2 ** 31 - 1) }));
    // Strings: lib0 decodes with a fatal TextDecoder, so Yjs throws on invalid UTF-8 too.
    for (const [name, utf8] of [
      ["overlong", [0xc0, 0xaf]],
      ["surrogate", [0xed, 0xa0, 0x80]],
      ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
      ["truncated", [0x61, 0xe2, 0x82]],
      ["lone continuation", [0x80]],
    ] as const) {
      const u = rootItem(4, utf8.length, { raw: Uint8Array.from(utf8) });
      bad(`UTF-8 ${name}`, u, /UTF-8/);
      expect(throwsOn(u), `UTF-8 ${name}: Yjs throws`).toBe(true);
    }
    ok("astral UTF-8", rootItem(4, "a😀"));
    expect(checkUpdate(rootItem(4, "a😀")).ranges, "a ContentString is as long as its UTF-16 units").toEqual([7, 0, 3]);
    // Framing, ids and the delete set.
    const fine = rootItem(4, "x");
    ok("a plain item", fine);
    bad("trailing byte", Uint8Array.from([...fine, 0]), /trailing bytes/);
    bad("non-canonical varUint", Uint8Array.from([0x80, 0x00, 0]), /non-canonical varUint/);
    bad("client above uint32", sectionOf(2 ** 32, 1, u8(0), 1), /client id out of range/);
    bad("origin equals right origin", sectionOf(8, 1, u8(0xc0 | 4), 7, 0, 7, 0, "x"), /origin equals right origin/);
    /** Client 7's three-clock GC, then one delete-set entry for client 7 with `ranges`. */
    const withDs = (...ranges: number[]): Uint8Array => bytes(1, 1, 7, 0, u8(0), 3, 1, 7, ranges.length / 2, ...ranges);
    ok("delete ranges", withDs(0, 1, 2, 1));
    expect(checkUpdate(withDs(0, 1, 2, 1))).toEqual({ ranges: [7, 0, 3], contiguous: true, deletes: 2 });
    bad("delete range of length 0", withDs(0, 0), /zero-length delete range/);
    // Two-byte ids keep the update long enough for two entries, so the empty one is what is refused.
    bad("delete-set entry with no ranges", bytes(0, 2, 7, 0, 300, 1, 300, 1), /empty delete-set entry/);
  });
});
