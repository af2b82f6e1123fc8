import {
  ID,
  children,
  concat,
  element,
  float64Bytes,
  readFloat,
  readHeader,
  readUint,
  sizeBytes,
  uintBytes,
  type ElementHeader,
} from "./ebml.ts";

/*
 * Makes a MediaRecorder WebM seekable. Chrome streams a Segment and Clusters of unknown size, with
 * no Duration and no Cues, so a player can neither show the length nor seek. We re-mux: parse the
 * blocks out of the chunk stream, then write one Segment of known size with a SeekHead, an Info
 * carrying Duration, the original Tracks, Cues (one per cluster) and clusters of about
 * CLUSTER_MS each. Frames are copied byte for byte; only container framing is rewritten.
 *
 * Chunks are not aligned to elements (a chunk may end inside a block), so they are parsed as one
 * stream. A missing chunk leaves a gap: parsing resumes at the next Cluster found after it, and the
 * frames on both sides keep their timestamps.
 */

/** Target cluster length: also the seek granularity, since there is one cue per cluster. */
const CLUSTER_MS = 1_000;
/** Relative block timecodes are int16. */
const MAX_RELATIVE_TC = 32_767;
const DEFAULT_FRAME_MS = 20;

interface Block {
  /** Absolute timecode in TimecodeScale units. */
  time: number;
  /** The whole SimpleBlock/BlockGroup element. */
  bytes: Uint8Array;
  /** Offset, inside `bytes`, of the block's int16 relative timecode. */
  tcOffset: number;
}

export interface ParsedStream {
  ebmlHeader: Uint8Array;
  tracks: Uint8Array;
  /** Nanoseconds per timecode unit (1,000,000 = milliseconds). */
  timecodeScale: number;
  blocks: Block[];
  /** Whether some bytes could not be parsed (a gap or a truncated tail). */
  damaged: boolean;
}

export interface SeekableTrack {
  bytes: Uint8Array;
  durationMs: number;
  blocks: number;
  cues: number;
  damaged: boolean;
}

const CLUSTER_CHILDREN = new Set<number>([
  ID.Timecode,
  ID.SimpleBlock,
  ID.BlockGroup,
  ID.Position,
  ID.PrevSize,
  ID.Void,
]);

/** Offset of the relative timecode inside a Block/SimpleBlock payload: after the track-number vint. */
const timecodeOffsetIn = (buf: Uint8Array, payloadStart: number): number | null => {
  const first = buf[payloadStart];
  if (first === undefined || first === 0) return null;
  const trackLen = Math.clz32(first) - 23;
  return trackLen <= 8 ? payloadStart + trackLen : null;
};

const readInt16 = (buf: Uint8Array, at: number): number => {
  const v = (buf[at]! << 8) | buf[at + 1]!;
  return v >= 0x8000 ? v - 0x10000 : v;
};

/** Parses the clusters starting at `pos` until the buffer ends or stops making sense. */
const parseClusters = (buf: Uint8Array, pos: number, blocks: Block[]): { end: number; clean: boolean } => {
  while (pos < buf.length) {
    const h = readHeader(buf, pos);
    if (!h) return { end: pos, clean: false };
    if (h.id !== ID.Cluster) {
      // Level-1 elements after the first cluster (Cues, Tags, Void) carry nothing we keep.
      if (h.size === null) return { end: pos, clean: false };
      pos = h.dataStart + h.size;
      continue;
    }
    const end = h.size === null ? buf.length : h.dataStart + h.size;
    let clusterTime = 0;
    let p = h.dataStart;
    while (p < end) {
      const c = readHeader(buf, p);
      if (!c || c.id === ID.Cluster || !CLUSTER_CHILDREN.has(c.id)) break;
      if (c.size === null) return { end: p, clean: false };
      const next = c.dataStart + c.size;
      if (c.id === ID.Timecode) clusterTime = readUint(buf, c.dataStart, c.size);
      else if (c.id === ID.SimpleBlock) addBlock(buf, c, c.dataStart, clusterTime, blocks);
      else if (c.id === ID.BlockGroup) {
        const inner = children(buf, c.dataStart, next).find((x) => x.id === ID.Block);
        if (inner) addBlock(buf, c, inner.dataStart, clusterTime, blocks);
      }
      p = next;
    }
    if (p < end && h.size !== null) return { end: p, clean: false };
    if (p >= buf.length) return { end: p, clean: true };
    const after = readHeader(buf, p);
    if (!after) return { end: p, clean: false };
    pos = p;
  }
  return { end: pos, clean: true };
};

const addBlock = (buf: Uint8Array, el: ElementHeader, payloadStart: number, clusterTime: number, out: Block[]) => {
  const tc = timecodeOffsetIn(buf, payloadStart);
  if (tc === null || el.size === null || tc + 3 > el.dataStart + el.size) return;
  const bytes = buf.slice(el.start, el.dataStart + el.size);
  out.push({ time: clusterTime + readInt16(buf, tc), bytes, tcOffset: tc - el.start });
};

