// Arithmetic helpers shared by the interpreter and the translator: the high
// halves of 32×32-bit products, computed in 16-bit pieces (exact in doubles,
// no BigInt), and the AMO combine step.

import { Op } from "./decode.js";

/** High 32 bits of the unsigned 64-bit product of two uint32 values (as int32). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const m1 = a1 * b0; // < 2^32, exact in a double
  const m2 = a0 * b1;
  const carry = (((a0 * b0) >>> 16) + (m1 & 0xffff) + (m2 & 0xffff)) >>> 16;
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + carry) | 0;
}

/** High 32 bits of the signed × signed 64-bit product. */
export function mulh(a: number, b: number): number {
  // signed(a)·signed(b) = unsigned product − 2^32·(a<0 ? b : 0) − 2^32·(b<0 ? a : 0)
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** High 32 bits of the signed × unsigned 64-bit product. */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

/** The value an AMO stores, given the old memory value `m` and rs2 `v` (int32s). */
export function amoCombine(op: number, m: number, v: number): number {
  switch (op) {
    case Op.AMOSWAP_W: return v;
    case Op.AMOADD_W: return (m + v) | 0;
    case Op.AMOXOR_W: return m ^ v;
    case Op.AMOAND_W: return m & v;
    case Op.AMOOR_W: return m | v;
    case Op.AMOMIN_W: return m < v ? m : v;
    case Op.AMOMAX_W: return m > v ? m : v;
    case Op.AMOMINU_W: return m >>> 0 < v >>> 0 ? m : v;
    default: return m >>> 0 > v >>> 0 ? m : v; // AMOMAXU_W
  }
}
