// The system call table: one list of (number, name, handler), Linux RV32
// generic numbers. Dispatch reads a7, runs the handler and applies its result:
// a value in a0 (pc past the ecall), a sleep on a channel (pc stays at the
// ecall so the call re-runs on wake-up), or nothing (the handler set the registers).

import { chanText } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { ENOSYS } from "./errno.js";
import { isBlock, type SysResult } from "./result.js";
import { UNBLOCKABLE } from "./signals-def.js";
import { argsOf } from "./uaccess.js";
import * as P from "./sys-proc.js";
import * as S from "./sys-signal.js";
import * as F from "./sys-file.js";
import * as FS from "./sys-fs.js";
import * as L from "./sys-links.js";
import * as M from "./sys-misc.js";
import * as C from "./sys-ckpt.js";
import * as PL from "./sys-poll.js";
import * as N from "./sys-net.js";
import * as W from "./sys-sigwait.js";
import * as I from "./sys-ids.js";
import * as T from "./itimer.js";
import * as PT from "./posix-timers.js";
import * as MK from "./sys-mknod.js";
import * as SF from "./sys-statfs.js";
import * as SI from "./sys-sysinfo.js";
import { sleptOn } from "./sleepers.js";

export type Handler = (k: Kernel, p: ProcState) => SysResult;

/** [number, name, handler] — the single source of the syscall table (docs/kernel.md lists it). */
export const SYSCALLS: readonly (readonly [number, string, Handler])[] = [
  [17, "getcwd", FS.sysGetcwd],
  [23, "dup", F.sysDup],
  [24, "dup3", F.sysDup3],
  [25, "fcntl64", F.sysFcntl],
  [29, "ioctl", F.sysIoctl],
  [33, "mknodat", MK.sysMknodat],
  [34, "mkdirat", FS.sysMkdirat],
  [35, "unlinkat", FS.sysUnlinkat],
  [36, "symlinkat", L.sysSymlinkat],
  [37, "linkat", L.sysLinkat],
  [38, "renameat", FS.sysRenameat],
  [43, "statfs64", SF.sysStatfs64],
  [44, "fstatfs64", SF.sysFstatfs64],
  [45, "truncate64", FS.sysTruncate],
  [46, "ftruncate64", FS.sysFtruncate],
  [48, "faccessat", FS.sysFaccessat],
  [49, "chdir", FS.sysChdir],
  [52, "fchmod", L.sysFchmod],
  [53, "fchmodat", L.sysFchmodat],
  [56, "openat", F.sysOpenat],
  [57, "close", F.sysClose],
  [59, "pipe2", F.sysPipe2],
  [61, "getdents64", F.sysGetdents64],
  [62, "llseek", F.sysLlseek],
  [63, "read", F.sysRead],
  [64, "write", F.sysWrite],
  [65, "readv", F.sysReadv],
  [66, "writev", F.sysWritev],
  [72, "pselect6", PL.sysPselect6],
  [73, "ppoll", PL.sysPpoll],
  [78, "readlinkat", L.sysReadlinkat],
  [79, "newfstatat", FS.sysNewfstatat],
  [81, "sync", SI.sysSync],
  [82, "fsync", I.sysFsync],
  [83, "fdatasync", I.sysFsync],
  [80, "fstat", FS.sysFstat],
  [93, "exit", P.sysExit],
  [94, "exit_group", P.sysExit],
  [95, "waitid", P.sysWaitid],
  [96, "set_tid_address", P.sysSetTidAddress],
  [101, "nanosleep", M.sysNanosleep],
  [102, "getitimer", T.sysGetitimer],
  [103, "setitimer", T.sysSetitimer],
  [107, "timer_create", PT.sysTimerCreate],
  [109, "timer_getoverrun", PT.sysTimerGetoverrun],
  [111, "timer_delete", PT.sysTimerDelete],
  [113, "clock_gettime", M.sysClockGettime],
  [115, "clock_nanosleep", M.sysNanosleep],
  [118, "sched_setparam", I.sysSchedSetparam],
  [119, "sched_setscheduler", I.sysSchedSetscheduler],
  [120, "sched_getscheduler", I.sysSchedGetscheduler],
  [121, "sched_getparam", I.sysSchedGetparam],
  [124, "sched_yield", P.sysSchedYield],
  [125, "sched_get_priority_max", I.sysSchedGetPriorityMax],
  [126, "sched_get_priority_min", I.sysSchedGetPriorityMin],
  [127, "sched_rr_get_interval", I.sysSchedRrGetInterval],
  [129, "kill", S.sysKill],
  [130, "tkill", W.sysTkill],
  [131, "tgkill", W.sysTgkill],
  [132, "sigaltstack", W.sysSigaltstack],
  [133, "rt_sigsuspend", W.sysRtSigsuspend],
  [134, "rt_sigaction", S.sysRtSigaction],
  [135, "rt_sigprocmask", S.sysRtSigprocmask],
  [136, "rt_sigpending", W.sysRtSigpending],
  [137, "rt_sigtimedwait", W.sysRtSigtimedwait],
  [138, "rt_sigqueueinfo", W.sysRtSigqueueinfo],
  [139, "rt_sigreturn", S.sysRtSigreturn],
  [140, "setpriority", I.sysSetpriority],
  [141, "getpriority", I.sysGetpriority],
  [143, "setregid", I.sysSetregid],
  [144, "setgid", I.sysSetgid],
  [145, "setreuid", I.sysSetreuid],
  [146, "setuid", I.sysSetuid],
  [147, "setresuid", I.sysSetresuid],
  [148, "getresuid", I.sysGetresuid],
  [149, "setresgid", I.sysSetresgid],
  [150, "getresgid", I.sysGetresgid],
  [153, "times", I.sysTimes],
  [154, "setpgid", P.sysSetpgid],
  [155, "getpgid", P.sysGetpgid],
  [156, "getsid", P.sysGetsid],
  [157, "setsid", P.sysSetsid],
  [158, "getgroups", I.sysGetgroups],
  [159, "setgroups", I.sysSetgroups],
  [160, "uname", M.sysUname],
  [161, "sethostname", SI.sysSethostname],
  [165, "getrusage", I.sysGetrusage],
  [166, "umask", M.sysUmask],
  [172, "getpid", P.sysGetpid],
  [173, "getppid", P.sysGetppid],
  [174, "getuid", I.sysGetuid],
  [175, "geteuid", I.sysGeteuid],
  [176, "getgid", I.sysGetgid],
  [177, "getegid", I.sysGetegid],
  [178, "gettid", P.sysGetpid],
  [179, "sysinfo", SI.sysSysinfo],
  [198, "socket", N.sysSocket],
  [199, "socketpair", N.sysSocketpair],
  [200, "bind", N.sysBind],
  [201, "listen", N.sysListen],
  [202, "accept", N.sysAccept4],
  [203, "connect", N.sysConnect],
  [204, "getsockname", N.sysGetName],
  [205, "getpeername", N.sysGetName],
  [206, "sendto", N.sysSendto],
  [207, "recvfrom", N.sysRecvfrom],
  [208, "setsockopt", N.sysSetsockopt],
  [209, "getsockopt", N.sysGetsockopt],
  [210, "shutdown", N.sysShutdown],
  [211, "sendmsg", N.sysSendmsg],
  [212, "recvmsg", N.sysRecvmsg],
  [214, "brk", P.sysBrk],
  [215, "munmap", P.sysMunmap],
  [220, "clone", P.sysClone],
  [221, "execve", P.sysExecve],
  [222, "mmap", P.sysMmap],
  [226, "mprotect", P.sysMprotect],
  [227, "msync", I.sysMemRange],
  [228, "mlock", I.sysMemRange],
  [229, "munlock", I.sysMemRange],
  [230, "mlockall", I.sysMemNoop],
  [231, "munlockall", I.sysMemNoop],
  [233, "madvise", I.sysMemNoop],
  [242, "accept4", N.sysAccept4],
  [260, "wait4", P.sysWait4],
  [261, "prlimit64", I.sysPrlimit64],
  [267, "syncfs", SI.sysSyncfs],
  [276, "renameat2", FS.sysRenameat],
  [278, "getrandom", M.sysGetrandom],
  [291, "statx", FS.sysStatx],
  [403, "clock_gettime64", M.sysClockGettime],
  [406, "clock_getres_time64", M.sysClockGetres],
  [407, "clock_nanosleep_time64", M.sysNanosleep],
  [408, "timer_gettime64", PT.sysTimerGettime],
  [409, "timer_settime64", PT.sysTimerSettime],
  [413, "pselect6_time64", PL.sysPselect6],
  [414, "ppoll_time64", PL.sysPpoll],
  [421, "rt_sigtimedwait_time64", W.sysRtSigtimedwait],
  [423, "sched_rr_get_interval_time64", I.sysSchedRrGetInterval],
  [439, "faccessat2", FS.sysFaccessat],
  [C.SYS_CHKPNT, "chkpnt", C.sysChkpnt], // cryobox's own range 0x4000+ (kernel/sys-ckpt.ts)
  [C.SYS_RESTART, "restart", C.sysRestart],
];

