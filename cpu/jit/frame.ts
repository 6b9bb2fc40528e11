// The frame translated page functions run in (the hart's registers, the
// software TLB's arrays, pc, retired count and limit), the helpers they call
// for slow paths, and the warm-up every new page function gets before it runs
// guest code. All of it is scratch, never state.
//
// Why warm up: V8 optimises a function using the type feedback its earlier
// executions left, and code that never ran has none. A page function holds
// every block of its page, many of which (a loop's exit, the second phase of
// a program) first run long after V8 has optimised it; each such first run
// was a deoptimisation ("insufficient type feedback") and a new optimising
// compile of the whole page (0.2–0.8 s of CPU on a loaded host, 4–10 times
// per page). So a new page function is first run over each of its blocks on a
// scratch frame — scratch registers (equal and different values, some past
// int31 when read unsigned), a scratch TLB whose every view is one scratch page
// — which leaves feedback in every block and touches nothing of the guest.

import { acc, loadSlow, storeSlow } from "../access.js";
import { mulh, mulhsu, mulhu } from "../alu.js";
import type { Memory } from "../memory.js";
import type { CpuStats } from "../stats.js";
import { type CpuCache, TLB_MASK, TLB_SIZE } from "../tlb.js";
import type { JitHelpers, PageCode } from "./translate.js";

/** The frame translated code runs in. Scratch, not state; `mem === null` marks the warm-up frame. */
export class Frame {
  x: Int32Array = new Int32Array(32);
  pc = 0;
  n = 0;
  limit = 0;
  /** warm-up only: how many inner loops of copied loops may be left early (0 in real runs) */
  warm = 0;
  /** warm-up only: what a load through the slow path reads (the scratch page's bytes are this too) */
  warmLoad = 0;
  v = 0;
  cause = 0;
  tval = 0;
  rTag: Int32Array = new Int32Array(0);
  rI32: Int32Array[] = [];
  rI16: Int16Array[] = [];
  rU8: Uint8Array[] = [];
  wTag: Int32Array = new Int32Array(0);
  wI32: Int32Array[] = [];
  wI16: Int16Array[] = [];
  wU8: Uint8Array[] = [];
  mem: Memory | null = null;
  c: CpuCache | null = null;
  stats: CpuStats | null = null;
}

export const helpers: JitHelpers = {
  ld(f, a, size, signed) {
    const s = f as Frame;
    if (s.mem === null) {
      s.v = s.warmLoad; // the warm-up frame: no guest behind it
      return true;
    }
    if (!loadSlow(s.mem, s.c!, a, size, signed, s.stats!)) {
      s.cause = acc.cause;
      s.tval = acc.tval;
      return false;
    }
    s.v = acc.value;
    return true;
  },
  st(f, a, size, v) {
    const s = f as Frame;
    if (s.mem === null) return 0;
    const r = storeSlow(s.mem, s.c!, a, size, v, s.stats!);
    if (r < 0) {
      s.cause = acc.cause;
      s.tval = acc.tval;
    }
    return r;
  },
  mulh,
  mulhsu,
  mulhu,
};

/** Instructions each warm-up run may retire from one block start (it follows jumps inside the page). */
const WARM_LIMIT = 48;
/** Most passes of a page's warm-up before the ones that record (see warmPage). */
const WARM_MAX_PASSES = 64;
/**
 * Register values of the warm-up runs, x1..x31: all equal (0: addresses hit the scratch TLB; 1;
 * −1: past int31 when read unsigned), then all different (so comparisons between registers go
 * the other way: a loop's exit and the code after it run too).
 */
const WARM_VALUES: readonly Int32Array[] = [
  new Int32Array(32),
  new Int32Array(32).fill(1),
  new Int32Array(32).fill(-1),
  Int32Array.from({ length: 32 }, (_, i) => i),
  Int32Array.from({ length: 32 }, (_, i) => -i),
  Int32Array.from({ length: 32 }, (_, i) => Math.imul(i, 0x9e3779b1)),
  // aligned addresses on distinct pages of the scratch TLB's window, increasing and decreasing with
  // the register number: loads and stores hit, so a loop walking memory goes round more than once
  // and a load or store instruction's own page cache (emit-mem.ts) gets used, not only filled
  Int32Array.from({ length: 32 }, (_, i) => i << 12),
  Int32Array.from({ length: 32 }, (_, i) => (32 - i) << 12),
];

