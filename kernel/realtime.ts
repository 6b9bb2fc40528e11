// CLOCK_REALTIME: the wall clock as the guest sees it. The kernel never reads
// the host clock. The machine's wall clock is its monotonic virtual clock plus
// an offset held in the state (`realtimeSeconds` + `realtimeTicks` = the Unix
// time at virtual tick 0). The offset starts at EPOCH_SECONDS, so a machine
// nobody sets is deterministic; the host layer may set it (interactive boot,
// restore of a machine that was "switched off") as outside input entering at
// the current virtual time — the new offset is state, saved and digested like
// everything else. Setting it never moves the monotonic clock, timers or
// sleeps; only CLOCK_REALTIME readers and file times see the jump.

import type { KernelState } from "./state.js";
import { TICKS_PER_SECOND } from "./param.js";

/** CLOCK_REALTIME at virtual tick 0 of a machine whose wall clock nobody set: 2026-01-01T00:00:00Z. */
export const EPOCH_SECONDS = 1767225600;

/**
 * Latest wall-clock offset a machine may have: 9999-12-31T23:59:59Z in Unix seconds. setRealtime
 * refuses later times and restore refuses a state beyond it (kernel/validate-limits.ts), so the
 * seconds the guest reads stay exact integers far below 2^53.
 */
export const MAX_REALTIME_SECONDS = 253402300799;

/** Nanoseconds per virtual tick (TICKS_PER_SECOND ticks per second). */
export const NS_PER_TICK = 1e9 / TICKS_PER_SECOND;

/** The Unix time of virtual tick `ticks` (a clock reading or a stored stamp), as whole seconds and nanoseconds. */
export function realtimeAt(s: Pick<KernelState, "realtimeSeconds" | "realtimeTicks">, ticks: number): { sec: number; nsec: number } {
  // Seconds and ticks are added apart: Unix time in ticks (~1.8e17) is beyond 2^53.
  const t = ticks + (s.realtimeTicks % TICKS_PER_SECOND);
  return { sec: s.realtimeSeconds + Math.floor(t / TICKS_PER_SECOND), nsec: (t % TICKS_PER_SECOND) * NS_PER_TICK };
}

/** CLOCK_REALTIME now. */
export function realtimeNow(s: KernelState): { sec: number; nsec: number } {
  return realtimeAt(s, s.clock);
}

/**
 * Set the wall clock so that CLOCK_REALTIME reads `unixMs` (milliseconds since 1970) at the current
 * virtual time. Outside input: the caller (host layer) decides when; the kernel only records it.
 */
export function setRealtime(s: KernelState, unixMs: number): void {
  if (!Number.isFinite(unixMs) || unixMs < 0 || unixMs >= (MAX_REALTIME_SECONDS + 1) * 1000) throw new RangeError(`setRealtime: bad time ${unixMs} (0 to the end of year 9999)`);
  // base = wall − clock, in (seconds, ticks); clamped at the Unix epoch.
  const wallSec = Math.floor(unixMs / 1000);
  const wallTicks = Math.floor((unixMs - wallSec * 1000) * (TICKS_PER_SECOND / 1000));
  const clockSec = Math.floor(s.clock / TICKS_PER_SECOND);
  const clockTicks = s.clock % TICKS_PER_SECOND;
  let sec = wallSec - clockSec;
  let ticks = wallTicks - clockTicks;
  if (ticks < 0) {
    ticks += TICKS_PER_SECOND;
    sec -= 1;
  }
  if (sec < 0) {
    sec = 0;
    ticks = 0;
  }
  s.realtimeSeconds = sec;
  s.realtimeTicks = ticks;
}
