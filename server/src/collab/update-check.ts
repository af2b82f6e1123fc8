/**
 * A strict structural checker for Yjs v1 updates (DOC8), so the hot path can log and relay an update without
 * integrating it.
 *
 * It walks the same layout as Yjs 13.6's `readClientsStructRefs` + `readAndApplyDeleteSet` (v1 decoder) and lib0's
 * `readAny`, but allocates nothing per struct: no Items, no strings, no parsed JSON. It refuses everything
 * `Y.applyUpdate` throws on, whether the doc is fresh or already holds state, and on top of that everything no
 * Yjs 13.6 client writes, because the log must never hold an update whose meaning depends on decoder quirks.
 *
 * One limit no stateless check can lift: a well-formed section that restates clocks the doc already holds, with
 * a different origin or parent than the stored structs, can still make integration throw (Item.integrate takes
 * the stored struct before it as its left neighbour; when that is a GC struct it reads `undefined.origin`), and
 * if it waits in `pendingStructs` it throws later, inside an innocent update. Seeing it needs the doc's state
 * vector: a section whose start clock is below the doc's clock for that client.
 *
 * Stricter than Yjs, on purpose:
 * - varints must be canonical (lib0 writes no padding) and fit in a safe integer; client ids are uint32, which is
 *   what Yjs generates; every clock and clock + length stays a safe integer;
 * - a struct's info byte is exactly 0 (GC), exactly 10 (Skip) or an item with content ref 1..9 — Yjs reads other
 *   bytes by masking, and reads refs 11..31 as `undefined`;
 * - no struct, delete range, JSON array or Any array has length 0: a zero-length struct breaks the struct store's
 *   binary search and no encoder writes one;
 * - one section per client: Yjs keeps only the last of duplicate sections, silently dropping the others, so the
 *   log and the integrated doc would disagree;
 * - parent info is exactly 0 (an ID) or 1 (a root key), type refs are 0..6, Any tags are lib0's 116..127,
 *   Any integers are canonical and within lib0's ±(2^31 - 1), and nesting is at most {@link MAX_NESTING} deep;
 * - JSON (ContentJSON, ContentEmbed, ContentFormat) must be valid per `JSON.parse`; every string must be UTF-8
 *   that lib0's fatal `TextDecoder` accepts;
 * - ContentDoc options are an Any object holding only what `ContentDoc` writes (`gc: false`, `autoLoad: true`,
 *   `meta`): Yjs spreads them into `new Doc(…)`, so `null` throws, and a foreign key such as `guid` or
 *   `gcFilter` is taken as the subdocument's own (`{guid: 5}` re-encodes as guid "5", so the integrated doc no
 *   longer matches the log);
 * - an origin, right origin or parent ID from the struct's own client must point strictly before the struct
 *   (ids are causal). Yjs checks only other clients' references for availability, so a forward or self
 *   reference to its own client makes integration throw in `findIndexSS` — a failure that decoding never sees;
 * - origin and right origin are never the same ID;
 * - nothing may follow the delete set.
 */

/** Thrown for every update the checker refuses; the message says what and at which byte. */
export class UpdateCheckError extends Error {
  override name = "UpdateCheckError";
}

/**
 * What the log needs to know about an accepted update, without integrating it.
 * `ranges` is flat: [client, startClock, endClock, client, startClock, endClock, ...], one triple per client
 * section, endClock exclusive (start + sum of struct lengths in that section). `contiguous` is false when a
 * section contains Skip structs (gaps). `deletes` is the number of delete-set ranges (not deleted clock units).
 */
export interface UpdateShape {
  ranges: number[];
  contiguous: boolean;
  deletes: number;
}

/** Yjs draws client ids with `random.uint32()`. */
const MAX_CLIENT = 0xffff_ffff;
/** Clocks and lengths are JS numbers in Yjs: beyond this, arithmetic on them silently loses precision. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** lib0's `writeAny` writes integers up to this magnitude as varInt and larger ones as floats. */
const MAX_ANY_INT = 0x7fff_ffff;
/**
 * Deepest Any / JSON nesting accepted. lib0's `readAny` recurses, so some depth overflows the stack in Yjs; real
 * documents stay far below this.
 */
const MAX_NESTING = 100;
/** Above this many client sections, duplicates are found with a Set instead of a scan of `ranges`. */
const LINEAR_DUP_SCAN_MAX = 32;

