// Links and permission bits: linkat (37), symlinkat (36), readlinkat (78),
// fchmod (52) and fchmodat (53), with Linux's argument checks and errno order.
// The work is done by the file system owning the node (FileSystem.link,
// symlink, readlink, chmod): tmpfs has all four; a disk has none (EPERM; see
// fs-disk.ts for why), procfs none.
//
// Who may chmod: a file's owner or root. Every file belongs to root (the
// kernel keeps no owner per inode: there is one user, see sys-ids.ts), so a
// process whose effective uid is 0 may, any other gets EPERM — as on Linux
// for root's files. The bits are enforced where the kernel checks them:
// exec and access(X_OK) want an execute bit.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EBADF, EEXIST, EFAULT, EINVAL, ENAMETOOLONG, ENOENT, EPERM, EXDEV } from "./errno.js";
import { fdFile } from "./file.js";
import { cwdNode, fsOf, lookupParent, lookupPath, sameFs, targetNode } from "./mount.js";
import type { Node } from "./fs-types.js";
import type { SysResult } from "./result.js";
import { argsOf, readPath } from "./uaccess.js";
import { dirBase } from "./sys-file.js";
import { PATH_MAX } from "./param.js";

const AT_SYMLINK_FOLLOW = 0x400;
const AT_EMPTY_PATH = 0x1000;

const utf8 = new TextEncoder();

/** The directory an *at() call starts from for `path`, or −errno (absolute paths ignore dirfd; "" is ENOENT first, as Linux). */
function baseFor(k: Kernel, p: ProcState, dirfd: number, path: string): Node | number {
  if (path === "") return -ENOENT;
  return path.startsWith("/") ? cwdNode(k, p) : dirBase(k, p, dirfd);
}

/** The parent directory and last name of (dirfd, path) for a new name, or −errno ("." and ".." exist). */
function newName(k: Kernel, p: ProcState, dirfd: number, path: string): { dir: Node; name: string } | number {
  const base = baseFor(k, p, dirfd, path);
  if (typeof base === "number") return base;
  const pr = lookupParent(k, p, base, path);
  if (typeof pr === "number") return pr;
  if (pr.name === "." || pr.name === "..") return -EEXIST;
  if (typeof lookupPath(k, p, pr.dir, pr.name, false) !== "number") return -EEXIST;
  return pr;
}

/** linkat(olddirfd, oldpath, newdirfd, newpath, flags): a hard link; oldpath's own link is linked unless AT_SYMLINK_FOLLOW. */
export function sysLinkat(k: Kernel, p: ProcState): SysResult {
  const [od, op, nd, np, flags] = argsOf(p) as [number, number, number, number, number];
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const oldPath = readPath(k, p, op);
  if (typeof oldPath === "number") return oldPath;
  let old: Node | number;
  if (oldPath === "" && flags & AT_EMPTY_PATH) {
    if (p.posix.creds.euid !== 0) return -ENOENT; // Linux wants CAP_DAC_READ_SEARCH for this
    const f = fdFile(k, p, od);
    if (!f) return -EBADF;
    old = targetNode(k, f.target) ?? -EPERM;
  } else {
    const base = baseFor(k, p, od, oldPath);
    if (typeof base === "number") return base;
    old = lookupPath(k, p, base, oldPath, (flags & AT_SYMLINK_FOLLOW) !== 0);
  }
  if (typeof old === "number") return old;
  const newPath = readPath(k, p, np);
  if (typeof newPath === "number") return newPath;
  const to = newName(k, p, nd, newPath);
  if (typeof to === "number") return to;
  if (!sameFs(old, to.dir)) return -EXDEV;
  const fs = fsOf(to.dir);
  return fs.link ? fs.link(k, old, to.dir, to.name) : -EPERM;
}

/** symlinkat(target, newdirfd, linkpath): the target is stored as given, checked only for length. */
export function sysSymlinkat(k: Kernel, p: ProcState): SysResult {
  const [tp, nd, lp] = argsOf(p) as [number, number, number];
  const target = readPath(k, p, tp); // ENAMETOOLONG past PATH_MAX − 1 bytes, as Linux
  if (typeof target === "number") return target;
  if (target === "") return -ENOENT;
  if (utf8.encode(target).length >= PATH_MAX) return -ENAMETOOLONG; // bytes a guest could not have passed (decoding widened it)
  const linkPath = readPath(k, p, lp);
  if (typeof linkPath === "number") return linkPath;
  const at = newName(k, p, nd, linkPath);
  if (typeof at === "number") return at;
  const fs = fsOf(at.dir);
  const r = fs.symlink ? fs.symlink(k, at.dir, at.name, target) : -EPERM;
  return typeof r === "number" ? r : 0;
}

/** readlinkat(dirfd, path, buf, bufsiz): the target's bytes (cut at bufsiz, no NUL), −EINVAL for a non-link. */
export function sysReadlinkat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, pathAddr, buf, size] = argsOf(p) as [number, number, number, number];
  if (size <= 0) return -EINVAL; // bufsiz is an int on Linux's side too
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const base = baseFor(k, p, dirfd, path);
  if (typeof base === "number") return base;
  const n = lookupPath(k, p, base, path, false);
  if (typeof n === "number") return n;
  const read = fsOf(n).readlink;
  const t = read ? read(k, n) : -EINVAL;
  if (typeof t === "number") return t;
  const bytes = utf8.encode(t).subarray(0, size);
  return k.mem(p).copyOut(buf >>> 0, bytes) ? bytes.length : -EFAULT;
}

/** Set node n's permission bits for p: root only (every file is root's), then the file system. */
function chmodNode(k: Kernel, p: ProcState, n: Node, mode: number): number {
  const info = fsOf(n).info(k, p, n);
  if (typeof info === "number") return info;
  if (p.posix.creds.euid !== 0) return -EPERM;
  const fs = fsOf(n);
  return fs.chmod ? fs.chmod(k, n, mode & 0o7777) : -EPERM;
}

/** fchmodat(dirfd, path, mode): links followed (the rv32 call has no flags argument). */
export function sysFchmodat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, pathAddr, mode] = argsOf(p) as [number, number, number];
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const base = baseFor(k, p, dirfd, path);
  if (typeof base === "number") return base;
  const n = lookupPath(k, p, base, path);
  if (typeof n === "number") return n;
  return chmodNode(k, p, n, mode);
}

/**
 * fchmod(fd, mode). A pipe, terminal, socket or tape opened as such has no node here (its mode
 * is fixed: fstat reports the same bits whatever was asked): accepted for root and changes nothing.
 */
export function sysFchmod(k: Kernel, p: ProcState): SysResult {
  const [fd, mode] = argsOf(p) as [number, number];
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  const n = targetNode(k, f.target);
  if (!n) return p.posix.creds.euid === 0 ? 0 : -EPERM;
  return chmodNode(k, p, n, mode);
}
