// File-system system calls: the stat family (statx, newfstatat, fstat),
// mkdirat, unlinkat, renameat/renameat2, chdir, getcwd, faccessat, truncate
// and ftruncate. Paths go through the mount layer (mount.ts); the work is done
// by whichever file system owns the node.

import type { Kernel } from "./kernel.js";
import type { FileTarget, ProcState } from "./state.js";
import { EACCES, EBADF, EBUSY, EFAULT, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, ERANGE, EXDEV } from "./errno.js";
import { canWrite, fdFile } from "./file.js";
import { pathOf, releaseCwd } from "./vfs.js";
import { cwdNode, fsOf, lookupParent, lookupPath, nodePath, sameFs, setCwd, targetNode } from "./mount.js";
import { type Node, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFREG, S_IFSOCK } from "./fs-types.js";
import type { SysResult } from "./result.js";
import { argsOf, readPath } from "./uaccess.js";
import { dirBase } from "./sys-file.js";
import { realtimeAt } from "./realtime.js";

const AT_EMPTY_PATH = 0x1000;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_REMOVEDIR = 0x200;

interface StatInfo {
  mode: number;
  ino: number;
  nlink: number;
  size: number;
  rdevMajor: number;
  rdevMinor: number;
  mtime: number; // ticks
  hostSeconds?: number; // a disk file's host mtime (Unix seconds)
}

const DEV_NUMBERS: Record<string, [number, number]> = {
  null: [1, 3], zero: [1, 5], ctty: [5, 0], console: [5, 1],
};

/** What stat reports for a node of any file system. */
function statNode(k: Kernel, p: ProcState, n: Node): StatInfo | number {
  const i = fsOf(n).info(k, p, n);
  if (typeof i === "number") return i;
  const type = i.type === "file" ? S_IFREG : i.type === "chr" ? S_IFCHR : i.type === "sock" ? S_IFSOCK : i.type === "fifo" ? S_IFIFO : i.type === "symlink" ? S_IFLNK : S_IFDIR;
  let [maj, min] = DEV_NUMBERS[i.dev] ?? [0, 0];
  if (i.dev === "tty") [maj, min] = [4, i.unit];
  if (i.dev === "tape") [maj, min] = [9, i.unit];
  if (i.dev === "ntape") [maj, min] = [9, i.unit + 128];
  if (i.type === "chr" && i.dev === "none") [maj, min] = [i.unit >>> 20, i.unit & 0xfffff]; // mknod of a device cryobox has not (sys-mknod.ts)
  return { mode: type | i.mode, ino: i.ino, nlink: i.nlink, size: i.size, rdevMajor: maj, rdevMinor: min, mtime: i.mtime, hostSeconds: i.hostSeconds };
}

/** What stat reports for an open-file target. */
function statTarget(k: Kernel, p: ProcState, t: FileTarget): StatInfo | number {
  const base = { ino: 0, nlink: 1, size: 0, rdevMajor: 0, rdevMinor: 0, mtime: 0 };
  const node = targetNode(k, t);
  if (node) return statNode(k, p, node);
  switch (t.kind) {
    case "pipeRead":
    case "pipeWrite":
      if (k.state.pipes.get(t.pipe)?.fifo) return statNode(k, p, { fs: "tmpfs", ino: k.state.pipes.get(t.pipe)!.fifo }); // a FIFO's end: its inode
      return { ...base, mode: S_IFIFO | 0o600, ino: 0x20000000 + t.pipe, size: k.state.pipes.get(t.pipe)?.buf.length ?? 0 };
    case "tty":
      return { ...base, mode: S_IFCHR | 0o620, rdevMajor: 4, rdevMinor: t.n };
    case "tape":
      return { ...base, mode: S_IFCHR | 0o660, rdevMajor: 9, rdevMinor: t.unit + (t.rewind ? 0 : 128) };
    case "null":
      return { ...base, mode: S_IFCHR | 0o666, rdevMajor: 1, rdevMinor: 3 };
    case "zero":
      return { ...base, mode: S_IFCHR | 0o666, rdevMajor: 1, rdevMinor: 5 };
    case "socket":
      return { ...base, mode: S_IFSOCK | 0o777, ino: 0x30000000 + t.sock };
    case "host": {
      const kind = k.host?.kind(t.fd) ?? "other";
      const mode = kind === "file" ? S_IFREG | 0o644 : kind === "pipe" ? S_IFIFO | 0o600 : S_IFCHR | 0o620;
      return { ...base, mode, size: kind === "file" ? (k.host?.size(t.fd) ?? 0) : 0, rdevMajor: kind === "tty" ? 136 : 0 };
    }
    default:
      return -EBADF;
  }
}

