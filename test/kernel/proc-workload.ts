// Random process-table workloads for the scheduler's caches (run-queue.test.ts, sleepers.test.ts):
// the operations both drive — forks, sleeps on a channel (maybe ended by a timer), timers firing,
// signals, exits, reaps, real runs of the guest shells and lines typed to them — done as the kernel
// does them. Each test adds its own operations (a checked pick, a checked wakeup) on top.

import fc from "fast-check";
import type { Machine } from "../../machine/machine.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";
import { allocPid, exitProc, forkProc, reap } from "../../kernel/proc.js";
import { addTimer, fireTimers } from "../../kernel/timers.js";
import { sendSignal } from "../../kernel/signal.js";
import { sleptOn } from "../../kernel/sleepers.js";
import type { WaitChan } from "../../kernel/wait-channel.js";
import { SIGCONT, SIGKILL, SIGSTOP, SIGTERM } from "../../kernel/signals-def.js";

export type ProcOp =
  | { k: "fork"; who: number }
  | { k: "sleep"; who: number; chan: number; timer: number }
  | { k: "timers"; ticks: number }
  | { k: "signal"; who: number; sig: number }
  | { k: "exit"; who: number }
  | { k: "reap"; who: number }
  | { k: "run"; ticks: number }
  | { k: "type"; line: number };

/** The arbitraries of each operation; `chans` channel kinds to sleep on, `lines` to type, runs of up to `maxRun` ticks. */
export function procOps(chans: number, lines: number, maxRun: number) {
  return {
    fork: fc.record({ k: fc.constant("fork" as const), who: fc.nat(60) }),
    sleep: fc.record({ k: fc.constant("sleep" as const), who: fc.nat(60), chan: fc.nat(chans - 1), timer: fc.nat(3) }),
    timers: fc.record({ k: fc.constant("timers" as const), ticks: fc.integer({ min: 1, max: 5000 }) }),
    signal: fc.record({ k: fc.constant("signal" as const), who: fc.nat(60), sig: fc.constantFrom(SIGSTOP, SIGCONT, SIGKILL, SIGTERM) }),
    exit: fc.record({ k: fc.constant("exit" as const), who: fc.nat(60) }),
    reap: fc.record({ k: fc.constant("reap" as const), who: fc.nat(60) }),
    run: fc.record({ k: fc.constant("run" as const), ticks: fc.integer({ min: 1, max: maxRun }) }),
    type: fc.record({ k: fc.constant("type" as const), line: fc.nat(lines - 1) }),
  };
}

/** The n-th process of the table (cycling), never init: init's death would panic the box. */
export function nth(k: Kernel, n: number, ok: (p: ProcState) => boolean = () => true): ProcState | undefined {
  const ps = [...k.state.procs.values()].filter((p) => p.pid !== 1 && ok(p));
  return ps.length === 0 ? undefined : ps[n % ps.length];
}

/** Do `o` to machine `m`; a sleep goes on `chanOf(o.chan, pid)`, a typed line is `lines[o.line]` to tty1. */
export function applyProcOp(m: Machine, o: ProcOp, chanOf: (chan: number, pid: number) => WaitChan, lines: readonly string[]): void {
  const k = m.kernel;
  const s = k.state;
  switch (o.k) {
    case "fork": {
      const parent = nth(k, o.who, (p) => p.state !== "zombie");
      if (parent && s.procs.size < 120) forkProc(k, parent, allocPid(k));
      return;
    }
    case "sleep": {
      // as dispatchSyscall puts a process to sleep (the sleeper index told), maybe with a timer that ends it by another path
      const p = nth(k, o.who, (q) => q.state === "runnable" && q.pid !== s.current);
      if (!p) return;
      p.state = "sleeping";
      p.chan = chanOf(o.chan, p.pid);
      sleptOn(k, p);
      if (o.timer > 0) addTimer(k, s.clock + o.timer * 1000, p.pid);
      return;
    }
    case "timers": s.clock += o.ticks; fireTimers(k); return;
    case "signal": {
      const p = nth(k, o.who, (q) => q.state !== "zombie");
      if (p) sendSignal(k, p.pid, o.sig, false);
      return;
    }
    case "exit": {
      const p = nth(k, o.who, (q) => q.state !== "zombie" && q.pid > 4 && q.pid !== s.current);
      if (p) exitProc(k, p, 0);
      return;
    }
    case "reap": {
      const p = nth(k, o.who, (q) => q.state === "zombie");
      if (p) reap(k, p);
      return;
    }
    case "run": m.run(o.ticks); return;
    case "type": m.tty(1).send(lines[o.line]!); return;
  }
}
