// The scheduler's run-queue cache (kernel/run-queue.ts) always picks what a
// full scan of the run queue picks. With checkRunQueue on, every pick and
// every "is another process runnable" answer of the cache is compared with a
// scan (a difference throws RunQueueBug); a fast-check property drives random
// workloads — forks, sleeps on channels and timers, wake-ups, stops and
// continues, kills and exits, reaps, rotations, and the real scheduler
// running the guest shells (which fork, exec and exit) — through it. Restored
// machines rebuild the cache from their state and pick the same.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";
import { allocPid, exitProc, forkProc, reap, wakeup } from "../../kernel/proc.js";
import { addTimer, fireTimers } from "../../kernel/timers.js";
import { sendSignal } from "../../kernel/signal.js";
import { checkRunQueue, firstRunnable, otherRunnable, rotate, runQueueChecks, scanFirstRunnable } from "../../kernel/run-queue.js";
import { pipeChan, timerChan } from "../../kernel/wait-channel.js";
import { sleptOn } from "../../kernel/sleepers.js";
import { SIGCONT, SIGKILL, SIGSTOP, SIGTERM } from "../../kernel/signals-def.js";

const LONG = process.env.CRYOBOX_LONG === "1";

type OpT =
  | { k: "fork"; who: number }
  | { k: "sleep"; who: number; chan: number; timer: number }
  | { k: "wake"; chan: number }
  | { k: "timers"; ticks: number }
  | { k: "signal"; who: number; sig: number }
  | { k: "exit"; who: number }
  | { k: "reap"; who: number }
  | { k: "rotate"; who: number }
  | { k: "pick"; who: number }
  | { k: "run"; ticks: number }
  | { k: "type"; line: number };

const LINES = ["echo hi\n", "ls /bin | wc -l\n", "sleep 1 &\n", "true | cat\n", "kill -STOP $$\n", "jobs\n"];

