// File-descriptor system calls: openat, close, read/write/readv/writev,
// llseek, pipe2, dup/dup3, fcntl, ioctl, getdents64. Arguments are checked
// here; the work is in file.ts, pipe.ts, tty.ts, tape.ts, and for files the
// mount layer (mount.ts) and the file system owning the node.

import { fcntlLock, releaseLocks } from "./locks.js";
import type { Kernel } from "./kernel.js";
import type { DevKind, FileTarget, OpenFile, ProcState } from "./state.js";
import {
  EBADF, EBUSY, EEXIST, EFAULT, EINVAL, EISDIR, ELOOP, EMFILE, ENFILE, ENODEV, ENOENT, ENOTDIR, ENOTTY, ENXIO, ESPIPE, EACCES,
} from "./errno.js";
import { MAX_IO, NOFILE, NPIPE } from "./param.js";
import {
  O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOCTTY, O_NONBLOCK, O_RDONLY, O_TRUNC, SETFL_MASK,
  allocFile, canWrite, fdAlloc, fdFile, fileClose, fileDup, fileRead, fileWrite,
} from "./file.js";
import { cwdNode, fsOf, lookupParent, lookupPath, nodeTarget, targetNode } from "./mount.js";
import { walkCreate } from "./namei.js";
import type { Node } from "./fs-types.js";
import { truncateNode } from "./sys-fs.js";
import { acquireCtty, ttyIoctl } from "./tty.js";
import { tapeIoctl } from "./tape.js";
import { isBlock, type SysResult } from "./result.js";
import { argsOf, readPath, userWritable } from "./uaccess.js";
import { nextFreeId } from "./ids.js";
import { fifoOpen } from "./fifo.js";

export const AT_FDCWD = -100;
const O_NOFOLLOW = 0o400000;

/** The directory a *at() call starts from, or −errno. */
export function dirBase(k: Kernel, p: ProcState, dirfd: number): Node | number {
  if (dirfd === AT_FDCWD) return cwdNode(k, p);
  const f = fdFile(k, p, dirfd);
  if (!f) return -EBADF;
  const n = targetNode(k, f.target);
  if (!n) return -ENOTDIR;
  const info = fsOf(n).info(k, p, n);
  if (typeof info === "number" || info.type !== "dir") return -ENOTDIR;
  return n;
}

/** The open-file target for device node kind `dev`, or −errno. */
function deviceTarget(k: Kernel, p: ProcState, dev: DevKind, unit: number): FileTarget | number {
  switch (dev) {
    case "tty":
      return unit < k.state.ttys.length ? { kind: "tty", n: unit } : -ENXIO;
    case "console":
      return k.state.ttys.length > 0 ? { kind: "tty", n: 0 } : -ENXIO;
    case "ctty":
      return p.ctty >= 0 ? { kind: "tty", n: p.ctty } : -ENXIO;
    case "null":
      return { kind: "null" };
    case "zero":
      return { kind: "zero" };
    case "tape":
    case "ntape": {
      const d = k.state.drives[unit];
      if (!d) return -ENXIO;
      if (d.openCount > 0) return -EBUSY;
      return { kind: "tape", unit, rewind: dev === "tape" };
    }
    default:
      return -ENXIO; // Linux: a device node no driver serves (mknod of an unknown major)
  }
}