/** Smallest encodings, used to bound every count by the bytes left so no count can make the loop run long. */
const MIN_SECTION_BYTES = 5; // #structs, client, clock, and one struct of at least two bytes
const MIN_STRUCT_BYTES = 2; // info + a one-byte length or content
const MIN_DS_CLIENT_BYTES = 4; // client, #ranges, and one range
const MIN_DS_RANGE_BYTES = 2; // clock, length
const MIN_ANY_ENTRY_BYTES = 2; // a one-byte key length + a one-byte value

const INFO_GC = 0;
const INFO_SKIP = 10;
const BITS5 = 0x1f;
const BIT_ORIGIN = 0x80;
const BIT_RIGHT_ORIGIN = 0x40;
const BIT_PARENT_SUB = 0x20;

const CONTENT_DELETED = 1;
const CONTENT_JSON = 2;
const CONTENT_BINARY = 3;
const CONTENT_STRING = 4;
const CONTENT_EMBED = 5;
const CONTENT_FORMAT = 6;
const CONTENT_TYPE = 7;
const CONTENT_ANY = 8;
const CONTENT_DOC = 9;

const TYPE_XML_ELEMENT = 3;
const TYPE_XML_HOOK = 5;
const TYPE_LAST = 6;

const ANY_UINT8ARRAY = 116;
const ANY_ARRAY = 117;
const ANY_OBJECT = 118;
const ANY_STRING = 119;
const ANY_TRUE = 120;
const ANY_FALSE = 121;
const ANY_BIGINT = 122;
const ANY_FLOAT64 = 123;
const ANY_FLOAT32 = 124;
const ANY_INT = 125;
const ANY_NULL = 126;
const ANY_UNDEFINED = 127;

const EMPTY = new Uint8Array(0);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** `ContentJSON` stores `undefined` as this literal string, which is not JSON. */
const UNDEFINED_LITERAL = ascii("undefined");
const DOC_OPT_GC = ascii("gc");
const DOC_OPT_AUTOLOAD = ascii("autoLoad");
const DOC_OPT_META = ascii("meta");

// The reader's state lives in module scope: checkUpdate is synchronous and not re-entrant, and plain variables
// keep the hot loop free of property loads and allocations.
let buf: Uint8Array = EMPTY;
let pos = 0;
let end = 0;
/** Start clock of the struct being read, and its client: same-client references must point before it. */
let structClient = 0;
let structClock = 0;
/** Scratch for the last ID read by `id()`, so no ID object is created. */
let idClient = 0;
let idClock = 0;
let dupSet: Set<number> | null = null;

function fail(what: string): never {
  throw new UpdateCheckError(`${what} at byte ${pos}`);
}

function byte(): number {
  if (pos >= end) fail("unexpected end");
  return buf[pos++] ?? 0;
}

/** lib0 `readVarUint`, but canonical only and never above 2^53 - 1. */
function varUint(): number {
  let b = byte();
  if (b < 0x80) return b;
  let num = b & 0x7f;
  let mult = 128;
  for (;;) {
    b = byte();
    num += (b & 0x7f) * mult;
    if (b < 0x80) {
      if (b === 0) fail("non-canonical varUint");
      if (num > MAX_SAFE) fail("varUint out of range");
      return num;
    }
    mult *= 128;
    if (mult > MAX_SAFE) fail("varUint too long");
  }
}

/** A count of things that each take at least `minBytes`: bounded by what is left so loops stay short. */
function count(minBytes: number): number {
  const n = varUint();
  if (n * minBytes > end - pos) fail("count exceeds the bytes left");
  return n;
}

/** lib0 `readVarInt` as `writeAny` produces it: canonical, magnitude at most 2^31 - 1. */
function anyInt(): void {
  let b = byte();
  if (b < 0x80) return;
  let num = b & 0x3f;
  let mult = 64;
  for (;;) {
    b = byte();
    num += (b & 0x7f) * mult;
    if (b < 0x80) {
      if (b === 0) fail("non-canonical varInt");
      if (num > MAX_ANY_INT) fail("varInt out of range");
      return;
    }
    mult *= 128;
    if (mult > MAX_ANY_INT) fail("varInt too long");
  }
}

function skip(n: number): void {
  if (n > end - pos) fail("unexpected end");
  pos += n;
}

