// Pending timer events as data: (time, kind, target) records sorted by time.
// Firing a timer wakes its target process if it sleeps (on whatever channel:
// a woken process re-runs its system call, which decides whether to sleep again).
// A timer fires on its own tick: the scheduler never lets a call into the CPU run past
// the next timer's time (kernel.ts sliceBudget), so the instruction a timer's signal
// lands on never depends on where runs were cut (run(a); run(b) ≡ run(a + b)).

import { noChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { Timer } from "./state.js";
import { alarmFired } from "./itimer.js";
import { ptimerFired } from "./posix-timers.js";
import { runnableNow } from "./run-queue.js";

/** Add a wake-up for `pid` at virtual time `time` (kept sorted, deterministic order). */
export function addTimer(k: Kernel, time: number, pid: number): void {
  insertTimer(k, time, pid, "wake");
}

/** Arm pid's ITIMER_REAL expiry at `time` (kernel/itimer.ts), replacing an older one. */
export function addAlarm(k: Kernel, time: number, pid: number): void {
  insertTimer(k, time, pid, "alarm");
}

/** Look at pid's POSIX timers at `time` (kernel/posix-timers.ts), replacing an older look. */
export function addPtimer(k: Kernel, time: number, pid: number): void {
  insertTimer(k, time, pid, "ptimer");
}

/** pid has no POSIX timer to look at. */
export function removePtimer(k: Kernel, pid: number): void {
  dropTimers(k, pid, "ptimer");
}

/** Put back a timer record of any kind (a job restored into another machine, snapshot/job-restore.ts). */
export function addTimerOfKind(k: Kernel, time: number, pid: number, kind: Timer["kind"]): void {
  insertTimer(k, time, pid, kind);
}

/** Sorted by (time, pid, kind): one timer of each kind per process. */
function insertTimer(k: Kernel, time: number, pid: number, kind: Timer["kind"]): void {
  const timers = k.state.timers;
  dropTimers(k, pid, kind);
  const after = (t: Timer): boolean => t.time > time || (t.time === time && (t.target > pid || (t.target === pid && t.kind > kind)));
  let i = timers.length;
  while (i > 0 && after(timers[i - 1]!)) i--;
  timers.splice(i, 0, { time, kind, target: pid });
}

/** Drop the wake-up timer of `pid` (its ITIMER_REAL alarm stays). */
export function removeTimer(k: Kernel, pid: number): void {
  dropTimers(k, pid, "wake");
}

/** Disarm pid's ITIMER_REAL alarm. */
export function removeAlarm(k: Kernel, pid: number): void {
  dropTimers(k, pid, "alarm");
}

function dropTimers(k: Kernel, pid: number, kind: Timer["kind"]): void {
  const timers = k.state.timers;
  for (let i = timers.length - 1; i >= 0; i--) if (timers[i]!.target === pid && timers[i]!.kind === kind) timers.splice(i, 1);
}

/** Fire every timer whose time has come. */
export function fireTimers(k: Kernel): void {
  const timers = k.state.timers;
  while (timers.length > 0 && timers[0]!.time <= k.state.clock) {
    const tm = timers.shift()!;
    if (tm.kind === "alarm") {
      alarmFired(k, tm.target, tm.time);
      continue;
    }
    if (tm.kind === "ptimer") {
      ptimerFired(k, tm.target);
      continue;
    }
    const p = k.state.procs.get(tm.target);
    if (p && p.state === "sleeping") {
      p.state = "runnable";
      p.chan = noChan();
      runnableNow(k, p);
    }
  }
}
