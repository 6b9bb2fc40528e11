// POSIX record locks (fcntl F_GETLK/F_SETLK/F_SETLKW and their 64-bit
// forms): the machine's locks are one declared table, KernelState.locks, of
// (owner pid, file, type, byte range) records, each process's ranges kept
// merged as Linux keeps them. A process waiting in F_SETLKW is an ordinary
// sleeper (its fcntl re-runs when any lock is released); a wait that would
// close a cycle of waiters fails with EDEADLK. Locks belong to the process:
// they are not inherited by fork, survive exec, and go when the process
// exits or closes any descriptor of the file (POSIX).

import type { Kernel } from "./kernel.js";
import type { OpenFile, ProcState } from "./state.js";
import type { FileLock } from "./proc-posix.js";
import { EAGAIN, EBADF, EFAULT, EINVAL } from "./errno.js";
import { canRead, canWrite, fdFile } from "./file.js";
import { noChan, timerChan } from "./wait-channel.js";
import { block, type SysResult } from "./result.js";
import { argsOf } from "./uaccess.js";
import { runnableNow } from "./run-queue.js";

const EDEADLK = 35;
const F_RDLCK = 0;
const F_WRLCK = 1;
const F_UNLCK = 2;
/** "To the end of the file, however far it grows". */
export const LOCK_EOF = 2 ** 52;
/** Locks the whole machine may hold (bounds host memory; more is ENOLCK). */
export const NLOCK = 4096;
const ENOLCK = 37;

/** Is cmd one of the lock commands (5, 6, 7 with struct flock; 12, 13, 14 with struct flock64)? */
export function isLockCmd(cmd: number): boolean {
  return (cmd >= 5 && cmd <= 7) || (cmd >= 12 && cmd <= 14);
}

/** The identity of the file an open file refers to (locks are per file, not per open file). */
function fileKey(f: OpenFile): string {
  return JSON.stringify(f.target);
}

function fileSize(k: Kernel, f: OpenFile): number {
  if (f.target.kind !== "inode") return f.offset; // a disk file: SEEK_END is taken from the offset (documented)
  const n: object | undefined = k.state.inodes.get(f.target.ino);
  if (!n) return 0;
  return "size" in n ? Number(n.size) : "data" in n && n.data instanceof Uint8Array ? n.data.length : 0;
}

interface Request {
  type: number;
  start: number;
  end: number; // exclusive; LOCK_EOF = to the end
}

/** Decode the caller's struct flock(64) into an absolute byte range; −errno when invalid. */
function readRequest(k: Kernel, p: ProcState, f: OpenFile, addr: number, wide: boolean): Request | number {
  const b = k.mem(p).copyIn(addr >>> 0, wide ? 32 : 16);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer);
  const type = dv.getInt16(0, true);
  const whence = dv.getInt16(2, true);
  const start = wide ? dv.getInt32(12, true) * 2 ** 32 + dv.getUint32(8, true) : dv.getInt32(4, true);
  const len = wide ? dv.getInt32(20, true) * 2 ** 32 + dv.getUint32(16, true) : dv.getInt32(8, true);
  if (type !== F_RDLCK && type !== F_WRLCK && type !== F_UNLCK) return -EINVAL;
  const base = whence === 0 ? 0 : whence === 1 ? f.offset : whence === 2 ? fileSize(k, f) : -1;
  if (base < 0) return -EINVAL;
  let from = base + start;
  let to = len === 0 ? LOCK_EOF : from + len;
  if (len < 0) [from, to] = [from + len, from];
  if (from < 0 || to > LOCK_EOF) return -EINVAL;
  return { type, start: from, end: to };
}

/** Write a lock back into the caller's struct flock(64) (F_GETLK). */
function writeResult(k: Kernel, p: ProcState, addr: number, wide: boolean, type: number, l: FileLock | null): boolean {
  const b = new Uint8Array(wide ? 32 : 16);
  const dv = new DataView(b.buffer);
  const cur = k.mem(p).copyIn(addr >>> 0, wide ? 32 : 16);
  if (!cur) return false;
  b.set(cur);
  dv.setInt16(0, type, true);
  if (l) {
    const len = l.end === LOCK_EOF ? 0 : l.end - l.start;
    dv.setInt16(2, 0, true); // SEEK_SET
    if (wide) {
      dv.setUint32(8, l.start >>> 0, true);
      dv.setUint32(12, Math.floor(l.start / 2 ** 32), true);
      dv.setUint32(16, len >>> 0, true);
      dv.setUint32(20, Math.floor(len / 2 ** 32), true);
      dv.setInt32(24, l.pid, true);
    } else {
      dv.setInt32(4, l.start, true);
      dv.setInt32(8, len, true);
      dv.setInt32(12, l.pid, true);
    }
  }
  return k.mem(p).copyOut(addr >>> 0, b);
}

