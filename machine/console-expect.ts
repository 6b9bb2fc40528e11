// A console `expect TTY "TEXT" [TICKS]` that can be done in pieces, as a
// `run` can (console-run.ts): the interactive console looks a slice at a time
// (so Ctrl-C stops it), and a script with the network on turns the host's event
// loop between slices, so a client's keys can arrive while it waits. Slicing
// changes no tick: runUntil looks after every fixed-size slice either way.
//
// An idle machine normally fails the expect at once (nobody can type any
// more). When host input can still come (a script serving the network), the
// host says how much idle time to let pass instead (`idleTicks`): virtual time
// moves on as `run TICKS` moves it on an idle machine, and the bound is the
// same bound in ticks.

import type { Machine } from "./machine.js";

const decoder = new TextDecoder();

export type ExpectStep =
  | { kind: "found" }
  | { kind: "running"; idle: boolean }
  | { kind: "failed"; message: string };

export class ExpectJob {
  private readonly start: number;
  private scanned: number;
  private at = -1;

  /** `from`: where in tty `n`'s output log to start looking (the console's cursor for that terminal). */
  constructor(
    private readonly m: Machine,
    readonly tty: number,
    private readonly pat: Uint8Array,
    private readonly bound: number,
    private readonly from: number,
  ) {
    this.start = m.now();
    this.scanned = from;
  }

  /** Ticks of virtual time this expect has waited so far. */
  get ticks(): number {
    return this.m.now() - this.start;
  }

  /** Where the match ends in the output log (valid once found): the console's next cursor. */
  get end(): number {
    return this.at + this.pat.length;
  }

  /**
   * Look for at most `budget` more ticks. `idleTicks`: null = an idle machine fails the expect; a number =
   * host input may still come, so let that many ticks of idle time pass (bounded) and go on waiting.
   */
  step(budget: number, idleTicks: number | null): ExpectStep {
    const log = this.m.tty(this.tty);
    const found = (): boolean => {
      // Only what is new since the last look (plus an overlap for a match across slices).
      const bytes = log.outputSince(Math.max(this.from, this.scanned - this.pat.length + 1));
      const base = log.outputLength() - bytes.length;
      const i = indexOf(bytes, this.pat);
      this.scanned = log.outputLength();
      if (i >= 0) this.at = base + i;
      return this.at >= 0;
    };
    const left = (): number => this.bound - this.ticks;
    const r = this.m.runUntil(found, Math.max(0, Math.min(budget, left())));
    if (r.done) return { kind: "found" };
    if (r.panic) return this.fail(`machine stopped: ${r.panic}`);
    if (r.idle) {
      if (idleTicks === null) return this.fail(`machine idle after ${this.ticks} ticks`);
      if (left() <= 0) return this.fail(`not seen within ${this.ticks} ticks`);
      const pass = Math.max(0, Math.min(idleTicks, left()));
      if (pass > 0) this.m.run(pass); // an idle machine: the clock moves on (timers may fire)
      return { kind: "running", idle: true };
    }
    if (left() <= 0) return this.fail(`not seen within ${this.ticks} ticks`);
    return { kind: "running", idle: false };
  }

  private fail(why: string): ExpectStep {
    const log = this.m.tty(this.tty);
    const tail = decoder.decode(log.outputSince(Math.max(this.from, log.outputLength() - 60)));
    return { kind: "failed", message: `expect tty${this.tty} ${JSON.stringify(decoder.decode(this.pat))}: ${why}; tty${this.tty} last showed ${JSON.stringify(tail)}` };
  }
}

/** First index of `pat` in `hay`, or -1. */
export function indexOf(hay: Uint8Array, pat: Uint8Array): number {
  if (pat.length === 0) return 0;
  outer: for (let i = 0; i + pat.length <= hay.length; i++) {
    for (let j = 0; j < pat.length; j++) if (hay[i + j] !== pat[j]) continue outer;
    return i;
  }
  return -1;
}