const TABLE = new Map<number, Handler>(SYSCALLS.map(([n, , h]) => [n, h]));
const NAMES = new Map<number, string>(SYSCALLS.map(([n, name]) => [n, name]));

/** The name of system call `num` ("" when there is none). */
export function syscallName(num: number): string {
  return NAMES.get(num) ?? "";
}

/** Run the system call p is trapped on and apply its result to p. */
export function dispatchSyscall(k: Kernel, p: ProcState): void {
  const num = p.hart.x[17]! >>> 0;
  const h = TABLE.get(num);
  const observed = k.observer ? { args: argsOf(p), rerun: p.inSyscall } : null;
  const r: SysResult = h ? h(k, p) : -ENOSYS;
  if (observed) observeSyscall(k, p, num, observed.args, observed.rerun, r);
  if (typeof r === "number") {
    p.hart.x[10] = r | 0;
    p.hart.pc = (p.hart.pc + 4) >>> 0;
    p.inSyscall = false;
    p.progress = 0;
    p.deadline = 0;
  } else if (isBlock(r)) {
    p.inSyscall = true;
    if (p.state !== "runnable") return; // stopped or killed while deciding to block
    // A signal already pending must interrupt the sleep it would otherwise miss.
    if ((p.sigPending & (~p.sigMask | UNBLOCKABLE)) !== 0) return;
    p.state = "sleeping";
    p.chan = r.block;
    sleptOn(k, p);
  }
}

function observeSyscall(k: Kernel, p: ProcState, num: number, args: number[], rerun: boolean, r: SysResult): void {
  const outcome = typeof r === "number" ? { kind: "return" as const, value: r | 0 } : isBlock(r) ? { kind: "block" as const, chan: chanText(r.block) } : { kind: "other" as const };
  k.observer?.syscall(p, num, NAMES.get(num) ?? `syscall_${num}`, args, rerun, outcome);
}