/** Start offset of the last string read by `string()`. */
let strStart = 0;

/**
 * Skips a varString after checking it is UTF-8 that a fatal `TextDecoder` accepts (what lib0 decodes with), and
 * returns its length in UTF-16 code units — the length Yjs gives a ContentString.
 */
function string(): number {
  const len = varUint();
  if (len > end - pos) fail("string runs past the end");
  strStart = pos;
  const stop = pos + len;
  let units = 0;
  let p = pos;
  while (p < stop) {
    const b = buf[p] ?? 0;
    if (b < 0x80) {
      p++;
      units++;
      continue;
    }
    let lo = 0x80;
    let hi = 0xbf;
    let follow: number;
    if (b >= 0xc2 && b <= 0xdf) follow = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      follow = 2;
      if (b === 0xe0)
        lo = 0xa0; // overlong
      else if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      follow = 3;
      if (b === 0xf0)
        lo = 0x90; // overlong
      else if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else {
      pos = p;
      fail("invalid UTF-8");
    }
    if (p + follow >= stop) {
      pos = p;
      fail("truncated UTF-8");
    }
    const c1 = buf[p + 1] ?? 0;
    if (c1 < lo || c1 > hi) {
      pos = p;
      fail("invalid UTF-8");
    }
    for (let k = 2; k <= follow; k++) {
      const c = buf[p + k] ?? 0;
      if (c < 0x80 || c > 0xbf) {
        pos = p;
        fail("invalid UTF-8");
      }
    }
    p += follow + 1;
    units += follow === 3 ? 2 : 1;
  }
  pos = stop;
  return units;
}

function equalsAt(start: number, length: number, word: Uint8Array): boolean {
  if (length !== word.length) return false;
  for (let i = 0; i < length; i++) if (buf[start + i] !== word[i]) return false;
  return true;
}

// ---- JSON, validated in place over the bytes of a string already checked as UTF-8 ----

let jp = 0;
let je = 0;

function jsonFail(what: string): never {
  pos = jp;
  fail(`invalid JSON: ${what}`);
}

function jsonSpace(): void {
  while (jp < je) {
    const c = buf[jp];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) jp++;
    else return;
  }
}

function jsonPeek(): number {
  return jp < je ? (buf[jp] ?? -1) : -1;
}

function jsonExpect(c: number): void {
  if (jsonPeek() !== c) jsonFail(`expected '${String.fromCharCode(c)}'`);
  jp++;
}

