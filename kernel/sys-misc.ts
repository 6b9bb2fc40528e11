// Time, identity and randomness system calls: clock_gettime (virtual time),
// nanosleep/clock_nanosleep (a timer record + a sleep that re-runs), uname (its nodename is state),
// getrandom (deterministic), umask.

import { timerChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EFAULT, EINVAL } from "./errno.js";
import { TICKS_PER_SECOND } from "./param.js";
import { addTimer } from "./timers.js";
import { writeTimespec, writeTimespecParts } from "./signal.js";
import { NS_PER_TICK, realtimeAt, realtimeNow } from "./realtime.js";
import { randomBytes } from "./exec.js";
import { block, type SysResult } from "./result.js";
import { argsOf } from "./uaccess.js";

export { EPOCH_SECONDS } from "./realtime.js";

/** clock_gettime (113: 32-bit timespec) and clock_gettime64 (403). */
export function sysClockGettime(k: Kernel, p: ProcState): SysResult {
  const [clk, tp] = argsOf(p) as [number, number];
  const wide = p.hart.x[17] === 403;
  let ticks: number;
  if (clk === CLOCK_REALTIME || clk === CLOCK_REALTIME_ALARM) {
    const { sec, nsec } = realtimeNow(k.state); // wall clock: virtual time + the offset the host set
    return writeTimespecParts(k, p, tp >>> 0, sec, nsec, wide) ? 0 : -EFAULT;
  } else if (clk === 1 || clk === 4 || clk === 7) ticks = k.state.clock;
  else if (clk === 2 || clk === 3) ticks = p.utime;
  else return -EINVAL;
  return writeTimespec(k, p, tp >>> 0, ticks, wide) ? 0 : -EFAULT;
}

const CLOCK_REALTIME = 0;
const CLOCK_REALTIME_ALARM = 8;

/** Virtual tick at which CLOCK_REALTIME reads (sec, nsec); may be ≤ now (already past). */
function realtimeDeadline(k: Kernel, sec: number, nsec: number): number {
  // Subtract in (seconds, ticks): wall time in ticks since 1970 is beyond 2^53.
  const zero = realtimeAt(k.state, 0);
  const dsec = Math.min(sec - zero.sec, k.state.clock / TICKS_PER_SECOND + MAX_SLEEP_SECONDS);
  return Math.floor(dsec) * TICKS_PER_SECOND + Math.ceil((nsec - zero.nsec) / NS_PER_TICK);
}

/** clock_getres_time64(clk, res): every clock counts virtual ticks (10 ns). */
export function sysClockGetres(k: Kernel, p: ProcState): SysResult {
  const [clk, res] = argsOf(p) as [number, number];
  if (clk < 0 || clk > 11 || clk === 10) return -EINVAL;
  if (res === 0) return 0;
  return writeTimespec(k, p, res >>> 0, 1, true) ? 0 : -EFAULT;
}

/** Longer sleeps are cut to this (about 194 days) so that deadlines stay exact integers in the state. */
export const MAX_SLEEP_SECONDS = 2 ** 24;

/** Read a timespec as (sec, nsec), or −errno. */
function readTimespec(k: Kernel, p: ProcState, addr: number, wide: boolean): { sec: number; nsec: number } | number {
  const b = k.mem(p).copyIn(addr >>> 0, wide ? 16 : 8);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer);
  const sec = wide ? dv.getInt32(4, true) * 2 ** 32 + dv.getUint32(0, true) : dv.getInt32(0, true);
  const nsec = dv.getInt32(wide ? 8 : 4, true);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -EINVAL;
  return { sec, nsec };
}

/** A duration timespec as ticks, cut at MAX_SLEEP_SECONDS. */
function durationTicks(t: { sec: number; nsec: number }): number {
  return Math.min(t.sec, MAX_SLEEP_SECONDS) * TICKS_PER_SECOND + Math.ceil(t.nsec / NS_PER_TICK);
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
      // CLOCK_REALTIME and the clocks that run with virtual time (MONOTONIC, BOOTTIME, the _ALARM ones).
      if (a[0] !== 0 && a[0] !== 1 && a[0] !== 7 && a[0] !== 8 && a[0] !== 9) return -EINVAL;
      abs = (a[1]! & 1) !== 0;
      reqAddr = a[2]!;
    }
    const req = readTimespec(k, p, reqAddr, wide);
    if (typeof req === "number") return req;
    // An absolute CLOCK_REALTIME deadline is turned into virtual ticks now: a later change of the
    // wall-clock offset (a restore) does not move it, as if the sleep were on the monotonic clock.
    const deadline = !abs ? k.state.clock + durationTicks(req) : a[0] === 0 || a[0] === 8 ? realtimeDeadline(k, req.sec, req.nsec) : durationTicks(req);
    if (deadline <= k.state.clock) return 0;
    p.deadline = deadline;
  }
  if (k.state.clock >= p.deadline) return 0;
  addTimer(k, p.deadline, p.pid);
  return block(timerChan(p.pid));
}

function field(s: string | Uint8Array): Uint8Array {
  const b = new Uint8Array(65);
  b.set((typeof s === "string" ? new TextEncoder().encode(s) : s).subarray(0, 64));
  return b;
}

/** uname(buf): six 65-byte fields; the nodename is the machine's (sethostname, kernel/sys-sysinfo.ts). */
export function sysUname(k: Kernel, p: ProcState): SysResult {
  const out = new Uint8Array(65 * 6);
  ["Linux", k.state.hostname, "6.1.0-cryobox", "#1 cryobox", "riscv32", "(none)"].forEach((s, i) => out.set(field(s), 65 * i));
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
