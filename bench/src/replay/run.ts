/**
 * Replay seek over a synthetic 60-minute session. Runs in its own process (a fresh heap) and writes
 * its figures as JSON to the file named by argv[3].
 *
 * Strategies:
 * - naive: a new Y.Doc and every update up to t (replay from zero);
 * - yjs-checkpoints: a Yjs state snapshot every N updates, then the tail;
 * - mockroom: the product's pipeline: the server's DocChangeDecoder turns the log into visible
 *   changes (server/src/replay/doc-changes.ts), the player's ReplayEngine (shared) seeks on
 *   keyframes of the visible state.
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as Y from "yjs";
import {
  DocKey,
  isDocChange,
  ReplayEngine,
  KEYFRAME_EVERY_CHANGES,
  visibleElements,
  type ReplayFrame,
  type TimelineElement,
} from "@mockroom/shared";
import { DocChangeDecoder, asElement } from "../../../server/src/replay/doc-changes.ts";
import { summarize, type Summary } from "../stats.ts";
import { generateSession, rng, type SessionUpdate } from "./session.ts";

export interface ReplayOptions {
  updates: number;
  durationMs: number;
  seeks: number;
  naiveSeeks: number;
  checkpointEvery: number;
}

export interface StrategyFigures {
  name: string;
  /** Cold open: from stored bytes in memory to the frame at the session's end. */
  firstFrameMs: number;
  /** Open at t = start. */
  firstFrameAtStartMs: number;
  seekMs: Summary;
  /** Bytes of checkpoints a session needs stored (or sent) besides the log; see notes. */
  checkpointBytes: number;
  checkpointBytesGzip: number;
  notes: string;
}

export interface ReplayResult {
  updates: number;
  sessionMinutes: number;
  logBytes: number;
  generateMs: number;
  strategies: StrategyFigures[];
  /** Every strategy produced the same frames at the checked points. */
  agree: boolean;
}

const opts = JSON.parse(process.argv[2] ?? "{}") as ReplayOptions;
const outFile = process.argv[3]!;
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
};

const t0 = performance.now();
const log = generateSession({ updates: opts.updates, durationMs: opts.durationMs, maxElements: 400, seed: 7 });
const generateMs = performance.now() - t0;
const start = log[0]!.ts;
const end = log.at(-1)!.ts;
const logBytes = log.reduce((n, e) => n + e.update.byteLength, 0);
const rand = rng(99);
const seekPoints = Array.from({ length: opts.seeks }, () => start + rand() * (end - start));

/** A comparable digest of what is on screen. */
const digestOf = (pad: string, elements: readonly { id: string; version: number }[]) =>
  `${pad.length}:${pad.slice(-40)}|${elements.length}:${elements.map((e) => `${e.id}@${e.version}`).join(",").length}`;
