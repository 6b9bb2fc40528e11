// Process table operations: allocation, fork, exit, reaping, wakeups.
// Sleeping is data: a process in state "sleeping" with a channel name; wakeup
// makes every sleeper on that channel runnable, and its pc (still at the
// ecall) re-runs the system call.

import { childChan, noChan, type WaitChan } from "./wait-channel.js";
import { newHart } from "../cpu/hart.js";
import { Memory } from "../cpu/memory.js";
import { MMAP_TOP } from "../cpu/elf.js";
import type { Kernel } from "./kernel.js";
import { NOFILE, NSIG } from "./param.js";
import type { ProcState, SigAction } from "./state.js";
import { fileClose, fileDup } from "./file.js";
import { releaseCwd } from "./vfs.js";
import { removeAlarm, removeTimer } from "./timers.js";
import { blankPosix, forkPosix } from "./proc-posix.js";
import { releaseLocks } from "./locks.js";
import { deletePosixTimers } from "./posix-timers.js";
import { runnableNow } from "./run-queue.js";
import { sleepersOn } from "./sleepers.js";
import { chldInfo, sendSignal } from "./signal.js";
import { SA_NOCLDWAIT, SIG_IGN, SIGCHLD, SIGHUP, SIGCONT } from "./signals-def.js";

/** Default signal dispositions (all SIG_DFL). */
export function defaultSigActions(): SigAction[] {
  return Array.from({ length: NSIG }, () => ({ handler: 0, flags: 0, mask: 0, restorer: 0 }));
}

/** A fresh, empty process record with pid `pid` (not yet in the table). */
export function blankProc(pid: number, ppid: number): ProcState {
  return {
    pid, ppid, pgid: pid, sid: pid, ctty: -1,
    state: "runnable", chan: noChan(), inSyscall: false, progress: 0, deadline: 0,
    exitStatus: 0, waitEvent: "none", stopSig: 0,
    hart: newHart(0),
    mem: new Memory().state,
    sigActions: defaultSigActions(), sigMask: 0, sigPending: 0, sigSaved: 0, sigSavedSet: false,
    fds: Array.from({ length: NOFILE }, () => ({ file: -1, cloexec: false })),
    cwd: 1, cwdPath: "", argv: [], comm: "", brkBase: 0, brk: 0, mmapNext: MMAP_TOP, tidAddress: 0, utime: 0, startTime: 0, umask: 0o022,
    posix: blankPosix(),
  };
}

/** Allocate the next free pid, or −1 when the table is full. */
export function allocPid(k: Kernel): number {
  const s = k.state;
  for (let tries = 0; tries < 1 << 15; tries++) {
    const pid = s.nextPid;
    s.nextPid = pid >= 32767 ? 2 : pid + 1;
    if (!s.procs.has(pid)) return pid;
  }
  return -1;
}

/** Put p in the table and the run queue. */
export function addProc(k: Kernel, p: ProcState): void {
  k.state.procs.set(p.pid, p);
  k.state.runQueue.push(p.pid);
  runnableNow(k, p);
}

/** Fork `parent`: a child with a copy of its memory, registers, fds and dispositions; returns it. */
export function forkProc(k: Kernel, parent: ProcState, pid: number): ProcState {
  const child: ProcState = {
    ...blankProc(pid, parent.pid),
    pgid: parent.pgid, sid: parent.sid, ctty: parent.ctty,
    hart: { x: parent.hart.x.slice(), pc: parent.hart.pc, instret: parent.hart.instret, resv: -1 },
    sigActions: parent.sigActions.map((a) => ({ ...a })),
    sigMask: parent.sigMask,
    fds: parent.fds.map((f) => ({ ...f })),
    cwd: parent.cwd, cwdPath: parent.cwdPath, argv: [...parent.argv], comm: parent.comm,
    brkBase: parent.brkBase, brk: parent.brk, mmapNext: parent.mmapNext, utime: 0, startTime: k.state.clock, umask: parent.umask,
    posix: forkPosix(parent.posix),
  };
  for (const f of child.fds) if (f.file >= 0) fileDup(k, f.file);
  addProc(k, child);
  k.setMem(child, k.mem(parent).clone());
  return child;
}

/** Make every process sleeping on `chan` runnable (and every poller: it re-checks what it waits for). */
export function wakeup(k: Kernel, chan: WaitChan): void {
  for (const p of sleepersOn(k, chan)) {
    p.state = "runnable";
    p.chan = noChan();
    runnableNow(k, p);
  }
}

/** Close every fd of p. */
export function closeAllFds(k: Kernel, p: ProcState): void {
  for (const slot of p.fds) {
    if (slot.file >= 0) fileClose(k, slot.file);
    slot.file = -1;
    slot.cloexec = false;
  }
}

