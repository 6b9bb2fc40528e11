// The translator's dispatcher: runs a hart by calling the translated function
// of the page holding pc when there is one, and the interpreter otherwise.
// Cold code runs in the interpreter in chunks; each return to the dispatcher
// counts a visit to the page it stopped in, and a page visited often enough
// is translated (cache.ts). Whatever a translated function cannot finish
// exactly — the last instructions of a budget, an instruction it leaves to
// the interpreter, a pc it has no entry for — the interpreter does, up to the
// next jump, so the retired count, pc and trap records are the interpreter's.

import { acc, loadSlow, storeSlow } from "../access.js";
import { mulh, mulhsu, mulhu } from "../alu.js";
import type { HartState } from "../hart.js";
import { interpret, stop } from "../interp.js";
import type { Memory } from "../memory.js";
import type { CpuStats } from "../stats.js";
import { type CpuCache, ZERO_VIEWS } from "../tlb.js";
import { spaceFor } from "./cache.js";
import { Exit, type JitHelpers } from "./translate.js";

/** Instructions the interpreter runs for cold code before looking at the page again. */
const COLD_CHUNK = 128;

/** The frame translated code runs in: the hart's registers, the TLB arrays, pc and count. Scratch, not state. */
class Frame {
  x: Int32Array = new Int32Array(32);
  pc = 0;
  n = 0;
  limit = 0;
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

const frame = new Frame();

const helpers: JitHelpers = {
  ld(f, a, size, signed) {
    const s = f as Frame;
    if (!loadSlow(s.mem!, s.c!, a, size, signed, s.stats!)) {
      s.cause = acc.cause;
      s.tval = acc.tval;
      return false;
    }
    s.v = acc.value;
    return true;
  },
  st(f, a, size, v) {
    const s = f as Frame;
    const r = storeSlow(s.mem!, s.c!, a, size, v, s.stats!);
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

/** Run like `interpret`, translating hot pages; returns instructions retired (stop says why it ended). */
export function runJit(hart: HartState, mem: Memory, c: CpuCache, budget: number, timeBase: number, stats: CpuStats): number {
  const space = spaceFor(mem);
  const f = frame;
  f.x = hart.x;
  f.limit = budget;
  f.rTag = c.rTag;
  f.rI32 = c.rI32;
  f.rI16 = c.rI16;
  f.rU8 = c.rU8;
  f.wTag = c.wTag;
  f.wI32 = c.wI32;
  f.wI16 = c.wI16;
  f.wU8 = c.wU8;
  f.mem = mem;
  f.c = c;
  f.stats = stats;
  let n = 0;
  try {
    while (n < budget) {
      space.sync(mem, stats);
      const pc = hart.pc;
      const vpn = pc >>> 12;
      // (an odd pc, possible only from a forged signal frame, is the interpreter's to refuse)
      let code = (pc & 1) === 0 ? space.pages.get(vpn) : undefined;
      if (code === undefined && (pc & 1) === 0) code = space.visit(mem, c, vpn, pc, stats, helpers);
      let chunk = COLD_CHUNK;
      if (code !== undefined) {
        f.pc = pc | 0;
        f.n = n;
        const r = code.fns[code.groupAt[(pc & 4095) >> 1]!]!(f);
        const done = f.n - n;
        n = f.n;
        hart.pc = f.pc >>> 0;
        hart.instret += done;
        stats.jitRetired += done;
        if (r === Exit.TRAP) {
          stop.cause = f.cause;
          stop.tval = f.tval;
          return n;
        }
        if (r === Exit.LEFT || r === Exit.CODE_WRITTEN) continue;
        if (r === Exit.MISS) space.miss(mem, c, code, hart.pc, stats, helpers);
        chunk = 0; // BUDGET, INTERPRET, MISS: the interpreter runs to the next jump
      }
      const k = interpret(hart, mem, c, chunk === 0 ? budget - n : Math.min(chunk, budget - n), timeBase + n, stats, chunk === 0);
      n += k;
      if (stop.cause >= 0) return n;
    }
    stop.cause = -1;
    return n;
  } finally {
    // Drop references to this run's guest (the frame outlives it).
    f.x = ZERO_X;
    f.mem = null;
    f.c = null;
    f.stats = null;
    f.rI32 = f.wI32 = [ZERO_VIEWS.i32];
  }
}

const ZERO_X = new Int32Array(32);
