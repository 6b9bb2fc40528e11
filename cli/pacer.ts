// Pacing an interactive machine to the wall clock (SIMH's throttle, for idle
// time only): while a process can run, the machine runs as fast as the host
// allows; while everyone sleeps or waits, virtual time follows the host clock,
// so `sleep 10` takes ten seconds, a background `sleep 100000 &` costs no host
// CPU, and ^Z reaches a `sleep 100` in time. Virtual time is still counted in
// retired instructions; pacing only decides how much virtual time the host lets
// pass while nothing runs. When compute ran virtual time ahead of the wall
// clock, the lead is dropped (sleeps never wait for the wall clock to catch up);
// when the host was slower, idle time catches up. Host-side (cli/): the machine
// never sees the host clock, only the ticks it is asked to run. Scripts, tests
// and the library never pace.

import type { Machine, RunReport } from "../machine/machine.js";
import { TICKS_PER_SECOND } from "../kernel/param.js";

/** Virtual ticks per host millisecond at real-time pace. */
export const TICKS_PER_MS = TICKS_PER_SECOND / 1000;
/** Most idle virtual time caught up in one step (1 virtual second), so the host stays responsive. */
export const MAX_CATCH_UP = TICKS_PER_SECOND;
/** Longest host wait between two steps while a timer is pending (ms): keystrokes wake the loop anyway. */
export const MAX_WAIT_MS = 1000;

/** What a step did and how long the host may wait before the next one (0 = at once, null = until input). */
export interface PaceStep {
  report: RunReport | null;
  waitMs: number | null;
}

export class Pacer {
  private wall0 = 0;
  private virt0 = 0;

  /** `now`: host milliseconds (performance.now in the CLI, a fake clock in tests). */
  constructor(
    private readonly m: Machine,
    private readonly now: () => number,
  ) {
    this.reanchor();
  }

  /** Virtual time and wall time agree from here on (at start, after the console, after a restart). */
  reanchor(): void {
    this.wall0 = this.now();
    this.virt0 = this.m.now();
  }

  /** The virtual time the wall clock asks for. */
  target(): number {
    return this.virt0 + Math.floor((this.now() - this.wall0) * TICKS_PER_MS);
  }

  /** A process can run (then nothing is paced). */
  busy(): boolean {
    for (const p of this.m.kernel.state.procs.values()) if (p.state === "runnable") return true;
    return false;
  }

  /** Let the idle time the wall clock asks for pass (before keystrokes enter, so they enter at the right time). */
  catchUp(): RunReport | null {
    if (this.busy()) return null;
    const lag = this.target() - this.m.now();
    if (lag <= 0) return null;
    // With no timer pending the clock just moves (one idleFor); with timers, at most MAX_CATCH_UP per step.
    return this.m.run(this.m.kernel.state.timers.length === 0 ? lag : Math.min(lag, MAX_CATCH_UP));
  }

  /** One step of the interactive loop; `slice`: most ticks a busy machine runs before the host looks again. */
  step(slice: number): PaceStep {
    let report: RunReport | null;
    if (this.busy()) report = this.m.runUntil(() => false, slice);
    else report = this.catchUp();
    if (this.m.now() > this.target()) this.reanchor(); // compute ran ahead: drop the lead
    return { report, waitMs: this.waitMs() };
  }

  private waitMs(): number | null {
    if (this.m.kernel.state.panic !== "") return null;
    if (this.busy()) return 0;
    const next = this.m.kernel.state.timers[0];
    if (!next) return null; // everyone waits for input: sleep until a key (its arrival catches the clock up)
    const ms = Math.ceil((next.time - this.target()) / TICKS_PER_MS);
    return ms <= 0 ? 0 : Math.min(MAX_WAIT_MS, ms);
  }
}