/** Finds the next Cluster id at or after `from` that parses as a cluster header. */
const findCluster = (buf: Uint8Array, from: number): number => {
  for (let i = from; i + 4 <= buf.length; i++) {
    if (buf[i] === 0x1f && buf[i + 1] === 0x43 && buf[i + 2] === 0xb6 && buf[i + 3] === 0x75) {
      const h = readHeader(buf, i);
      const first = h ? readHeader(buf, h.dataStart) : null;
      if (first && first.id === ID.Timecode) return i;
    }
  }
  return -1;
};

/**
 * Parses runs of contiguous chunks: `runs[0]` must start with chunk 0 (it holds the header); each
 * later run follows a gap and is resynchronised at its first cluster.
 */
export const parseStream = (runs: readonly Uint8Array[]): ParsedStream | null => {
  const first = runs[0];
  if (!first) return null;
  const ebml = readHeader(first, 0);
  if (!ebml || ebml.id !== ID.EBML || ebml.size === null) return null;
  const ebmlHeader = first.slice(0, ebml.dataStart + ebml.size);
  const seg = readHeader(first, ebmlHeader.length);
  if (!seg || seg.id !== ID.Segment) return null;

  let tracks: Uint8Array | null = null;
  let timecodeScale = 1_000_000;
  let pos = seg.dataStart;
  const segEnd = seg.size === null ? first.length : seg.dataStart + seg.size;
  // Level-1 elements before the first cluster.
  while (pos < segEnd) {
    const h = readHeader(first, pos);
    if (!h || h.id === ID.Cluster || h.size === null) break;
    if (h.id === ID.Tracks) tracks = first.slice(h.start, h.dataStart + h.size);
    if (h.id === ID.Info) {
      const scale = children(first, h.dataStart, h.dataStart + h.size).find((c) => c.id === ID.TimecodeScale);
      if (scale && scale.size) timecodeScale = readUint(first, scale.dataStart, scale.size) || 1_000_000;
    }
    pos = h.dataStart + h.size;
  }
  if (!tracks) return null;

  const blocks: Block[] = [];
  let damaged = runs.length > 1;
  const head = parseClusters(first, pos, blocks);
  if (!head.clean) damaged = true;
  for (const run of runs.slice(1)) {
    const at = findCluster(run, 0);
    if (at < 0) continue;
    const r = parseClusters(run, at, blocks);
    if (!r.clean) damaged = true;
  }
  // Runs are disjoint byte ranges, so no block repeats; sorting only guards against a reordering muxer.
  blocks.sort((a, b) => a.time - b.time);
  return { ebmlHeader, tracks, timecodeScale, blocks, damaged };
};

const frameUnits = (parsed: ParsedStream): number => {
  const gaps: number[] = [];
  for (let i = 1; i < parsed.blocks.length && gaps.length < 50; i++) {
    const d = parsed.blocks[i]!.time - parsed.blocks[i - 1]!.time;
    if (d > 0) gaps.push(d);
  }
  if (gaps.length === 0) return (DEFAULT_FRAME_MS * 1_000_000) / parsed.timecodeScale;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
};

/** Writes a WebM with known sizes, Duration and Cues. */
export const writeSeekable = (parsed: ParsedStream): SeekableTrack => {
  const unitsPerMs = 1_000_000 / parsed.timecodeScale;
  const clusterUnits = CLUSTER_MS * unitsPerMs;

  // Group blocks into clusters no longer than CLUSTER_MS (and within int16 relative timecodes).
  const clusters: { time: number; blocks: Block[] }[] = [];
  for (const b of parsed.blocks) {
    const cur = clusters.at(-1);
    if (cur && b.time - cur.time < clusterUnits && b.time - cur.time <= MAX_RELATIVE_TC) cur.blocks.push(b);
    else clusters.push({ time: b.time, blocks: [b] });
  }
  const clusterBytes = clusters.map((c) => {
    const parts = [element(ID.Timecode, uintBytes(c.time))];
    for (const b of c.blocks) {
      const copy = b.bytes.slice();
      const rel = b.time - c.time;
      copy[b.tcOffset] = (rel >> 8) & 0xff;
      copy[b.tcOffset + 1] = rel & 0xff;
      parts.push(copy);
    }
    return element(ID.Cluster, concat(parts), 8);
  });

  const last = parsed.blocks.at(-1);
  const durationUnits = last ? last.time + frameUnits(parsed) : 0;
  const info = element(
    ID.Info,
    concat([
      element(ID.TimecodeScale, uintBytes(parsed.timecodeScale)),
      element(ID.MuxingApp, new TextEncoder().encode("Mockroom")),
      element(ID.WritingApp, new TextEncoder().encode("Mockroom")),
      element(ID.Duration, float64Bytes(durationUnits)),
    ]),
  );

  // Fixed-width positions make every size below independent of the values, so one pass suffices.
  const seekEntry = (id: number, position: number) =>
    element(ID.Seek, concat([element(ID.SeekID, uintBytes(id)), element(ID.SeekPosition, uintBytes(position, 8))]));
  const seekHeadFor = (infoAt: number, tracksAt: number, cuesAt: number) =>
    element(
      ID.SeekHead,
      concat([seekEntry(ID.Info, infoAt), seekEntry(ID.Tracks, tracksAt), seekEntry(ID.Cues, cuesAt)]),
    );
  const cuesFor = (positions: readonly number[]) =>
    element(
      ID.Cues,
      concat(
        clusters.map((c, i) =>
          element(
            ID.CuePoint,
            concat([
              element(ID.CueTime, uintBytes(c.time, 8)),
              element(
                ID.CueTrackPositions,
                concat([
                  element(ID.CueTrack, uintBytes(1)),
                  element(ID.CueClusterPosition, uintBytes(positions[i]!, 8)),
                ]),
              ),
            ]),
          ),
        ),
      ),
    );

  const seekHeadLen = seekHeadFor(0, 0, 0).length;
  const infoAt = seekHeadLen;
  const tracksAt = infoAt + info.length;
  const cuesAt = tracksAt + parsed.tracks.length;
  const cuesLen = cuesFor(clusters.map(() => 0)).length;
  const positions: number[] = [];
  let at = cuesAt + cuesLen;
  for (const c of clusterBytes) {
    positions.push(at);
    at += c.length;
  }
  const body = concat([
    seekHeadFor(infoAt, tracksAt, cuesAt),
    info,
    parsed.tracks,
    cuesFor(positions),
    ...clusterBytes,
  ]);
  const segmentHead = new Uint8Array([0x18, 0x53, 0x80, 0x67, ...sizeBytes(body.length, 8)]);
  return {
    bytes: concat([parsed.ebmlHeader, segmentHead, body]),
    durationMs: durationUnits / unitsPerMs,
    blocks: parsed.blocks.length,
    cues: clusters.length,
    damaged: parsed.damaged,
  };
};