function jsonWord(word: string): void {
  for (let i = 0; i < word.length; i++) jsonExpect(word.charCodeAt(i));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function jsonDigits(): void {
  if (!isDigit(jsonPeek())) jsonFail("expected a digit");
  while (isDigit(jsonPeek())) jp++;
}

function jsonNumber(): void {
  if (jsonPeek() === 0x2d) jp++; // -
  if (jsonPeek() === 0x30) jp++;
  else jsonDigits();
  if (jsonPeek() === 0x2e) {
    jp++;
    jsonDigits();
  }
  const e = jsonPeek();
  if (e === 0x65 || e === 0x45) {
    jp++;
    const s = jsonPeek();
    if (s === 0x2b || s === 0x2d) jp++;
    jsonDigits();
  }
}

function jsonString(): void {
  jsonExpect(0x22);
  for (;;) {
    if (jp >= je) jsonFail("unterminated string");
    const c = buf[jp++] ?? 0;
    if (c === 0x22) return;
    if (c < 0x20) jsonFail("control character in string");
    if (c === 0x5c) {
      const e = jsonPeek();
      jp++;
      if (e === 0x75) {
        for (let i = 0; i < 4; i++) {
          if (!isHex(jsonPeek())) jsonFail("bad \\u escape");
          jp++;
        }
      } else if (
        e !== 0x22 &&
        e !== 0x5c &&
        e !== 0x2f &&
        e !== 0x62 &&
        e !== 0x66 &&
        e !== 0x6e &&
        e !== 0x72 &&
        e !== 0x74
      ) {
        jsonFail("bad escape");
      }
    }
    // Bytes >= 0x80 belong to UTF-8 sequences, already validated by `string()`.
  }
}

function jsonValue(depth: number): void {
  jsonSpace();
  const c = jsonPeek();
  if (c === 0x7b || c === 0x5b) {
    if (depth >= MAX_NESTING) jsonFail("nested too deep");
    const close = c === 0x7b ? 0x7d : 0x5d;
    jp++;
    jsonSpace();
    if (jsonPeek() === close) {
      jp++;
      return;
    }
    for (;;) {
      if (c === 0x7b) {
        jsonSpace();
        jsonString();
        jsonSpace();
        jsonExpect(0x3a);
      }
      jsonValue(depth + 1);
      jsonSpace();
      if (jsonPeek() === 0x2c) {
        jp++;
        continue;
      }
      jsonExpect(close);
      return;
    }
  }
  if (c === 0x22) jsonString();
  else if (c === 0x74) jsonWord("true");
  else if (c === 0x66) jsonWord("false");
  else if (c === 0x6e) jsonWord("null");
  else if (c === 0x2d || isDigit(c)) jsonNumber();
  else jsonFail("unexpected character");
}

/** A varString that must be what `JSON.parse` accepts (or, for ContentJSON, the literal `undefined`). */
function jsonText(allowUndefined: boolean): void {
  string();
  const stop = pos;
  if (allowUndefined && equalsAt(strStart, stop - strStart, UNDEFINED_LITERAL)) return;
  jp = strStart;
  je = stop;
  jsonValue(0);
  jsonSpace();
  if (jp !== je) jsonFail("trailing characters");
}

// ---- lib0 Any, skipped without building values ----

function anyValue(depth: number): void {
  const tag = byte();
  switch (tag) {
    case ANY_UNDEFINED:
    case ANY_NULL:
    case ANY_TRUE:
    case ANY_FALSE:
      return;
    case ANY_INT:
      anyInt();
      return;
    case ANY_FLOAT32:
      skip(4);
      return;
    case ANY_FLOAT64:
    case ANY_BIGINT:
      skip(8);
      return;
    case ANY_STRING:
      string();
      return;
    case ANY_UINT8ARRAY:
      skip(varUint());
      return;
    case ANY_OBJECT: {
      if (depth >= MAX_NESTING) fail("Any nested too deep");
      const n = count(MIN_ANY_ENTRY_BYTES);
      for (let i = 0; i < n; i++) {
        string();
        anyValue(depth + 1);
      }
      return;
    }
    case ANY_ARRAY: {
      if (depth >= MAX_NESTING) fail("Any nested too deep");
      const n = count(1);
      for (let i = 0; i < n; i++) anyValue(depth + 1);
      return;
    }
    default:
      pos--;
      fail(`unknown Any tag ${tag}`);
  }
}

/** ContentDoc options: exactly what `ContentDoc`'s constructor can put in `opts`, each key at most once. */
function docOptions(): void {
  if (byte() !== ANY_OBJECT) fail("subdocument options are not an object");
  const n = count(MIN_ANY_ENTRY_BYTES);
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const keyAt = pos;
    string();
    const keyLen = pos - strStart;
    let bit: number;
    if (equalsAt(strStart, keyLen, DOC_OPT_GC)) {
      bit = 1;
      if (byte() !== ANY_FALSE) fail("subdocument option gc is not false");
    } else if (equalsAt(strStart, keyLen, DOC_OPT_AUTOLOAD)) {
      bit = 2;
      if (byte() !== ANY_TRUE) fail("subdocument option autoLoad is not true");
    } else if (equalsAt(strStart, keyLen, DOC_OPT_META)) {
      bit = 4;
      anyValue(1);
    } else {
      pos = keyAt;
      fail("unknown subdocument option");
    }
    if (seen & bit) {
      pos = keyAt;
      fail("repeated subdocument option");
    }
    seen |= bit;
  }
}

// ---- structs ----

/** Reads an ID into `idClient`/`idClock`; a reference to the struct's own client must point before it. */
function id(): void {
  idClient = varUint();
  if (idClient > MAX_CLIENT) fail("client id out of range");
  idClock = varUint();
  if (idClient === structClient && idClock >= structClock) fail("reference to the struct's own future");
}

