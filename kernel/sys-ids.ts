// Identity and scheduling calls. There is one user, root, and no permission
// checks on files; but the ids are per-process data with Linux's set*id rules
// (root may set any id; a process that gave root up may only move between
// its real, effective and saved ids), so programs that drop privileges see
// what they would on Linux. The scheduler has one policy (SCHED_OTHER, equal
// round-robin quanta); nice values are kept and reported but do not weight it.
// Also: times, fsync/fdatasync, and the memory-locking calls (no swap: no-ops).

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EBADF, EFAULT, EINVAL, ENOMEM, EPERM, ESRCH } from "./errno.js";
import { fdFile } from "./file.js";
import { TICKS_PER_SECOND } from "./param.js";
import type { SysResult } from "./result.js";
import { argsOf, words } from "./uaccess.js";

const NOCHANGE = 0xffffffff;
const u = (x: number): number => x >>> 0;

export const sysGetuid = (_k: Kernel, p: ProcState): SysResult => p.posix.creds.uid;
export const sysGeteuid = (_k: Kernel, p: ProcState): SysResult => p.posix.creds.euid;
export const sysGetgid = (_k: Kernel, p: ProcState): SysResult => p.posix.creds.gid;
export const sysGetegid = (_k: Kernel, p: ProcState): SysResult => p.posix.creds.egid;

/** The three ids of one kind (user or group) as [real, effective, saved]. */
type Ids = [number, number, number];
function ids(p: ProcState, group: boolean): Ids {
  const c = p.posix.creds;
  return group ? [c.gid, c.egid, c.sgid] : [c.uid, c.euid, c.suid];
}
function setIds(p: ProcState, group: boolean, v: Ids): void {
  const c = p.posix.creds;
  if (group) [c.gid, c.egid, c.sgid] = v;
  else [c.uid, c.euid, c.suid] = v;
}
const privileged = (p: ProcState): boolean => p.posix.creds.euid === 0;

/** setuid(id) / setgid(id): root sets all three; others only the effective id, to the real or saved one. */
function setOne(p: ProcState, group: boolean, id: number): SysResult {
  const [r, , s] = ids(p, group);
  if (id === NOCHANGE) return -EINVAL;
  if (privileged(p)) setIds(p, group, [id, id, id]);
  else if (id === r || id === s) setIds(p, group, [r, id, s]);
  else return -EPERM;
  return 0;
}
export const sysSetuid = (_k: Kernel, p: ProcState): SysResult => setOne(p, false, u(argsOf(p)[0]!));
export const sysSetgid = (_k: Kernel, p: ProcState): SysResult => setOne(p, true, u(argsOf(p)[0]!));

/** setresuid/setresgid(r, e, s): −1 keeps an id; unprivileged values must be one of the current three. */
function setRes(p: ProcState, group: boolean, want: number[]): SysResult {
  const cur = ids(p, group);
  if (!privileged(p) && want.some((w) => w !== NOCHANGE && !cur.includes(w))) return -EPERM;
  setIds(p, group, cur.map((c, i) => (want[i] === NOCHANGE ? c : want[i]!)) as Ids);
  return 0;
}
export const sysSetresuid = (_k: Kernel, p: ProcState): SysResult => setRes(p, false, argsOf(p).slice(0, 3).map(u));
export const sysSetresgid = (_k: Kernel, p: ProcState): SysResult => setRes(p, true, argsOf(p).slice(0, 3).map(u));

/** setreuid/setregid(r, e): the saved id follows the new effective one when the real id is set or e ≠ old real. */
function setRe(p: ProcState, group: boolean, r: number, e: number): SysResult {
  const [or, oe, os] = ids(p, group);
  if (!privileged(p)) {
    if (r !== NOCHANGE && r !== or && r !== oe) return -EPERM;
    if (e !== NOCHANGE && e !== or && e !== oe && e !== os) return -EPERM;
  }
  const nr = r === NOCHANGE ? or : r;
  const ne = e === NOCHANGE ? oe : e;
  const ns = r !== NOCHANGE || (e !== NOCHANGE && e !== or) ? ne : os;
  setIds(p, group, [nr, ne, ns]);
  return 0;
}
export const sysSetreuid = (_k: Kernel, p: ProcState): SysResult => setRe(p, false, u(argsOf(p)[0]!), u(argsOf(p)[1]!));
export const sysSetregid = (_k: Kernel, p: ProcState): SysResult => setRe(p, true, u(argsOf(p)[0]!), u(argsOf(p)[1]!));

/** getresuid/getresgid(r*, e*, s*). */
function getRes(k: Kernel, p: ProcState, group: boolean): SysResult {
  const a = argsOf(p);
  const v = ids(p, group);
  for (let i = 0; i < 3; i++) if (!k.mem(p).store32(u(a[i]!), v[i]!)) return -EFAULT;
  return 0;
}
export const sysGetresuid = (k: Kernel, p: ProcState): SysResult => getRes(k, p, false);
export const sysGetresgid = (k: Kernel, p: ProcState): SysResult => getRes(k, p, true);

