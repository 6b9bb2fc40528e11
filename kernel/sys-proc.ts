// Process system calls: clone (fork), execve, exit, wait4/waitid, ids,
// process groups and sessions, brk. Argument checks here; the work is in
// proc.ts and exec.ts.

import { childChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { PAGE_SIZE, PROT_READ, PROT_WRITE } from "../cpu/memory.js";
import { EACCES, EAGAIN, ECHILD, EFAULT, EINVAL, EISDIR, ENODEV, ENOENT, ENOMEM, EPERM, ESRCH } from "./errno.js";
import { MMAP_TOP } from "../cpu/elf.js";
import { BRK_LIMIT, NPROC } from "./param.js";
import { allocPid, exitProc, forkProc, reap } from "./proc.js";
import { execImage, programImage } from "./exec.js";
import { releaseCtty } from "./tty.js";
import { DONE, block, type SysResult } from "./result.js";
import { argsOf, readPath, readStringVector, words } from "./uaccess.js";

/** exit / exit_group (single-threaded: the same). */
export function sysExit(k: Kernel, p: ProcState): SysResult {
  exitProc(k, p, (argsOf(p)[0]! & 0xff) << 8);
  return DONE;
}

/** clone with fork semantics: 0 in the child, the child's pid in the parent. */
export function sysClone(k: Kernel, p: ProcState): SysResult {
  const [, newsp] = argsOf(p);
  if (k.state.procs.size >= NPROC) return -EAGAIN;
  const pid = allocPid(k);
  if (pid < 0) return -EAGAIN;
  const child = forkProc(k, p, pid);
  child.hart.x[10] = 0;
  child.hart.pc = (child.hart.pc + 4) >>> 0;
  if (newsp) child.hart.x[2] = newsp;
  return pid;
}

/** execve(path, argv, envp). */
export function sysExecve(k: Kernel, p: ProcState): SysResult {
  const [pathAddr, argvAddr, envpAddr] = argsOf(p);
  const path = readPath(k, p, pathAddr!);
  if (typeof path === "number") return path;
  const budget = { bytes: 0 };
  const argv = readStringVector(k, p, argvAddr!, budget);
  if (typeof argv === "number") return argv;
  const envp = readStringVector(k, p, envpAddr!, budget);
  if (typeof envp === "number") return envp;
  const image = programImage(k, p, path); // a file on any file system (tmpfs, a disk)
  if (typeof image === "number") return image;
  const err = execImage(k, p, image, argv, envp, path);
  return err < 0 ? err : DONE;
}

// ---- wait ----

interface WaitSel {
  kind: "any" | "pid" | "pgid";
  id: number;
}
interface Found {
  child: ProcState;
  event: "exited" | "stopped" | "continued";
}

/** The first child (lowest pid) matching `sel` with something to report, "none" (no such child) or null. */
function findWaitable(k: Kernel, p: ProcState, sel: WaitSel, exited: boolean, stopped: boolean, continued: boolean): Found | "none" | null {
  let any = false;
  const kids = [...k.state.procs.values()].filter((c) => c.ppid === p.pid && c.pid !== p.pid).sort((a, b) => a.pid - b.pid);
  for (const c of kids) {
    if (sel.kind === "pid" && c.pid !== sel.id) continue;
    if (sel.kind === "pgid" && c.pgid !== sel.id) continue;
    any = true;
    if (c.state === "zombie") {
      if (exited) return { child: c, event: "exited" };
      continue; // Linux: a dead child has only its exit to report
    }
    if (stopped && c.state === "stopped" && c.waitEvent === "stopped") return { child: c, event: "stopped" };
    if (continued && c.waitEvent === "continued") return { child: c, event: "continued" };
  }
  return any ? null : "none";
}

const WNOHANG = 1;
const WUNTRACED = 2;
const WEXITED = 4;
const WCONTINUED = 8;
const WNOWAIT = 0x1000000;

/** wait4(pid, wstatus, options, rusage) with the Linux status encoding. */
export function sysWait4(k: Kernel, p: ProcState): SysResult {
  const [pid, wstatus, options] = argsOf(p) as [number, number, number];
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | 0x40000000 | 0x80000000 | 0x20000000)) return -EINVAL;
  const sel: WaitSel = pid === -1 ? { kind: "any", id: 0 } : pid > 0 ? { kind: "pid", id: pid } : { kind: "pgid", id: pid === 0 ? p.pgid : -pid };
  const f = findWaitable(k, p, sel, true, (options & WUNTRACED) !== 0, (options & WCONTINUED) !== 0);
  if (f === "none") return -ECHILD;
  if (f === null) return options & WNOHANG ? 0 : block(childChan(p.pid));
  const c = f.child;
  const status = f.event === "exited" ? c.exitStatus : f.event === "stopped" ? ((c.stopSig << 8) | 0x7f) : 0xffff;
  if (wstatus !== 0 && !k.mem(p).store32(wstatus >>> 0, status)) return -EFAULT;
  if (f.event === "exited") reap(k, c);
  else c.waitEvent = "none";
  return c.pid;
}

