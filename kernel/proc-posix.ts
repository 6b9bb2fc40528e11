// The POSIX process attributes added for conformance (#15), one declared
// value per process (ProcState.posix): real-time signal mask and the queue of
// pending signals' siginfo (kernel/signals-queue.ts), the set a sigtimedwait
// waits for, the alternate signal stack, the interval timers
// (kernel/itimer.ts), user and group ids and the nice value
// (kernel/sys-ids.ts). Kept together so adding them changed ProcState by one
// field.

import { type Infer, t } from "../state/index.js";

/** A pending signal's siginfo: who sent it and why (Linux siginfo_t fields). */
export const SigInfoRec = t.struct({
  signo: t.u8,
  code: t.int, // SI_USER, SI_QUEUE, CLD_EXITED, SEGV_MAPERR, …
  pid: t.u32, // sender (or the child, for SIGCHLD)
  uid: t.u32,
  status: t.int, // SIGCHLD: exit code or signal; SI_TIMER: 1 when a timer of the kernel sent it (kernel/posix-timers.ts)
  value: t.u32, // sigqueue's sigval
  addr: t.u32, // faults: the address
  timerid: t.u32, // SI_TIMER: the POSIX timer (kernel/posix-timers.ts) …
  overrun: t.u32, // … and its overrun count, filled in when the signal is taken
});
export type SigInfoRec = Infer<typeof SigInfoRec>;

/** Timers one process may hold (timer_create beyond is EAGAIN; qemu-user's limit is the same). */
export const POSIX_TIMER_MAX = 32;

/** A POSIX per-process timer (timer_create; kernel/posix-timers.ts). Times are ticks, on the timer's clock. */
export const PosixTimer = t.struct({
  id: t.u32,
  clock: t.enum("real", "mono", "cpu"), // cpu: CLOCK_PROCESS_CPUTIME_ID, counted on the process's utime
  notify: t.enum("signal", "none"), // SIGEV_SIGNAL or SIGEV_NONE
  signo: t.u8,
  value: t.u32, // sigev_value, given back in si_value
  next: t.uint, // the next expiry not yet counted, 0 = disarmed
  interval: t.uint, // 0 = one-shot
  event: t.uint, // when the kernel's "ptimer" timer record looks at it next (real/mono clocks), 0 = never
  overrun: t.uint, // expiries while its signal was pending, counted into the next delivery
  overrunLast: t.uint, // timer_getoverrun: the overrun of the last signal delivered
});
export type PosixTimer = Infer<typeof PosixTimer>;

export const ProcPosix = t.struct({
  maskRt: t.u32, // blocked real-time signals 33..64 (bit sig−33)
  queue: t.array(SigInfoRec, 64), // siginfo of pending signals, oldest first (SIGQUEUE_HARD)
  wait: t.u32, // rt_sigtimedwait in progress: the signals 1..32 it waits for
  waitRt: t.u32, // … and 33..64
  savedLo: t.u32, // rt_sigsuspend: the caller's mask of signals 1..32, put back by the handler's frame …
  savedRt: t.int, // … and of 33..64; −1 = no sigsuspend in progress
  altStack: t.struct({ sp: t.u32, size: t.u32, flags: t.u32 }), // sigaltstack (flags SS_DISABLE = none)
  itimer: t.struct({
    real: t.uint, // ITIMER_REAL: virtual time of the next expiry, 0 = disarmed
    realInterval: t.uint, // ticks
    virt: t.uint, // ITIMER_VIRTUAL: the process's utime at expiry, 0 = disarmed
    virtInterval: t.uint,
    prof: t.uint, // ITIMER_PROF, the same on utime (no system time here)
    profInterval: t.uint,
  }),
  creds: t.struct({ uid: t.u32, euid: t.u32, suid: t.u32, gid: t.u32, egid: t.u32, sgid: t.u32 }),
  nice: t.int, // −20..19
  timers: t.array(PosixTimer, POSIX_TIMER_MAX), // timer_create's timers, in creation order
  timerNext: t.u32, // the id the next timer_create tries first (ids are not reused at once, as Linux)
});
export type ProcPosix = Infer<typeof ProcPosix>;

const SS_DISABLE = 2;

/** A new process's attributes: root, nothing pending, no alternate stack, timers off. */
export function blankPosix(): ProcPosix {
  return {
    maskRt: 0, queue: [], wait: 0, waitRt: 0, savedLo: 0, savedRt: -1,
    altStack: { sp: 0, size: 0, flags: SS_DISABLE },
    itimer: { real: 0, realInterval: 0, virt: 0, virtInterval: 0, prof: 0, profInterval: 0 },
    creds: { uid: 0, euid: 0, suid: 0, gid: 0, egid: 0, sgid: 0 },
    nice: 0,
    timers: [], timerNext: 0,
  };
}

/** What fork gives the child (POSIX): the masks, alternate stack, ids and nice value; no pending signals, no timers. */
export function forkPosix(parent: ProcPosix): ProcPosix {
  return { ...blankPosix(), maskRt: parent.maskRt, altStack: { ...parent.altStack }, creds: { ...parent.creds }, nice: parent.nice };
}

/** What exec keeps (POSIX): all but the alternate stack and the POSIX timers. */
export function execPosix(x: ProcPosix): void {
  x.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  x.timers = []; // their "ptimer" timer record finds nothing due and goes (kernel/posix-timers.ts)
}

/**
 * The attributes of a process moved to another machine's clock (a job restart): ITIMER_REAL and
 * the POSIX timers on virtual time move by the same shift as its sleeps; CPU-time ones stay.
 */
export function shiftPosix(x: ProcPosix, shift: (t: number) => number): ProcPosix {
  return {
    ...x,
    itimer: { ...x.itimer, real: shift(x.itimer.real) },
    timers: x.timers.map((tm) => (tm.clock === "cpu" ? { ...tm } : { ...tm, next: shift(tm.next), event: shift(tm.event) })),
  };
}

/** A file lock record (kernel/locks.ts): the owner, the file, read or write, bytes [start, end). */
export const FileLock = t.struct({ pid: t.u32, key: t.string, type: t.enum("r", "w"), start: t.uint, end: t.uint });
export type FileLock = Infer<typeof FileLock>;
