// `run`: the CPU's one entry point. Runs a hart over a Memory until it has
// retired exactly its budget of instructions or an instruction needs the
// kernel, and reports why as plain data. With the translator on (the default)
// hot pages run as JavaScript translated from them (cpu/jit/); everything
// else, and everything when it is off, runs in the interpreter (interp.ts).
// Both give identical architectural effects: registers, memory, pc, instret,
// the point a budget ends and the trap records (test/cpu/jit-diff.test.ts).

import { type Cause, type HartState, type RunResult } from "./hart.js";
import { interpret, stop } from "./interp.js";
import { runJit } from "./jit/dispatch.js";
import type { Memory } from "./memory.js";
import { type CpuOptions, defaultCpuOptions } from "./stats.js";
import { cacheFor } from "./tlb.js";

export { mulh, mulhsu, mulhu } from "./alu.js";

const BUDGET: RunResult["stop"] = Object.freeze({ kind: "budget" });

/**
 * Run the hart for at most `budget` instructions; `timeBase` is virtual time
 * in ticks (for rdtime). Never throws for anything the guest does.
 */
export function run(hart: HartState, mem: Memory, budget: number, timeBase: number, opts: CpuOptions = defaultCpuOptions): RunResult {
  const c = cacheFor(mem);
  budget = Math.max(0, Math.floor(budget));
  let n: number;
  if (opts.jit) {
    n = runJit(hart, mem, c, budget, timeBase, opts.stats);
  } else {
    n = interpret(hart, mem, c, budget, timeBase, opts.stats, Infinity);
  }
  c.generation = mem.generation; // our own page allocations bumped it; the cache is already consistent
  if (stop.cause < 0) return { retired: n, stop: BUDGET };
  // Every trap enters the kernel, which (as Linux does on each entry) drops an LR reservation.
  hart.resv = -1;
  return { retired: n, stop: { kind: "trap", cause: stop.cause as Cause, pc: hart.pc, tval: stop.tval >>> 0 } };
}