/** waitid(idtype, id, infop, options, rusage): fills siginfo_t, returns 0. */
export function sysWaitid(k: Kernel, p: ProcState): SysResult {
  const [idtype, id, infop, options] = argsOf(p) as [number, number, number, number];
  if ((options & (WEXITED | WUNTRACED | WCONTINUED)) === 0) return -EINVAL;
  if (options & ~(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | 0x40000000 | 0x80000000 | 0x20000000)) return -EINVAL;
  let sel: WaitSel;
  if (idtype === 0) sel = { kind: "any", id: 0 };
  else if (idtype === 1) {
    if (id <= 0) return -EINVAL;
    sel = { kind: "pid", id };
  } else if (idtype === 2) sel = { kind: "pgid", id: id === 0 ? p.pgid : id };
  else return -EINVAL;
  const f = findWaitable(k, p, sel, (options & WEXITED) !== 0, (options & WUNTRACED) !== 0, (options & WCONTINUED) !== 0);
  if (f === "none") return -ECHILD;
  if (f === null) {
    if (options & WNOHANG) {
      if (infop !== 0 && !k.mem(p).copyOut(infop >>> 0, new Uint8Array(128))) return -EFAULT;
      return 0;
    }
    return block(childChan(p.pid));
  }
  const c = f.child;
  let code: number;
  let status: number;
  if (f.event === "exited") {
    const sig = c.exitStatus & 0x7f;
    code = sig === 0 ? 1 : (c.exitStatus & 0x80) !== 0 ? 3 : 2;
    status = sig === 0 ? (c.exitStatus >> 8) & 0xff : sig;
  } else if (f.event === "stopped") {
    code = 5;
    status = c.stopSig;
  } else {
    code = 6;
    status = 18;
  }
  if (infop !== 0) {
    const info = new Uint8Array(128);
    info.set(words(17, 0, code, c.pid, 0, status));
    if (!k.mem(p).copyOut(infop >>> 0, info)) return -EFAULT;
  }
  if ((options & WNOWAIT) === 0) {
    if (f.event === "exited") reap(k, c);
    else c.waitEvent = "none";
  }
  return 0;
}

// ---- ids, groups, sessions ----

export const sysGetpid = (_k: Kernel, p: ProcState): SysResult => p.pid;
export const sysGetppid = (_k: Kernel, p: ProcState): SysResult => p.ppid;
export const sysZero = (): SysResult => 0;

/** sched_yield: give up the rest of the quantum. */
export function sysSchedYield(k: Kernel): SysResult {
  k.state.quantumLeft = 0;
  return 0;
}

/** set_tid_address(addr): remembers it, returns the tid (= pid). */
export function sysSetTidAddress(_k: Kernel, p: ProcState): SysResult {
  p.tidAddress = argsOf(p)[0]! >>> 0;
  return p.pid;
}

function live(k: Kernel, pid: number): ProcState | undefined {
  const q = k.state.procs.get(pid);
  return q && q.state !== "zombie" ? q : undefined;
}

/** setpgid(pid, pgid) with the POSIX rules (own child, same session, not a session leader). */
export function sysSetpgid(k: Kernel, p: ProcState): SysResult {
  let [pid, pgid] = argsOf(p) as [number, number];
  if (pgid < 0) return -EINVAL;
  if (pid === 0) pid = p.pid;
  const q = k.state.procs.get(pid);
  if (!q || (q.pid !== p.pid && q.ppid !== p.pid)) return -ESRCH;
  if (q.sid !== p.sid || q.pid === q.sid) return -EPERM;
  if (pgid === 0) pgid = q.pid;
  if (pgid !== q.pid) {
    const exists = [...k.state.procs.values()].some((r) => r.pgid === pgid && r.sid === p.sid && r.state !== "zombie");
    if (!exists) return -EPERM;
  }
  q.pgid = pgid;
  return 0;
}

