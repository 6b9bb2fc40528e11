// The SIMH .tap reel format (Bob Supnik, "SIMH Magtape Representation and
// Handling"). A reel is a sequence of objects, little-endian 32-bit words:
//   data record: length n (bits 0–23; class in bits 24–31: 0x00 good, 0x80
//                bad), the n data bytes padded to an even count, n again;
//   0x00000000   tape mark;
//   0xFFFFFFFF   end of medium (so is the physical end of the file);
//   0xFFFFFFFE   erase gap (skipped, 4 bytes), 0xFFFEFFFF half gap (skipped, 2 bytes);
//   other 0xFF…  reserved markers, other classes: reported as damage.
// Parsing never throws for damaged reels: damage becomes a "corrupt" object
// with the offset at which reading may continue.

import { type ReelMedia } from "./media.js";

export const TAPE_MARK = 0x00000000;
export const END_OF_MEDIUM = 0xffffffff;
export const ERASE_GAP = 0xfffffffe;
export const HALF_GAP = 0xfffeffff;
/** Largest record a reel can hold: the length field has 24 bits. */
export const MAX_RECORD = 0x00ffffff;
/** Class bits of a bad-data record (bit 31 set). */
export const BAD_CLASS = 0x80;

/** One object found at a position of a reel; `next` is where the following object starts. */
export type TapObject =
  | { kind: "data"; start: number; next: number; length: number; bad: boolean }
  | { kind: "mark"; start: number; next: number }
  | { kind: "eom"; start: number; next: number }
  | { kind: "corrupt"; start: number; next: number; reason: string };

function word(media: ReelMedia, at: number): number | null {
  const b = media.read(at, 4);
  if (b.length < 4) return null;
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

/** The object at `pos` (erase gaps skipped). The end of the file, or a marker, is "eom" with next = start. */
export function objectAt(media: ReelMedia, pos: number): TapObject {
  const size = media.size();
  let at = pos;
  for (;;) {
    if (at >= size) return { kind: "eom", start: at, next: at };
    const w = word(media, at);
    if (w === null) return { kind: "corrupt", start: at, next: size, reason: `truncated length word at offset ${at}` };
    if (w === ERASE_GAP) {
      at += 4;
      continue;
    }
    if (w === HALF_GAP) {
      at += 2;
      continue;
    }
    if (w === TAPE_MARK) return { kind: "mark", start: at, next: at + 4 };
    if (w === END_OF_MEDIUM) return { kind: "eom", start: at, next: at };
    const cls = w >>> 24;
    const length = w & MAX_RECORD;
    if (cls === 0xff) return { kind: "corrupt", start: at, next: at + 4, reason: `reserved marker 0x${w.toString(16)} at offset ${at}` };
    const trailerAt = at + 4 + length + (length & 1);
    if (trailerAt + 4 > size) {
      return { kind: "corrupt", start: at, next: size, reason: `record of ${length} bytes at offset ${at} runs past the end of the reel (${size} bytes)` };
    }
    const trailer = word(media, trailerAt);
    if (trailer !== w) {
      return {
        kind: "corrupt",
        start: at,
        next: trailerAt + 4,
        reason: `record at offset ${at}: leading length 0x${w.toString(16)} but trailing 0x${(trailer ?? 0).toString(16)}`,
      };
    }
    if (cls !== 0 && cls !== BAD_CLASS) {
      return { kind: "corrupt", start: at, next: trailerAt + 4, reason: `record of unsupported class 0x${cls.toString(16)} at offset ${at}` };
    }
    return { kind: "data", start: at, next: trailerAt + 4, length, bad: cls === BAD_CLASS };
  }
}

/** The data bytes of a data object. */
export function recordData(media: ReelMedia, obj: { start: number; length: number }, max = obj.length): Uint8Array {
  return media.read(obj.start + 4, Math.min(max, obj.length));
}

/**
 * The objects that end at or before `pos`, scanning forward from the start of
 * the reel (reverse motion re-reads from BOT: slower, but exact even on a
 * damaged reel, where trailing lengths cannot be trusted). Stops at end of medium.
 */
export function objectsBefore(media: ReelMedia, pos: number): TapObject[] {
  const out: TapObject[] = [];
  let at = 0;
  while (at < pos) {
    const o = objectAt(media, at);
    if (o.kind === "eom" || o.next > pos || o.next <= at) break;
    out.push(o);
    at = o.next;
  }
  return out;
}

/** The bytes of one record object in .tap form. */
export function encodeRecord(data: Uint8Array, bad = false): Uint8Array {
  const n = data.length;
  if (n === 0 || n > MAX_RECORD) throw new RangeError(`A tape record must hold 1 to ${MAX_RECORD} bytes, not ${n}`);
  const out = new Uint8Array(8 + n + (n & 1));
  const dv = new DataView(out.buffer);
  const w = (n | (bad ? BAD_CLASS << 24 : 0)) >>> 0;
  dv.setUint32(0, w, true);
  out.set(data, 4);
  dv.setUint32(4 + n + (n & 1), w, true);
  return out;
}

/** A tape mark in .tap form. */
export function encodeMark(): Uint8Array {
  return new Uint8Array(4);
}

/** A reel's contents as a list: what readTapFile returns and buildTapFile takes. */
export type TapRecord =
  | { kind: "data"; bytes: Uint8Array }
  | { kind: "bad"; bytes: Uint8Array }
  | { kind: "mark" }
  | { kind: "corrupt"; offset: number; reason: string };

/** Parse a whole .tap image up to its end of medium. Never throws. */
export function readTapFile(bytes: Uint8Array): TapRecord[] {
  const media = {
    size: () => bytes.length,
    read: (o: number, l: number) => bytes.subarray(Math.min(o, bytes.length), Math.min(o + l, bytes.length)),
    write: () => undefined,
    truncate: () => undefined,
  };
  const out: TapRecord[] = [];
  let at = 0;
  for (;;) {
    const o = objectAt(media, at);
    if (o.kind === "eom") return out;
    if (o.kind === "mark") out.push({ kind: "mark" });
    else if (o.kind === "data") out.push({ kind: o.bad ? "bad" : "data", bytes: bytes.slice(o.start + 4, o.start + 4 + o.length) });
    else out.push({ kind: "corrupt", offset: o.start, reason: o.reason });
    at = o.next;
  }
}

/** Build a .tap image from records ("corrupt" entries are skipped); `eom` appends an end-of-medium marker. */
export function buildTapFile(records: readonly TapRecord[], eom = false): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const r of records) {
    if (r.kind === "mark") parts.push(encodeMark());
    else if (r.kind === "data" || r.kind === "bad") parts.push(encodeRecord(r.bytes, r.kind === "bad"));
  }
  if (eom) parts.push(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
