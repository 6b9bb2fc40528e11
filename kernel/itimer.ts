// Interval timers (getitimer/setitimer; alarm is setitimer in the C library).
// ITIMER_REAL counts virtual time: its expiry is an "alarm" record in the
// kernel's timer table (beside the process's own sleep timer), which fires
// SIGALRM and re-arms itself from its own expiry time when it has an interval.
// ITIMER_VIRTUAL and ITIMER_PROF count the process's own instructions
// (user time; there is no system time here, so PROF counts the same) and are
// checked where its slice ends — a quantum end or a trap, never the end of a
// run — so they fire late by less than one quantum, the same however the runs
// were cut. All of it is ProcState.itimer, plain data.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EFAULT, EINVAL } from "./errno.js";
import { TICKS_PER_SECOND } from "./param.js";
import { addAlarm, removeAlarm } from "./timers.js";
import { sendSignalInfo } from "./signal.js";
import { SI_KERNEL, sigInfo } from "./signals-queue.js";
import type { SysResult } from "./result.js";
import { argsOf, words } from "./uaccess.js";
import { checkCpuPosixTimers } from "./posix-timers.js";

const SIGALRM = 14;
const SIGVTALRM = 26;
const SIGPROF = 27;
const TICKS_PER_USEC = TICKS_PER_SECOND / 1e6;
/** Longest interval accepted (about 194 days), so deadlines stay exact integers. */
const MAX_TICKS = 2 ** 24 * TICKS_PER_SECOND;

/** A 32-bit timeval pair {interval, value} in ticks; null when out of range. */
function readItimerval(b: Uint8Array): { interval: number; value: number } | null {
  const dv = new DataView(b.buffer, b.byteOffset);
  const f = [0, 4, 8, 12].map((o) => dv.getInt32(o, true));
  if (f.some((x) => x < 0) || f[1]! >= 1e6 || f[3]! >= 1e6) return null;
  const t = (sec: number, usec: number): number => Math.min(sec * TICKS_PER_SECOND + usec * TICKS_PER_USEC, MAX_TICKS);
  return { interval: t(f[0]!, f[1]!), value: t(f[2]!, f[3]!) };
}

/** Ticks as a 32-bit timeval, rounded up to a whole microsecond (a running timer never reads 0). */
function timeval(ticks: number): [number, number] {
  const us = Math.ceil(ticks / TICKS_PER_USEC);
  return [Math.floor(us / 1e6), us % 1e6];
}

/** The (interval, remaining) of timer `which` of p. */
function current(k: Kernel, p: ProcState, which: number): [number, number] {
  const t = p.posix.itimer;
  if (which === 0) return [t.realInterval, t.real > 0 ? Math.max(1, t.real - k.state.clock) : 0];
  if (which === 1) return [t.virtInterval, t.virt > 0 ? Math.max(1, t.virt - p.utime) : 0];
  return [t.profInterval, t.prof > 0 ? Math.max(1, t.prof - p.utime) : 0];
}

function writeCurrent(k: Kernel, p: ProcState, which: number, addr: number): boolean {
  const [interval, left] = current(k, p, which);
  return k.mem(p).copyOut(addr >>> 0, words(...timeval(interval), ...timeval(left)));
}

/** getitimer(which, value). */
export function sysGetitimer(k: Kernel, p: ProcState): SysResult {
  const [which, addr] = argsOf(p) as [number, number];
  if (which < 0 || which > 2) return -EINVAL;
  return writeCurrent(k, p, which, addr) ? 0 : -EFAULT;
}

/** setitimer(which, new, old): a value of 0 disarms. */
export function sysSetitimer(k: Kernel, p: ProcState): SysResult {
  const [which, addr, oldAddr] = argsOf(p) as [number, number, number];
  if (which < 0 || which > 2) return -EINVAL;
  let next = { interval: 0, value: 0 };
  if (addr !== 0) {
    const b = k.mem(p).copyIn(addr >>> 0, 16);
    if (!b) return -EFAULT;
    const v = readItimerval(b);
    if (!v) return -EINVAL;
    next = v;
  }
  if (oldAddr !== 0 && !writeCurrent(k, p, which, oldAddr)) return -EFAULT;
  const t = p.posix.itimer;
  if (which === 0) {
    t.real = next.value > 0 ? k.state.clock + next.value : 0;
    t.realInterval = next.interval;
    if (t.real > 0) addAlarm(k, t.real, p.pid);
    else removeAlarm(k, p.pid);
  } else if (which === 1) {
    t.virt = next.value > 0 ? p.utime + next.value : 0;
    t.virtInterval = next.interval;
  } else {
    t.prof = next.value > 0 ? p.utime + next.value : 0;
    t.profInterval = next.interval;
  }
  return 0;
}

/** The alarm record of pid fell due at `time`: SIGALRM, and the next period if there is one. */
export function alarmFired(k: Kernel, pid: number, time: number): void {
  const p = k.state.procs.get(pid);
  if (!p || p.state === "zombie" || p.posix.itimer.real !== time) return;
  if (p.posix.itimer.realInterval > 0) {
    p.posix.itimer.real = time + p.posix.itimer.realInterval;
    addAlarm(k, p.posix.itimer.real, pid);
  } else p.posix.itimer.real = 0;
  sendSignalInfo(k, pid, SIGALRM, sigInfo(SIGALRM, SI_KERNEL), false);
}

/** Where p's slice ended (a quantum end or a trap, kernel.ts runSlice): expire its CPU-time timers that its instructions reached. */
export function checkCpuTimers(k: Kernel, p: ProcState): void {
  if (p.posix.timers.length > 0) checkCpuPosixTimers(k, p); // timer_create's CLOCK_PROCESS_CPUTIME_ID timers
  const t = p.posix.itimer;
  if (t.virt > 0 && p.utime >= t.virt) {
    t.virt = t.virtInterval > 0 ? t.virt + t.virtInterval * Math.max(1, Math.ceil((p.utime - t.virt + 1) / t.virtInterval)) : 0;
    sendSignalInfo(k, p.pid, SIGVTALRM, sigInfo(SIGVTALRM, SI_KERNEL), false);
  }
  if (t.prof > 0 && p.utime >= t.prof) {
    t.prof = t.profInterval > 0 ? t.prof + t.profInterval * Math.max(1, Math.ceil((p.utime - t.prof + 1) / t.profInterval)) : 0;
    sendSignalInfo(k, p.pid, SIGPROF, sigInfo(SIGPROF, SI_KERNEL), false);
  }
}
