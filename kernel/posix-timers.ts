// POSIX per-process timers (timer_create, timer_settime, timer_gettime,
// timer_getoverrun, timer_delete) on virtual time, as Linux has them. A timer
// is a row of ProcState.posix.timers (kernel/proc-posix.ts), plain data.
// CLOCK_REALTIME and CLOCK_MONOTONIC timers are looked at when the process's
// one "ptimer" record in the kernel's timer table falls due (kernel/timers.ts),
// at the earliest `event` of its timers; CLOCK_PROCESS_CPUTIME_ID timers count
// the process's own instructions and are checked when its slice ends, like
// ITIMER_VIRTUAL (kernel/itimer.ts).
//
// Overruns are counted as Linux counts them: while a timer's signal is still
// pending, its expiries are not signalled again but counted, and the count goes
// out in the siginfo (si_overrun) when the signal is taken — by a handler or
// sigwaitinfo (timerSignalTaken) — which is also when the timer is re-armed.
// A timer whose signal waits (blocked, or ignored on arrival) is looked at no
// oftener than once per RECHECK of virtual time, whatever its interval: the
// expiries in between are counted by arithmetic, so a guest blocking the
// signal of a 10 ns periodic timer costs the host nothing per period.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { POSIX_TIMER_MAX, type PosixTimer } from "./proc-posix.js";
import type { SigInfoRec } from "./proc-posix.js";
import { EAGAIN, EFAULT, EINVAL } from "./errno.js";
import { TICKS_PER_SECOND } from "./param.js";
import { NS_PER_TICK, realtimeAt } from "./realtime.js";
import { addPtimer, removePtimer } from "./timers.js";
import { sendSignalInfo } from "./signal.js";
import { sigbit } from "./signals-def.js";
import { SI_TIMER, isRt, sigInfo } from "./signals-queue.js";
import type { SysResult } from "./result.js";
import { argsOf } from "./uaccess.js";

/** The most an overrun count says (Linux caps it at INT_MAX; limits.h DELAYTIMER_MAX). */
export const DELAYTIMER_MAX = 0x7fffffff;
/** Longest time or interval accepted (about 194 days, as the sleeps), so deadlines stay exact integers. */
const MAX_SECONDS = 2 ** 24;
/** A timer whose signal is still pending or was ignored is looked at again after this long (1 ms). */
export const RECHECK = TICKS_PER_SECOND / 1000;
const SIGALRM = 14;
const EOPNOTSUPP = 95;
const SIGEV_SIGNAL = 0;
const SIGEV_NONE = 1;
const SIGEV_THREAD = 2;
const SIGEV_THREAD_ID = 4;
const TIMER_ABSTIME = 1;

/** The timer clock of Linux clock id `clk`, −errno for one that has no timers. */
function clockOf(clk: number): PosixTimer["clock"] | number {
  if (clk === 0 || clk === 8 || clk === 11) return "real"; // REALTIME, REALTIME_ALARM, TAI (no leap seconds here)
  if (clk === 1 || clk === 7 || clk === 9) return "mono"; // MONOTONIC, BOOTTIME, BOOTTIME_ALARM: no suspend here
  if (clk === 2 || clk === 3) return "cpu"; // PROCESS_ and THREAD_CPUTIME_ID: one thread per process
  if (clk >= 4 && clk <= 6) return -EOPNOTSUPP; // MONOTONIC_RAW and the COARSE clocks (Linux: no timer_create)
  return -EINVAL;
}

/** Now on the timer's clock. */
function nowOf(k: Kernel, p: ProcState, tm: PosixTimer): number {
  return tm.clock === "cpu" ? p.utime : k.state.clock;
}

function findTimer(p: ProcState, id: number): PosixTimer | undefined {
  return p.posix.timers.find((tm) => tm.id === id >>> 0);
}

/**
 * A siginfo record the kernel's timer `id` queued: SI_TIMER with `status` FROM_TIMER. (rt_sigqueueinfo
 * may send SI_TIMER too, as on Linux; such a record has status 0 and never touches a timer.)
 */
const FROM_TIMER = 1;
function isTimerRecord(r: SigInfoRec, id: number): boolean {
  return r.code === SI_TIMER && r.status === FROM_TIMER && r.timerid === id;
}