let scratch: { frame: Frame; page: Uint8Array } | null = null;

function scratchFrame(): { frame: Frame; page: Uint8Array } {
  if (scratch !== null) return scratch;
  const page = new Uint8Array(4096);
  const v = { u8: page, i16: new Int16Array(page.buffer), i32: new Int32Array(page.buffer) };
  const f = new Frame();
  f.rTag = new Int32Array(TLB_SIZE);
  f.wTag = new Int32Array(TLB_SIZE);
  f.rI32 = new Array<Int32Array>(TLB_SIZE).fill(v.i32);
  f.rI16 = new Array<Int16Array>(TLB_SIZE).fill(v.i16);
  f.rU8 = new Array<Uint8Array>(TLB_SIZE).fill(v.u8);
  f.wI32 = f.rI32.slice();
  f.wI16 = f.rI16.slice();
  f.wU8 = f.rU8.slice();
  scratch = { frame: f, page };
  return scratch;
}

/**
 * Run each block of a new translation on the scratch frame (see the header). V8 allocates a
 * function's feedback vector only once the function has executed about eight times its bytecode
 * size, and records nothing before that; so passes go on until the page has retired about half an
 * instruction per character of its source (each instruction runs well over 16 bytes of bytecode
 * counting its block's budget check, and bytecode is about 0.7 byte per character), and then one
 * pass per register value records the feedback.
 */
export function warmPage(code: PageCode): void {
  const { frame: f, page } = scratchFrame();
  // Every view is the scratch page; the tags make hits of the 256 pages around the code (where
  // its lui/auipc-based addresses point: the program's data) and of pages 0 and 0xfffff (where
  // small register values plus an offset point).
  const window = code.vpn & ~TLB_MASK;
  for (let i = 0; i < TLB_SIZE; i++) f.rTag[i] = f.wTag[i] = window + i;
  f.rTag[0] = f.wTag[0] = 0;
  f.rTag[TLB_MASK] = f.wTag[TLB_MASK] = 0xfffff;
  let retired = 0;
  // A pc of the page no function has a case for (each function's `default`).
  let other = 0;
  while (other < 4096 && code.entries.has(code.vpn * 4096 + other)) other += 2;
  // `fill`: every byte of the scratch page (0, or 0xff: loads read -1, past int31 unsigned, so a
  // comparison of a loaded value with a register goes the other way too — an insertion sort's
  // "shift the element up" block runs only when the loaded element is the larger).
  const pass = (value: Int32Array, fill = 0): void => {
    f.warmLoad = fill === 0 ? 0 : -1;
    for (const fn of code.fns) {
      f.pc = code.vpn * 4096 + (other & 4095);
      fn(f);
    }
    for (let b = 0; b < code.starts.length; b++) {
      page.fill(fill);
      f.x.set(value);
      f.x[0] = 0;
      f.pc = code.starts[b]!;
      f.n = 0;
      f.limit = Math.max(WARM_LIMIT, code.lens[b]!);
      f.warm = 4;
      code.fns[code.groupAt[(f.pc & 4095) >> 1]!]!(f);
      retired += f.n;
    }
  };
  for (let k = 0; k < WARM_MAX_PASSES && retired < code.chars / 2; k++) pass(WARM_VALUES[k % WARM_VALUES.length]!);
  for (const value of WARM_VALUES) pass(value);
  for (const value of WARM_VALUES) pass(value, 0xff);
  // and with every TLB entry missing, for the slow paths (the first access to each page)
  const tags = f.rTag.slice();
  f.rTag.fill(-1);
  f.wTag.fill(-1);
  pass(WARM_VALUES[0]!);
  pass(WARM_VALUES[0]!, 0xff);
  f.rTag.set(tags);
  f.wTag.set(tags);
  f.warmLoad = 0;
}
