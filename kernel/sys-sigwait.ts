// The POSIX real-time signal calls: rt_sigpending, rt_sigsuspend,
// rt_sigtimedwait(_time64), rt_sigqueueinfo, tkill/tgkill and sigaltstack.
// Waiting is data like every sleep: sigsuspend keeps the caller's mask in
// sigSaved (the frame of the handler that ends it carries it back, as Linux's
// restore_saved_sigmask), sigtimedwait keeps the waited-for set in sigWait so
// that sendSignal wakes it for a signal it blocks.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EAGAIN, EFAULT, EINVAL, ENOMEM, EPERM, ESRCH } from "./errno.js";
import { TICKS_PER_SECOND } from "./param.js";
import { NS_PER_TICK } from "./realtime.js";
import { addTimer } from "./timers.js";
import { timerChan } from "./wait-channel.js";
import { sendSignalInfo } from "./signal.js";
import { UNBLOCKABLE, sigbit } from "./signals-def.js";
import { SI_TIMER, SI_TKILL, isRt, rtPending, sigInfo, siginfoBytes, takeInfo } from "./signals-queue.js";
import { timerSignalTaken } from "./posix-timers.js";
import { DONE, block, type SysResult } from "./result.js";
import { argsOf, words } from "./uaccess.js";

const SS_ONSTACK = 1;
const SS_DISABLE = 2;
const MINSIGSTKSZ = 2048;

/** Read a sigset_t (two words: signals 1..32, then 33..64); null when unreadable. */
function readSet(k: Kernel, p: ProcState, addr: number): [number, number] | null {
  const b = k.mem(p).copyIn(addr >>> 0, 8);
  if (!b) return null;
  const dv = new DataView(b.buffer);
  return [dv.getUint32(0, true), dv.getUint32(4, true)];
}

/** Is some pending signal deliverable (not blocked)? */
export function hasDeliverable(p: ProcState): boolean {
  return (p.sigPending & (~p.sigMask | UNBLOCKABLE)) !== 0 || (rtPending(p) & ~p.posix.maskRt) !== 0;
}

/** rt_sigpending(set, size): the pending signals that are blocked. */
export function sysRtSigpending(k: Kernel, p: ProcState): SysResult {
  const [set, size] = argsOf(p) as [number, number];
  if (size > 8) return -EINVAL;
  const out = words((p.sigPending & p.sigMask) >>> 0, (rtPending(p) & p.posix.maskRt) >>> 0);
  return k.mem(p).copyOut(set >>> 0, out.subarray(0, size)) ? 0 : -EFAULT;
}

/** rt_sigsuspend(mask, size): wait under `mask` until a handler has run; always −EINTR. */
export function sysRtSigsuspend(k: Kernel, p: ProcState): SysResult {
  const [maskAddr, size] = argsOf(p) as [number, number];
  if (size !== 8) return -EINVAL;
  if (!p.inSyscall) {
    const m = readSet(k, p, maskAddr);
    if (!m) return -EFAULT;
    p.posix.savedLo = p.sigMask;
    p.posix.savedRt = p.posix.maskRt;
    p.sigMask = (m[0] & ~UNBLOCKABLE) >>> 0;
    p.posix.maskRt = m[1] >>> 0;
  }
  return wait(p, timerChan(p.pid));
}

/** Sleep in a signal-waiting call, unless a signal is deliverable now (then it interrupts at once). */
function wait(p: ProcState, chan: ReturnType<typeof timerChan>): SysResult {
  if (hasDeliverable(p)) {
    p.inSyscall = true; // pc stays at the ecall; deliverSignals interrupts the call (−EINTR)
    return DONE;
  }
  return block(chan);
}

/** rt_sigtimedwait (137, 32-bit timespec) and rt_sigtimedwait_time64 (421). */
export function sysRtSigtimedwait(k: Kernel, p: ProcState): SysResult {
  const [setAddr, infoAddr, tsAddr, size] = argsOf(p) as [number, number, number, number];
  const wide = p.hart.x[17] === 421;
  if (size !== 8) return -EINVAL;
  const set = readSet(k, p, setAddr);
  if (!set) return -EFAULT;
  const lo = (set[0] & ~UNBLOCKABLE) >>> 0;
  const hi = set[1] >>> 0;
  const std = (p.sigPending & lo) >>> 0;
  const rt = (rtPending(p) & hi) >>> 0;
  if (std !== 0 || rt !== 0) {
    const sig = std !== 0 ? 31 - Math.clz32(std & -std) + 1 : 33 + (31 - Math.clz32(rt & -rt));
    if (!isRt(sig)) p.sigPending = (p.sigPending & ~sigbit(sig)) >>> 0;
    const info = takeInfo(p, sig);
    timerSignalTaken(k, p, info);
    endWait(p);
    if (infoAddr !== 0 && !k.mem(p).copyOut(infoAddr >>> 0, siginfoBytes(info))) return -EFAULT;
    return sig;
  }
  if (!p.inSyscall && tsAddr !== 0) {
    const b = k.mem(p).copyIn(tsAddr >>> 0, wide ? 16 : 8);
    if (!b) return -EFAULT;
    const dv = new DataView(b.buffer);
    const sec = wide ? dv.getInt32(4, true) * 2 ** 32 + dv.getUint32(0, true) : dv.getInt32(0, true);
    const nsec = dv.getInt32(wide ? 8 : 4, true);
    if (sec < 0 || nsec < 0 || nsec >= 1e9) return -EINVAL;
    const ticks = Math.min(sec, 2 ** 24) * TICKS_PER_SECOND + Math.ceil(nsec / NS_PER_TICK);
    if (ticks === 0) return -EAGAIN;
    p.deadline = k.state.clock + ticks;
  }
  if (p.deadline > 0 && k.state.clock >= p.deadline) {
    endWait(p);
    return -EAGAIN;
  }
  p.posix.wait = lo;
  p.posix.waitRt = hi;
  if (p.deadline > 0) addTimer(k, p.deadline, p.pid);
  return wait(p, timerChan(p.pid));
}

