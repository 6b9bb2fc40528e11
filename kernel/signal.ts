// Signals: sending (pending bits, stop/continue side effects, waking
// sleepers), delivery before a process runs (default actions or a handler
// frame on the user stack), and rt_sigreturn. Handler frames are plain bytes
// in guest memory, so a process inside a handler checkpoints like any other.

import { childChan, noChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EINTR } from "./errno.js";
import { exitProc, orphanedPgrp, wakeup } from "./proc.js";
import { removeTimer } from "./timers.js";
import { isPollCall } from "./poll.js";
import {
  SA_NODEFER, SA_NOCLDSTOP, SA_ONSTACK, SA_RESETHAND, SA_RESTART, SA_RESTORER, SIG_DFL, SIG_IGN,
  SIGBUS, SIGCHLD, SIGCONT, SIGFPE, SIGILL, SIGKILL, SIGSEGV, SIGSTOP, SIGTSTP, SIGTRAP, SIGTTIN, SIGTTOU, UNBLOCKABLE,
  defaultAction, sigbit,
} from "./signals-def.js";
import { SIGTRAMP_ADDR, TICKS_PER_SECOND } from "./param.js";
import type { SigInfoRec } from "./proc-posix.js";
import { SI_KERNEL, SI_USER, isRt, recordInfo, dropInfo, rtPending, rtbit, sigInfo, siginfoBytes, takeInfo } from "./signals-queue.js";
import { onAltStack } from "./sys-sigwait.js";
import { runnableNow } from "./run-queue.js";
import { timerSignalTaken } from "./posix-timers.js";

const STOP_BITS = (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU)) >>> 0;
/** Bytes of a signal frame: siginfo (128) + 32 registers + pc + two mask words, 16-aligned. */
export const FRAME_SIZE = 128 + 4 * 32 + 16;
const SI_OFF = 0;
const REGS_OFF = 128;

/**
 * Linux (SIGNAL_UNKILLABLE): init gets only the signals it has a handler for; a default action is
 * never taken on it, SIGKILL and SIGSTOP included — except the faults the CPU raises (sent with
 * `force`, the signal of the faulting instruction), which kill it (a kernel panic), as on Linux.
 */
const FAULT_SIGNALS = new Set([SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]);
function initSpared(k: Kernel, p: ProcState, sig: number): boolean {
  return isInit(k, p) && p.sigActions[sig]!.handler === SIG_DFL && !FAULT_SIGNALS.has(sig);
}

/** Is p the machine's init? (`cryobox run` starts its program as pid 2 under a minimal init, as pid 1 is init on Linux.) */
function isInit(_k: Kernel, p: ProcState): boolean {
  return p.pid === 1;
}

/** Is `sig` discarded on arrival by p's disposition? */
function ignored(k: Kernel, p: ProcState, sig: number): boolean {
  const h = p.sigActions[sig]!.handler;
  if (isInit(k, p) && h === SIG_DFL) return true; // (a forced fault never asks: see sendSignal)
  if (sig === SIGKILL || sig === SIGSTOP) return false;
  if (h === SIG_IGN) return true;
  return h === SIG_DFL && (defaultAction(sig) === "ign" || defaultAction(sig) === "cont");
}

/**
 * Post `sig` to process `pid`. `force` (CPU faults): a blocked or ignored signal is reset to its
 * default. `info` is what a handler or sigwaitinfo will see (default: SI_KERNEL, no sender).
 */
export function sendSignal(k: Kernel, pid: number, sig: number, force: boolean, info?: SigInfoRec): void {
  sendSignalInfo(k, pid, sig, info ?? sigInfo(sig, SI_KERNEL), false, force);
}

