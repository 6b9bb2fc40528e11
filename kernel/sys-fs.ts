// File-system system calls: the stat family (statx, newfstatat, fstat),
// mkdirat, unlinkat, renameat/renameat2, chdir, getcwd, faccessat.

import type { Kernel } from "./kernel.js";
import type { FileTarget, ProcState } from "./state.js";
import { EBADF, EBUSY, EEXIST, EFAULT, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, ERANGE, EPERM } from "./errno.js";
import { fdFile } from "./file.js";
import { createIn, dirAdd, dirLookup, dirRemove, isAncestor, maybeFree, pathOf, releaseCwd, resolve, resolveParent } from "./vfs.js";
import { procLookup } from "./procfs.js";
import type { SysResult } from "./result.js";
import { argsOf, readPath } from "./uaccess.js";
import { dirBase } from "./sys-file.js";
import { realtimeAt } from "./realtime.js";

const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const AT_EMPTY_PATH = 0x1000;
const AT_REMOVEDIR = 0x200;

interface StatInfo {
  mode: number;
  ino: number;
  nlink: number;
  size: number;
  rdevMajor: number;
  rdevMinor: number;
  mtime: number; // ticks
}

const DEV_NUMBERS: Record<string, [number, number]> = {
  null: [1, 3], zero: [1, 5], ctty: [5, 0], console: [5, 1],
};

/** What stat reports for an open-file target or an inode. */
function statTarget(k: Kernel, p: ProcState, t: FileTarget): StatInfo | number {
  const base = { ino: 0, nlink: 1, size: 0, rdevMajor: 0, rdevMinor: 0, mtime: 0 };
  switch (t.kind) {
    case "inode": {
      const n = k.state.inodes.get(t.ino);
      if (!n) return -EBADF;
      const type = n.type === "file" ? S_IFREG : n.type === "chr" ? S_IFCHR : S_IFDIR;
      let [maj, min] = DEV_NUMBERS[n.dev] ?? [0, 0];
      if (n.dev === "tty") [maj, min] = [4, n.unit];
      if (n.dev === "tape") [maj, min] = [9, n.unit];
      if (n.dev === "ntape") [maj, min] = [9, n.unit + 128];
      return { mode: type | n.mode, ino: n.ino, nlink: n.nlink, size: n.data.length, rdevMajor: maj, rdevMinor: min, mtime: n.mtime };
    }
    case "pipeRead":
    case "pipeWrite":
      return { ...base, mode: S_IFIFO | 0o600, ino: 0x20000000 + t.pipe, size: k.state.pipes.get(t.pipe)?.buf.length ?? 0 };
    case "tty":
      return { ...base, mode: S_IFCHR | 0o620, rdevMajor: 4, rdevMinor: t.n };
    case "tape":
      return { ...base, mode: S_IFCHR | 0o660, rdevMajor: 9, rdevMinor: t.unit + (t.rewind ? 0 : 128) };
    case "null":
      return { ...base, mode: S_IFCHR | 0o666, rdevMajor: 1, rdevMinor: 3 };
    case "zero":
      return { ...base, mode: S_IFCHR | 0o666, rdevMajor: 1, rdevMinor: 5 };
    case "host": {
      const kind = k.host?.kind(t.fd) ?? "other";
      const mode = kind === "file" ? S_IFREG | 0o644 : kind === "pipe" ? S_IFIFO | 0o600 : S_IFCHR | 0o620;
      return { ...base, mode, size: kind === "file" ? (k.host?.size(t.fd) ?? 0) : 0, rdevMajor: kind === "tty" ? 136 : 0 };
    }
    case "proc": {
      const node = procLookup(k, p, t.path);
      if (typeof node === "number") return node;
      return { ...base, mode: node.kind === "file" ? S_IFREG | 0o444 : S_IFDIR | 0o555, ino: 0x40000000 };
    }
  }
}

/** stat info for (dirfd, path, flags), or −errno. */
function statAt(k: Kernel, p: ProcState, dirfd: number, pathAddr: number, flags: number): StatInfo | number {
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  if (path === "" && (flags & AT_EMPTY_PATH)) {
    if (dirfd === -100) return statTarget(k, p, { kind: "inode", ino: p.cwd });
    const f = fdFile(k, p, dirfd);
    return f ? statTarget(k, p, f.target) : -EBADF;
  }
  const base = dirBase(k, p, dirfd);
  if (base < 0 && !path.startsWith("/")) return base;
  const r = resolve(k, base < 0 ? p.cwd : base, path);
  if (typeof r === "number") return r;
  if ("proc" in r) return statTarget(k, p, { kind: "proc", path: r.proc });
  return statTarget(k, p, { kind: "inode", ino: r.ino });
}

