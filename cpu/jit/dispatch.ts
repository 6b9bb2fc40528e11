// The translator's dispatcher: runs a hart by calling the translated function
// of the page holding pc when there is one, and the interpreter otherwise.
// Cold code runs in the interpreter in chunks; each return to the dispatcher
// counts a visit to the page it stopped in, and a page visited often enough
// is translated (cache.ts). Whatever a translated function cannot finish
// exactly — the last instructions of a budget, an instruction it leaves to
// the interpreter, a pc it has no entry for — the interpreter does, up to the
// next jump, so the retired count, pc and trap records are the interpreter's.

import type { HartState } from "../hart.js";
import { interpret, stop } from "../interp.js";
import type { Memory } from "../memory.js";
import type { CpuStats } from "../stats.js";
import { type CpuCache, ZERO_VIEWS } from "../tlb.js";
import { spaceFor } from "./cache.js";
import { Frame, helpers } from "./frame.js";
import { Exit } from "./translate.js";

/** Instructions the interpreter runs for cold code (then on to the next jump) before looking at the page again. */
const COLD_CHUNK = 128;
/**
 * Most instructions one call of a page function may retire (host tuning, not state). `cap`: page
 * functions count in int32 (the retired count minus the limit), so a call's limit must stay
 * within 2^30 of its start. `young`: the bound while a translation is young — until it has
 * retired `youngPerChar` instructions per character of its source. V8 compiles a new page
 * function in the background while its unoptimised code runs; a call still running when that
 * compile is done made V8 compile the whole page a second time for on-stack replacement (OSR;
 * as costly as the first compile: 0.3-1.8 s of CPU for sort's page under load, charged to the
 * runs in which it happens). Calls of at most 1024 instructions return soon enough that the next
 * call simply enters the optimised code: no OSR compile of a page function any more. The young
 * period is about the instructions the unoptimised code runs while the compile (proportional to
 * the source) is under way on a loaded host; after it the calls' round trips (about 5 % at
 * 1024 instructions a call) are not paid.
 */
export const callTuning = { cap: 1 << 30, young: 1024, youngPerChar: 4096 };

const frame = new Frame();

/** Run like `interpret`, translating hot pages; returns instructions retired (stop says why it ended). */
export function runJit(hart: HartState, mem: Memory, c: CpuCache, budget: number, timeBase: number, stats: CpuStats): number {
  const space = spaceFor(mem);
  const f = frame;
  f.x = hart.x;
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
  // Whether hart.pc was reached by a jump (not where the last run's budget ended, nor after a
  // store into code): only a miss at a jump target may make the pc an entry — misses where
  // budgets happen to end made pages be translated again and again with split blocks.
  let jumped = false;
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
        const cap = code.ran < code.chars * callTuning.youngPerChar ? Math.min(callTuning.young, callTuning.cap) : callTuning.cap;
        const capped = budget - n > cap;
        f.limit = capped ? n + cap : budget;
        const r = code.fns[code.groupAt[(pc & 4095) >> 1]!]!(f);
        const done = f.n - n;
        code.ran += done;
        n = f.n;
        hart.pc = f.pc >>> 0;
        hart.instret += done;
        stats.jitRetired += done;
        if (r === Exit.TRAP) {
          stop.cause = f.cause;
          stop.tval = f.tval;
          return n;
        }
        if (r === Exit.LEFT || r === Exit.CODE_WRITTEN) {
          jumped = r === Exit.LEFT;
          continue;
        }
        if (r === Exit.BUDGET && capped && done > 0) {
          jumped = false; // the call's own limit, not the run's: go on at this block
          continue;
        }
        if (r === Exit.MISS && (jumped || done > 0)) space.miss(mem, c, code, hart.pc, stats, helpers);
        chunk = 0; // BUDGET, INTERPRET, MISS: the interpreter runs to the next jump
      }
      // Cold code runs to the first jump after a chunk, so the pcs visits see (the entries of the
      // page's translation) are block starts, not arbitrary points that would split its blocks.
      const k = interpret(hart, mem, c, budget - n, timeBase + n, stats, chunk);
      n += k;
      if (stop.cause >= 0) return n;
      jumped = true; // the interpreter stopped right after a jump (or at the end of the budget)
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