/** openat(dirfd, path, flags, mode). */
export function sysOpenat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, pathAddr, flags, mode] = argsOf(p) as [number, number, number, number];
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const base = path.startsWith("/") ? cwdNode(k, p) : dirBase(k, p, dirfd);
  if (typeof base === "number") return base;
  const acc = flags & O_ACCMODE;
  if (acc === 3) return -EINVAL;
  let target: FileTarget;
  const excl = (flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0;
  let r = lookupPath(k, p, base, path, (flags & O_NOFOLLOW) === 0 && !excl); // O_EXCL: a link, even dangling, exists
  let created = false;
  if (r === -ENOENT && (flags & O_CREAT)) {
    const pr = excl ? lookupParent(k, p, base, path) : walkCreate(k, p, base, path); // a dangling link: create its target
    if (typeof pr === "number") return pr;
    r = fsOf(pr.dir).create(k, pr.dir, pr.name, "file", mode & ~p.umask);
    created = true;
  } else if (typeof r !== "number" && (flags & O_CREAT) && (flags & O_EXCL)) return -EEXIST;
  if (typeof r === "number") return r;
  const info = fsOf(r).info(k, p, r);
  if (typeof info === "number") return info;
  if (info.type === "symlink") return -ELOOP; // O_NOFOLLOW met a link
  if ((flags & O_DIRECTORY) && info.type !== "dir") return -ENOTDIR;
  if (info.type === "dir") {
    if (acc !== O_RDONLY || (flags & O_CREAT)) return -EISDIR;
    target = nodeTarget(r);
  } else if (info.type === "sock") {
    return -ENXIO; // Linux: a socket file is reached by connect, not open
  } else if (info.type === "fifo") {
    const n = r.fs === "tmpfs" ? k.state.inodes.get(r.ino) : undefined;
    return n ? fifoOpen(k, p, n, flags) : -ENXIO; // a named pipe (kernel/fifo.ts): may wait for its partner
  } else if (info.type === "chr") {
    const t = deviceTarget(k, p, info.dev, info.unit);
    if (typeof t === "number") return t;
    target = t;
  } else {
    if (r.fs === "proc" && acc !== O_RDONLY) return -EACCES;
    if ((flags & O_TRUNC) && acc !== O_RDONLY && !created) {
      const t = truncateNode(k, r, 0);
      if (t < 0) return t;
    }
    target = nodeTarget(r);
  }
  const id = allocFile(k, target, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
  if (id < 0) return id;
  const fd = fdAlloc(p, id, 0, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) {
    fileClose(k, id);
    return fd;
  }
  if (target.kind === "tty" && !(flags & O_NOCTTY) && p.pid === p.sid && p.ctty < 0 && k.state.ttys[target.n]!.sid < 0) {
    acquireCtty(k, p, target.n, false);
  }
  return fd;
}

/** close(fd). */
export function sysClose(k: Kernel, p: ProcState): SysResult {
  const fd = argsOf(p)[0]!;
  if (!fdFile(k, p, fd)) return -EBADF;
  const slot = p.fds[fd]!;
  const id = slot.file;
  releaseLocks(k, p, fdFile(k, p, fd)); // POSIX: closing any descriptor of a file drops the process's locks on it
  slot.file = -1;
  slot.cloexec = false;
  fileClose(k, id);
  return 0;
}

/** Read into user memory at buf: bytes read, −errno or a Block. */
function readInto(k: Kernel, p: ProcState, f: OpenFile, buf: number, len: number): SysResult {
  if (!userWritable(k, p, buf, len)) return -EFAULT;
  const r = fileRead(k, p, f, len);
  if (typeof r === "number" || isBlock(r)) return r;
  k.mem(p).copyOut(buf >>> 0, r);
  return r.length;
}

/** read(fd, buf, count). */
export function sysRead(k: Kernel, p: ProcState): SysResult {
  const [fd, buf, count] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  if (count < 0) return -EINVAL;
  return readInto(k, p, f, buf, Math.min(count, MAX_IO));
}

/** write(fd, buf, count). */
export function sysWrite(k: Kernel, p: ProcState): SysResult {
  const [fd, buf, count] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  if (count < 0) return -EINVAL;
  const data = k.mem(p).copyIn(buf >>> 0, Math.min(count, MAX_IO));
  if (!data) return -EFAULT;
  return fileWrite(k, p, f, data);
}

/** The (base, len) pairs of an iovec array, or −errno. */
function readIov(k: Kernel, p: ProcState, iov: number, cnt: number): [number, number][] | number {
  if (cnt < 0 || cnt > 1024) return -EINVAL;
  const b = k.mem(p).copyIn(iov >>> 0, 8 * cnt);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer);
  const out: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < cnt; i++) {
    const len = dv.getInt32(8 * i + 4, true);
    if (len < 0) return -EINVAL;
    total += len;
    if (total > MAX_IO) return -EINVAL;
    out.push([dv.getUint32(8 * i, true), len]);
  }
  return out;
}