const op: fc.Arbitrary<OpT> = fc.oneof(
  fc.record({ k: fc.constant("fork" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("sleep" as const), who: fc.nat(60), chan: fc.nat(3), timer: fc.nat(3) }),
  fc.record({ k: fc.constant("wake" as const), chan: fc.nat(3) }),
  fc.record({ k: fc.constant("timers" as const), ticks: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ k: fc.constant("signal" as const), who: fc.nat(60), sig: fc.constantFrom(SIGSTOP, SIGCONT, SIGKILL, SIGTERM) }),
  fc.record({ k: fc.constant("exit" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("reap" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("rotate" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("pick" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("run" as const), ticks: fc.integer({ min: 1, max: 400_000 }) }),
  fc.record({ k: fc.constant("type" as const), line: fc.nat(LINES.length - 1) }),
);

/** The n-th process of the table (cycling), never init: init's death would panic the box. */
function nth(k: Kernel, n: number, ok: (p: ProcState) => boolean = () => true): ProcState | undefined {
  const ps = [...k.state.procs.values()].filter((p) => p.pid !== 1 && ok(p));
  return ps.length === 0 ? undefined : ps[n % ps.length];
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
      // as the syscall layer puts a process to sleep: on a channel, maybe with a timer to end it
      const p = nth(k, o.who, (q) => q.state === "runnable" && q.pid !== s.current);
      if (!p) return;
      p.state = "sleeping";
      p.chan = o.chan === 0 ? timerChan(p.pid) : pipeChan(900 + o.chan, "r");
      sleptOn(k, p); // as dispatchSyscall does: the sleeper index learns of it
      if (o.timer > 0) addTimer(k, s.clock + o.timer * 1000, p.pid);
      return;
    }
    case "wake": wakeup(k, pipeChan(900 + o.chan, "r")); return;
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
    case "rotate": {
      const p = nth(k, o.who);
      if (p) rotate(k, p.pid);
      return;
    }
    case "pick": {
      const want = scanFirstRunnable(s);
      expect(firstRunnable(k)).toBe(want);
      const p = nth(k, o.who);
      if (p) expect(otherRunnable(k, p)).toBe([...s.procs.values()].some((q) => q !== p && q.state === "runnable"));
      return;
    }
    case "run": m.run(o.ticks); return;
    case "type": m.tty(1).send(LINES[o.line]!); return;
  }
}

describe("the run-queue cache", () => {
  // every workload through the cache, however short its run queue (production scans queues of ≤ 32)
  const saved = runQueueChecks.small;
  beforeAll(() => {
    runQueueChecks.small = 0;
  });
  afterAll(() => {
    runQueueChecks.small = saved;
  });

  it("picks what a full scan picks, over random fork/sleep/wake/signal/exit/reap workloads (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: LONG ? 200 : 60 }), (ops) => {
        const m = Machine.boot({ ttys: 2 });
        checkRunQueue(m.kernel); // every pick inside m.run is compared with a scan too
        m.run();
        for (const o of ops) apply(m, o);
        m.run(200_000);
        expect(firstRunnable(m.kernel)).toBe(scanFirstRunnable(m.kernel.state));
      }),
      { numRuns: LONG ? 300 : 25 },
    );
  });

  it("is rebuilt after a restore and picks the same as the machine it was saved from", () => {
    const m = Machine.boot({ ttys: 2 });
    checkRunQueue(m.kernel);
    m.run();
    const k = m.kernel;
    const sh = k.state.procs.get(3)!;
    for (let i = 0; i < 50; i++) forkProc(k, sh, allocPid(k));
    m.tty(0).send("yes | cat > /dev/null\n");
    m.run(300_000);
    const bytes = m.checkpoint();
    m.run(300_000);
    const r = Machine.restore(bytes);
    checkRunQueue(r.kernel);
    r.run(300_000);
    expect(r.digest()).toBe(m.digest());
    expect(firstRunnable(r.kernel)?.pid).toBe(scanFirstRunnable(m.kernel.state)?.pid);
  });

  it("a process put in the table behind the cache's back (as a job restart does) is found", () => {
    const m = Machine.boot({ ttys: 2 });
    checkRunQueue(m.kernel);
    m.run();
    const k = m.kernel;
    const child = forkProc(k, k.state.procs.get(3)!, allocPid(k));
    // take it out again, let the cache see the table without it, then queue it by hand, not through addProc
    k.state.runQueue.splice(k.state.runQueue.indexOf(child.pid), 1);
    k.state.procs.delete(child.pid);
    expect(firstRunnable(k)).toBe(scanFirstRunnable(k.state));
    for (const p of k.state.procs.values()) if (p.state === "runnable") p.state = "stopped";
    expect(firstRunnable(k)).toBeUndefined();
    k.state.procs.set(child.pid, child);
    k.state.runQueue.push(child.pid);
    expect(child.state).toBe("runnable");
    expect(firstRunnable(k)).toBe(child);
  });

  it("a queue growing past the scan limit builds the cache from the state; shrinking drops it", () => {
    runQueueChecks.small = 6;
    try {
      const m = Machine.boot({ ttys: 2 });
      checkRunQueue(m.kernel);
      m.run();
      const k = m.kernel;
      const kids: ProcState[] = [];
      for (let i = 0; i < 10; i++) {
        kids.push(forkProc(k, k.state.procs.get(3)!, allocPid(k)));
        expect(firstRunnable(k)).toBe(scanFirstRunnable(k.state));
        rotate(k, firstRunnable(k)!.pid);
      }
      for (const c of kids.slice(0, 8)) {
        exitProc(k, c, 0);
        reap(k, c);
        expect(firstRunnable(k)).toBe(scanFirstRunnable(k.state));
        sendSignal(k, kids[9]!.pid, SIGSTOP, false);
        expect(otherRunnable(k, kids[8]!)).toBe([...k.state.procs.values()].some((q) => q !== kids[8] && q.state === "runnable"));
        sendSignal(k, kids[9]!.pid, SIGCONT, false);
        expect(firstRunnable(k)).toBe(scanFirstRunnable(k.state));
      }
      m.run(500_000);
    } finally {
      runQueueChecks.small = 0;
    }
  });
});
