// Signal system calls: kill, rt_sigaction, rt_sigprocmask (both words of the
// mask: signals 1..32 and the real-time 33..64), rt_sigreturn. The waiting and
// queueing calls are in kernel/sys-sigwait.ts.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EFAULT, EINVAL, ESRCH } from "./errno.js";
import { exitProc } from "./proc.js";
import { sendSignal, sigreturn } from "./signal.js";
import { SIG_DFL, SIG_IGN, SIGKILL, SIGSEGV, SIGSTOP, UNBLOCKABLE, defaultAction, sigbit } from "./signals-def.js";
import { DONE, type SysResult } from "./result.js";
import { argsOf, words } from "./uaccess.js";
import { SI_USER, sigInfo } from "./signals-queue.js";

/** kill(pid, sig): pid > 0 one process, 0 own group, −1 everyone but init and self, < −1 group −pid. */
export function sysKill(k: Kernel, p: ProcState): SysResult {
  const [pid, sig] = argsOf(p) as [number, number];
  if (sig < 0 || sig > 64) return -EINVAL;
  // Linux: a zombie not yet reaped still counts as a target (the call succeeds, the signal goes nowhere).
  const targets = [...k.state.procs.values()].filter((q) => {
    if (pid > 0) return q.pid === pid;
    if (pid === 0) return q.pgid === p.pgid;
    if (pid === -1) return q.pid !== 1 && q.pid !== p.pid;
    return q.pgid === -pid;
  });
  if (targets.length === 0) return -ESRCH;
  if (sig !== 0) for (const q of targets) sendSignal(k, q.pid, sig, false, sigInfo(sig, SI_USER, p.pid, { uid: p.posix.creds.uid }));
  return 0;
}

/** rt_sigaction(sig, act, oldact, sigsetsize = 8); riscv's struct is {handler, flags, mask[2]}. */
export function sysRtSigaction(k: Kernel, p: ProcState): SysResult {
  const [sig, act, oact, size] = argsOf(p) as [number, number, number, number];
  if (size !== 8 || sig < 1 || sig > 64) return -EINVAL;
  if (act !== 0 && (sig === SIGKILL || sig === SIGSTOP)) return -EINVAL;
  const mem = k.mem(p);
  const cur = p.sigActions[sig]!;
  let next = null;
  if (act !== 0) {
    const b = mem.copyIn(act >>> 0, 16);
    if (!b) return -EFAULT;
    const dv = new DataView(b.buffer);
    next = { handler: dv.getUint32(0, true), flags: dv.getUint32(4, true), mask: dv.getUint32(8, true) & ~UNBLOCKABLE, restorer: 0 };
  }
  if (oact !== 0 && !mem.copyOut(oact >>> 0, words(cur.handler, cur.flags, cur.mask, 0))) return -EFAULT;
  if (next) {
    p.sigActions[sig] = next;
    const ign = next.handler === SIG_IGN || (next.handler === SIG_DFL && defaultAction(sig) === "ign");
    if (ign) p.sigPending = (p.sigPending & ~sigbit(sig)) >>> 0; // POSIX: setting SIG_IGN discards a pending signal
  }
  return 0;
}

/** rt_sigprocmask(how, set, oldset, sigsetsize = 8). */
export function sysRtSigprocmask(k: Kernel, p: ProcState): SysResult {
  const [how, set, oset, size] = argsOf(p) as [number, number, number, number];
  if (size !== 8) return -EINVAL;
  const mem = k.mem(p);
  let next = p.sigMask;
  let nextRt = p.posix.maskRt;
  if (set !== 0) {
    const w = mem.load32(set >>> 0);
    const hi = mem.load32(((set >>> 0) + 4) >>> 0);
    if (w === null || hi === null) return -EFAULT;
    if (how === 0) [next, nextRt] = [p.sigMask | w, p.posix.maskRt | hi];
    else if (how === 1) [next, nextRt] = [p.sigMask & ~w, p.posix.maskRt & ~hi];
    else if (how === 2) [next, nextRt] = [w, hi];
    else return -EINVAL;
  }
  if (oset !== 0 && !mem.copyOut(oset >>> 0, words(p.sigMask, p.posix.maskRt))) return -EFAULT;
  p.sigMask = (next & ~UNBLOCKABLE) >>> 0;
  p.posix.maskRt = nextRt >>> 0;
  return 0;
}

/** rt_sigreturn: back from a handler; a bad frame kills with SIGSEGV. */
export function sysRtSigreturn(k: Kernel, p: ProcState): SysResult {
  if (!sigreturn(k, p)) exitProc(k, p, SIGSEGV);
  return DONE;
}