/** struct stat (asm-generic, 128 bytes). */
function statBytes(k: Kernel, s: StatInfo): Uint8Array {
  const b = new Uint8Array(128);
  const dv = new DataView(b.buffer);
  const sec = realtimeAt(k.state, s.mtime).sec; // file times are virtual stamps seen through the wall-clock offset
  dv.setBigUint64(8, BigInt(s.ino), true);
  dv.setUint32(16, s.mode, true);
  dv.setUint32(20, s.nlink, true);
  dv.setBigUint64(32, BigInt((s.rdevMajor << 8) | s.rdevMinor), true);
  dv.setBigInt64(48, BigInt(s.size), true);
  dv.setInt32(56, 4096, true);
  dv.setBigInt64(64, BigInt(Math.ceil(s.size / 512)), true);
  for (const off of [72, 80, 88]) dv.setInt32(off, sec, true);
  return b;
}

/** struct statx (256 bytes). */
function statxBytes(k: Kernel, s: StatInfo): Uint8Array {
  const b = new Uint8Array(256);
  const dv = new DataView(b.buffer);
  const sec = realtimeAt(k.state, s.mtime).sec; // file times are virtual stamps seen through the wall-clock offset
  dv.setUint32(0, 0x7ff, true);
  dv.setUint32(4, 4096, true);
  dv.setUint32(16, s.nlink, true);
  dv.setUint16(28, s.mode, true);
  dv.setBigUint64(32, BigInt(s.ino), true);
  dv.setBigUint64(40, BigInt(s.size), true);
  dv.setBigUint64(48, BigInt(Math.ceil(s.size / 512)), true);
  for (const off of [64, 80, 96, 112]) dv.setBigInt64(off, BigInt(sec), true);
  dv.setUint32(128, s.rdevMajor, true);
  dv.setUint32(132, s.rdevMinor, true);
  return b;
}

/** statx(dirfd, path, flags, mask, buf). */
export function sysStatx(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, flags, , buf] = argsOf(p) as [number, number, number, number, number];
  const s = statAt(k, p, dirfd, path, flags);
  if (typeof s === "number") return s;
  return k.mem(p).copyOut(buf >>> 0, statxBytes(k, s)) ? 0 : -EFAULT;
}

/** newfstatat(dirfd, path, buf, flags). */
export function sysNewfstatat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, buf, flags] = argsOf(p) as [number, number, number, number];
  const s = statAt(k, p, dirfd, path, flags);
  if (typeof s === "number") return s;
  return k.mem(p).copyOut(buf >>> 0, statBytes(k, s)) ? 0 : -EFAULT;
}

/** fstat(fd, buf). */
export function sysFstat(k: Kernel, p: ProcState): SysResult {
  const [fd, buf] = argsOf(p) as [number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const s = statTarget(k, p, f.target);
  if (typeof s === "number") return s;
  return k.mem(p).copyOut(buf >>> 0, statBytes(k, s)) ? 0 : -EFAULT;
}

/** Parent directory and name of (dirfd, path), or −errno. */
function parentAt(k: Kernel, p: ProcState, dirfd: number, pathAddr: number) {
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const base = dirBase(k, p, dirfd);
  if (base < 0 && !path.startsWith("/")) return base;
  return resolveParent(k, base < 0 ? p.cwd : base, path);
}

/** mkdirat(dirfd, path, mode). */
export function sysMkdirat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, mode] = argsOf(p) as [number, number, number];
  const pr = parentAt(k, p, dirfd, path);
  if (typeof pr === "number") return pr;
  const n = createIn(k, pr.dir, pr.name, "dir", mode & ~p.umask & 0o7777);
  return typeof n === "number" ? n : 0;
}

