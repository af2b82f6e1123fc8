/**
 * Just enough EBML (the container grammar under Matroska/WebM) to read a MediaRecorder stream and
 * write a seekable file. Reading is defensive: every length is checked against the buffer, because
 * the bytes come from a browser we do not control.
 */

export const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  DefaultDuration: 0x23e383,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  Position: 0xa7,
  PrevSize: 0xab,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Void: 0xec,
} as const;

/** `size` is null for the "unknown size" marker that live streams (and Chrome) write. */
export interface ElementHeader {
  id: number;
  size: number | null;
  /** Offset of the element's first byte (its id). */
  start: number;
  /** Offset of its payload. */
  dataStart: number;
}

/** Reads a variable-length id (marker bit kept) or null if truncated/invalid. */
const readId = (buf: Uint8Array, pos: number): { value: number; length: number } | null => {
  const first = buf[pos];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23; // 1..8 for a non-zero byte
  if (length > 4 || pos + length > buf.length) return null;
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + buf[pos + i]!;
  return { value, length };
};

/** Reads a variable-length size (marker bit removed); all-ones means unknown. */
const readSize = (buf: Uint8Array, pos: number): { value: number | null; length: number } | null => {
  const first = buf[pos];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (pos + length > buf.length) return null;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const b = buf[pos + i]!;
    value = value * 256 + b;
    if (b !== 0xff) allOnes = false;
  }
  return { value: allOnes ? null : value, length };
};

/** The header at `pos`, or null if the bytes there cannot be one (or run past the buffer). */
export const readHeader = (buf: Uint8Array, pos: number): ElementHeader | null => {
  const id = readId(buf, pos);
  if (!id) return null;
  const size = readSize(buf, pos + id.length);
  if (!size) return null;
  const dataStart = pos + id.length + size.length;
  if (size.value !== null && dataStart + size.value > buf.length) return null;
  return { id: id.value, size: size.value, start: pos, dataStart };
};

export const readUint = (buf: Uint8Array, start: number, length: number): number => {
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + buf[start + i]!;
  return v;
};

export const readFloat = (buf: Uint8Array, start: number, length: number): number => {
  const view = new DataView(buf.buffer, buf.byteOffset + start, length);
  return length === 4 ? view.getFloat32(0) : view.getFloat64(0);
};

/** Children of a known-size element's payload. */
export const children = (buf: Uint8Array, start: number, end: number): ElementHeader[] => {
  const out: ElementHeader[] = [];
  let pos = start;
  while (pos < end) {
    const h = readHeader(buf, pos);
    if (!h || h.size === null || h.dataStart + h.size > end) break;
    out.push(h);
    pos = h.dataStart + h.size;
  }
  return out;
};

// ---- writing ----

const idBytes = (id: number): number[] => {
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return out;
};

/** A size field of the given width (1..8 bytes). */
export const sizeBytes = (size: number, width?: number): number[] => {
  let n = width ?? 1;
  if (width === undefined) while (size >= 2 ** (7 * n) - 1) n++;
  const out = new Array<number>(n).fill(0);
  let v = size;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0]! |= 0x80 >> (n - 1);
  return out;
};

export const uintBytes = (value: number, width?: number): number[] => {
  const out: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  if (out.length === 0) out.push(0);
  while (width !== undefined && out.length < width) out.unshift(0);
  return out;
};

export const float64Bytes = (value: number): number[] => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value);
  return [...b];
};

/** One element: id, minimal size field (or a fixed width), payload. */
export const element = (id: number, payload: readonly number[] | Uint8Array, sizeWidth?: number): Uint8Array => {
  const head = [...idBytes(id), ...sizeBytes(payload.length, sizeWidth)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
};

export const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
};
