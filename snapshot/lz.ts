// A small, fast LZ77 byte codec in pure TypeScript (the "lz" page codec of
// snapshot/compress.ts): no host library, so browsers and Node read and write
// the same files. Guest memory compresses mostly by long runs (zeros, repeated
// words) and repeated structures, which greedy matching over a 64 KiB window
// catches; speed matters more than the last percent of ratio.
//
// Stream: a sequence of (token, [literal length extension], literals,
// [offset u16 LE, match length extension]) groups.
//   token   high nibble = literal count (15: more follows as 255-saturated bytes)
//           low nibble  = match length − 4 (15: more follows likewise)
//   offset  1..65535 bytes back into the output (may overlap the match: runs)
// The last group has literals only: the decoder stops when the output reaches
// the expected size. The decoder checks every length and offset against the
// input and the output, so damaged data throws CodecError, never reads or
// writes out of bounds, and never produces more than `size` bytes.

import { CodecError } from "./compress.js";

const MIN_MATCH = 4;
const MAX_OFFSET = 0xffff;
const HASH_BITS = 16;
/** No match starts in the last bytes (they go out as literals), so a 4-byte read never passes the end. */
const TAIL = 8;

function read32(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/** Compress `src` (any length). */
export function lzCompress(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(n + Math.ceil(n / 255) + 32);
  const table = new Int32Array(1 << HASH_BITS); // position + 1 of the last 4-byte sequence with this hash
  let o = 0;
  let anchor = 0; // first byte not yet emitted
  let i = 0;
  let misses = 0;
  const limit = n - TAIL;
  const writeLen = (len: number): void => {
    while (len >= 255) {
      out[o++] = 255;
      len -= 255;
    }
    out[o++] = len;
  };
  while (i < limit) {
    const seq = read32(src, i);
    const h = Math.imul(seq, 0x9e3779b1) >>> (32 - HASH_BITS);
    const cand = table[h]! - 1;
    table[h] = i + 1;
    if (cand < 0 || i - cand > MAX_OFFSET || read32(src, cand) !== seq) {
      // Incompressible stretches are skipped faster and faster (the step grows with misses).
      i += 1 + (misses++ >> 6);
      continue;
    }
    misses = 0;
    let len = MIN_MATCH;
    const maxLen = n - i;
    while (len < maxLen && src[cand + len] === src[i + len]) len++;
    const lit = i - anchor;
    const ml = len - MIN_MATCH;
    out[o++] = ((lit >= 15 ? 15 : lit) << 4) | (ml >= 15 ? 15 : ml);
    if (lit >= 15) writeLen(lit - 15);
    out.set(src.subarray(anchor, i), o);
    o += lit;
    const off = i - cand;
    out[o++] = off & 0xff;
    out[o++] = off >>> 8;
    if (ml >= 15) writeLen(ml - 15);
    i += len;
    anchor = i;
  }
  const lit = n - anchor;
  out[o++] = (lit >= 15 ? 15 : lit) << 4;
  if (lit >= 15) writeLen(lit - 15);
  out.set(src.subarray(anchor, n), o);
  o += lit;
  return out.slice(0, o);
}

/** Decompress to exactly `size` bytes; CodecError on any inconsistency. */
export function lzDecompress(src: Uint8Array, size: number): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0) throw new CodecError(`bad output size ${size}`);
  const out = new Uint8Array(size);
  const n = src.length;
  let i = 0;
  let o = 0;
  const readLen = (base: number): number => {
    let len = base;
    for (;;) {
      if (i >= n) throw new CodecError("compressed data ends inside a length");
      const b = src[i++]!;
      len += b;
      if (len > size) throw new CodecError("a length runs past the expected size");
      if (b !== 255) return len;
    }
  };
  for (;;) {
    if (i >= n) throw new CodecError(`compressed data ends after ${o} of ${size} bytes`);
    const token = src[i++]!;
    let lit = token >>> 4;
    if (lit === 15) lit = readLen(15);
    if (lit > n - i) throw new CodecError("literals run past the end of the compressed data");
    if (lit > size - o) throw new CodecError("literals run past the expected size");
    out.set(src.subarray(i, i + lit), o);
    i += lit;
    o += lit;
    if (o === size) {
      if ((token & 15) !== 0 || i !== n) throw new CodecError("data follows the last group");
      return out;
    }
    if (n - i < 2) throw new CodecError("compressed data ends inside an offset");
    const off = src[i]! | (src[i + 1]! << 8);
    i += 2;
    let len = token & 15;
    if (len === 15) len = readLen(15);
    len += MIN_MATCH;
    if (off === 0 || off > o) throw new CodecError(`offset ${off} points before the start of the data`);
    if (len > size - o) throw new CodecError("a match runs past the expected size");
    let from = o - off;
    if (off >= len) {
      out.copyWithin(o, from, from + len);
      o += len;
    } else {
      const end = o + len;
      while (o < end) out[o++] = out[from++]!;
    }
  }
}
