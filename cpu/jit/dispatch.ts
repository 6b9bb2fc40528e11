// The translator's dispatcher (cpu/jit/): for now every instruction runs in the interpreter.
import type { HartState } from "../hart.js";
import { interpret } from "../interp.js";
import type { Memory } from "../memory.js";
import type { CpuStats } from "../stats.js";
import type { CpuCache } from "../tlb.js";

export function runJit(hart: HartState, mem: Memory, c: CpuCache, budget: number, timeBase: number, stats: CpuStats): number {
  return interpret(hart, mem, c, budget, timeBase, stats, false);
}
