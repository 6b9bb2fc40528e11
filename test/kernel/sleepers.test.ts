// The index of sleeping processes by wait channel (kernel/sleepers.ts) wakes
// exactly what a full scan of the process table wakes. The test setup turns
// on checking (every wakeup in the whole suite is compared with a scan and a
// difference throws SleeperIndexBug); here a fast-check property drives random
// workloads through it — sleeps on pipes, terminals and in poll, wakeups,
// signals and timers that wake by other paths, forks, exits and reaps, and the
// real kernel running shells — and two tests show the index is what answers:
// a wakeup looks at no process asleep elsewhere, and a mutant index that
// forgets a sleeper is caught.

import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";
import { allocPid, exitProc, forkProc, reap, wakeup } from "../../kernel/proc.js";
import { addTimer, fireTimers } from "../../kernel/timers.js";
import { sendSignal } from "../../kernel/signal.js";
import { SleeperIndexBug, sleeperChecks, sleepersOn, sleptOn } from "../../kernel/sleepers.js";
import { pipeChan, pollChan, ttyChan, type WaitChan } from "../../kernel/wait-channel.js";
import { SIGCONT, SIGKILL, SIGSTOP, SIGTERM } from "../../kernel/signals-def.js";

const LONG = process.env.CRYOBOX_LONG === "1";

const CHANS: ((pid: number) => WaitChan)[] = [
  () => pipeChan(900, "r"), () => pipeChan(900, "w"), () => pipeChan(901, "r"), () => ttyChan(7, "in"), (pid) => pollChan(pid),
];

type OpT =
  | { k: "fork"; who: number }
  | { k: "sleep"; who: number; chan: number; timer: number }
  | { k: "wake"; chan: number }
  | { k: "timers"; ticks: number }
  | { k: "signal"; who: number; sig: number }
  | { k: "exit"; who: number }
  | { k: "reap"; who: number }
  | { k: "run"; ticks: number }
  | { k: "type"; line: number };

const LINES = ["echo hi\n", "true | cat | wc\n", "sleep 1 &\n", "kill -STOP $$\n", "jobs\n"];

const op: fc.Arbitrary<OpT> = fc.oneof(
  fc.record({ k: fc.constant("fork" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("sleep" as const), who: fc.nat(60), chan: fc.nat(CHANS.length - 1), timer: fc.nat(3) }),
  fc.record({ k: fc.constant("wake" as const), chan: fc.nat(CHANS.length - 1) }),
  fc.record({ k: fc.constant("timers" as const), ticks: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ k: fc.constant("signal" as const), who: fc.nat(60), sig: fc.constantFrom(SIGSTOP, SIGCONT, SIGKILL, SIGTERM) }),
  fc.record({ k: fc.constant("exit" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("reap" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("run" as const), ticks: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({ k: fc.constant("type" as const), line: fc.nat(LINES.length - 1) }),
);

function nth(k: Kernel, n: number, ok: (p: ProcState) => boolean): ProcState | undefined {
  const ps = [...k.state.procs.values()].filter((p) => p.pid !== 1 && ok(p));
  return ps.length === 0 ? undefined : ps[n % ps.length];
}

/** The pids a wakeup on `chan` must wake, by the definition: a scan of the table. */
function scanWoken(k: Kernel, chan: WaitChan): number[] {
  return [...k.state.procs.values()]
    .filter((p) => p.state === "sleeping" && (p.chan.kind === "poll" || JSON.stringify(p.chan) === JSON.stringify(chan)))
    .map((p) => p.pid)
    .sort((a, b) => a - b);
}

function apply(m: Machine, o: OpT): void {
  const k = m.kernel;
  const s = k.state;
  switch (o.k) {
    case "fork": {
      const parent = nth(k, o.who, (p) => p.state !== "zombie");
      if (parent && s.procs.size < 120) forkProc(k, parent, allocPid(k));
      return;
    }
    case "sleep": {
      // as dispatchSyscall puts a process to sleep, maybe with a timer that ends it by another path
      const p = nth(k, o.who, (q) => q.state === "runnable" && q.pid !== s.current);
      if (!p) return;
      p.state = "sleeping";
      p.chan = CHANS[o.chan]!(p.pid);
      sleptOn(k, p);
      if (o.timer > 0) addTimer(k, s.clock + o.timer * 1000, p.pid);
      return;
    }
    case "wake": {
      const chan = CHANS[o.chan]!(0);
      const want = scanWoken(k, chan);
      wakeup(k, chan);
      for (const pid of want) expect(s.procs.get(pid)!.state).toBe("runnable");
      expect(scanWoken(k, chan)).toEqual([]);
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
    case "type": m.tty(1).send(LINES[o.line]!); return;
  }
}

const saved = { ...sleeperChecks };
afterEach(() => Object.assign(sleeperChecks, saved));

describe("the sleeper index", () => {
  it("wakes what a scan of the table wakes, over random sleep/wake/signal/timer/fork/exit workloads (fast-check)", () => {
    Object.assign(sleeperChecks, { all: true, small: 0 });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: LONG ? 200 : 60 }), (ops) => {
        const m = Machine.boot({ ttys: 2 });
        m.run();
        for (const o of ops) apply(m, o);
        m.run(200_000);
      }),
      { numRuns: LONG ? 300 : 25 },
    );
  });

  it("looks at no process asleep elsewhere: a wakeup on a pipe beside 500 sleepers on a terminal", () => {
    Object.assign(sleeperChecks, { all: false, small: 32 });
    const m = Machine.boot({ ttys: 2 });
    m.run();
    const k = m.kernel;
    const sh = k.state.procs.get(3)!;
    for (let i = 0; i < 500; i++) forkProc(k, sh, allocPid(k));
    m.run(2_000_000); // the forks run the shell's read again and sleep on tty1's input
    const asleep = [...k.state.procs.values()].filter((p) => p.state === "sleeping" && p.chan.kind === "tty");
    expect(asleep.length).toBeGreaterThanOrEqual(500);
    const reader = asleep[asleep.length - 1]!;
    reader.chan = pipeChan(4242, "r");
    sleptOn(k, reader);
    wakeup(k, pipeChan(1, "r")); // builds the index (no one sleeps there)
    // From here on a walk of the table is a failure: the index must answer from its own entries.
    const procs = k.state.procs;
    const walked = { n: 0 };
    const values = procs.values.bind(procs);
    procs.values = () => {
      walked.n++;
      return values();
    };
    try {
      const woken = sleepersOn(k, pipeChan(4242, "r"));
      expect(woken.map((p) => p.pid)).toEqual([reader.pid]);
      expect(walked.n).toBe(0);
    } finally {
      procs.values = values;
    }
  });

  it("catches an index that forgot a sleeper (SleeperIndexBug names the pids)", () => {
    Object.assign(sleeperChecks, { all: true, small: 0 });
    const m = Machine.boot({ ttys: 2 });
    m.run();
    const k = m.kernel;
    wakeup(k, pipeChan(1, "r")); // the index exists now
    const p = [...k.state.procs.values()].find((q) => q.pid > 1 && q.state === "sleeping")!;
    p.chan = pipeChan(77, "r"); // put to sleep elsewhere without telling the index: a bug in the kernel
    expect(() => wakeup(k, pipeChan(77, "r"))).toThrow(SleeperIndexBug);
    expect(() => wakeup(k, pipeChan(77, "r"))).toThrow(new RegExp(`the table has ${p.pid}`));
  });
});
