// Signal information and real-time signals. A pending signal carries a
// siginfo record (who sent it and why: kill's SI_USER and sender pid, a
// child's CLD_* code and status, a fault's address, sigqueue's value), kept
// as data in ProcState.sigQueue. Standard signals (1..32) are merged — at
// most one record each, the first sender's — while real-time signals 33..64
// are queued one record per send, in order, never merged (POSIX). Their
// pending state is the queue itself; their mask is ProcState.sigMaskRt
// (bit sig−33). Signal 32, which C libraries keep for themselves, stays a
// standard, merged signal here.

import type { ProcState } from "./state.js";
import type { SigInfoRec } from "./proc-posix.js";
import { SIGBUS, SIGCHLD, SIGFPE, SIGILL, SIGSEGV, SIGTRAP } from "./signals-def.js";

export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_QUEUE = -1;
export const SI_TKILL = -6;
export const SI_TIMER = -2;

/** Real-time signals one process may have queued by sigqueue (more is EAGAIN); Linux allows more. */
export const SIGQUEUE_MAX = 32;
/** Records a process may hold at all (kill of real-time signals beyond it is dropped): bounds host memory. */
export const SIGQUEUE_HARD = 64;

/** Is `sig` a queued real-time signal (33..64)? */
export function isRt(sig: number): boolean {
  return sig >= 33 && sig <= 64;
}

/** Bit of a real-time signal in sigMaskRt / the pending set (0 for others). */
export function rtbit(sig: number): number {
  return isRt(sig) ? (1 << (sig - 33)) >>> 0 : 0;
}

/** A siginfo record. */
export function sigInfo(signo: number, code: number, pid = 0, extra: Partial<SigInfoRec> = {}): SigInfoRec {
  return { signo, code, pid, uid: 0, status: 0, value: 0, addr: 0, timerid: 0, overrun: 0, ...extra };
}

/** The real-time signals pending for p (bit sig−33). */
export function rtPending(p: ProcState): number {
  let bits = 0;
  for (const r of p.posix.queue) bits |= rtbit(r.signo);
  return bits >>> 0;
}

/** How many real-time records p holds. */
function rtCount(p: ProcState): number {
  let n = 0;
  for (const r of p.posix.queue) if (isRt(r.signo)) n++;
  return n;
}

/**
 * Record `info` for a newly pending signal: a standard signal replaces any older record of its own;
 * a real-time one is appended. False (nothing recorded) when the queue is full — for sigqueue
 * (`strict`) at SIGQUEUE_MAX real-time records, otherwise at the hard bound.
 */
export function recordInfo(p: ProcState, info: SigInfoRec, strict: boolean): boolean {
  if (!isRt(info.signo)) {
    dropInfo(p, info.signo);
    if (p.posix.queue.length >= SIGQUEUE_HARD) return true; // the signal is pending all the same, without its details
    p.posix.queue.push(info);
    return true;
  }
  if (strict ? rtCount(p) >= SIGQUEUE_MAX : p.posix.queue.length >= SIGQUEUE_HARD) return false;
  p.posix.queue.push(info);
  return true;
}

/** Forget every record of `sig` (a discarded or merged signal). */
export function dropInfo(p: ProcState, sig: number): void {
  p.posix.queue = p.posix.queue.filter((r) => r.signo !== sig);
}

/** Take the oldest record of `sig` (one of a real-time signal's queue; every record of a standard one). */
export function takeInfo(p: ProcState, sig: number): SigInfoRec {
  const i = p.posix.queue.findIndex((r) => r.signo === sig);
  if (i < 0) return sigInfo(sig, SI_KERNEL);
  const [r] = p.posix.queue.splice(i, 1);
  if (!isRt(sig)) dropInfo(p, sig);
  return r!;
}

/** Signals whose kernel-generated siginfo carries a fault address (si_addr) instead of a sender. */
const FAULTS = new Set([SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP]);

/** Linux's 128-byte siginfo_t for rv32: signo, errno, code, then the union at 12. */
export function siginfoBytes(r: SigInfoRec): Uint8Array {
  const b = new Uint8Array(128);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, r.signo, true);
  dv.setInt32(8, r.code, true);
  if (FAULTS.has(r.signo) && r.code > 0) {
    dv.setUint32(12, r.addr, true); // si_addr
    return b;
  }
  if (r.code === SI_TIMER) {
    dv.setUint32(12, r.timerid, true); // si_timerid
    dv.setUint32(16, r.overrun, true); // si_overrun
    dv.setUint32(20, r.value, true); // si_value
    return b;
  }
  dv.setUint32(12, r.pid, true);
  dv.setUint32(16, r.uid, true);
  if (r.signo === SIGCHLD && r.code > 0) dv.setInt32(20, r.status, true); // si_status
  else dv.setUint32(20, r.value, true); // si_value
  return b;
}

/** The siginfo of a CPU fault (kernel.ts): SEGV_MAPERR/SEGV_ACCERR, BUS_ADRALN, ILL_ILLOPC, TRAP_BRKPT, with the address. */
export function faultInfo(sig: number, _cause: number, f: { pc: number; tval: number; mapped: boolean } | undefined): SigInfoRec {
  const addr = f ? (sig === SIGILL || sig === SIGTRAP ? f.pc : f.tval) >>> 0 : 0;
  const code = sig === SIGSEGV ? (f?.mapped ? 2 : 1) : 1;
  return sigInfo(sig, code, 0, { addr });
}