/** sendSignal with the siginfo to queue; false when a real-time signal found the queue full (`strict`: sigqueue's limit). */
export function sendSignalInfo(k: Kernel, pid: number, sig: number, info: SigInfoRec, strict: boolean, force = false): boolean {
  const p = k.state.procs.get(pid);
  if (!p || p.state === "zombie" || sig <= 0) return true;
  if (isRt(sig)) return sendRt(k, p, sig, info, strict);
  const bit = sigbit(sig);
  if (bit === 0) return true;
  if (force) {
    const a = p.sigActions[sig]!;
    if (a.handler === SIG_IGN || (p.sigMask & bit) !== 0) {
      a.handler = SIG_DFL;
      p.sigMask = (p.sigMask & ~bit) >>> 0;
    }
  }
  if (isInit(k, p) && !force && (sig === SIGKILL || sig === SIGSTOP)) return true; // initSpared, before any side effect
  if (sig === SIGCONT || sig === SIGKILL) {
    if (sig === SIGCONT) p.sigPending = (p.sigPending & ~STOP_BITS) >>> 0;
    if (p.state === "stopped") {
      p.state = "runnable";
      runnableNow(k, p);
      if (sig === SIGCONT) {
        p.waitEvent = "continued";
        notifyParent(k, p, CLD_CONTINUED, SIGCONT);
      }
    }
  }
  if (STOP_BITS & bit) p.sigPending = (p.sigPending & ~sigbit(SIGCONT)) >>> 0;
  // Linux (sig_ignored): a blocked signal is never ignored on arrival, the handler may change before
  // it is unblocked; deliverSignals discards it then if it is still ignored.
  if (ignored(k, p, sig) && !force && (p.sigMask & bit) === 0) return true;
  // A standard signal already pending is merged: the first sender's siginfo stays.
  if ((p.sigPending & bit) === 0) recordInfo(p, info, false);
  p.sigPending = (p.sigPending | bit) >>> 0;
  // rt_sigtimedwait sleeps for signals it blocks (posix.wait): those wake it too.
  if (p.state === "sleeping" && ((p.sigMask & bit) === 0 || sig === SIGKILL || (p.posix.wait & bit) !== 0)) {
    p.state = "runnable";
    p.chan = noChan();
    runnableNow(k, p);
  }
  return true;
}

/** A real-time signal (33..64): queued with its siginfo, never merged (kernel/signals-queue.ts). */
function sendRt(k: Kernel, p: ProcState, sig: number, info: SigInfoRec, strict: boolean): boolean {
  const bit = rtbit(sig);
  const blocked = (p.posix.maskRt & bit) !== 0;
  const h = p.sigActions[sig]!.handler;
  // As for standard signals (sig_ignored): a blocked signal is never ignored on arrival.
  if (!blocked && (h === SIG_IGN || (isInit(k, p) && h === SIG_DFL))) return true;
  if (!recordInfo(p, info, strict)) return false;
  if (p.state === "sleeping" && (!blocked || (p.posix.waitRt & bit) !== 0)) {
    p.state = "runnable";
    p.chan = noChan();
    runnableNow(k, p);
  }
  return true;
}

/** The siginfo of a child's exit (SIGCHLD): CLD_EXITED with the code, or CLD_KILLED/CLD_DUMPED with the signal. */
export function chldInfo(z: ProcState): SigInfoRec {
  const sig = z.exitStatus & 0x7f;
  const code = sig === 0 ? CLD_EXITED : (z.exitStatus & 0x80) !== 0 ? CLD_DUMPED : CLD_KILLED;
  return sigInfo(SIGCHLD, code, z.pid, { status: sig === 0 ? (z.exitStatus >> 8) & 0xff : sig });
}
const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;
const CLD_STOPPED = 5;
const CLD_CONTINUED = 6;

/** Tell p's parent about a stop or continue (SIGCHLD unless SA_NOCLDSTOP) and wake its waits. */
function notifyParent(k: Kernel, p: ProcState, code: number, status: number): void {
  const parent = k.state.procs.get(p.ppid);
  if (!parent) return;
  wakeup(k, childChan(parent.pid));
  // Linux (do_notify_parent_cldstop): SA_NOCLDSTOP silences both stops and continues.
  if ((parent.sigActions[SIGCHLD]!.flags & SA_NOCLDSTOP) !== 0) return;
  sendSignal(k, parent.pid, SIGCHLD, false, sigInfo(SIGCHLD, code, p.pid, { status }));
}

/** Stop p by `sig` (default action of SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU). */
export function stopProc(k: Kernel, p: ProcState, sig: number): void {
  p.state = "stopped";
  p.chan = noChan();
  p.stopSig = sig;
  p.waitEvent = "stopped";
  notifyParent(k, p, CLD_STOPPED, sig);
}

