// System information and housekeeping calls: sysinfo (uptime, load, memory,
// processes), sethostname (uname's nodename, machine state), sync and syncfs.
//
// Memory is the machine's own accounting (cpu/page-store.ts): the RAM is the
// memory limit, the free RAM the pages that may still be allocated before it.
// There are no buffers, page cache or swap (0). tmpfs files are outside that
// limit, under their own (kernel/tmpfs-space.ts; statfs and df show them).
//
// sync/syncfs: nothing is cached inside the machine. tmpfs is memory (a
// checkpoint saves it); a disk's writes go to the host file at the write
// (kernel/fs-disk.ts), so by the time write(2) returns the bytes have left the
// machine, which is all sync promises about the machine's own caches. sync does
// not make the host flush its page cache to its disk (no host fsync): a guest
// looping on sync would otherwise decide how often the host's disk is flushed.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EBADF, EFAULT, EINVAL, EPERM } from "./errno.js";
import { TICKS_PER_SECOND } from "./param.js";
import { PAGE_SIZE } from "../cpu/memory.js";
import { FSHIFT } from "./loadavg.js";
import { HOST_NAME_MAX } from "./sysinfo-state.js";
import { fdFile } from "./file.js";
import type { SysResult } from "./result.js";
import { argsOf } from "./uaccess.js";

/** Seconds since boot, rounded up as Linux's sysinfo does (a part of a second counts). */
export function uptimeSeconds(k: Kernel): number {
  return Math.ceil(k.state.clock / TICKS_PER_SECOND);
}

/** RAM in pages: the memory limit, and what may still be allocated. */
export function memoryPages(k: Kernel): { total: number; free: number } {
  const total = Math.floor(k.config.memoryLimit / PAGE_SIZE);
  return { total, free: Math.min(total, k.pageStore.free) };
}

/** sysinfo(info): struct sysinfo, rv32 layout (64 bytes). */
export function sysSysinfo(k: Kernel, p: ProcState): SysResult {
  const s = k.state;
  const b = new Uint8Array(64);
  const dv = new DataView(b.buffer);
  const { total, free } = memoryPages(k);
  // Linux: sizes in bytes (mem_unit 1) when they fit an unsigned long, else in pages.
  const unit = total * PAGE_SIZE < 2 ** 32 ? 1 : PAGE_SIZE;
  const scale = PAGE_SIZE / unit;
  dv.setUint32(0, Math.min(uptimeSeconds(k), 0x7fffffff), true);
  [s.load1, s.load5, s.load15].forEach((l, i) => dv.setUint32(4 + 4 * i, (l << (16 - FSHIFT)) >>> 0, true));
  dv.setUint32(16, total * scale, true); // totalram
  dv.setUint32(20, free * scale, true); // freeram
  // sharedram, bufferram, totalswap, freeswap: none
  dv.setUint16(40, Math.min(s.procs.size, 0xffff), true); // procs
  dv.setUint32(52, unit, true); // mem_unit
  return k.mem(p).copyOut(argsOf(p)[0]! >>> 0, b) ? 0 : -EFAULT;
}

/** sethostname(name, len): root only; at most 64 bytes; kept up to a NUL, as uname will show it. */
export function sysSethostname(k: Kernel, p: ProcState): SysResult {
  const [addr, len] = argsOf(p) as [number, number];
  if (p.posix.creds.euid !== 0) return -EPERM;
  if (len < 0 || len > HOST_NAME_MAX) return -EINVAL;
  const bytes = k.mem(p).copyIn(addr >>> 0, len);
  if (!bytes) return -EFAULT;
  const nul = bytes.indexOf(0);
  k.state.hostname = bytes.slice(0, nul < 0 ? len : nul);
  return 0;
}

/** sync(): nothing is held back inside the machine (see the header). */
export function sysSync(): SysResult {
  return 0;
}

/** syncfs(fd): as sync, for the file system of fd (which must be open). */
export function sysSyncfs(k: Kernel, p: ProcState): SysResult {
  return fdFile(k, p, argsOf(p)[0]!) ? 0 : -EBADF;
}