/** Is the signal of tm's last expiry still pending (its siginfo record queued, and for a standard signal its bit set)? */
function signalPending(p: ProcState, tm: PosixTimer): boolean {
  if (!isRt(tm.signo) && (p.sigPending & sigbit(tm.signo)) === 0) return false;
  return p.posix.queue.some((r) => isTimerRecord(r, tm.id) && r.signo === tm.signo);
}

/** Put p's "ptimer" record at the earliest event of its timers (none when nothing is due). */
function reschedule(k: Kernel, p: ProcState): void {
  let due = Infinity;
  for (const tm of p.posix.timers) if (tm.event > 0 && tm.event < due) due = tm.event;
  if (due === Infinity) removePtimer(k, p.pid);
  else addPtimer(k, due, p.pid);
}

/** timer_create(clockid, sevp, timerid). */
export function sysTimerCreate(k: Kernel, p: ProcState): SysResult {
  const [clk, sevAddr, idAddr] = argsOf(p) as [number, number, number];
  const clock = clockOf(clk | 0);
  if (typeof clock === "number") return clock;
  let notify: PosixTimer["notify"] = "signal";
  let signo = SIGALRM;
  let value: number | null = null; // null: the timer's own id (a NULL sigevent)
  if (sevAddr !== 0) {
    const b = k.mem(p).copyIn(sevAddr >>> 0, 16);
    if (!b) return -EFAULT;
    const dv = new DataView(b.buffer, b.byteOffset);
    value = dv.getUint32(0, true);
    signo = dv.getInt32(4, true);
    const how = dv.getInt32(8, true);
    // Linux good_sigevent: SIGEV_THREAD reaching the kernel signals like SIGEV_SIGNAL (running a
    // function is the C library's business; ours refuses it, having no threads); SIGEV_THREAD_ID
    // must name a thread of the caller, which is the process itself.
    if (how === SIGEV_NONE) notify = "none";
    else if (how !== SIGEV_SIGNAL && how !== SIGEV_THREAD && !(how === SIGEV_THREAD_ID && dv.getInt32(12, true) === p.pid)) return -EINVAL;
    if (notify === "signal" && (signo < 1 || signo > 64)) return -EINVAL;
    if (notify === "none") signo = 0;
  }
  const timers = p.posix.timers;
  if (timers.length >= POSIX_TIMER_MAX) return -EAGAIN;
  let id = p.posix.timerNext;
  while (timers.some((tm) => tm.id === id)) id = (id + 1) & 0x7fffffff;
  const idBytes = new Uint8Array(4);
  new DataView(idBytes.buffer).setInt32(0, id, true);
  if (!k.mem(p).copyOut(idAddr >>> 0, idBytes)) return -EFAULT;
  p.posix.timerNext = (id + 1) & 0x7fffffff;
  timers.push({ id, clock, notify, signo, value: value ?? id, next: 0, interval: 0, event: 0, overrun: 0, overrunLast: 0 });
  return 0;
}

/** timer_delete(timerid): a signal it already queued stays pending (Linux 6.1). */
export function sysTimerDelete(k: Kernel, p: ProcState): SysResult {
  const id = argsOf(p)[0]! >>> 0;
  const i = p.posix.timers.findIndex((tm) => tm.id === id);
  if (i < 0) return -EINVAL;
  p.posix.timers.splice(i, 1);
  reschedule(k, p);
  return 0;
}

/** timer_getoverrun(timerid): the overrun count of the timer's last delivered signal. */
export function sysTimerGetoverrun(_k: Kernel, p: ProcState): SysResult {
  const tm = findTimer(p, argsOf(p)[0]!);
  return tm ? Math.min(tm.overrunLast, DELAYTIMER_MAX) : -EINVAL;
}

/** tm's (interval, time left) in ticks; a signalling timer already due reads 1 ns left, as Linux. */
function current(k: Kernel, p: ProcState, tm: PosixTimer): { interval: number; left: number } {
  if (tm.next === 0) return { interval: tm.interval, left: 0 };
  const now = nowOf(k, p, tm);
  let next = tm.next;
  if (next <= now && tm.interval > 0) next += tm.interval * (Math.floor((now - next) / tm.interval) + 1);
  if (next > now) return { interval: tm.interval, left: next - now };
  return { interval: tm.interval, left: tm.notify === "none" ? 0 : -1 };
}

