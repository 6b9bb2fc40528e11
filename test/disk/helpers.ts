// Shared helpers of the disk tests: a bare kernel with a disk mounted on /mnt
// (in memory or on a fresh host directory), and system calls by number.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";
import { mountDisk } from "../../kernel/mount.js";
import type { HostDir } from "../../devices/disk/dir.js";
import { MemoryDir } from "../../devices/disk/memory-dir.js";
import { NodeHostDir } from "../../devices/disk/host-dir.js";
import { SCRATCH, bareKernel, call } from "../kernel/helpers.js";

export const SYS = {
  getcwd: 17, mkdirat: 34, unlinkat: 35, renameat: 38, truncate: 45, ftruncate: 46, chdir: 49, openat: 56,
  close: 57, getdents64: 61, llseek: 62, read: 63, write: 64, newfstatat: 79, fstat: 80, execve: 221, renameat2: 276,
} as const;
export const AT_FDCWD = -100;
export const O = { RDONLY: 0, WRONLY: 1, RDWR: 2, CREAT: 0o100, EXCL: 0o200, TRUNC: 0o1000, APPEND: 0o2000, DIRECTORY: 0o200000, NOFOLLOW: 0o400000 };
/** Where read(2) puts its bytes in these tests. */
export const BUF = SCRATCH + 0x100;

/** A fresh temporary host directory; `done` removes it. */
export function tempDir(prefix = "cryobox-disk-"): { path: string; done: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, done: () => rmSync(path, { recursive: true, force: true }) };
}

export type DiskKind = "memory" | "host";

/** A bare kernel (pid 1, hand-made calls) with `dir` mounted on /mnt. */
export function kernelWithDisk(kind: DiskKind): { k: Kernel; p: ProcState; dir: HostDir; hostPath: string | null; done: () => void } {
  const { k, p } = bareKernel();
  if (kind === "memory") {
    const dir = new MemoryDir("mem");
    mountDisk(k, "/mnt", dir);
    return { k, p, dir, hostPath: null, done: () => {} };
  }
  const t = tempDir();
  const dir = new NodeHostDir(t.path);
  mountDisk(k, "/mnt", dir);
  return { k, p, dir, hostPath: t.path, done: t.done };
}

/** A system call that must not block: its result. */
export function sys(k: Kernel, p: ProcState, num: number, ...args: (number | string)[]): number {
  const r = call(k, p, num, ...args);
  if (typeof r !== "number") throw new Error(`syscall ${num} ${r}`);
  return r;
}

export function openAt(k: Kernel, p: ProcState, path: string, flags: number, mode = 0o644): number {
  return sys(k, p, SYS.openat, AT_FDCWD, path, flags, mode);
}

export function writeStr(k: Kernel, p: ProcState, fd: number, text: string): number {
  const b = new TextEncoder().encode(text);
  k.mem(p).poke(BUF, b);
  return sys(k, p, SYS.write, fd, BUF, b.length);
}

export function readStr(k: Kernel, p: ProcState, fd: number, max = 4096): string | number {
  const n = sys(k, p, SYS.read, fd, BUF, max);
  if (n < 0) return n;
  return new TextDecoder().decode(k.mem(p).copyIn(BUF, n)!);
}

export function lseek(k: Kernel, p: ProcState, fd: number, off: number, whence: number): number {
  const r = sys(k, p, SYS.llseek, fd, Math.floor(off / 2 ** 32), off >>> 0, BUF + 0x800, whence);
  if (r < 0) return r;
  return Number(new DataView(k.mem(p).copyIn(BUF + 0x800, 8)!.buffer).getBigUint64(0, true));
}

/** getdents64 of an open directory: the names, in order. */
export function listFd(k: Kernel, p: ProcState, fd: number): string[] | number {
  const names: string[] = [];
  for (;;) {
    const n = sys(k, p, SYS.getdents64, fd, BUF, 4096);
    if (n < 0) return n;
    if (n === 0) return names;
    const b = k.mem(p).copyIn(BUF, n)!;
    const dv = new DataView(b.buffer, b.byteOffset);
    for (let at = 0; at < n; at += dv.getUint16(at + 16, true)) {
      let end = at + 19;
      while (b[end] !== 0) end++;
      names.push(new TextDecoder().decode(b.subarray(at + 19, end)));
    }
  }
}

/** stat(2) of a path: [mode, size] or −errno. */
export function statPath(k: Kernel, p: ProcState, path: string): { mode: number; size: number; ino: number } | number {
  const r = sys(k, p, SYS.newfstatat, AT_FDCWD, path, BUF + 0x400, 0);
  if (r < 0) return r;
  const dv = new DataView(k.mem(p).copyIn(BUF + 0x400, 128)!.buffer);
  return { mode: dv.getUint32(16, true), size: Number(dv.getBigInt64(48, true)), ino: Number(dv.getBigUint64(8, true)) };
}

export function getcwd(k: Kernel, p: ProcState): string | number {
  const n = sys(k, p, SYS.getcwd, BUF, 4096);
  if (n < 0) return n;
  return new TextDecoder().decode(k.mem(p).copyIn(BUF, n - 1)!);
}
