// Restore checks for the POSIX timers of each process (kernel/posix-timers.ts): a snapshot's
// timers must be ones the kernel could have made — distinct ids, a signal 1..64 for a signalling
// timer, times and intervals within the bounds every deadline keeps (so that no later expiry
// or look at a timer falls beyond MAX_DEADLINE, which would make the machine's own next
// checkpoint unrestorable), and a look only for a signalling timer on virtual time.

import type { KernelState } from "./state.js";
import { TICKS_PER_SECOND } from "./param.js";
import { MAX_DEADLINE } from "./validate-limits.js";

type Fail = (path: string, problem: string) => never;

/** Longest interval timer_settime makes (2^24 s, as the sleeps). */
const MAX_INTERVAL = 2 ** 24 * TICKS_PER_SECOND;

export function validatePosixTimers(s: KernelState, fail: Fail): void {
  for (const [pid, p] of s.procs) {
    const ids = new Set<number>();
    p.posix.timers.forEach((tm, i) => {
      const at = `$.procs[${pid}].posix.timers[${i}]`;
      if (ids.has(tm.id)) fail(`${at}.id`, `repeats timer id ${tm.id}`);
      ids.add(tm.id);
      if (tm.notify === "signal" && (tm.signo < 1 || tm.signo > 64)) fail(`${at}.signo`, `is ${tm.signo}, not a signal (1..64)`);
      if (tm.interval > MAX_INTERVAL) fail(`${at}.interval`, `is ${tm.interval} ticks, longer than any interval timer_settime sets (${MAX_INTERVAL})`);
      if (tm.next > MAX_DEADLINE) fail(`${at}.next`, `is ${tm.next}, beyond any deadline the kernel sets`);
      if (tm.event > MAX_DEADLINE) fail(`${at}.event`, `is ${tm.event}, beyond any deadline the kernel sets`);
      if (tm.event > 0 && (tm.notify !== "signal" || tm.clock === "cpu")) fail(`${at}.event`, `is set on a timer nobody looks at (${tm.notify}, ${tm.clock} clock)`);
    });
  }
}
