// The slow paths of guest loads and stores, shared by the interpreter and the
// translated code: software-TLB misses, page faults, and misaligned accesses.
//
// Misaligned loads and stores are emulated byte by byte, as Linux's trap
// handler does for user programs (they never see SIGBUS for one), and counted
// in CpuStats.misaligned. A misaligned store checks that every byte it covers
// is writable before writing any, so a fault leaves memory untouched; the
// fault reports the first byte that is not accessible (tval), like the page
// fault a byte-wise emulation would take. Atomics (LR/SC/AMO) are not emulated:
// a misaligned one traps, as on Linux.

import { Cause } from "./hart.js";
import { type Memory, PROT_WRITE } from "./memory.js";
import type { CpuStats } from "./stats.js";
import { type CpuCache, TLB_MASK } from "./tlb.js";

/** Result of a slow access: the value loaded, or the fault (cause, tval). Scratch, not state. */
export const acc = { value: 0, cause: 0, tval: 0 };

function fault(cause: number, tval: number): false {
  acc.cause = cause;
  acc.tval = tval >>> 0;
  return false;
}

/**
 * Load `size` (1, 2, 4) bytes at int32 address `a`. true: `acc.value` holds
 * the (sign- or zero-extended) value; false: `acc.cause`/`acc.tval` the fault.
 */
export function loadSlow(mem: Memory, c: CpuCache, a: number, size: number, signed: boolean, stats: CpuStats): boolean {
  if ((a & (size - 1)) === 0) {
    const vpn = a >>> 12;
    const i = vpn & TLB_MASK;
    if (c.rTag[i] !== vpn && !c.fillRead(mem, vpn)) return fault(Cause.LoadPageFault, a);
    const off = a & 0xfff;
    if (size === 4) acc.value = c.rI32[i]![off >> 2]!;
    else if (size === 2) acc.value = signed ? c.rI16[i]![off >> 1]! : c.rI16[i]![off >> 1]! & 0xffff;
    else acc.value = signed ? (c.rU8[i]![off]! << 24) >> 24 : c.rU8[i]![off]!;
    return true;
  }
  let v = 0;
  for (let k = 0; k < size; k++) {
    const b = (a + k) | 0;
    const vpn = b >>> 12;
    const i = vpn & TLB_MASK;
    if (c.rTag[i] !== vpn && !c.fillRead(mem, vpn)) return fault(Cause.LoadPageFault, b);
    v |= c.rU8[i]![b & 0xfff]! << (8 * k);
  }
  acc.value = size === 2 && signed ? (v << 16) >> 16 : size === 2 ? v & 0xffff : v | 0;
  stats.misaligned++;
  return true;
}

/** What storeSlow did: stored, stored into a page that held translated code, or faulted (see acc). */
export const STORED = 0;
export const STORED_INTO_CODE = 1;
export const STORE_FAULT = -1;

/** Store the low `size` bytes of `v` at int32 address `a`. */
export function storeSlow(mem: Memory, c: CpuCache, a: number, size: number, v: number, stats: CpuStats): number {
  const epoch = mem.codeEpoch;
  if ((a & (size - 1)) === 0) {
    const vpn = a >>> 12;
    const i = vpn & TLB_MASK;
    if (c.wTag[i] !== vpn && !c.fillWrite(mem, vpn)) {
      fault(Cause.StorePageFault, a);
      return STORE_FAULT;
    }
    const off = a & 0xfff;
    if (size === 4) c.wI32[i]![off >> 2] = v;
    else if (size === 2) c.wI16[i]![off >> 1] = v;
    else c.wU8[i]![off] = v;
  } else {
    const last = (a + size - 1) | 0;
    if ((mem.permOf(a >>> 12) & PROT_WRITE) === 0) {
      fault(Cause.StorePageFault, a);
      return STORE_FAULT;
    }
    if ((mem.permOf(last >>> 12) & PROT_WRITE) === 0) {
      fault(Cause.StorePageFault, last & ~0xfff);
      return STORE_FAULT;
    }
    for (let k = 0; k < size; k++) {
      const b = (a + k) | 0;
      const vpn = b >>> 12;
      const i = vpn & TLB_MASK;
      if (c.wTag[i] !== vpn) c.fillWrite(mem, vpn); // cannot fail: checked above
      c.wU8[i]![b & 0xfff] = v >>> (8 * k);
    }
    stats.misaligned++;
  }
  return mem.codeEpoch === epoch ? STORED : STORED_INTO_CODE;
}
