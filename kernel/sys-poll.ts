// poll and select: ppoll (73, and 414 with a 64-bit timespec) and pselect6
// (72, and 413). A blocked poll is data like every other wait: the process
// sleeps on its own channel "poll:<pid>" with its deadline in p.deadline and a
// timer record; any wake-up in the kernel also wakes pollers (proc.ts), which
// re-run the call and look again. Spurious wake-ups cost a re-check only.
// The signal mask of ppoll/pselect6 replaces the caller's for the call, as
// Linux does atomically: the caller's is kept in p.sigSaved and put back when
// the call returns — or, when a signal the call's mask lets through
// interrupts it (EINTR), by sigreturn after the handler, which runs under the
// call's mask (signal.ts pushFrame). A signal the call's mask blocks waits,
// and is delivered as the call returns if the caller's mask lets it through.

import { pollChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EBADF, EFAULT, EINVAL } from "./errno.js";
import { NOFILE, TICKS_PER_SECOND } from "./param.js";
import { fdFile } from "./file.js";
import { addTimer, removeTimer } from "./timers.js";
import { writeTimespec } from "./signal.js";
import { UNBLOCKABLE } from "./signals-def.js";
import { block, type SysResult } from "./result.js";
import { argsOf, userWritable } from "./uaccess.js";
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDNORM, POLLWRNORM, pollMask } from "./poll.js";

/** Most pollfd entries one ppoll takes (Linux's limit is RLIMIT_NOFILE; fds may repeat). */
export const MAX_POLLFDS = 1024;
/** Longest timeout honoured, in seconds (longer ones are cut, as nanosleep does). */
const MAX_TIMEOUT_SECONDS = 2 ** 24;

/** A timeout timespec as ticks: −1 = none (wait forever), or −errno. */
function readTimeout(k: Kernel, p: ProcState, addr: number, wide: boolean): number {
  if (addr === 0) return -1;
  const b = k.mem(p).copyIn(addr >>> 0, wide ? 16 : 8);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer);
  const sec = wide ? dv.getInt32(4, true) * 2 ** 32 + dv.getUint32(0, true) : dv.getInt32(0, true);
  const nsec = dv.getInt32(wide ? 8 : 4, true);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -EINVAL;
  return Math.min(sec, MAX_TIMEOUT_SECONDS) * TICKS_PER_SECOND + Math.ceil(nsec / 10);
}

/**
 * The timeout state of a poll call: "now" (do not wait), "wait" (block: until
 * p.deadline when it is set, else forever), "expired", or −errno. The first
 * run of the call (not yet inSyscall) reads the timeout and sets p.deadline.
 */
function timeoutState(k: Kernel, p: ProcState, addr: number, wide: boolean): "now" | "wait" | "expired" | number {
  if (!p.inSyscall) {
    const ticks = readTimeout(k, p, addr, wide);
    if (ticks < -1) return ticks;
    if (ticks === 0) return "now";
    p.deadline = ticks === -1 ? 0 : k.state.clock + ticks;
    return "wait";
  }
  if (p.deadline > 0 && k.state.clock >= p.deadline) return "expired";
  return "wait";
}

/** Sleep until something happens or the deadline passes. */
function sleepPoll(k: Kernel, p: ProcState): SysResult {
  if (p.deadline > 0) addTimer(k, p.deadline, p.pid);
  return block(pollChan(p.pid));
}

/** Leaving the call: drop the timer, report the time left (Linux writes it back), return r. */
function finish(k: Kernel, p: ProcState, tmo: number, wide: boolean, r: number): number {
  if (p.deadline > 0) {
    removeTimer(k, p.pid);
    if (tmo !== 0) writeTimespec(k, p, tmo >>> 0, Math.max(0, p.deadline - k.state.clock), wide);
  }
  return r;
}

/** Linux's sigset_t for the rt_ calls: 64 bits (we keep signals 1..32, the low word). */
const SIGSET_SIZE = 8;

/**
 * The first run of a call with a signal mask (at `addr`, `size` bytes): check
 * it and put it in place, the caller's kept in p.sigSaved. 0 or −errno.
 */
function applyCallMask(k: Kernel, p: ProcState, addr: number, size: number): number {
  if (p.inSyscall || addr === 0) return 0;
  if (size !== SIGSET_SIZE) return -EINVAL;
  const mask = k.mem(p).load32(addr >>> 0);
  if (mask === null) return -EFAULT;
  p.sigSaved = p.sigMask;
  p.sigSavedSet = true;
  p.sigMask = (mask & ~UNBLOCKABLE) >>> 0;
  return 0;
}

/** The call ends with `r`: a number puts the caller's mask back (a Block keeps the call's mask for the wait). */
function endCall(p: ProcState, r: SysResult): SysResult {
  if (typeof r === "number" && p.sigSavedSet) {
    p.sigMask = p.sigSaved;
    p.sigSavedSet = false;
  }
  return r;
}