/** readv(fd, iov, iovcnt): one read, scattered. */
export function sysReadv(k: Kernel, p: ProcState): SysResult {
  const [fd, iov, cnt] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const vec = readIov(k, p, iov, cnt);
  if (typeof vec === "number") return vec;
  for (const [base, len] of vec) if (!userWritable(k, p, base, len)) return -EFAULT;
  const total = vec.reduce((n, [, len]) => n + len, 0);
  const r = fileRead(k, p, f, total);
  if (typeof r === "number" || isBlock(r)) return r;
  let done = 0;
  for (const [base, len] of vec) {
    if (done >= r.length) break;
    const part = r.subarray(done, done + len);
    k.mem(p).copyOut(base, part);
    done += part.length;
  }
  return r.length;
}

/** writev(fd, iov, iovcnt): gathered into one write. */
export function sysWritev(k: Kernel, p: ProcState): SysResult {
  const [fd, iov, cnt] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const vec = readIov(k, p, iov, cnt);
  if (typeof vec === "number") return vec;
  const total = vec.reduce((n, [, len]) => n + len, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const [base, len] of vec) {
    const part = k.mem(p).copyIn(base, len);
    if (!part) return -EFAULT;
    data.set(part, at);
    at += len;
  }
  return fileWrite(k, p, f, data);
}

/** The new offset for lseek, or −errno. */
function seek(k: Kernel, p: ProcState, f: OpenFile, off: number, whence: number): number {
  const t = f.target;
  const node = targetNode(k, t);
  if (!node) return t.kind === "null" || t.kind === "zero" ? 0 : -ESPIPE;
  let size = 0;
  if (whence === 2) {
    const info = fsOf(node).info(k, p, node);
    if (typeof info === "number") return info;
    size = info.size;
  }
  let next: number;
  if (whence === 0) next = off;
  else if (whence === 1) next = f.offset + off;
  else if (whence === 2) next = size + off;
  else return -EINVAL;
  if (next < 0 || !Number.isSafeInteger(next)) return -EINVAL;
  f.offset = next;
  return next;
}

/** llseek(fd, offset_hi, offset_lo, loff_t *result, whence) — number 62 on rv32. */
export function sysLlseek(k: Kernel, p: ProcState): SysResult {
  const [fd, hi, lo, result, whence] = argsOf(p) as [number, number, number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const r = seek(k, p, f, hi * 2 ** 32 + (lo >>> 0), whence);
  if (r < 0) return r;
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(r), true);
  return k.mem(p).copyOut(result >>> 0, b) ? 0 : -EFAULT;
}

/** pipe2(fds, flags). */
export function sysPipe2(k: Kernel, p: ProcState): SysResult {
  const [fdsAddr, flags] = argsOf(p) as [number, number];
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  const s = k.state;
  if (s.pipes.size >= NPIPE) return -ENFILE;
  if (p.fds.filter((f) => f.file < 0).length < 2) return -EMFILE;
  if (!userWritable(k, p, fdsAddr, 8)) return -EFAULT;
  const { id, next } = nextFreeId(s.nextPipe, 1, s.pipes); // wraps at 2^32 − 1, skips pipes in use
  s.nextPipe = next;
  s.pipes.set(id, { id, buf: new Uint8Array(0), readers: 0, writers: 0, fifo: 0 });
  const nb = flags & O_NONBLOCK;
  const rf = allocFile(k, { kind: "pipeRead", pipe: id }, O_RDONLY | nb);
  if (rf < 0) {
    s.pipes.delete(id);
    return rf;
  }
  const wf = allocFile(k, { kind: "pipeWrite", pipe: id }, 1 | nb);
  if (wf < 0) {
    fileClose(k, rf);
    return wf;
  }
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const r = fdAlloc(p, rf, 0, cloexec);
  const w = fdAlloc(p, wf, 0, cloexec);
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, r, true);
  dv.setInt32(4, w, true);
  k.mem(p).copyOut(fdsAddr >>> 0, b);
  return 0;
}

/** dup(fd). */
export function sysDup(k: Kernel, p: ProcState): SysResult {
  const fd = argsOf(p)[0]!;
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const nfd = fdAlloc(p, f.id);
  if (nfd >= 0) fileDup(k, f.id);
  return nfd;
}