/** Reads one item (info already read, not GC/Skip) and returns its length. */
function item(info: number): number {
  let originClient = -1;
  let originClock = -1;
  if (info & BIT_ORIGIN) {
    id();
    originClient = idClient;
    originClock = idClock;
  }
  if (info & BIT_RIGHT_ORIGIN) {
    id();
    if (idClient === originClient && idClock === originClock) fail("origin equals right origin");
  }
  if ((info & (BIT_ORIGIN | BIT_RIGHT_ORIGIN)) === 0) {
    // No neighbour to copy the parent from, so the parent is explicit: a root key or a type's item ID.
    const parentInfo = varUint();
    if (parentInfo === 1) string();
    else if (parentInfo === 0) id();
    else fail("parent info is neither key nor ID");
    if (info & BIT_PARENT_SUB) string();
  }
  switch (info & BITS5) {
    case CONTENT_DELETED: {
      const len = varUint();
      if (len === 0) fail("zero-length deleted content");
      return len;
    }
    case CONTENT_JSON: {
      const n = count(1);
      if (n === 0) fail("empty JSON content");
      for (let i = 0; i < n; i++) jsonText(true);
      return n;
    }
    case CONTENT_BINARY:
      skip(varUint());
      return 1;
    case CONTENT_STRING: {
      const units = string();
      if (units === 0) fail("empty string content");
      return units;
    }
    case CONTENT_EMBED:
      jsonText(false);
      return 1;
    case CONTENT_FORMAT:
      string();
      jsonText(false);
      return 1;
    case CONTENT_TYPE: {
      const ref = varUint();
      if (ref > TYPE_LAST) fail("unknown type ref");
      if (ref === TYPE_XML_ELEMENT || ref === TYPE_XML_HOOK) string();
      return 1;
    }
    case CONTENT_ANY: {
      const n = count(1);
      if (n === 0) fail("empty Any content");
      for (let i = 0; i < n; i++) anyValue(0);
      return n;
    }
    case CONTENT_DOC:
      string();
      docOptions();
      return 1;
    default:
      pos--;
      return fail("unknown content ref");
  }
}

function isDuplicateClient(ranges: number[], client: number, sections: number): boolean {
  if (sections <= LINEAR_DUP_SCAN_MAX) {
    for (let i = 0; i < ranges.length; i += 3) if (ranges[i] === client) return true;
    return false;
  }
  if (dupSet === null) {
    dupSet = new Set();
    for (let i = 0; i < ranges.length; i += 3) dupSet.add(ranges[i] ?? -1);
  }
  if (dupSet.has(client)) return true;
  dupSet.add(client);
  return false;
}

/** Throws UpdateCheckError on anything malformed or that no Yjs client would send. Never hangs: every count is
 *  bounded by the bytes left. */
export function checkUpdate(update: Uint8Array): UpdateShape {
  buf = update;
  pos = 0;
  end = update.length;
  dupSet = null;
  try {
    const ranges: number[] = [];
    let contiguous = true;
    const sections = count(MIN_SECTION_BYTES);
    for (let s = 0; s < sections; s++) {
      const structs = count(MIN_STRUCT_BYTES);
      if (structs === 0) fail("empty client section");
      const client = varUint();
      if (client > MAX_CLIENT) fail("client id out of range");
      if (isDuplicateClient(ranges, client, sections)) fail("repeated client section");
      const start = varUint();
      let clock = start;
      structClient = client;
      for (let i = 0; i < structs; i++) {
        structClock = clock;
        const info = byte();
        let len: number;
        if (info === INFO_GC || info === INFO_SKIP) {
          len = varUint();
          if (len === 0) fail("zero-length struct");
          if (info === INFO_SKIP) contiguous = false;
        } else {
          len = item(info);
        }
        clock += len;
        if (clock > MAX_SAFE) fail("clock out of range");
      }
      ranges.push(client, start, clock);
    }
    let deletes = 0;
    const dsClients = count(MIN_DS_CLIENT_BYTES);
    for (let c = 0; c < dsClients; c++) {
      if (varUint() > MAX_CLIENT) fail("client id out of range");
      const n = count(MIN_DS_RANGE_BYTES);
      if (n === 0) fail("empty delete-set entry");
      for (let i = 0; i < n; i++) {
        const clock = varUint();
        const len = varUint();
        if (len === 0) fail("zero-length delete range");
        if (clock + len > MAX_SAFE) fail("delete range out of range");
      }
      deletes += n;
    }
    if (pos !== end) fail("trailing bytes after the delete set");
    return { ranges, contiguous, deletes };
  } finally {
    // Drop the reference so a large update is not kept alive by the module.
    buf = EMPTY;
    dupSet = null;
  }
}