/** ppoll(fds, nfds, timeout, sigmask, sigsetsize): 73 (32-bit timespec) and 414 (64-bit). */
export function sysPpoll(k: Kernel, p: ProcState): SysResult {
  const [, , , sigmask, sigsetsize] = argsOf(p) as [number, number, number, number, number];
  const e = applyCallMask(k, p, sigmask, sigsetsize);
  return e < 0 ? e : endCall(p, ppoll(k, p));
}

function ppoll(k: Kernel, p: ProcState): SysResult {
  const [fds, nfds, tmo] = argsOf(p) as [number, number, number];
  const wide = p.hart.x[17] === 414;
  if (nfds < 0 || nfds > MAX_POLLFDS) return -EINVAL;
  if (!userWritable(k, p, fds, 8 * nfds)) return -EFAULT;
  const when = timeoutState(k, p, tmo, wide);
  if (typeof when === "number") return when;
  const mem = k.mem(p);
  const raw = mem.copyIn(fds >>> 0, 8 * nfds)!;
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let count = 0;
  for (let i = 0; i < nfds; i++) {
    const fd = dv.getInt32(8 * i, true);
    const events = dv.getUint16(8 * i + 4, true);
    let revents = 0;
    if (fd >= 0) {
      const f = fdFile(k, p, fd);
      revents = f ? pollMask(k, f) & (events | POLLERR | POLLHUP) : POLLNVAL;
    }
    dv.setUint16(8 * i + 6, revents, true);
    if (revents !== 0) count++;
  }
  if (count === 0 && when === "wait") return sleepPoll(k, p);
  mem.copyOut(fds >>> 0, raw);
  return finish(k, p, tmo, wide, count);
}

/** The three fd_set words arrays of select (null when the pointer is NULL), or −EFAULT. */
function readSets(k: Kernel, p: ProcState, addrs: number[], words: number): (Uint32Array | null)[] | number {
  const out: (Uint32Array | null)[] = [];
  for (const a of addrs) {
    if (a === 0) {
      out.push(null);
      continue;
    }
    if (!userWritable(k, p, a, 4 * words)) return -EFAULT;
    const b = k.mem(p).copyIn(a >>> 0, 4 * words)!;
    const w = new Uint32Array(words);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < words; i++) w[i] = dv.getUint32(4 * i, true);
    out.push(w);
  }
  return out;
}

const SEL_IN = POLLIN | POLLRDNORM | POLLHUP | POLLERR;
const SEL_OUT = POLLOUT | POLLWRNORM | POLLERR;

/** pselect6(nfds, readfds, writefds, exceptfds, timeout, sigmask-data): 72 and 413 (64-bit timespec). */
export function sysPselect6(k: Kernel, p: ProcState): SysResult {
  const data = argsOf(p)[5]! >>> 0; // { const sigset_t *ss; size_t ss_len } or NULL
  if (data !== 0 && !p.inSyscall) {
    const ss = k.mem(p).load32(data);
    const len = k.mem(p).load32(data + 4);
    if (ss === null || len === null) return -EFAULT;
    const e = applyCallMask(k, p, ss, len);
    if (e < 0) return e;
  }
  return endCall(p, pselect6(k, p));
}

function pselect6(k: Kernel, p: ProcState): SysResult {
  const [nfdsArg, rfds, wfds, efds, tmo] = argsOf(p) as [number, number, number, number, number];
  const wide = p.hart.x[17] === 413;
  if (nfdsArg < 0) return -EINVAL;
  const nfds = Math.min(nfdsArg, MAX_POLLFDS);
  const words = Math.ceil(nfds / 32);
  const sets = readSets(k, p, [rfds, wfds, efds], words);
  if (typeof sets === "number") return sets;
  const when = timeoutState(k, p, tmo, wide);
  if (typeof when === "number") return when;
  const results = sets.map((s) => (s ? new Uint32Array(words) : null));
  let count = 0;
  for (let fd = 0; fd < nfds; fd++) {
    const bit = 1 << (fd & 31);
    const w = fd >>> 5;
    const wanted = sets.some((s) => s !== null && (s[w]! & bit) !== 0);
    if (!wanted) continue;
    const f = fd < NOFILE ? fdFile(k, p, fd) : null;
    if (!f) return finish(k, p, tmo, wide, -EBADF);
    const m = pollMask(k, f);
    const hits = [(m & SEL_IN) !== 0, (m & SEL_OUT) !== 0, (m & POLLPRI) !== 0];
    hits.forEach((hit, i) => {
      if (hit && sets[i] && (sets[i]![w]! & bit) !== 0) {
        results[i]![w]! |= bit;
        count++;
      }
    });
  }
  if (count === 0 && when === "wait") return sleepPoll(k, p);
  [rfds, wfds, efds].forEach((addr, i) => {
    const r = results[i];
    if (!r) return;
    const b = new Uint8Array(4 * words);
    const dv = new DataView(b.buffer);
    for (let j = 0; j < words; j++) dv.setUint32(4 * j, r[j]! >>> 0, true);
    k.mem(p).copyOut(addr >>> 0, b);
  });
  return finish(k, p, tmo, wide, count);
}