/** Deliver p's deliverable pending signals: default actions, or set up one handler frame. */
export function deliverSignals(k: Kernel, p: ProcState): void {
  for (let frames = 0; ; ) {
    if (p.state !== "runnable") return;
    const ready = (p.sigPending & (~p.sigMask | UNBLOCKABLE)) >>> 0;
    const readyRt = (rtPending(p) & ~p.posix.maskRt) >>> 0;
    if (ready === 0 && readyRt === 0) return;
    // Linux delivers every deliverable signal before returning to user mode, each frame on the
    // last (the handler of the last one set up runs first); bounded here all the same.
    if (frames >= 64) return;
    const sig = ready !== 0 ? 31 - Math.clz32(ready & -ready) + 1 : 33 + (31 - Math.clz32(readyRt & -readyRt));
    if (!isRt(sig)) p.sigPending = (p.sigPending & ~sigbit(sig)) >>> 0;
    const info = takeInfo(p, sig);
    timerSignalTaken(k, p, info); // a POSIX timer's signal: its overrun, and the timer re-armed
    const act = p.sigActions[sig]!;
    if (sig === SIGKILL || sig === SIGSTOP || act.handler === SIG_DFL) {
      if (initSpared(k, p, sig)) continue; // queued while blocked, or sent before a restore: still nothing
      const da = sig === SIGKILL ? "term" : defaultAction(sig);
      if (da === "ign" || da === "cont") continue;
      if (da === "stop") {
        // Linux: the job-control stops do nothing in an orphaned group (nobody could continue it).
        if (sig !== SIGSTOP && orphanedPgrp(k, p.pgid, -1)) continue;
        stopProc(k, p, sig);
        return;
      }
      exitProc(k, p, sig);
      return;
    }
    if (act.handler === SIG_IGN) continue;
    if (p.inSyscall) interruptSyscall(k, p, (act.flags & SA_RESTART) !== 0);
    if (!pushFrame(k, p, sig, info)) {
      exitProc(k, p, SIGSEGV);
      return;
    }
    frames++;
  }
}

/** A handler interrupts p's blocked syscall: restart it after the handler, or make it return −EINTR. */
function interruptSyscall(k: Kernel, p: ProcState, restart: boolean): void {
  p.inSyscall = false;
  p.chan = noChan();
  const num = p.hart.x[17]!;
  const sleep = num === 407 || num === 115 || num === 101;
  if (isPollCall(num)) restart = false; // Linux: poll and select return EINTR after a handler, never restart
  // Linux: sigsuspend and sigtimedwait return EINTR after a handler, never restart.
  if (num === 133 || num === 137 || num === 421) restart = false;
  p.posix.wait = 0;
  p.posix.waitRt = 0;
  // Linux: sleeps are never restarted after a handler (ERESTART_RESTARTBLOCK → EINTR), and a call
  // that already moved bytes returns their count. Either way nothing of the call survives the
  // handler (whose own system calls reset progress and deadline).
  if (restart && !sleep && p.progress === 0) return; // pc stays at the ecall: the call re-runs
  if (sleep && p.deadline > 0) {
    const remAddr = num === 101 ? p.hart.x[11]! : p.hart.x[13]!;
    const abs = num !== 101 && (p.hart.x[11]! & 1) !== 0; // TIMER_ABSTIME: no time left to report
    const rem = Math.max(0, p.deadline - k.state.clock);
    if (remAddr !== 0 && !abs) writeTimespec(k, p, remAddr >>> 0, rem, num === 407);
  }
  removeTimer(k, p.pid);
  p.hart.x[10] = p.progress > 0 ? p.progress : -EINTR;
  p.progress = 0;
  p.deadline = 0;
  p.hart.pc = (p.hart.pc + 4) >>> 0;
}

/** Store a duration in ticks as a timespec (64-bit fields when `wide`). */
export function writeTimespec(k: Kernel, p: ProcState, addr: number, ticks: number, wide: boolean): boolean {
  return writeTimespecParts(k, p, addr, Math.floor(ticks / TICKS_PER_SECOND), (ticks % TICKS_PER_SECOND) * (1e9 / TICKS_PER_SECOND), wide);
}

