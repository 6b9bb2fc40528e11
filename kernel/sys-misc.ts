// Time, identity and randomness system calls: clock_gettime (virtual time),
// nanosleep/clock_nanosleep (a timer record + a sleep that re-runs), uname,
// getrandom (deterministic), umask.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EFAULT, EINVAL } from "./errno.js";
import { TICKS_PER_SECOND } from "./param.js";
import { addTimer } from "./timers.js";
import { writeTimespec } from "./signal.js";
import { randomBytes } from "./exec.js";
import { block, type SysResult } from "./result.js";
import { argsOf } from "./uaccess.js";

/** CLOCK_REALTIME starts at this Unix time (2026-01-01T00:00:00Z) when the machine boots. */
export const EPOCH_SECONDS = 1767225600;

/** clock_gettime (113: 32-bit timespec) and clock_gettime64 (403). */
export function sysClockGettime(k: Kernel, p: ProcState): SysResult {
  const [clk, tp] = argsOf(p) as [number, number];
  const wide = p.hart.x[17] === 403;
  let ticks: number;
  if (clk === 0 || clk === 8) ticks = k.state.clock + EPOCH_SECONDS * TICKS_PER_SECOND;
  else if (clk === 1 || clk === 4 || clk === 7) ticks = k.state.clock;
  else if (clk === 2 || clk === 3) ticks = p.utime;
  else return -EINVAL;
  return writeTimespec(k, p, tp >>> 0, ticks, wide) ? 0 : -EFAULT;
}

/** Longer sleeps are cut to this (about 194 days) so that deadlines stay exact integers in the state. */
export const MAX_SLEEP_SECONDS = 2 ** 24;

/** Read a timespec as ticks, or −errno. */
function readTimespec(k: Kernel, p: ProcState, addr: number, wide: boolean): number {
  const b = k.mem(p).copyIn(addr >>> 0, wide ? 16 : 8);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer);
  const sec = wide ? dv.getInt32(4, true) * 2 ** 32 + dv.getUint32(0, true) : dv.getInt32(0, true);
  const nsec = dv.getInt32(wide ? 8 : 4, true);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -EINVAL;
  return Math.min(sec, MAX_SLEEP_SECONDS) * TICKS_PER_SECOND + Math.ceil(nsec / 10);
}

/** nanosleep (101), clock_nanosleep (115) and clock_nanosleep_time64 (407). */
export function sysNanosleep(k: Kernel, p: ProcState): SysResult {
  const num = p.hart.x[17]!;
  const a = argsOf(p);
  const wide = num === 407;
  if (p.deadline === 0) {
    let reqAddr: number;
    let abs = false;
    if (num === 101) reqAddr = a[0]!;
    else {
      if (a[0] !== 0 && a[0] !== 1) return -EINVAL;
      abs = (a[1]! & 1) !== 0;
      reqAddr = a[2]!;
    }
    const ticks = readTimespec(k, p, reqAddr, wide);
    if (ticks < 0) return ticks;
    const base = abs && a[0] === 0 ? EPOCH_SECONDS * TICKS_PER_SECOND : 0;
    const deadline = abs ? ticks - base : k.state.clock + ticks;
    if (deadline <= k.state.clock) return 0;
    p.deadline = deadline;
  }
  if (k.state.clock >= p.deadline) return 0;
  addTimer(k, p.deadline, p.pid);
  return block(`timer:${p.pid}`);
}

function field(s: string): Uint8Array {
  const b = new Uint8Array(65);
  b.set(new TextEncoder().encode(s).subarray(0, 64));
  return b;
}

/** uname(buf): six 65-byte fields. */
export function sysUname(k: Kernel, p: ProcState): SysResult {
  const out = new Uint8Array(65 * 6);
  ["Linux", "cryobox", "6.1.0-cryobox", "#1 cryobox", "riscv32", "(none)"].forEach((s, i) => out.set(field(s), 65 * i));
  return k.mem(p).copyOut(argsOf(p)[0]! >>> 0, out) ? 0 : -EFAULT;
}

/** getrandom(buf, len, flags): deterministic bytes from the kernel's seeded generator. */
export function sysGetrandom(k: Kernel, p: ProcState): SysResult {
  const [buf, len] = argsOf(p) as [number, number];
  if (len < 0) return -EINVAL;
  const n = Math.min(len, 256);
  return k.mem(p).copyOut(buf >>> 0, randomBytes(k, n)) ? n : -EFAULT;
}

/** umask(mask): returns the old mask. */
export function sysUmask(_k: Kernel, p: ProcState): SysResult {
  const old = p.umask;
  p.umask = argsOf(p)[0]! & 0o777;
  return old;
}