/** Terminate p with Linux wait status `status`: zombie, children to init, SIGCHLD to the parent. */
export function exitProc(k: Kernel, p: ProcState, status: number): void {
  if (p.state === "zombie") return;
  const s = k.state;
  releaseLocks(k, p, null);
  closeAllFds(k, p);
  removeTimer(k, p.pid);
  removeAlarm(k, p.pid);
  deletePosixTimers(k, p);
  p.state = "zombie";
  releaseCwd(k, p.cwd); // a removed directory kept as p's cwd may go now
  p.chan = noChan();
  p.inSyscall = false;
  p.exitStatus = status;
  k.mem(p).free(); // its pages go back to the machine (shared ones stay with their other holders)
  p.mem = new Memory().state; // the address space is freed; only the status remains
  k.dropMem(p.pid);
  const i = s.runQueue.indexOf(p.pid);
  if (i >= 0) s.runQueue.splice(i, 1);
  k.exitedLog.push({ pid: p.pid, status });
  // A session leader's exit hangs up its terminal's foreground group.
  if (p.pid === p.sid && p.ctty >= 0) {
    const tty = s.ttys[p.ctty];
    if (tty && tty.sid === p.sid) {
      if (tty.fgPgrp > 0) signalGroup(k, tty.fgPgrp, SIGHUP);
      tty.sid = -1;
      tty.fgPgrp = -1;
    }
  }
  const kids = [...s.procs.values()].filter((c) => c.ppid === p.pid && c.pid !== p.pid);
  for (const c of kids) {
    c.ppid = 1;
    // Linux (reparent_leader → do_notify_parent): init hears of an inherited zombie like of its own.
    if (c.state === "zombie" && p.pid !== 1) notifyExit(k, c);
  }
  // Linux (kill_orphaned_pgrp): a group this exit orphans, with a stopped member, gets SIGHUP + SIGCONT:
  // each child's group in another group of the session, then p's own group.
  for (const c of kids) {
    if (c.pgid !== p.pgid && c.sid === p.sid) hangUpOrphans(k, c.pgid);
  }
  const parent = s.procs.get(p.ppid);
  if (parent && parent.pgid !== p.pgid && parent.sid === p.sid) hangUpOrphans(k, p.pgid);
  if (p.pid === 1) {
    k.panic(`init exited (status 0x${status.toString(16)})`);
    return;
  }
  notifyExit(k, p);
}

/** Zombie z's parent learns of its exit: SIGCHLD and a wake-up, or z is reaped at once. */
function notifyExit(k: Kernel, z: ProcState): void {
  const parent = k.state.procs.get(z.ppid);
  if (!parent) return;
  const a = parent.sigActions[SIGCHLD]!;
  // POSIX: with SIGCHLD ignored (or SA_NOCLDWAIT) children leave no zombie behind.
  if (a.handler === SIG_IGN || (a.flags & SA_NOCLDWAIT) !== 0) reap(k, z);
  else sendSignal(k, parent.pid, SIGCHLD, false, chldInfo(z));
  wakeup(k, childChan(parent.pid));
}

/** Remove a reaped zombie from the table. */
export function reap(k: Kernel, p: ProcState): void {
  k.state.procs.delete(p.pid);
  k.dropMem(p.pid);
}

/**
 * POSIX orphaned process group (Linux's will_become_orphaned_pgrp): no live member of group pgid
 * (other than `ignore`) has a parent in another group of the same session. Unlike Linux, init counts
 * as such a parent when it shares the session (only when init itself runs a session, as ktest does).
 */
export function orphanedPgrp(k: Kernel, pgid: number, ignore: number): boolean {
  for (const q of k.state.procs.values()) {
    if (q.pgid !== pgid || q.pid === ignore || q.state === "zombie") continue;
    const parent = k.state.procs.get(q.ppid);
    if (parent && parent.pgid !== pgid && parent.sid === q.sid) return false;
  }
  return true;
}

/** An orphaned group with a stopped member gets SIGHUP then SIGCONT (POSIX). */
function hangUpOrphans(k: Kernel, pgid: number): void {
  const stopped = [...k.state.procs.values()].some((q) => q.pgid === pgid && q.state === "stopped");
  if (!stopped || !orphanedPgrp(k, pgid, -1)) return;
  signalGroup(k, pgid, SIGHUP);
  signalGroup(k, pgid, SIGCONT);
}

/** Send sig to every process of group pgid; returns how many got it. */
export function signalGroup(k: Kernel, pgid: number, sig: number): number {
  let n = 0;
  for (const p of [...k.state.procs.values()]) {
    if (p.pgid === pgid && p.state !== "zombie") {
      sendSignal(k, p.pid, sig, false);
      n++;
    }
  }
  return n;
}