/** The directory an *at() call starts from, or −errno; AT_FDCWD is the cwd. */
function baseAt(k: Kernel, p: ProcState, dirfd: number, path: string): Node | number {
  if (path.startsWith("/")) return cwdNode(k, p);
  return dirBase(k, p, dirfd);
}

/** stat info for (dirfd, path, flags), or −errno. */
function statAt(k: Kernel, p: ProcState, dirfd: number, pathAddr: number, flags: number): StatInfo | number {
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  if (path === "" && (flags & AT_EMPTY_PATH)) {
    if (dirfd === -100) return statNode(k, p, cwdNode(k, p));
    const f = fdFile(k, p, dirfd);
    return f ? statTarget(k, p, f.target) : -EBADF;
  }
  const base = baseAt(k, p, dirfd, path);
  if (typeof base === "number") return base;
  const r = lookupPath(k, p, base, path, (flags & AT_SYMLINK_NOFOLLOW) === 0); // lstat: the link itself
  if (typeof r === "number") return r;
  return statNode(k, p, r);
}

function statSeconds(k: Kernel, s: StatInfo): number {
  // file times are virtual stamps seen through the wall-clock offset; a disk file's are the host's
  return s.hostSeconds ?? realtimeAt(k.state, s.mtime).sec;
}

/** struct stat (asm-generic, 128 bytes). */
function statBytes(k: Kernel, s: StatInfo): Uint8Array {
  const b = new Uint8Array(128);
  const dv = new DataView(b.buffer);
  const sec = statSeconds(k, s);
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
  const sec = statSeconds(k, s);
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
function parentAt(k: Kernel, p: ProcState, dirfd: number, pathAddr: number): { dir: Node; name: string } | number {
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const base = baseAt(k, p, dirfd, path);
  if (typeof base === "number") return base;
  return lookupParent(k, p, base, path);
}

/** mkdirat(dirfd, path, mode). */
export function sysMkdirat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, mode] = argsOf(p) as [number, number, number];
  const pr = parentAt(k, p, dirfd, path);
  if (typeof pr === "number") return pr;
  if (pr.name === "." || pr.name === "..") return -17; // EEXIST
  const n = fsOf(pr.dir).create(k, pr.dir, pr.name, "dir", mode & ~p.umask & 0o7777);
  return typeof n === "number" ? n : 0;
}

/** unlinkat(dirfd, path, flags): AT_REMOVEDIR removes an empty directory. */
export function sysUnlinkat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, flags] = argsOf(p) as [number, number, number];
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  const pr = parentAt(k, p, dirfd, path);
  if (typeof pr === "number") return pr;
  if (pr.name === "." || pr.name === "..") return flags & AT_REMOVEDIR ? (pr.name === "." ? -EINVAL : -ENOTEMPTY) : -EISDIR;
  const target = lookupPath(k, p, pr.dir, pr.name, false); // a symbolic link is removed, not what it names
  if (typeof target === "number") return target;
  if (!sameFs(target, pr.dir)) return -EBUSY; // a mount point
  return fsOf(pr.dir).remove(k, pr.dir, pr.name, (flags & AT_REMOVEDIR) !== 0);
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
  const moving = lookupPath(k, p, src.dir, src.name, false); // symbolic links are renamed themselves
  if (typeof moving === "number") return moving;
  if (!sameFs(moving, src.dir)) return -EBUSY; // a mount point
  const old = lookupPath(k, p, dst.dir, dst.name, false);
  if (typeof old !== "number" && !sameFs(old, dst.dir)) return -EBUSY;
  if (!sameFs(src.dir, dst.dir)) return -EXDEV;
  return fsOf(src.dir).rename(k, src.dir, src.name, dst.dir, dst.name, (f & 1) !== 0);
}

