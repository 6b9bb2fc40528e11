// The kernel's one door into the CPU: run a hart for a budget of instructions,
// with the CPU options of the machine it belongs to (translator on or off,
// statistics). The options are host settings, not machine state: they live in
// a WeakMap keyed by the owner (a Kernel), never in a snapshot, and nothing
// the guest sees depends on them.

import { run } from "../cpu/execute.js";
import type { HartState, RunResult } from "../cpu/hart.js";
import type { Memory } from "../cpu/memory.js";
import { type CpuOptions, defaultCpuOptions, newCpuStats } from "../cpu/stats.js";

const perOwner = new WeakMap<object, CpuOptions>();

/** Give `owner` (a Kernel) its own CPU options: `jit` (default: the process default), fresh statistics. */
export function setCpuOptions(owner: object, opts: { jit?: boolean }): CpuOptions {
  const o: CpuOptions = { jit: opts.jit ?? defaultCpuOptions.jit, stats: newCpuStats() };
  perOwner.set(owner, o);
  return o;
}

/** The CPU options `owner` runs with (the process default unless set). */
export function cpuOptionsOf(owner: object): CpuOptions {
  return perOwner.get(owner) ?? defaultCpuOptions;
}

/** Run `hart` for at most `budget` instructions as `owner`'s CPU. */
export function cpuRun(hart: HartState, mem: Memory, budget: number, timeBase: number, owner?: object): RunResult {
  return run(hart, mem, budget, timeBase, owner === undefined ? defaultCpuOptions : cpuOptionsOf(owner));
}