/** The first lock of another process on `key` that conflicts with `r`. */
function conflict(k: Kernel, pid: number, key: string, r: Request): FileLock | null {
  for (const l of k.state.locks) {
    if (l.pid === pid || l.key !== key) continue;
    if (l.start < r.end && r.start < l.end && (l.type === "w" || r.type === F_WRLCK)) return l;
  }
  return null;
}

/** Would p waiting for `owner` close a cycle (owner waits, directly or not, for p)? */
function deadlock(k: Kernel, p: ProcState, owner: number, depth = 0): boolean {
  if (owner === p.pid) return true;
  if (depth > 16) return false;
  const q = k.state.procs.get(owner);
  if (!q || q.state !== "sleeping" || !q.inSyscall || q.hart.x[17] !== 25) return false;
  const cmd = q.hart.x[11]!;
  if (cmd !== 7 && cmd !== 14) return false;
  const f = fdFile(k, q, q.hart.x[10]!);
  if (!f) return false;
  const r = readRequest(k, q, f, q.hart.x[12]! >>> 0, cmd === 14);
  if (typeof r === "number") return false;
  const key = fileKey(f);
  return k.state.locks.some((l) => l.key === key && l.pid !== q.pid && l.start < r.end && r.start < l.end && (l.type === "w" || r.type === F_WRLCK) && deadlock(k, p, l.pid, depth + 1));
}

/** Set p's locks on key over r to r.type (F_UNLCK removes), splitting and merging ranges. */
function apply(k: Kernel, p: ProcState, key: string, r: Request): boolean {
  const out: FileLock[] = [];
  const mine: FileLock[] = [];
  for (const l of k.state.locks) (l.pid === p.pid && l.key === key ? mine : out).push(l);
  const kept: FileLock[] = [];
  for (const l of mine) {
    if (l.end <= r.start || l.start >= r.end) kept.push(l);
    else {
      if (l.start < r.start) kept.push({ ...l, end: r.start });
      if (l.end > r.end) kept.push({ ...l, start: r.end });
    }
  }
  if (r.type !== F_UNLCK) kept.push({ pid: p.pid, key, type: r.type === F_WRLCK ? "w" : "r", start: r.start, end: r.end });
  kept.sort((a, b) => a.start - b.start);
  const merged: FileLock[] = [];
  for (const l of kept) {
    const last = merged[merged.length - 1];
    if (last && last.type === l.type && last.end >= l.start) last.end = Math.max(last.end, l.end);
    else merged.push({ ...l });
  }
  if (out.length + merged.length > NLOCK) return false;
  k.state.locks = [...out, ...merged];
  return true;
}

/** fcntl(fd, F_GETLK | F_SETLK | F_SETLKW (or the 64-bit 12/13/14), struct flock *). */
export function fcntlLock(k: Kernel, p: ProcState, f: OpenFile, cmd: number, addr: number): SysResult {
  const wide = cmd >= 12;
  const op = wide ? cmd - 7 : cmd; // 5 get, 6 set, 7 set and wait
  const r = readRequest(k, p, f, addr, wide);
  if (typeof r === "number") return r;
  const key = fileKey(f);
  if (op === 5) {
    if (r.type === F_UNLCK) return -EINVAL;
    const l = conflict(k, p.pid, key, r);
    return writeResult(k, p, addr, wide, l ? (l.type === "w" ? F_WRLCK : F_RDLCK) : F_UNLCK, l) ? 0 : -EFAULT;
  }
  if ((r.type === F_RDLCK && !canRead(f)) || (r.type === F_WRLCK && !canWrite(f))) return -EBADF;
  if (r.type !== F_UNLCK) {
    const l = conflict(k, p.pid, key, r);
    if (l) {
      if (op === 6) return -EAGAIN;
      if (deadlock(k, p, l.pid)) return -EDEADLK;
      return block(timerChan(p.pid)); // woken by releaseLocks (or a signal); the call re-runs
    }
  }
  if (!apply(k, p, key, r)) return -ENOLCK;
  if (r.type !== F_WRLCK) wakeLockWaiters(k);
  return 0;
}

/** Wake every process sleeping in F_SETLKW: each re-checks its range. */
function wakeLockWaiters(k: Kernel): void {
  for (const q of k.state.procs.values()) {
    if (q.state === "sleeping" && q.inSyscall && q.hart.x[17] === 25 && (q.hart.x[11] === 7 || q.hart.x[11] === 14)) {
      q.state = "runnable";
      q.chan = noChan();
      runnableNow(k, q);
    }
  }
}

/** p closed a descriptor of open file f (POSIX: all p's locks on that file go), or exited (f null: all). */
export function releaseLocks(k: Kernel, p: ProcState, f: OpenFile | null): void {
  const key = f ? fileKey(f) : null;
  const before = k.state.locks.length;
  k.state.locks = k.state.locks.filter((l) => l.pid !== p.pid || (key !== null && l.key !== key));
  if (k.state.locks.length !== before) wakeLockWaiters(k);
}
