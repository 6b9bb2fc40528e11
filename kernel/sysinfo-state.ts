// The machine-wide identity and load fields of KernelState: the host name
// (uname's nodename, set by sethostname) and the load average (kernel/loadavg.ts).
// Their defaults for a fresh boot (and for snapshots written before they
// existed: snapshot/upgrade-fifo.ts), and what a restore accepts of them.

import type { KernelState } from "./state.js";
import { NPROC } from "./param.js";
import { FIXED_1, LOAD_PERIOD } from "./loadavg.js";

/** The node name of a machine nobody renamed (what uname always said before sethostname). */
export const DEFAULT_HOSTNAME = "cryobox";
/** Longest host name (Linux HOST_NAME_MAX, __NEW_UTS_LEN). */
export const HOST_NAME_MAX = 64;

type SysinfoFields = Pick<KernelState, "hostname" | "load1" | "load5" | "load15" | "loadNext">;

/** A fresh machine's fields: the default name, no load yet, the first sample one period after boot. */
export function blankSysinfo(): SysinfoFields {
  return { hostname: new TextEncoder().encode(DEFAULT_HOSTNAME), load1: 0, load5: 0, load15: 0, loadNext: LOAD_PERIOD };
}

/** The host name as text (bytes that are not UTF-8 show as U+FFFD; uname hands out the bytes). */
export function hostnameText(s: KernelState): string {
  return new TextDecoder().decode(s.hostname);
}

/** The largest load a machine can reach: every process runnable all the time (fixed point). */
const LOAD_MAX = NPROC * FIXED_1;

/** Refuse a restored state whose host name or load average no kernel could have made. */
export function validateSysinfo(s: KernelState, fail: (path: string, problem: string) => never): void {
  if (s.hostname.length > HOST_NAME_MAX) fail("$.hostname", `is ${s.hostname.length} bytes, more than ${HOST_NAME_MAX}`);
  if (s.hostname.includes(0)) fail("$.hostname", "holds a NUL byte (uname's field would end there)");
  for (const f of ["load1", "load5", "load15"] as const) {
    if (s[f] > LOAD_MAX) fail(`$.${f}`, `is ${s[f]}, more than ${NPROC} processes could make (${LOAD_MAX})`);
  }
  if (s.loadNext > s.clock + LOAD_PERIOD) fail("$.loadNext", `is ${s.loadNext}, more than one load period (${LOAD_PERIOD} ticks) after the clock (${s.clock})`);
}