/** getgroups(n, list): no supplementary groups. */
export function sysGetgroups(_k: Kernel, p: ProcState): SysResult {
  return argsOf(p)[0]! < 0 ? -EINVAL : 0;
}
/** setgroups(n, list): root only; the list is not kept (there is only one user). */
export function sysSetgroups(_k: Kernel, p: ProcState): SysResult {
  const n = argsOf(p)[0]!;
  if (!privileged(p)) return -EPERM;
  return n < 0 || n > 65536 ? -EINVAL : 0;
}

// ---- priorities and scheduling ----

function target(k: Kernel, p: ProcState, pid: number): ProcState | undefined {
  const q = pid === 0 ? p : k.state.procs.get(pid);
  return q && q.state !== "zombie" ? q : undefined;
}

/** getpriority(which, who): PRIO_PROCESS only; returns 20 − nice, as the Linux call does. */
export function sysGetpriority(k: Kernel, p: ProcState): SysResult {
  const [which, who] = argsOf(p) as [number, number];
  if (which < 0 || which > 2) return -EINVAL;
  if (which !== 0) return who === 0 ? 20 - p.posix.nice : -ESRCH; // own group or user: this process's value
  const q = target(k, p, who);
  return q ? 20 - q.posix.nice : -ESRCH;
}

/** setpriority(which, who, nice): clamped to −20..19; lowering needs root. */
export function sysSetpriority(k: Kernel, p: ProcState): SysResult {
  const [which, who, value] = argsOf(p) as [number, number, number];
  if (which < 0 || which > 2) return -EINVAL;
  if (which !== 0) return -ESRCH;
  const q = target(k, p, who);
  if (!q) return -ESRCH;
  const nice = Math.max(-20, Math.min(19, value));
  if (nice < q.posix.nice && !privileged(p)) return -EPERM;
  q.posix.nice = nice;
  return 0;
}

const SCHED_OTHER = 0;
const SCHED_FIFO = 1;
const SCHED_RR = 2;
const SCHED_BATCH = 3;
const SCHED_IDLE = 5;
const validPolicy = (x: number): boolean => [SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE].includes(x);

export function sysSchedGetPriorityMax(_k: Kernel, p: ProcState): SysResult {
  const pol = argsOf(p)[0]!;
  return !validPolicy(pol) ? -EINVAL : pol === SCHED_FIFO || pol === SCHED_RR ? 99 : 0;
}
export function sysSchedGetPriorityMin(_k: Kernel, p: ProcState): SysResult {
  const pol = argsOf(p)[0]!;
  return !validPolicy(pol) ? -EINVAL : pol === SCHED_FIFO || pol === SCHED_RR ? 1 : 0;
}
export function sysSchedGetscheduler(k: Kernel, p: ProcState): SysResult {
  const pid = argsOf(p)[0]!;
  if (pid < 0) return -EINVAL;
  return target(k, p, pid) ? SCHED_OTHER : -ESRCH;
}
export function sysSchedGetparam(k: Kernel, p: ProcState): SysResult {
  const [pid, addr] = argsOf(p) as [number, number];
  if (pid < 0 || addr === 0) return -EINVAL;
  if (!target(k, p, pid)) return -ESRCH;
  return k.mem(p).store32(u(addr), 0) ? 0 : -EFAULT;
}
/** sched_setparam(pid, param): SCHED_OTHER's only priority is 0. */
export function sysSchedSetparam(k: Kernel, p: ProcState): SysResult {
  const [pid, addr] = argsOf(p) as [number, number];
  if (pid < 0 || addr === 0) return -EINVAL;
  const prio = k.mem(p).load32(u(addr));
  if (prio === null) return -EFAULT;
  if (!target(k, p, pid)) return -ESRCH;
  return prio === 0 ? 0 : -EINVAL;
}
/** sched_setscheduler(pid, policy, param): only SCHED_OTHER (priority 0) exists; the real-time policies are refused (EPERM). */
export function sysSchedSetscheduler(k: Kernel, p: ProcState): SysResult {
  const [pid, policy, addr] = argsOf(p) as [number, number, number];
  if (pid < 0 || addr === 0 || !validPolicy(policy & ~0x40000000)) return -EINVAL;
  const prio = k.mem(p).load32(u(addr));
  if (prio === null) return -EFAULT;
  if (!target(k, p, pid)) return -ESRCH;
  const pol = policy & ~0x40000000;
  if (pol === SCHED_FIFO || pol === SCHED_RR) return prio < 1 || prio > 99 ? -EINVAL : -EPERM;
  return prio === 0 ? 0 : -EINVAL;
}
/** sched_rr_get_interval(_time64)(pid, ts): the quantum. */
export function sysSchedRrGetInterval(k: Kernel, p: ProcState): SysResult {
  const [pid, addr] = argsOf(p) as [number, number];
  if (pid < 0) return -EINVAL;
  if (!target(k, p, pid)) return -ESRCH;
  const wide = p.hart.x[17] === 423;
  const nsec = 1_000_000; // the 1 ms quantum (QUANTUM ticks)
  return k.mem(p).copyOut(u(addr), wide ? words(0, 0, nsec, 0) : words(0, nsec)) ? 0 : -EFAULT;
}

