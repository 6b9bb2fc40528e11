// mknodat(dirfd, path, mode, dev): make a FIFO, a regular file, a socket file
// or (root only) a character device node, with Linux's order of checks
// (fs/namei.c do_mknodat): the type first (a directory is EPERM, an unknown
// type EINVAL), then the path (ENOENT, EEXIST), then the privilege for devices.
//
// Devices: cryobox has the character devices of /dev only. A node made for one
// of them (null 1:3, zero 1:5, tty 5:0, console 5:1, ttyN 4:N, rmtN 9:N, nrmtN
// 9:N+128) works like the one in /dev; any other major/minor makes a node that
// stat shows with its numbers and that open refuses with ENXIO, as Linux does for a
// device no driver serves. Block devices: there are none and no inode kind
// for them, so S_IFBLK is EPERM even for root (what Linux says to a process
// without CAP_MKNOD). Only tmpfs holds these nodes: a disk (a host directory)
// and /proc refuse with EPERM, as a Linux file system without mknod does.

import type { Kernel } from "./kernel.js";
import type { DevKind, ProcState } from "./state.js";
import { EINVAL, EPERM } from "./errno.js";
import { cwdNode, fsOf, lookupParent } from "./mount.js";
import { createIn } from "./vfs.js";
import { dirBase } from "./sys-file.js";
import type { SysResult } from "./result.js";
import { argsOf, readPath } from "./uaccess.js";
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK } from "./fs-types.js";

/** The device kind and unit a character node of (major, minor) opens; "none" when cryobox has no such device. */
export function deviceOf(major: number, minor: number): { dev: DevKind; unit: number } {
  if (major === 1 && minor === 3) return { dev: "null", unit: 0 };
  if (major === 1 && minor === 5) return { dev: "zero", unit: 0 };
  if (major === 5 && minor === 0) return { dev: "ctty", unit: 0 };
  if (major === 5 && minor === 1) return { dev: "console", unit: 0 };
  if (major === 4) return { dev: "tty", unit: minor };
  if (major === 9) return minor < 128 ? { dev: "tape", unit: minor } : { dev: "ntape", unit: minor - 128 };
  return { dev: "none", unit: ((major << 20) | minor) >>> 0 }; // kept for stat's st_rdev (major 12 bits, minor 20)
}

/** mknodat(dirfd, path, mode, dev). */
export function sysMknodat(k: Kernel, p: ProcState): SysResult {
  const [dirfd, pathAddr, mode, dev] = argsOf(p) as [number, number, number, number];
  const type = mode & S_IFMT;
  if (type === S_IFDIR) return -EPERM;
  if (![0, S_IFREG, S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK].includes(type)) return -EINVAL;
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const base = path.startsWith("/") ? cwdNode(k, p) : dirBase(k, p, dirfd);
  if (typeof base === "number") return base;
  const pr = lookupParent(k, p, base, path);
  if (typeof pr === "number") return pr;
  if (pr.name === "." || pr.name === "..") return -17; // EEXIST
  const perm = mode & ~p.umask & 0o7777;
  if (type === 0 || type === S_IFREG) {
    const n = fsOf(pr.dir).create(k, pr.dir, pr.name, "file", perm);
    return typeof n === "number" ? n : 0;
  }
  const exists = fsOf(pr.dir).lookup(k, p, pr.dir, pr.name);
  if (typeof exists !== "number") return -17; // EEXIST, before the privilege check (Linux)
  if ((type === S_IFCHR || type === S_IFBLK) && p.posix.creds.euid !== 0) return -EPERM;
  if (type === S_IFBLK) return -EPERM; // no block devices here (see the header)
  if (pr.dir.fs !== "tmpfs") return -EPERM; // a disk or /proc: no special files
  const dirNode = k.state.inodes.get(pr.dir.ino);
  if (!dirNode) return -EPERM;
  const n = createIn(k, dirNode, pr.name, type === S_IFIFO ? "fifo" : type === S_IFSOCK ? "sock" : "chr", perm);
  if (typeof n === "number") return n;
  if (type === S_IFCHR) {
    // Linux new_decode_dev of a 32-bit dev_t: major in bits 8..19, minor in 0..7 and 20..31.
    const d = deviceOf((dev >>> 8) & 0xfff, (dev & 0xff) | ((dev >>> 12) & 0xfff00));
    n.dev = d.dev;
    n.unit = d.unit;
  }
  return 0;
}