/** getpgid(pid) (0 = self). */
export function sysGetpgid(k: Kernel, p: ProcState): SysResult {
  const pid = argsOf(p)[0]!;
  const q = pid === 0 ? p : k.state.procs.get(pid);
  return q ? q.pgid : -ESRCH;
}

/** getsid(pid) (0 = self). */
export function sysGetsid(k: Kernel, p: ProcState): SysResult {
  const pid = argsOf(p)[0]!;
  const q = pid === 0 ? p : k.state.procs.get(pid);
  return q ? q.sid : -ESRCH;
}

/** setsid(): a new session and group led by p, with no controlling terminal. */
export function sysSetsid(k: Kernel, p: ProcState): SysResult {
  const leader = [...k.state.procs.values()].some((q) => q.pgid === p.pid && q.state !== "zombie");
  if (p.pgid === p.pid || leader) return -EPERM;
  if (p.ctty >= 0) releaseCtty(k, p);
  p.sid = p.pid;
  p.pgid = p.pid;
  p.ctty = -1;
  return p.sid;
}

/** brk(addr): grow or shrink the heap; returns the (possibly unchanged) break. */
export function sysBrk(k: Kernel, p: ProcState): SysResult {
  const want = argsOf(p)[0]! >>> 0;
  if (want === 0 || want < p.brkBase || want > BRK_LIMIT) return p.brk;
  if (want - p.brkBase > k.config.memoryLimit) return p.brk;
  if (want > p.brk && k.pageStore.free === 0) return p.brk; // the machine's memory is all in use
  const up = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
  const mem = k.mem(p);
  const oldTop = up(p.brk);
  const newTop = up(want);
  if (newTop > oldTop) {
    for (let a = oldTop; a < newTop; a += PAGE_SIZE) if (mem.permOf(a / PAGE_SIZE) !== 0) return p.brk; // would overlap a mapping
    mem.map(oldTop, newTop - oldTop, PROT_READ | PROT_WRITE, "heap");
  } else if (newTop < oldTop) mem.unmap(newTop, oldTop - newTop);
  p.brk = want;
  return want;
}

// ---- anonymous memory ----

const MAP_PRIVATE = 0x02;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;

/** mmap(addr, len, prot, flags, fd, off): anonymous private mappings only (zero-filled). */
export function sysMmap(k: Kernel, p: ProcState): SysResult {
  const [addr, len, prot, flags] = argsOf(p) as [number, number, number, number];
  if ((flags & MAP_ANONYMOUS) === 0) return -ENODEV;
  if ((flags & MAP_PRIVATE) === 0 || len <= 0 || prot & ~7) return -EINVAL;
  const size = Math.ceil(len / PAGE_SIZE) * PAGE_SIZE;
  // The limit is the machine's (kernel.pageStore counts every distinct page of every process);
  // a page touched beyond it faults (SIGSEGV) or fails the system call (EFAULT).
  if (size > k.config.memoryLimit || k.pageStore.free === 0) return -ENOMEM;
  const mem = k.mem(p);
  let at: number;
  if (flags & MAP_FIXED) {
    at = addr >>> 0;
    if (at & 4095 || at < 0x1000 || at + size > MMAP_TOP) return -EINVAL;
  } else {
    at = p.mmapNext - size;
    if (at <= Math.ceil(p.brk / PAGE_SIZE) * PAGE_SIZE + 0x100000) return -ENOMEM; // keep room for the heap
    p.mmapNext = at;
  }
  mem.map(at, size, prot, "mmap");
  return at | 0;
}

/** munmap(addr, len). */
export function sysMunmap(k: Kernel, p: ProcState): SysResult {
  const [addr, len] = argsOf(p) as [number, number];
  if ((addr & 4095) !== 0 || len <= 0) return -EINVAL;
  const a = addr >>> 0;
  if (a + len > MMAP_TOP || a < 0x1000) return -EINVAL;
  k.mem(p).unmap(a, len);
  return 0;
}

/** mprotect(addr, len, prot) on mapped pages. */
export function sysMprotect(k: Kernel, p: ProcState): SysResult {
  const [addr, len, prot] = argsOf(p) as [number, number, number];
  if ((addr & 4095) !== 0 || len < 0 || prot & ~7) return -EINVAL;
  const a = addr >>> 0;
  const mem = k.mem(p);
  for (let v = a / PAGE_SIZE; v < Math.ceil((a + len) / PAGE_SIZE); v++) if (mem.permOf(v) === 0) return -ENOMEM;
  mem.protect(a, len, prot);
  return 0;
}