/** dup3(old, new, flags). */
export function sysDup3(k: Kernel, p: ProcState): SysResult {
  const [oldfd, newfd, flags] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, oldfd);
  if (!f) return -EBADF;
  if (flags & ~O_CLOEXEC) return -EINVAL;
  if (oldfd === newfd) return -EINVAL;
  if (newfd < 0 || newfd >= NOFILE) return -EBADF;
  const slot = p.fds[newfd]!;
  fileDup(k, f.id);
  if (slot.file >= 0) fileClose(k, slot.file);
  slot.file = f.id;
  slot.cloexec = (flags & O_CLOEXEC) !== 0;
  return newfd;
}

/** fcntl / fcntl64(fd, cmd, arg). */
export function sysFcntl(k: Kernel, p: ProcState): SysResult {
  const [fd, cmd, arg] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  switch (cmd) {
    case 0: // F_DUPFD
    case 1030: { // F_DUPFD_CLOEXEC
      if (arg < 0 || arg >= NOFILE) return -EINVAL;
      const nfd = fdAlloc(p, f.id, arg, cmd === 1030);
      if (nfd >= 0) fileDup(k, f.id);
      return nfd;
    }
    case 1: // F_GETFD
      return p.fds[fd]!.cloexec ? 1 : 0;
    case 2: // F_SETFD
      p.fds[fd]!.cloexec = (arg & 1) !== 0;
      return 0;
    case 3: // F_GETFL
      return f.flags;
    case 4: // F_SETFL
      f.flags = (f.flags & ~SETFL_MASK) | (arg & SETFL_MASK);
      return 0;
    case 5: case 6: case 7: case 12: case 13: case 14: // F_GETLK, F_SETLK, F_SETLKW (and 64-bit)
      return fcntlLock(k, p, f, cmd, arg);
    default:
      return -EINVAL;
  }
}

/** ioctl(fd, request, arg): terminals and tapes; FIONREAD on pipes. */
export function sysIoctl(k: Kernel, p: ProcState): SysResult {
  const [fd, req, arg] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const t = f.target;
  if (t.kind === "tty") return ttyIoctl(k, p, t.n, req >>> 0, arg >>> 0);
  if (t.kind === "tape") return tapeIoctl(k, p, t.unit, req >>> 0, arg >>> 0);
  if (req === 0x541b && (t.kind === "pipeRead" || t.kind === "pipeWrite")) {
    const n = k.state.pipes.get(t.pipe)?.buf.length ?? 0;
    return k.mem(p).store32(arg >>> 0, n) ? 0 : -EFAULT;
  }
  return -ENOTTY;
}

/** getdents64(fd, buf, count): linux_dirent64 records; the file offset is the entry index. */
export function sysGetdents64(k: Kernel, p: ProcState): SysResult {
  const [fd, buf, count] = argsOf(p) as [number, number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const node = targetNode(k, f.target);
  if (!node) return -ENOTDIR;
  const entries = fsOf(node).entries(k, p, node);
  if (typeof entries === "number") return entries;
  if (count < 0) return -EINVAL;
  const out = new Uint8Array(Math.min(count, 65536));
  const dv = new DataView(out.buffer);
  const enc = new TextEncoder();
  let used = 0;
  let idx = f.offset;
  while (idx < entries.length) {
    const [name, type, ino] = entries[idx]!;
    const nb = enc.encode(name);
    const reclen = (19 + nb.length + 1 + 7) & ~7;
    if (used + reclen > out.length) {
      if (used === 0) return -EINVAL;
      break;
    }
    dv.setBigUint64(used, BigInt(ino), true);
    dv.setBigInt64(used + 8, BigInt(idx + 1), true);
    dv.setUint16(used + 16, reclen, true);
    out[used + 18] = type;
    out.set(nb, used + 19);
    used += reclen;
    idx++;
  }
  if (!k.mem(p).copyOut(buf >>> 0, out.subarray(0, used))) return -EFAULT;
  f.offset = idx;
  return used;
}

export { canWrite };