const visibleFromDoc = (doc: Y.Doc) => {
  const els: TimelineElement[] = [];
  doc.getMap<unknown>(DocKey.Board).forEach((raw, key) => {
    const el = asElement(key, raw);
    if (el) els.push(el);
  });
  return digestOf(doc.getText(DocKey.Pad).toString(), visibleElements(els));
};
const upTo = (t: number) => {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.ts <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const digests = new Map<number, string[]>();
const record = (t: number, d: string) => digests.set(t, [...(digests.get(t) ?? []), d]);

// naive: replay from zero
const naiveAt = (t: number) => {
  const doc = new Y.Doc();
  const n = upTo(t);
  doc.transact(() => {
    for (let i = 0; i < n; i++) Y.applyUpdate(doc, log[i]!.update);
  });
  const d = visibleFromDoc(doc);
  doc.destroy();
  return d;
};
const naive = (): StrategyFigures => {
  const [dEnd, firstFrameMs] = time(() => naiveAt(end));
  record(end, dEnd);
  const [, atStart] = time(() => naiveAt(start));
  const seeks = seekPoints.slice(0, opts.naiveSeeks).map((t) => {
    const [d, ms] = time(() => naiveAt(t));
    record(t, d);
    return ms;
  });
  return {
    name: "naive replay from zero (Yjs)",
    firstFrameMs,
    firstFrameAtStartMs: atStart,
    seekMs: summarize(seeks),
    checkpointBytes: 0,
    checkpointBytesGzip: 0,
    notes: `${seeks.length} seeks (each costs O(updates before t))`,
  };
};

// Yjs state snapshot every N updates + tail
const yjsCheckpoints = (): StrategyFigures => {
  const [checkpoints, buildMs] = time(() => {
    const doc = new Y.Doc();
    const cps: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
    for (let i = 0; i < log.length; i++) {
      Y.applyUpdate(doc, log[i]!.update);
      if ((i + 1) % opts.checkpointEvery === 0) cps.push(Y.encodeStateAsUpdate(doc));
    }
    doc.destroy();
    return cps;
  });
  const at = (t: number) => {
    const n = upTo(t);
    const k = Math.floor(n / opts.checkpointEvery);
    const doc = new Y.Doc();
    doc.transact(() => {
      Y.applyUpdate(doc, checkpoints[k]!);
      for (let i = k * opts.checkpointEvery; i < n; i++) Y.applyUpdate(doc, log[i]!.update);
    });
    const d = visibleFromDoc(doc);
    doc.destroy();
    return d;
  };
  const [dEnd, firstFrameMs] = time(() => at(end));
  record(end, dEnd);
  const [, atStart] = time(() => at(start));
  const seeks = seekPoints.map((t) => {
    const [d, ms] = time(() => at(t));
    record(t, d);
    return ms;
  });
  const bytes = checkpoints.reduce((n, c) => n + c.byteLength, 0);
  const gz = checkpoints.reduce((n, c) => n + gzipSync(c).byteLength, 0);
  return {
    name: `Yjs snapshot every ${opts.checkpointEvery} updates + tail`,
    firstFrameMs,
    firstFrameAtStartMs: atStart,
    seekMs: summarize(seeks),
    checkpointBytes: bytes,
    checkpointBytesGzip: gz,
    notes: `${checkpoints.length} snapshots, built in ${buildMs.toFixed(0)} ms (server side, stored)`,
  };
};

// The product: server decodes the log into visible changes; the player seeks on keyframes.
const mockroom = (): StrategyFigures & {
  decodeMs: number;
  payloadBytes: number;
  payloadGzip: number;
  warmMs: number;
} => {
  const [changes, decodeMs] = time(() => {
    const dec = new DocChangeDecoder();
    dec.apply(log);
    const c = dec.changes;
    dec.doc.destroy();
    return c;
  });
  const payload = JSON.stringify(changes);
  // The player receives JSON and checks it before use as replay-api.ts does (parseTimeline: zod for
  // the envelope, the hand-written isDocChange for the changes).
  const open = (t: number) => {
    const raw: unknown = JSON.parse(payload);
    if (!Array.isArray(raw) || !raw.every(isDocChange)) throw new Error("bad changes");
    const parsed = raw;
    const engine = new ReplayEngine(parsed);
    return { engine, frame: engine.frameAt(t) };
  };
  const digestFrame = (f: ReplayFrame) => digestOf(f.pad, f.elements);
  const [{ frame: endFrame }, firstFrameMs] = time(() => open(end));
  record(end, digestFrame(endFrame));
  const [{ engine }, atStart] = time(() => open(start));
  const seeks = seekPoints.map((t) => {
    const [f, ms] = time(() => engine.frameAt(t));
    record(t, digestFrame(f));
    return ms;
  });
  const [, warmMs] = time(() => engine.warm());
  // Keyframes live in the player's memory and share element objects; count what a stored copy would take.
  const kfCount = engine.keyframeCount;
  const frames: ReplayFrame[] = [];
  for (let k = 0; k < kfCount; k++) frames.push(engine.frameAt(start + ((end - start) * k) / Math.max(1, kfCount - 1)));
  const kfBytes = frames.reduce((n, f) => n + JSON.stringify(f).length, 0);
  const kfGzip = frames.reduce((n, f) => n + gzipSync(JSON.stringify(f)).byteLength, 0);
  return {
    name: `Mockroom: visible-state keyframes (every ${KEYFRAME_EVERY_CHANGES} changes / 20 s) + changes`,
    firstFrameMs,
    firstFrameAtStartMs: atStart,
    seekMs: summarize(seeks),
    checkpointBytes: kfBytes,
    checkpointBytesGzip: kfGzip,
    decodeMs,
    payloadBytes: payload.length,
    payloadGzip: gzipSync(payload).byteLength,
    warmMs,
    notes:
      `${kfCount} keyframes, held in the player's memory (not stored); the server decodes the log into ` +
      `${changes.length} changes in ${decodeMs.toFixed(0)} ms (cacheable), sent as ` +
      `${(payload.length / 1e6).toFixed(1)} MB JSON (${(gzipSync(payload).byteLength / 1e6).toFixed(1)} MB gzip); ` +
      `first frame includes JSON.parse + schema check + engine; warm() of all keyframes ${warmMs.toFixed(0)} ms`,
  };
};

const strategies = [mockroom(), yjsCheckpoints(), naive()];
const agree = [...digests.values()].every((ds) => ds.every((d) => d === ds[0]));
const result: ReplayResult = {
  updates: log.length,
  sessionMinutes: (end - start) / 60_000,
  logBytes,
  generateMs,
  strategies,
  agree,
};
writeFileSync(outFile, JSON.stringify(result));
export type { SessionUpdate };
