// A console `run` that can be done in pieces: the interactive console runs a
// long `run 100G` a slice at a time between host events, so Ctrl-C can stop
// it; a script runs it in one go. Either way the machine sees the same thing:
// run(a) + run(b) ≡ run(a + b) (kernel.ts), so slicing changes no tick.

import { type Machine, type RunReport, UNTIL_IDLE_LIMIT } from "./machine.js";

export class RunJob {
  private readonly acc: RunReport = { ticks: 0, idle: false, exited: [], panic: "" };
  done = false;

  /** `asked`: the tick count of `run TICKS`, or null for `run` (until idle, bounded). */
  constructor(
    private readonly m: Machine,
    readonly asked: number | null,
  ) {}

  /** Run at most `budget` more ticks (default: all that is left); true once the whole run is done. */
  step(budget = Infinity): boolean {
    if (this.done) return true;
    const limit = this.asked ?? UNTIL_IDLE_LIMIT;
    const n = Math.min(budget, limit - this.acc.ticks);
    // `run TICKS` lets the ticks pass even when everyone waits (Machine.run with a count);
    // `run` stops at idle (runUntil without a condition).
    const r = this.asked === null ? this.m.runUntil(() => false, n) : this.m.run(n);
    this.acc.ticks += r.ticks;
    this.acc.exited.push(...r.exited);
    this.acc.idle = r.idle;
    this.acc.panic = r.panic;
    this.done = this.acc.ticks >= limit || r.panic !== "" || (this.asked === null && r.idle) || (r.ticks === 0 && !r.idle);
    return this.done;
  }

  /** What the run did so far (the whole run once `done`). */
  report(): RunReport {
    return { ...this.acc, exited: [...this.acc.exited] };
  }
}