function endWait(p: ProcState): void {
  p.posix.wait = 0;
  p.posix.waitRt = 0;
}

/** rt_sigqueueinfo(pid, sig, info): sigqueue's call; a queued real-time signal keeps its value. */
export function sysRtSigqueueinfo(k: Kernel, p: ProcState): SysResult {
  const [pid, sig, infoAddr] = argsOf(p) as [number, number, number];
  if (sig < 0 || sig > 64) return -EINVAL;
  const b = k.mem(p).copyIn(infoAddr >>> 0, 128);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer);
  const code = dv.getInt32(8, true);
  // Linux: only the kernel may claim SI_USER or a kernel code for a signal to another process.
  if ((code >= 0 || code === SI_TKILL) && pid !== p.pid) return -EPERM;
  const q = k.state.procs.get(pid);
  if (!q || pid <= 0) return -ESRCH;
  if (sig === 0 || q.state === "zombie") return 0;
  const info = sigInfo(sig, code, dv.getUint32(12, true), { uid: dv.getUint32(16, true), value: dv.getUint32(20, true) });
  if (code === SI_TIMER) Object.assign(info, { timerid: info.pid, overrun: info.uid }); // given back as sent (kernel/posix-timers.ts)
  return sendSignalInfo(k, pid, sig, info, true) ? 0 : -EAGAIN;
}

/** tkill(tid, sig): one thread = one process here. */
export function sysTkill(k: Kernel, p: ProcState): SysResult {
  const [tid, sig] = argsOf(p) as [number, number];
  return threadKill(k, p, tid, tid, sig);
}

/** tgkill(tgid, tid, sig). */
export function sysTgkill(k: Kernel, p: ProcState): SysResult {
  const [tgid, tid, sig] = argsOf(p) as [number, number, number];
  return threadKill(k, p, tgid, tid, sig);
}

function threadKill(k: Kernel, p: ProcState, tgid: number, tid: number, sig: number): SysResult {
  if (tid <= 0 || tgid <= 0 || sig < 0 || sig > 64) return -EINVAL;
  const q = k.state.procs.get(tid);
  if (!q || tgid !== tid || q.state === "zombie") return -ESRCH;
  if (sig !== 0) sendSignalInfo(k, tid, sig, sigInfo(sig, SI_TKILL, p.pid), false);
  return 0;
}

/** Is sp on p's alternate signal stack? */
export function onAltStack(p: ProcState, sp: number): boolean {
  const a = p.posix.altStack;
  return a.size > 0 && (a.flags & SS_DISABLE) === 0 && sp > a.sp && sp - a.sp <= a.size;
}

/** sigaltstack(ss, old): stack_t is {void *ss_sp; int ss_flags; size_t ss_size}. */
export function sysSigaltstack(k: Kernel, p: ProcState): SysResult {
  const [ss, old] = argsOf(p) as [number, number];
  const mem = k.mem(p);
  const sp = p.hart.x[2]! >>> 0;
  const on = onAltStack(p, sp);
  let next = null;
  if (ss !== 0) {
    const b = mem.copyIn(ss >>> 0, 12);
    if (!b) return -EFAULT;
    const dv = new DataView(b.buffer);
    const [ssp, flags, size] = [dv.getUint32(0, true), dv.getInt32(4, true), dv.getUint32(8, true)];
    if (on) return -EPERM;
    if (flags !== 0 && flags !== SS_DISABLE && flags !== SS_ONSTACK) return -EINVAL;
    if (flags === SS_DISABLE) next = { sp: 0, size: 0, flags: SS_DISABLE };
    else {
      if (size < MINSIGSTKSZ) return -ENOMEM;
      next = { sp: ssp, size, flags: 0 };
    }
  }
  if (old !== 0) {
    const a = p.posix.altStack;
    const flags = a.size === 0 || (a.flags & SS_DISABLE) !== 0 ? SS_DISABLE : on ? SS_ONSTACK : 0;
    if (!mem.copyOut(old >>> 0, words(a.sp, flags, a.size))) return -EFAULT;
  }
  if (next) p.posix.altStack = next;
  return 0;
}