/** chdir(path). */
export function sysChdir(k: Kernel, p: ProcState): SysResult {
  const path = readPath(k, p, argsOf(p)[0]!);
  if (typeof path === "number") return path;
  const r = lookupPath(k, p, cwdNode(k, p), path);
  if (typeof r === "number") return r;
  if (r.fs === "proc") return -EPERM; // procfs directories come and go with processes: no cwd there
  const info = fsOf(r).info(k, p, r);
  if (typeof info === "number") return info;
  if (info.type !== "dir") return -ENOTDIR;
  const old = p.cwd;
  setCwd(p, r);
  if (old !== p.cwd) releaseCwd(k, old);
  return 0;
}

/** getcwd(buf, size): the length including the NUL. */
export function sysGetcwd(k: Kernel, p: ProcState): SysResult {
  const [buf, size] = argsOf(p) as [number, number];
  if ((k.state.inodes.get(p.cwd)?.nlink ?? 0) === 0) return -ENOENT; // the cwd was removed
  const cwd = cwdNode(k, p);
  if (cwd.fs !== "tmpfs") {
    const info = fsOf(cwd).info(k, p, cwd);
    if (typeof info === "number") return -ENOENT; // removed on the host meanwhile
  }
  const bytes = new TextEncoder().encode(nodePath(k, cwd, (ino) => pathOf(k, ino)) + "\0");
  if (size < bytes.length) return -ERANGE;
  return k.mem(p).copyOut(buf >>> 0, bytes) ? bytes.length : -EFAULT;
}

/** faccessat(dirfd, path, mode[, flags]): existence only (everyone is root). */
export function sysFaccessat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, path, mode, flags] = argsOf(p) as [number, number, number, number];
  if (mode & ~7) return -EINVAL;
  const f = p.hart.x[17] === 439 ? flags : 0; // faccessat2: AT_EACCESS (ids are one), AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH
  if (f & ~(0x200 | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const s = statAt(k, p, dirfd, path, f & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
  if (typeof s === "number") return s;
  if ((mode & 1) && (s.mode & 0o111) === 0 && (s.mode & S_IFDIR) === 0) return -EACCES;
  return 0;
}

/** Set node n's size (truncate, ftruncate, O_TRUNC). */
export function truncateNode(k: Kernel, n: Node, size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) return -EINVAL;
  return fsOf(n).truncate(k, n, size);
}

/** ftruncate64(fd, length) — number 46 on rv32; the 64-bit length in a1 (low) and a2 (high). */
export function sysFtruncate(k: Kernel, p: ProcState): SysResult {
  const [fd, lo, hi] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const node = targetNode(k, f.target);
  if (!node) return -EINVAL;
  if (!canWrite(f)) return -EINVAL;
  return truncateNode(k, node, hi * 2 ** 32 + (lo >>> 0));
}

/** truncate64(path, length) — number 45 on rv32. */
export function sysTruncate(k: Kernel, p: ProcState): SysResult {
  const [pathAddr, lo, hi] = argsOf(p) as [number, number, number];
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const r = lookupPath(k, p, cwdNode(k, p), path);
  if (typeof r === "number") return r;
  const info = fsOf(r).info(k, p, r);
  if (typeof info === "number") return info;
  if (info.type === "dir") return -EISDIR;
  if (info.type !== "file") return -EINVAL;
  return truncateNode(k, r, hi * 2 ** 32 + (lo >>> 0));
}