/** Write a timespec of (sec, nsec) at addr (wide = 64-bit seconds); false when addr is not writable. */
export function writeTimespecParts(k: Kernel, p: ProcState, addr: number, sec: number, nsec: number, wide: boolean): boolean {
  const b = new Uint8Array(wide ? 16 : 8);
  const dv = new DataView(b.buffer);
  if (wide) {
    dv.setUint32(0, sec >>> 0, true);
    dv.setUint32(4, Math.floor(sec / 2 ** 32), true);
    dv.setUint32(8, nsec, true);
  } else {
    dv.setUint32(0, sec >>> 0, true);
    dv.setUint32(4, nsec, true);
  }
  return k.mem(p).copyOut(addr, b);
}

/**
 * Push a frame for `sig` on p's stack — the alternate stack for an SA_ONSTACK handler when one is
 * set up and not already in use — and point the hart at the handler.
 */
function pushFrame(k: Kernel, p: ProcState, sig: number, info: SigInfoRec): boolean {
  const act = p.sigActions[sig]!;
  const h = p.hart;
  const cur = h.x[2]! >>> 0;
  const alt = (act.flags & SA_ONSTACK) !== 0 && p.posix.altStack.size > 0 && !onAltStack(p, cur);
  const top = alt ? (p.posix.altStack.sp + p.posix.altStack.size) >>> 0 : cur;
  const sp = (top - FRAME_SIZE) & ~15;
  const frame = new Uint8Array(FRAME_SIZE);
  const dv = new DataView(frame.buffer);
  frame.set(siginfoBytes(info), SI_OFF);
  for (let i = 0; i < 32; i++) dv.setInt32(REGS_OFF + 4 * i, h.x[i]!, true);
  // The real-time half of the mask to restore; rt_sigsuspend's own masks are put back the same way.
  dv.setUint32(REGS_OFF + 136, p.posix.savedRt >= 0 ? p.posix.savedRt : p.posix.maskRt, true);
  dv.setUint32(REGS_OFF + 128, h.pc >>> 0, true);
  // A ppoll/pselect6 interrupted under its own mask: the handler runs with that mask, and
  // sigreturn puts back the caller's (Linux restore_saved_sigmask via the frame).
  dv.setUint32(REGS_OFF + 132, p.sigSavedSet ? p.sigSaved : p.sigMask, true);
  p.sigSavedSet = false;
  if (p.posix.savedRt >= 0) {
    dv.setUint32(REGS_OFF + 132, p.posix.savedLo, true); // rt_sigsuspend: the caller's mask
    p.posix.savedRt = -1;
  }
  if (!k.mem(p).copyOut(sp >>> 0, frame)) return false;
  let mask = (p.sigMask | act.mask) >>> 0;
  if ((act.flags & SA_NODEFER) === 0) {
    mask = (mask | sigbit(sig)) >>> 0;
    p.posix.maskRt = (p.posix.maskRt | rtbit(sig)) >>> 0;
  }
  p.sigMask = (mask & ~UNBLOCKABLE) >>> 0;
  h.x[2] = sp | 0;
  h.x[10] = sig;
  h.x[11] = (sp + SI_OFF) | 0;
  h.x[12] = (sp + REGS_OFF) | 0;
  h.x[1] = ((act.flags & SA_RESTORER) !== 0 && act.restorer !== 0 ? act.restorer : SIGTRAMP_ADDR) | 0;
  h.pc = act.handler >>> 0;
  if ((act.flags & SA_RESETHAND) !== 0) act.handler = SIG_DFL; // Linux SA_ONESHOT: the handler only
  return true;
}

/** rt_sigreturn: restore the registers, pc and mask saved in the frame at sp; false if it is unreadable. */
export function sigreturn(k: Kernel, p: ProcState): boolean {
  const sp = p.hart.x[2]! >>> 0;
  const frame = k.mem(p).copyIn(sp, FRAME_SIZE);
  if (!frame) return false;
  const dv = new DataView(frame.buffer);
  for (let i = 1; i < 32; i++) p.hart.x[i] = dv.getInt32(REGS_OFF + 4 * i, true);
  p.hart.x[0] = 0;
  p.hart.pc = dv.getUint32(REGS_OFF + 128, true);
  p.sigMask = (dv.getUint32(REGS_OFF + 132, true) & ~UNBLOCKABLE) >>> 0;
  p.posix.maskRt = dv.getUint32(REGS_OFF + 136, true);
  return true;
}
