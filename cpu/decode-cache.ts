// A memo of the decoder for the interpreter: direct-mapped, keyed by the
// instruction bits themselves, so it never needs invalidating (the same bits
// always decode the same way) and is shared by every hart and address space.
// Each entry packs the decoded fields into one int (op | rd<<8 | rs1<<13 |
// rs2<<18 | size<<23) and the immediate into another, so a hit costs three
// typed-array loads.

import { decode } from "./decode.js";

const BITS = 14;
const MASK = (1 << BITS) - 1;

export const dTag = new Int32Array(1 << BITS).fill(-1); // decode(-1) is ILLEGAL of size 4: info 0
export const dInfo = new Int32Array(1 << BITS).fill(4 << 23); // ILLEGAL, size 4
export const dImm = new Int32Array(1 << BITS);

/** The slot for instruction bits `w` (a 16-bit parcel or a 32-bit word). */
export function slotOf(w: number): number {
  return (w ^ (w >>> 13) ^ (w >>> 22)) & MASK;
}

/** Fill slot `k` with the decoding of `w`. */
export function fillSlot(k: number, w: number): void {
  const d = decode(w);
  dTag[k] = w;
  dInfo[k] = d.op | (d.rd << 8) | (d.rs1 << 13) | (d.rs2 << 18) | (d.size << 23);
  dImm[k] = d.imm;
}