/** unlinkat(dirfd, path, flags): AT_REMOVEDIR removes an empty directory. */
export function sysUnlinkat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, flags] = argsOf(p) as [number, number, number];
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  const pr = parentAt(k, p, dirfd, path);
  if (typeof pr === "number") return pr;
  if (pr.name === "." || pr.name === "..") return flags & AT_REMOVEDIR ? (pr.name === "." ? -EINVAL : -ENOTEMPTY) : -EISDIR;
  const ino = dirLookup(k, pr.dir, pr.name);
  if (ino < 0) return ino;
  const n = k.state.inodes.get(ino)!;
  const isDir = n.type === "dir" || n.type === "procdir";
  if (flags & AT_REMOVEDIR) {
    if (!isDir) return -ENOTDIR;
    if (n.type === "procdir" || n.ino === k.state.rootIno) return -EBUSY;
    if (n.entries.length > 0) return -ENOTEMPTY;
    dirRemove(k, pr.dir, pr.name);
    pr.dir.nlink--;
    n.nlink = 0;
    maybeFree(k, n);
    return 0;
  }
  if (isDir) return -EISDIR;
  dirRemove(k, pr.dir, pr.name);
  n.nlink--;
  maybeFree(k, n);
  return 0;
}

/** renameat (38) and renameat2 (276; flags 0 or RENAME_NOREPLACE). */
export function sysRenameat(k: Kernel, p: ProcState): SysResult {
  const [od, op, nd, np, flags] = argsOf(p) as [number, number, number, number, number];
  const f = p.hart.x[17] === 276 ? flags : 0;
  if (f & ~1) return -EINVAL;
  const src = parentAt(k, p, od, op);
  if (typeof src === "number") return src;
  const dst = parentAt(k, p, nd, np);
  if (typeof dst === "number") return dst;
  if ([src.name, dst.name].some((x) => x === "." || x === "..")) return -EBUSY;
  const ino = dirLookup(k, src.dir, src.name);
  if (ino < 0) return ino;
  const n = k.state.inodes.get(ino)!;
  if (n.type === "procdir") return -EBUSY;
  if (dst.dir.nlink === 0) return -ENOENT; // no new names in a removed directory
  const existing = dirLookup(k, dst.dir, dst.name);
  if (existing === ino) return 0;
  if (n.type === "dir" && isAncestor(k, ino, dst.dir.ino)) return -EINVAL;
  if (existing >= 0) {
    if (f & 1) return -EEXIST;
    const old = k.state.inodes.get(existing)!;
    if (old.type === "procdir") return -EBUSY;
    if (n.type === "dir" && old.type !== "dir") return -ENOTDIR;
    if (n.type !== "dir" && old.type === "dir") return -EISDIR;
    if (old.type === "dir" && old.entries.length > 0) return -ENOTEMPTY;
    dirRemove(k, dst.dir, dst.name);
    if (old.type === "dir") {
      dst.dir.nlink--;
      old.nlink = 0;
    } else old.nlink--;
    maybeFree(k, old);
  }
  dirRemove(k, src.dir, src.name);
  dirAdd(k, dst.dir, dst.name, ino);
  if (n.type === "dir") {
    src.dir.nlink--;
    dst.dir.nlink++;
    n.parent = dst.dir.ino;
  }
  return 0;
}

/** chdir(path). */
export function sysChdir(k: Kernel, p: ProcState): SysResult {
  const path = readPath(k, p, argsOf(p)[0]!);
  if (typeof path === "number") return path;
  const r = resolve(k, p.cwd, path);
  if (typeof r === "number") return r;
  if ("proc" in r) return -EPERM; // procfs has no inodes to stand in
  if (k.state.inodes.get(r.ino)?.type !== "dir") return -ENOTDIR;
  const old = p.cwd;
  p.cwd = r.ino;
  releaseCwd(k, old);
  return 0;
}

/** getcwd(buf, size): the length including the NUL. */
export function sysGetcwd(k: Kernel, p: ProcState): SysResult {
  const [buf, size] = argsOf(p) as [number, number];
  if ((k.state.inodes.get(p.cwd)?.nlink ?? 0) === 0) return -ENOENT; // the cwd was removed
  const bytes = new TextEncoder().encode(pathOf(k, p.cwd) + "\0");
  if (size < bytes.length) return -ERANGE;
  return k.mem(p).copyOut(buf >>> 0, bytes) ? bytes.length : -EFAULT;
}

/** faccessat(dirfd, path, mode[, flags]): existence only (everyone is root). */
export function sysFaccessat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, mode] = argsOf(p) as [number, number, number];
  if (mode & ~7) return -EINVAL;
  const s = statAt(k, p, dirfd, path, 0);
  if (typeof s === "number") return s;
  if ((mode & 1) && (s.mode & 0o111) === 0 && (s.mode & S_IFDIR) === 0) return -13;
  return 0;
}
