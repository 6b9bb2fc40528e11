// Pending timer events as data: (time, kind, target) records sorted by time.
// Firing a timer wakes its target process if it sleeps (on whatever channel:
// a woken process re-runs its system call, which decides whether to sleep again).

import { noChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";

/** Add a wake-up for `pid` at virtual time `time` (kept sorted, deterministic order). */
export function addTimer(k: Kernel, time: number, pid: number): void {
  const timers = k.state.timers;
  removeTimer(k, pid);
  let i = timers.length;
  while (i > 0 && (timers[i - 1]!.time > time || (timers[i - 1]!.time === time && timers[i - 1]!.target > pid))) i--;
  timers.splice(i, 0, { time, kind: "wake", target: pid });
}

/** Drop any timer of `pid`. */
export function removeTimer(k: Kernel, pid: number): void {
  const timers = k.state.timers;
  for (let i = timers.length - 1; i >= 0; i--) if (timers[i]!.target === pid) timers.splice(i, 1);
}

/** Fire every timer whose time has come. */
export function fireTimers(k: Kernel): void {
  const timers = k.state.timers;
  while (timers.length > 0 && timers[0]!.time <= k.state.clock) {
    const tm = timers.shift()!;
    const p = k.state.procs.get(tm.target);
    if (p && p.state === "sleeping") {
      p.state = "runnable";
      p.chan = noChan();
    }
  }
}
