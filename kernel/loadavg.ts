// The load average, as Linux computes it (kernel/sched/loadavg.c): every
// LOAD_PERIOD of virtual time, each of the three averages moves towards the
// number of runnable processes by a fixed-point exponential decay (1, 5 and
// 15 minutes). Deterministic: the samples fall at exact virtual times, the
// scheduler ends a slice at the next one (Kernel.sliceBudget), and the count
// is taken from the state there, so run(a); run(b) samples what run(a + b) does.
//
// Periods the machine slept through (the clock jumped to the next timer with
// nothing runnable) are caught up at the next look with the count then, which
// is what was runnable all along: nothing.

import type { Kernel } from "./kernel.js";
import { TICKS_PER_SECOND } from "./param.js";

/** Linux's fixed point: 11 fraction bits. */
export const FSHIFT = 11;
export const FIXED_1 = 1 << FSHIFT;
/** 1/exp(5 s / 1, 5, 15 minutes) in fixed point (Linux EXP_1, EXP_5, EXP_15). */
const EXP = [1884, 2014, 2037] as const;
/** One sample every 5 virtual seconds (Linux: 5 s and one jiffy). */
export const LOAD_PERIOD = 5 * TICKS_PER_SECOND;
/** Beyond this many missed periods every average has reached the count already: further steps change nothing. */
const CATCH_UP_MAX = 4096;

/** One decay step (Linux calc_load): load·e + active·(1 − e), rounded up while rising. */
export function calcLoad(load: number, exp: number, active: number): number {
  let next = load * exp + active * (FIXED_1 - exp);
  if (active >= load) next += FIXED_1 - 1;
  return Math.floor(next / FIXED_1);
}

/** Runnable processes now (Linux counts running and uninterruptible ones; nothing here sleeps uninterruptibly). */
export function runnableCount(k: Kernel): number {
  let n = 0;
  for (const p of k.state.procs.values()) if (p.state === "runnable") n++;
  return n;
}

/** Take the samples that fell due (clock ≥ loadNext). Cheap when none did: one comparison. */
export function sampleLoad(k: Kernel): void {
  const s = k.state;
  if (s.clock < s.loadNext) return;
  const periods = Math.floor((s.clock - s.loadNext) / LOAD_PERIOD) + 1;
  const active = runnableCount(k) * FIXED_1;
  const loads = [s.load1, s.load5, s.load15];
  for (let i = 0; i < Math.min(periods, CATCH_UP_MAX); i++) {
    for (let j = 0; j < 3; j++) loads[j] = calcLoad(loads[j]!, EXP[j]!, active);
  }
  [s.load1, s.load5, s.load15] = loads as [number, number, number];
  s.loadNext += periods * LOAD_PERIOD;
}

/** Ticks a slice may run before the next sample is due (at least 1). */
export function ticksToSample(k: Kernel): number {
  return Math.max(1, k.state.loadNext - k.state.clock);
}

/** "0.52" from a fixed-point load (Linux LOAD_INT / LOAD_FRAC, rounded to the hundredth). */
export function loadText(load: number): string {
  const l = load + Math.floor(FIXED_1 / 200);
  return `${l >> FSHIFT}.${String(Math.floor(((l & (FIXED_1 - 1)) * 100) / FIXED_1)).padStart(2, "0")}`;
}
