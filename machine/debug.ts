// Look, change and step (docs/console.md "Debugging"): SIMH's EXAMINE, DEPOSIT,
// STEP and BREAK for one process of a running box. Registers and memory are
// read and written through the process's declared state; stepping and
// breakpoints run the machine one tick at a time, which is exact because
// run(a); run(b) ≡ run(a+b): a machine stopped at a breakpoint is the machine
// an uninterrupted run has at that tick, and breakpoints never touch guest
// memory (no ebreak is planted), so they change no digest.

import type { Machine } from "./machine.js";
import type { ProcState } from "../kernel/state.js";

/** Why a step or continue stopped. */
export type StopReason =
  | { kind: "step" } // the asked-for instructions retired
  | { kind: "break"; pc: number }
  | { kind: "watch"; addr: number; before: number; after: number }
  | { kind: "exited"; status: number }
  | { kind: "limit" } // the tick bound ran out
  | { kind: "idle" }; // nothing can run: the process waits for input that will not come by itself

/** A process that is not there (or no longer has memory). */
export class NoSuchProcess extends Error {
  override name = "NoSuchProcess";
}

/** Most ticks one step/continue runs before giving up (10 virtual seconds). */
export const DEBUG_LIMIT = 1_000_000_000;

export class Debugger {
  readonly breaks = new Set<number>();
  readonly watches = new Set<number>();

  constructor(
    private readonly m: () => Machine,
    readonly pid: number,
  ) {}

  private proc(): ProcState {
    const p = this.m().kernel.state.procs.get(this.pid);
    if (!p) throw new NoSuchProcess(`no process ${this.pid}`);
    return p;
  }

  /** x0..x31 then pc. */
  registers(): number[] {
    const p = this.proc();
    return [...Array.from(p.hart.x, (v) => v >>> 0), p.hart.pc >>> 0];
  }

  /** Set register `i` (0..31 = x0..x31, 32 = pc); x0 stays 0. */
  setRegister(i: number, value: number): void {
    const p = this.proc();
    if (i === 32) p.hart.pc = value >>> 0;
    else if (i > 0 && i < 32) p.hart.x[i] = value | 0;
    else if (i !== 0) throw new RangeError(`no register ${i}`);
  }

  /** `length` bytes at `addr`, or null when any of them is unmapped. */
  read(addr: number, length: number): Uint8Array | null {
    const p = this.proc();
    if (p.state === "zombie") return null;
    return this.m().kernel.mem(p).copyIn(addr >>> 0, length);
  }

  /** Write bytes at `addr` as the kernel would (even into code pages, which drops translated code); false when unmapped. */
  write(addr: number, bytes: Uint8Array): boolean {
    const p = this.proc();
    if (p.state === "zombie") return false;
    return this.m().kernel.mem(p).poke(addr >>> 0, bytes);
  }

  private word(addr: number): number | null {
    const b = this.read(addr, 4);
    return b ? (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0 : null;
  }

  /** Run until the process has retired `n` more instructions (other processes run as the scheduler says). */
  step(n = 1, limit = DEBUG_LIMIT): StopReason {
    const start = this.proc().hart.instret;
    return this.runWhile(() => this.proc().hart.instret - start >= n ? { kind: "step" } : null, limit);
  }

  /** Run until the process reaches a breakpoint, a watched word changes, it exits, or the bound. */
  continue(limit = DEBUG_LIMIT): StopReason {
    const from = this.proc().hart.instret;
    const watched = new Map([...this.watches].map((a) => [a, this.word(a)]));
    return this.runWhile(() => {
      const p = this.proc();
      if (p.hart.instret !== from && this.breaks.has(p.hart.pc >>> 0) && !p.inSyscall) return { kind: "break", pc: p.hart.pc >>> 0 };
      for (const [a, before] of watched) {
        const after = this.word(a);
        if (after !== before) return { kind: "watch", addr: a, before: before ?? 0, after: after ?? 0 };
      }
      return null;
    }, limit);
  }

  // One tick at a time until `stop` says why, the process exits, the machine idles, or the bound.
  private runWhile(stop: () => StopReason | null, limit: number): StopReason {
    let why: StopReason | null = null;
    const m = this.m();
    const r = m.runUntil(() => {
      const p = m.kernel.state.procs.get(this.pid);
      if (!p || p.state === "zombie") {
        why = { kind: "exited", status: p?.exitStatus ?? 0 };
        return true;
      }
      why = stop();
      return why !== null;
    }, limit, 1);
    if (why) return why;
    return r.idle ? { kind: "idle" } : { kind: "limit" };
  }
}