/** A struct itimerspec (two 64-bit timespecs: interval, value) of tm, now. */
function itimerspec(k: Kernel, p: ProcState, tm: PosixTimer): Uint8Array {
  const { interval, left } = current(k, p, tm);
  const b = new Uint8Array(32);
  const dv = new DataView(b.buffer);
  const put = (off: number, ticks: number): void => {
    const sec = Math.floor(ticks / TICKS_PER_SECOND);
    dv.setUint32(off, sec >>> 0, true);
    dv.setUint32(off + 4, Math.floor(sec / 2 ** 32), true);
    dv.setUint32(off + 8, (ticks % TICKS_PER_SECOND) * NS_PER_TICK, true);
  };
  put(0, interval);
  if (left < 0) dv.setUint32(24, 1, true);
  else put(16, left);
  return b;
}

/** timer_gettime64(timerid, curr). */
export function sysTimerGettime(k: Kernel, p: ProcState): SysResult {
  const [id, addr] = argsOf(p) as [number, number];
  const tm = findTimer(p, id);
  if (!tm) return -EINVAL;
  return k.mem(p).copyOut(addr >>> 0, itimerspec(k, p, tm)) ? 0 : -EFAULT;
}

/** A 64-bit timespec at b[off] as (sec, nsec); null when invalid (negative, nsec ≥ 1e9). */
function readTimespec(dv: DataView, off: number): { sec: number; nsec: number } | null {
  const sec = dv.getInt32(off + 4, true) * 2 ** 32 + dv.getUint32(off, true);
  const nsec = dv.getInt32(off + 8, true); // the high half of tv_nsec is padding on rv32
  return sec < 0 || nsec < 0 || nsec >= 1e9 ? null : { sec, nsec };
}

function ticksOf(t: { sec: number; nsec: number }): number {
  return Math.min(t.sec, MAX_SECONDS) * TICKS_PER_SECOND + Math.ceil(t.nsec / NS_PER_TICK);
}

/** The first expiry of a timer set to `value` now: relative, or absolute on its clock (≥ 1; ≤ now fires at once). */
function firstExpiry(k: Kernel, p: ProcState, tm: PosixTimer, v: { sec: number; nsec: number }, abs: boolean): number {
  const now = nowOf(k, p, tm);
  if (!abs) return now + ticksOf(v);
  if (tm.clock !== "real") return Math.max(1, Math.min(ticksOf(v), now + MAX_SECONDS * TICKS_PER_SECOND));
  // A CLOCK_REALTIME time becomes a virtual tick now (seconds and ticks apart: Unix time in ticks is
  // beyond 2^53); a later change of the wall-clock offset does not move it.
  const zero = realtimeAt(k.state, 0);
  const dsec = Math.min(v.sec - zero.sec, now / TICKS_PER_SECOND + MAX_SECONDS);
  return Math.max(1, Math.floor(dsec) * TICKS_PER_SECOND + Math.ceil((v.nsec - zero.nsec) / NS_PER_TICK));
}

/** timer_settime64(timerid, flags, new, old): a zero value disarms (and drops the interval). */
export function sysTimerSettime(k: Kernel, p: ProcState): SysResult {
  const [id, flags, newAddr, oldAddr] = argsOf(p) as [number, number, number, number];
  const tm = findTimer(p, id);
  if (!tm || newAddr === 0) return -EINVAL;
  const b = k.mem(p).copyIn(newAddr >>> 0, 32);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer, b.byteOffset);
  const interval = readTimespec(dv, 0);
  const value = readTimespec(dv, 16);
  if (!interval || !value) return -EINVAL;
  if (oldAddr !== 0 && !k.mem(p).copyOut(oldAddr >>> 0, itimerspec(k, p, tm))) return -EFAULT;
  tm.next = 0;
  tm.interval = 0;
  tm.event = 0;
  tm.overrun = 0;
  tm.overrunLast = 0;
  if (value.sec !== 0 || value.nsec !== 0) {
    tm.interval = ticksOf(interval);
    tm.next = firstExpiry(k, p, tm, value, (flags & TIMER_ABSTIME) !== 0);
    if (tm.notify === "signal" && tm.clock !== "cpu") tm.event = Math.max(tm.next, k.state.clock);
  }
  reschedule(k, p);
  if (tm.clock === "cpu") checkCpuPosixTimers(k, p); // an absolute time already reached fires now
  return 0;
}

