// Argument checking helpers for system calls ("we don't trust user code"):
// reading paths, strings and vectors from user memory, validating fds.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { PAGE_SIZE, PROT_WRITE } from "../cpu/memory.js";
import { E2BIG, EFAULT, ENAMETOOLONG } from "./errno.js";
import { MAX_ARG_BYTES, MAX_ARGS, PATH_MAX } from "./param.js";

/** The syscall arguments a0..a5 as signed 32-bit values. */
export function argsOf(p: ProcState): number[] {
  const x = p.hart.x;
  return [x[10]!, x[11]!, x[12]!, x[13]!, x[14]!, x[15]!];
}

/** A NUL-terminated path from user memory, or −EFAULT/−ENAMETOOLONG. */
export function readPath(k: Kernel, p: ProcState, addr: number): string | number {
  const s = k.mem(p).readCString(addr >>> 0, PATH_MAX);
  if (s === "fault") return -EFAULT;
  if (s === "toolong") return -ENAMETOOLONG;
  return s;
}

/** A NULL-terminated vector of strings (argv, envp); null pointer = empty. */
export function readStringVector(k: Kernel, p: ProcState, addr: number, budget: { bytes: number }): string[] | number {
  const out: string[] = [];
  if (addr === 0) return out;
  const mem = k.mem(p);
  for (let i = 0; ; i++) {
    if (i >= MAX_ARGS) return -E2BIG;
    const ptr = mem.load32((addr + 4 * i) >>> 0);
    if (ptr === null) return -EFAULT;
    if (ptr === 0) return out;
    const s = mem.readCString(ptr >>> 0, MAX_ARG_BYTES);
    if (s === "fault") return -EFAULT;
    if (s === "toolong") return -E2BIG;
    budget.bytes += s.length + 1;
    if (budget.bytes > MAX_ARG_BYTES) return -E2BIG;
    out.push(s);
  }
}

/** Is [addr, addr+len) writable by the user? (checked before consuming input, so nothing is lost on EFAULT) */
export function userWritable(k: Kernel, p: ProcState, addr: number, len: number): boolean {
  if (len === 0) return true;
  const a = addr >>> 0;
  if (a + len > 2 ** 32) return false;
  const mem = k.mem(p);
  for (let vpn = Math.floor(a / PAGE_SIZE); vpn <= Math.floor((a + len - 1) / PAGE_SIZE); vpn++) {
    if ((mem.permOf(vpn) & PROT_WRITE) === 0) return false;
  }
  return true;
}

/** Little-endian 32-bit words as bytes. */
export function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(4 * ws.length);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  return b;
}
