// Terminal glue: /dev/ttyN reads, writes and ioctls go through the line
// discipline in devices/tty; this file adds the kernel's job-control policy
// (sessions, controlling terminals, foreground process groups, SIGTTIN and
// SIGTTOU for background access, ^C/^Z/^\ to the foreground group).

import { ttyChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import type { TtyDevState } from "./tty-state.js";
import { newTty } from "../devices/tty/state.js";
import { ttyReceive } from "../devices/tty/input.js";
import { ttyFlush, ttySetTermios } from "../devices/tty/control.js";
import { ttyRead as ldRead, ttyReadable, ttyWakeAt } from "../devices/tty/read.js";
import { ttyTakeOutput as ldTake, ttyWrite as ldWrite } from "../devices/tty/output.js";
import { L, TtyIoctl, termiosFromBytes, termiosToBytes, winsizeFromBytes, winsizeToBytes } from "../devices/tty/termios.js";
import { EAGAIN, EFAULT, EINVAL, EIO, ENOTTY, EPERM, ESRCH } from "./errno.js";
import { orphanedPgrp, signalGroup, wakeup } from "./proc.js";
import { addTimer } from "./timers.js";
import { block, type Block } from "./result.js";
import { SIG_IGN, SIGHUP, SIGTTIN, SIGTTOU, sigbit } from "./signals-def.js";
import { resizeTty } from "./tty-winsize.js";

/** A fresh terminal with no session. */
export function newTtyDev(): TtyDevState {
  return { ld: newTty(), sid: -1, fgPgrp: -1 };
}

/** Host keystrokes: line discipline input, then signals to the foreground group and reader wake-ups. */
export function ttyInputBytes(k: Kernel, n: number, bytes: Uint8Array): void {
  const tty = k.state.ttys[n]!;
  const r = ttyReceive(tty.ld, bytes);
  for (const sig of r.signals) if (tty.fgPgrp > 0) signalGroup(k, tty.fgPgrp, sig);
  if (r.wake) wakeup(k, ttyChan(n, "in"));
}

/** The host takes what tty n displayed; writers blocked on a full queue may continue. */
export function ttyTake(k: Kernel, n: number): Uint8Array {
  const out = ldTake(k.state.ttys[n]!.ld);
  if (out.length > 0) wakeup(k, ttyChan(n, "out"));
  return out;
}

/** Display kernel text on tty n (panic messages), bypassing job control. */
export function ttyKernelWrite(k: Kernel, n: number, text: string): void {
  if (k.state.ttys[n]) writeThrough(k, n, new TextEncoder().encode(text));
}

/**
 * Queue `data` on tty n; returns the bytes taken. A host consumer takes a full queue at once
 * (kernel.ts ttyConsumer), so with one attached everything is taken unless output is ^S-stopped.
 */
function writeThrough(k: Kernel, n: number, data: Uint8Array): number {
  const ld = k.state.ttys[n]!.ld;
  let done = ldWrite(ld, data);
  while (done < data.length && k.ttyConsumer) {
    const out = ttyTake(k, n);
    if (out.length === 0) break;
    k.ttyConsumer(n, out);
    done += ldWrite(ld, data.subarray(done));
  }
  return done;
}

/** Is p in a background process group of its controlling terminal n? */
function inBackground(k: Kernel, p: ProcState, n: number): boolean {
  const tty = k.state.ttys[n]!;
  return p.ctty === n && tty.sid === p.sid && tty.fgPgrp > 0 && tty.fgPgrp !== p.pgid;
}

function sigIgnoredOrBlocked(p: ProcState, sig: number): boolean {
  return p.sigActions[sig]!.handler === SIG_IGN || (p.sigMask & sigbit(sig)) !== 0;
}

/**
 * A background process touching its terminal: stop its group with `sig` and
 * re-run the call once continued (a Block whose wake-up is the signal), or −EIO
 * when the signal is ignored or blocked (reads), or null to go ahead (writes).
 */
function jobControl(k: Kernel, p: ProcState, n: number, sig: number): Block | number | null {
  if (!inBackground(k, p, n)) return null;
  if (sigIgnoredOrBlocked(p, sig)) return sig === SIGTTIN ? -EIO : null;
  if (orphanedPgrp(k, p.pgid, -1)) return -EIO; // nobody could ever continue a stopped orphan
  signalGroup(k, p.pgid, sig);
  return block(ttyChan(n, "bg"));
}

/** read(2) on tty n. */
export function ttyRead(k: Kernel, p: ProcState, n: number, len: number, nonblock: boolean): Uint8Array | number | Block {
  const tty = k.state.ttys[n];
  if (!tty) return -EIO;
  const jc = jobControl(k, p, n, SIGTTIN);
  if (jc !== null) return jc;
  // fresh: a new read(2), not the re-run after a wake-up (p.inSyscall), so a VTIME timer left by an
  // interrupted read starts over (devices/tty/read.ts).
  const r = ldRead(tty.ld, len, k.state.clock, !p.inSyscall);
  if (r !== "block") return r;
  if (nonblock) return -EAGAIN;
  const at = ttyWakeAt(tty.ld);
  if (at !== null) addTimer(k, at, p.pid);
  return block(ttyChan(n, "in"));
}

/**
 * A terminal line with a host at the other end (kernel.ts ttyConsumer) carries one byte per virtual
 * tick: a write of more than LINE_FREE_BYTES is handed to the host at once, then the writer sleeps
 * for its transmission time before the call returns. Without it a guest could make the host render
 * a megabyte per tick (one write system call costs one tick); the sleep is a timer, so it does not
 * depend on when the host drains (docs/limits.md).
 */
export const LINE_FREE_BYTES = 256;
export const LINE_TICKS_PER_BYTE = 1;

/** write(2) on tty n: bytes accepted, or a Block while the output queue is full or the line busy. */
export function ttyWrite(k: Kernel, p: ProcState, n: number, data: Uint8Array): number | Block {
  const tty = k.state.ttys[n];
  if (!tty) return -EIO;
  if (p.progress > 0) {
    // Re-run after the bytes went out: the call returns once their transmission time has passed.
    if (k.state.clock < p.deadline) {
      addTimer(k, p.deadline, p.pid);
      return block(ttyChan(n, "line"));
    }
    return p.progress;
  }
  if ((tty.ld.lflag & L.TOSTOP) !== 0) {
    const jc = jobControl(k, p, n, SIGTTOU);
    if (jc !== null) return jc;
  }
  if (data.length === 0) return 0;
  const done = writeThrough(k, n, data);
  if (done === 0) return block(ttyChan(n, "out"));
  if (k.ttyConsumer && done > LINE_FREE_BYTES) {
    p.progress = done;
    p.deadline = k.state.clock + done * LINE_TICKS_PER_BYTE;
    addTimer(k, p.deadline, p.pid);
    return block(ttyChan(n, "line"));
  }
  return done;
}

/** Make tty n the controlling terminal of p's session (p must lead a session without one). */
export function acquireCtty(k: Kernel, p: ProcState, n: number, steal: boolean): number {
  const tty = k.state.ttys[n]!;
  if (p.pid !== p.sid || p.ctty >= 0) return p.ctty === n ? 0 : -EPERM;
  if (tty.sid >= 0 && tty.sid !== p.sid) {
    const owner = [...k.state.procs.values()].some((q) => q.sid === tty.sid && q.state !== "zombie");
    if (owner && !steal) return -EPERM;
    for (const q of k.state.procs.values()) if (q.sid === tty.sid) q.ctty = -1;
  }
  tty.sid = p.sid;
  tty.fgPgrp = p.pgid;
  p.ctty = n;
  return 0;
}

/** Drop the controlling terminal (TIOCNOTTY, setsid of a former member). */
export function releaseCtty(k: Kernel, p: ProcState): void {
  const n = p.ctty;
  if (n < 0) return;
  const tty = k.state.ttys[n];
  if (tty && p.pid === p.sid && tty.sid === p.sid) {
    if (tty.fgPgrp > 0) signalGroup(k, tty.fgPgrp, SIGHUP);
    tty.sid = -1;
    tty.fgPgrp = -1;
    for (const q of k.state.procs.values()) if (q.sid === p.sid) q.ctty = -1;
  }
  p.ctty = -1;
}

/** ioctl on tty n. */
export function ttyIoctl(k: Kernel, p: ProcState, n: number, req: number, arg: number): number | Block {
  const tty = k.state.ttys[n];
  if (!tty) return -EIO;
  const mem = k.mem(p);
  const ld = tty.ld;
  switch (req) {
    case TtyIoctl.TCGETS:
      return mem.copyOut(arg, termiosToBytes(ld)) ? 0 : -EFAULT;
    case TtyIoctl.TCSETS:
    case TtyIoctl.TCSETSW:
    case TtyIoctl.TCSETSF: {
      const b = mem.copyIn(arg, 36);
      if (!b) return -EFAULT;
      const tio = termiosFromBytes(b);
      if (!tio) return -EINVAL;
      const jc = jobControl(k, p, n, SIGTTOU);
      if (jc !== null) return jc;
      ttySetTermios(ld, tio, req === TtyIoctl.TCSETSF ? "flush" : req === TtyIoctl.TCSETSW ? "drain" : "now");
      wakeup(k, ttyChan(n, "in")); // a mode change may make input readable
      return 0;
    }
    case TtyIoctl.TCFLSH:
      if (!ttyFlush(ld, arg)) return -EINVAL;
      wakeup(k, ttyChan(n, "out"));
      return 0;
    case TtyIoctl.TIOCGPGRP:
      if (p.ctty !== n || tty.sid !== p.sid) return -ENOTTY;
      return mem.store32(arg, tty.fgPgrp) ? 0 : -EFAULT;
    case TtyIoctl.TIOCGSID:
      if (p.ctty !== n || tty.sid < 0) return -ENOTTY;
      return mem.store32(arg, tty.sid) ? 0 : -EFAULT;
    case TtyIoctl.TIOCSPGRP: {
      if (p.ctty !== n || tty.sid !== p.sid) return -ENOTTY;
      const pgid = mem.load32(arg);
      if (pgid === null) return -EFAULT;
      if (pgid < 0) return -EINVAL;
      const jc = jobControl(k, p, n, SIGTTOU);
      if (jc !== null) return jc;
      // Linux tiocspgrp: no such group → ESRCH (0 included), another session's → EPERM.
      const members = [...k.state.procs.values()].filter((q) => q.pgid === pgid && q.state !== "zombie");
      if (pgid === 0 || members.length === 0) return -ESRCH;
      if (!members.some((q) => q.sid === p.sid)) return -EPERM;
      tty.fgPgrp = pgid;
      wakeup(k, ttyChan(n, "in"));
      return 0;
    }
    case TtyIoctl.TIOCGWINSZ:
      return mem.copyOut(arg, winsizeToBytes(ld)) ? 0 : -EFAULT;
    case TtyIoctl.TIOCSWINSZ: {
      const b = mem.copyIn(arg, 8);
      if (!b) return -EFAULT;
      resizeTty(k, n, winsizeFromBytes(b)!); // the same path as a host window resize (a pixel-only change signals too)
      return 0;
    }
    case TtyIoctl.TIOCSCTTY:
      return acquireCtty(k, p, n, arg === 1);
    case TtyIoctl.TIOCNOTTY:
      if (p.ctty !== n) return -ENOTTY;
      releaseCtty(k, p);
      return 0;
    case TtyIoctl.FIONREAD:
      return mem.store32(arg, ttyReadable(ld)) ? 0 : -EFAULT;
    default:
      return -ENOTTY;
  }
}