/**
 * tm fell due at `now` (on its clock): count the expiries up to now, signal the first unless its
 * last signal is still pending (then they are overruns), and set when to look at it next.
 */
function expire(k: Kernel, p: ProcState, tm: PosixTimer, now: number): void {
  if (tm.next === 0 || tm.next > now) return;
  const n = tm.interval > 0 ? Math.floor((now - tm.next) / tm.interval) + 1 : 1;
  tm.next = tm.interval > 0 ? tm.next + n * tm.interval : 0;
  if (signalPending(p, tm)) tm.overrun = Math.min(tm.overrun + n, DELAYTIMER_MAX);
  else {
    tm.overrun = Math.min(n - 1, DELAYTIMER_MAX); // expiries a late look missed
    sendSignalInfo(k, p.pid, tm.signo, sigInfo(tm.signo, SI_TIMER, 0, { value: tm.value, timerid: tm.id, status: FROM_TIMER }), false);
  }
  // Once its signal is queued the timer waits for it to be taken (timerSignalTaken re-arms it);
  // a signal ignored on arrival is not queued: then too the timer is only looked at now and then.
  if (tm.next > 0 && tm.clock !== "cpu") tm.event = Math.max(tm.next, k.state.clock + RECHECK);
}

/** The "ptimer" record of pid fell due: expire its timers whose time has come. */
export function ptimerFired(k: Kernel, pid: number): void {
  const p = k.state.procs.get(pid);
  if (!p || p.state === "zombie") return;
  for (const tm of p.posix.timers) {
    if (tm.event === 0 || tm.event > k.state.clock) continue;
    tm.event = 0;
    expire(k, p, tm, k.state.clock);
  }
  reschedule(k, p);
}

/**
 * The utime at which p's next CPU-time timer falls due — a POSIX CPU-time timer or ITIMER_VIRTUAL/
 * ITIMER_PROF — or Infinity: a lone process's long slice ends at the first quantum end after it
 * (kernel.ts sliceBudget), so such timers fire as they would quantum by quantum.
 */
export function cpuTimerDue(p: ProcState): number {
  const it = p.posix.itimer;
  let due = Infinity;
  if (it.virt > 0) due = it.virt;
  if (it.prof > 0 && it.prof < due) due = it.prof;
  for (const tm of p.posix.timers) if (tm.clock === "cpu" && tm.notify === "signal" && tm.next > 0 && tm.next < due) due = tm.next;
  return due;
}

/** Where p's slice ended (a quantum end or a trap): expire its CPU-time timers that its instructions reached. */
export function checkCpuPosixTimers(k: Kernel, p: ProcState): void {
  for (const tm of p.posix.timers) if (tm.clock === "cpu" && tm.notify === "signal" && tm.next > 0 && p.utime >= tm.next) expire(k, p, tm, p.utime);
}

/**
 * A signal was taken from p's queue (delivered, or by sigwaitinfo). If it is a timer's: the expiries
 * since are its overrun (in `info` and for timer_getoverrun), and the timer is re-armed.
 */
export function timerSignalTaken(k: Kernel, p: ProcState, info: SigInfoRec): void {
  if (!isTimerRecord(info, info.timerid)) return;
  const tm = findTimer(p, info.timerid);
  if (!tm || tm.notify !== "signal") return;
  const now = nowOf(k, p, tm);
  if (tm.next > 0 && tm.next <= now && tm.interval > 0) {
    const n = Math.floor((now - tm.next) / tm.interval) + 1;
    tm.next += n * tm.interval;
    tm.overrun = Math.min(tm.overrun + n, DELAYTIMER_MAX);
  }
  info.overrun = tm.overrun;
  tm.overrunLast = tm.overrun;
  tm.overrun = 0;
  if (tm.next > 0 && tm.clock !== "cpu") {
    tm.event = tm.next;
    reschedule(k, p);
  }
}

/** p exits: its timers go, and their record in the timer table. */
export function deletePosixTimers(k: Kernel, p: ProcState): void {
  p.posix.timers = [];
  removePtimer(k, p.pid);
}