// ---- times, fsync, memory locks ----

/** times(buf): clock ticks (100 per second) of user time; children's times are not kept (0). */
export function sysTimes(k: Kernel, p: ProcState): SysResult {
  const addr = argsOf(p)[0]! >>> 0;
  const hz = TICKS_PER_SECOND / 100;
  if (addr !== 0 && !k.mem(p).copyOut(addr, words(Math.floor(p.utime / hz), 0, 0, 0))) return -EFAULT;
  return Math.floor(k.state.clock / hz) | 0;
}

/** fsync/fdatasync(fd): files are always in step with their store; EINVAL for pipes, sockets and devices (Linux). */
export function sysFsync(k: Kernel, p: ProcState): SysResult {
  const f = fdFile(k, p, argsOf(p)[0]!);
  if (!f) return -EBADF;
  if (f.target.kind === "inode") {
    const n = k.state.inodes.get(f.target.ino);
    return n && n.type === "chr" ? -EINVAL : 0;
  }
  return f.target.kind === "disk" || f.target.kind === "host" ? 0 : -EINVAL;
}

/** mlock/munlock(addr, len), msync(addr, len, flags): the range must be mapped; nothing is ever paged out. */
export function sysMemRange(k: Kernel, p: ProcState): SysResult {
  const [addr, len] = argsOf(p) as [number, number];
  const num = p.hart.x[17]!;
  if (num === 227 && (addr & 4095) !== 0) return -EINVAL;
  const a = u(addr);
  const mem = k.mem(p);
  for (let v = Math.floor(a / 4096); v < Math.ceil((a + u(len)) / 4096); v++) if (mem.permOf(v) === 0) return -ENOMEM;
  return 0;
}
/** mlockall(flags), munlockall(), madvise(addr, len, advice): accepted, nothing to do. */
export function sysMemNoop(_k: Kernel, p: ProcState): SysResult {
  const num = p.hart.x[17]!;
  if (num === 230 && (argsOf(p)[0]! & ~7) !== 0) return -EINVAL;
  return 0;
}

// ---- resource limits and usage ----

const INF = [0xffffffff, 0xffffffff];
/** The limits this kernel has (fixed: it does not let a process change them). [cur, max] as u64 word pairs. */
function limitOf(res: number): number[] | null {
  if (res < 0 || res > 15) return null;
  if (res === 7) return [64, 0, 64, 0]; // RLIMIT_NOFILE: NOFILE descriptors
  if (res === 3) return [8 << 20, 0, ...INF]; // RLIMIT_STACK: 8 MiB, as Linux's default
  if (res === 4) return [0, 0, ...INF]; // RLIMIT_CORE: no core dumps
  return [...INF, ...INF];
}

/** prlimit64(pid, res, new, old): reads the fixed limits; setting them is refused (EPERM) unless it changes nothing. */
export function sysPrlimit64(k: Kernel, p: ProcState): SysResult {
  const [pid, res, newAddr, oldAddr] = argsOf(p) as [number, number, number, number];
  if (pid !== 0 && !target(k, p, pid)) return -ESRCH;
  const lim = limitOf(res);
  if (!lim) return -EINVAL;
  if (newAddr !== 0) {
    const b = k.mem(p).copyIn(u(newAddr), 16);
    if (!b) return -EFAULT;
    const w = new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + 16));
    const cur = w[1]! * 2 ** 32 + w[0]!;
    const max = w[3]! * 2 ** 32 + w[2]!;
    if (cur > max) return -EINVAL;
    if (!w.every((x, i) => x === lim[i])) return -EPERM;
  }
  if (oldAddr !== 0 && !k.mem(p).copyOut(u(oldAddr), words(...lim))) return -EFAULT;
  return 0;
}

/** getrusage(who, ru): user time of the process (RUSAGE_SELF); children's usage is not kept (zeros). */
export function sysGetrusage(k: Kernel, p: ProcState): SysResult {
  const [who, addr] = argsOf(p) as [number, number];
  if (who !== 0 && who !== -1 && who !== 1) return -EINVAL;
  const ticks = who === -1 ? 0 : p.utime;
  const us = Math.floor(ticks / (TICKS_PER_SECOND / 1e6));
  const out = new Uint8Array(72); // 32-bit timevals ru_utime, ru_stime, then 14 longs
  out.set(words(Math.floor(us / 1e6), us % 1e6));
  return k.mem(p).copyOut(u(addr), out) ? 0 : -EFAULT;
}
