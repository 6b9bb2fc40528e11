// Periodic checkpoints, the host-neutral part: the DURATION syntax of
// `boot --checkpoint-every`, the names of the points in the checkpoint folder,
// when the next point is due, and the pause statistics `show checkpoints`
// prints. The schedule is in VIRTUAL time (ticks), never host time: the same
// script checkpoints at the same virtual instants on every host, so a run with
// periodic checkpoints stays deterministic and tests can reason about it.
// (Interactively, paced idle time follows the wall clock, so `10s` is about
// ten real seconds while the box idles; a busy box reaches 10 virtual seconds
// as fast as the CPU runs.) File access is in host-periodic.ts.

import { TICKS_PER_SECOND } from "../kernel/param.js";
import { parseCount } from "./console-parse.js";

/** A usage error in a periodic-checkpoint option (one line). */
export class PeriodicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PeriodicError";
  }
}

/** Fewest ticks between two points (1 virtual millisecond): a smaller period would checkpoint every slice. */
export const MIN_PERIOD = TICKS_PER_SECOND / 1000;
/** Most points kept. */
export const MAX_KEEP = 1000;

const UNITS: Record<string, number> = { ms: TICKS_PER_SECOND / 1000, s: TICKS_PER_SECOND, m: 60 * TICKS_PER_SECOND, min: 60 * TICKS_PER_SECOND, h: 3600 * TICKS_PER_SECOND };

/**
 * Virtual ticks of a DURATION: `10s`, `500ms`, `2m`, `1.5h` (virtual time), or a tick count in the
 * console's number syntax (`100M`, `5_000_000`). Throws PeriodicError.
 */
export function parseDuration(text: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|min|m|h)$/.exec(text);
  const ticks = m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : parseCount(text);
  if (ticks === null || !Number.isSafeInteger(ticks)) throw new PeriodicError(`'${text}' is not a duration (10s, 500ms, 2m, or ticks: 100M)`);
  if (ticks < MIN_PERIOD) throw new PeriodicError(`--checkpoint-every ${text} is shorter than 1ms of virtual time (${MIN_PERIOD} ticks)`);
  return ticks;
}

/** Parse `--keep K`. */
export function parseKeep(text: string): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_KEEP)) throw new PeriodicError(`--keep wants a number from 1 to ${MAX_KEEP}, not '${text}'`);
  return n;
}

/** `point-00000042.ckpt`: points sort by name in the order they were taken. */
export function pointName(seq: number): string {
  return `point-${String(seq).padStart(8, "0")}.ckpt`;
}

/** The sequence number of a point's file name, or null for any other file (temporaries, strangers). */
export function pointSeq(name: string): number | null {
  const m = /^point-([0-9]{8,15})\.ckpt$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** The first multiple of `every` after `now`: the schedule is a grid, so a restored box keeps the same instants. */
export function nextDue(now: number, every: number): number {
  return (Math.floor(now / every) + 1) * every;
}

/** Host-side record of the points taken by this process (never machine state). */
export class PauseStats {
  count = 0;
  total = 0;
  max = 0;
  last = 0;
  lastBytes = 0;
  failures = 0;
  lastError = "";

  add(ms: number, bytes: number): void {
    this.count++;
    this.total += ms;
    this.max = Math.max(this.max, ms);
    this.last = ms;
    this.lastBytes = bytes;
  }

  /** `3 points, pause last 1.20 ms, mean 1.31 ms, max 2.02 ms` */
  describe(): string {
    if (this.count === 0) return "no point taken yet";
    const f = (x: number): string => `${x.toFixed(2)} ms`;
    return `${this.count} point${this.count === 1 ? "" : "s"} taken, pause last ${f(this.last)}, mean ${f(this.total / this.count)}, max ${f(this.max)} (last point ${this.lastBytes} bytes)`;
  }
}
