// statfs64 / fstatfs64: what each file system says of its space, in Linux's
// struct statfs64 (rv32: 88 bytes; a different size is EINVAL, as Linux).
//
//   tmpfs  TMPFS_MAGIC: blocks and free blocks of the tmpfs limit from the real
//          accounting (kernel/tmpfs-space.ts: 4 KiB blocks that files hold),
//          inodes from the inode table (NINODE).
//   /proc  PROC_SUPER_MAGIC, no blocks, no inodes (df leaves it out).
//   disk   a host directory (docs/disk.md). Its space is the host's, outside
//          the machine: feeding the host's free space to the guest would make
//          two runs of one machine differ, so the figures are 0 (unknown, as
//          some network file systems say) and df leaves it out unless asked.
//          f_type V9FS_MAGIC: a host directory shared into the machine is
//          what QEMU's -virtfs (9p) is. ST_SYNCHRONOUS: every write reaches
//          the host file at once.
//   pipes  PIPEFS_MAGIC; sockets SOCKFS_MAGIC; a FIFO's end: tmpfs (its inode's);
//          terminals, tape, null and zero: their nodes in /dev (tmpfs).

import type { Kernel } from "./kernel.js";
import type { FileTarget, ProcState } from "./state.js";
import { EBADF, EFAULT, EINVAL } from "./errno.js";
import { NAME_MAX, NINODE } from "./param.js";
import { cwdNode, lookupPath, targetNode } from "./mount.js";
import type { Node } from "./fs-types.js";
import { tmpfsUsage } from "./tmpfs-space.js";
import { dirBase, AT_FDCWD } from "./sys-file.js";
import { fdFile } from "./file.js";
import type { SysResult } from "./result.js";
import { argsOf, readPath } from "./uaccess.js";

export const TMPFS_MAGIC = 0x01021994;
export const PROC_SUPER_MAGIC = 0x9fa0;
export const V9FS_MAGIC = 0x01021997;
export const PIPEFS_MAGIC = 0x50495045;
export const SOCKFS_MAGIC = 0x534f434b;
export const STATFS64_SIZE = 88;

const ST_VALID = 0x20;
const ST_NOSUID = 2;
const ST_NODEV = 4;
const ST_NOEXEC = 8;
const ST_SYNCHRONOUS = 16;
const BSIZE = 4096;

/** One file system's figures (counts in BSIZE blocks). */
export interface FsStat {
  type: number;
  blocks: number;
  bfree: number;
  files: number;
  ffree: number;
  fsid: number;
  flags: number;
}

/** tmpfs's figures from the kernel's own accounting. */
export function tmpfsStat(k: Kernel): FsStat {
  const u = tmpfsUsage(k);
  const blocks = Math.floor(u.limit / BSIZE);
  const used = Math.ceil(u.used / BSIZE);
  return { type: TMPFS_MAGIC, blocks, bfree: Math.max(0, blocks - used), files: NINODE, ffree: Math.max(0, NINODE - k.state.inodes.size), fsid: 0, flags: ST_VALID };
}

const procStat = (): FsStat => ({ type: PROC_SUPER_MAGIC, blocks: 0, bfree: 0, files: 0, ffree: 0, fsid: 0, flags: ST_VALID | ST_NOSUID | ST_NODEV | ST_NOEXEC });

/** The figures of the file system holding node n. */
export function nodeFsStat(k: Kernel, n: Node): FsStat {
  if (n.fs === "tmpfs") return tmpfsStat(k);
  if (n.fs === "proc") return procStat();
  const m = k.state.inodes.get(n.at)?.mount;
  const dev = m && m.kind === "disk" ? m.dev : 0;
  return { type: V9FS_MAGIC, blocks: 0, bfree: 0, files: 0, ffree: 0, fsid: dev + 1, flags: ST_VALID | ST_SYNCHRONOUS };
}

function targetFsStat(k: Kernel, t: FileTarget): FsStat {
  const n = targetNode(k, t);
  if (n) return nodeFsStat(k, n);
  const pseudo = (type: number): FsStat => ({ type, blocks: 0, bfree: 0, files: 0, ffree: 0, fsid: 0, flags: ST_VALID });
  switch (t.kind) {
    case "pipeRead":
    case "pipeWrite":
      return k.state.pipes.get(t.pipe)?.fifo ? tmpfsStat(k) : pseudo(PIPEFS_MAGIC);
    case "socket":
      return pseudo(SOCKFS_MAGIC);
    case "host":
      return pseudo(PIPEFS_MAGIC); // a host stdio stream (runSingleProcess): a pipe as far as the program knows
    default:
      return tmpfsStat(k); // a node in /dev
  }
}

/** struct statfs64 (rv32). */
export function statfsBytes(s: FsStat): Uint8Array {
  const b = new Uint8Array(STATFS64_SIZE);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, s.type, true);
  dv.setUint32(4, BSIZE, true); // f_bsize
  dv.setBigUint64(8, BigInt(s.blocks), true);
  dv.setBigUint64(16, BigInt(s.bfree), true);
  dv.setBigUint64(24, BigInt(s.bfree), true); // f_bavail: nothing is reserved for root
  dv.setBigUint64(32, BigInt(s.files), true);
  dv.setBigUint64(40, BigInt(s.ffree), true);
  dv.setUint32(48, s.fsid, true);
  dv.setUint32(56, NAME_MAX, true); // f_namelen
  dv.setUint32(60, BSIZE, true); // f_frsize
  dv.setUint32(64, s.flags, true);
  return b;
}

function put(k: Kernel, p: ProcState, addr: number, s: FsStat): SysResult {
  return k.mem(p).copyOut(addr >>> 0, statfsBytes(s)) ? 0 : -EFAULT;
}

/** statfs64(path, sz, buf). */
export function sysStatfs64(k: Kernel, p: ProcState): SysResult {
  const [pathAddr, sz, buf] = argsOf(p) as [number, number, number];
  if (sz !== STATFS64_SIZE) return -EINVAL; // checked first, as Linux
  const path = readPath(k, p, pathAddr);
  if (typeof path === "number") return path;
  const base = path.startsWith("/") ? cwdNode(k, p) : dirBase(k, p, AT_FDCWD);
  if (typeof base === "number") return base;
  const n = lookupPath(k, p, base, path);
  if (typeof n === "number") return n;
  return put(k, p, buf, nodeFsStat(k, n));
}

/** fstatfs64(fd, sz, buf). */
export function sysFstatfs64(k: Kernel, p: ProcState): SysResult {
  const [fd, sz, buf] = argsOf(p) as [number, number, number];
  if (sz !== STATFS64_SIZE) return -EINVAL;
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  return put(k, p, buf, targetFsStat(k, f.target));
}