/** What a player needs to know about a WebM: read back from the bytes, for tests and checks. */
export interface WebmSummary {
  segmentSizeKnown: boolean;
  durationMs: number | null;
  cues: { time: number; clusterOffset: number; pointsAtCluster: boolean }[];
  blocks: number;
}

export const summarise = (buf: Uint8Array): WebmSummary | null => {
  const ebml = readHeader(buf, 0);
  if (!ebml || ebml.id !== ID.EBML || ebml.size === null) return null;
  const seg = readHeader(buf, ebml.dataStart + ebml.size);
  if (!seg || seg.id !== ID.Segment) return null;
  const segEnd = seg.size === null ? buf.length : seg.dataStart + seg.size;
  let durationMs: number | null = null;
  let scale = 1_000_000;
  const cues: WebmSummary["cues"] = [];
  let blocks = 0;
  const top = children(buf, seg.dataStart, segEnd);
  for (const h of top) {
    const end = h.dataStart + (h.size ?? 0);
    if (h.id === ID.Info) {
      for (const c of children(buf, h.dataStart, end)) {
        if (c.id === ID.TimecodeScale) scale = readUint(buf, c.dataStart, c.size!);
        if (c.id === ID.Duration) durationMs = readFloat(buf, c.dataStart, c.size!);
      }
    } else if (h.id === ID.Cues) {
      for (const point of children(buf, h.dataStart, end)) {
        const kids = children(buf, point.dataStart, point.dataStart + point.size!);
        const time = kids.find((k) => k.id === ID.CueTime);
        const tp = kids.find((k) => k.id === ID.CueTrackPositions);
        const pos = tp
          ? children(buf, tp.dataStart, tp.dataStart + tp.size!).find((k) => k.id === ID.CueClusterPosition)
          : undefined;
        if (!time || !pos) continue;
        const clusterOffset = readUint(buf, pos.dataStart, pos.size!);
        const target = readHeader(buf, seg.dataStart + clusterOffset);
        cues.push({
          time: readUint(buf, time.dataStart, time.size!),
          clusterOffset,
          pointsAtCluster: target?.id === ID.Cluster,
        });
      }
    } else if (h.id === ID.Cluster) {
      blocks += children(buf, h.dataStart, end).filter((c) => c.id === ID.SimpleBlock || c.id === ID.BlockGroup).length;
    }
  }
  if (durationMs !== null) durationMs = (durationMs * scale) / 1_000_000;
  return { segmentSizeKnown: seg.size !== null && segEnd === buf.length, durationMs, cues, blocks };
};

/**
 * Assembles a track from its chunks in sequence order. `chunks` maps seq → bytes; gaps split the
 * stream into runs. Returns null when chunk 0 (the header) is missing or unreadable.
 */
export const assembleTrack = (chunks: ReadonlyMap<number, Uint8Array>): SeekableTrack | null => {
  const seqs = [...chunks.keys()].sort((a, b) => a - b);
  if (seqs[0] !== 0) return null;
  const runs: Uint8Array[] = [];
  let current: Uint8Array[] = [];
  let expected = 0;
  for (const seq of seqs) {
    if (seq !== expected && current.length > 0) {
      runs.push(concat(current));
      current = [];
    }
    current.push(chunks.get(seq)!);
    expected = seq + 1;
  }
  if (current.length > 0) runs.push(concat(current));
  const parsed = parseStream(runs);
  return parsed ? writeSeekable(parsed) : null;
};
