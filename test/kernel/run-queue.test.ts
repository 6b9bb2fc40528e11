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
import type { ProcState } from "../../kernel/state.js";
import { allocPid, exitProc, forkProc, reap, wakeup } from "../../kernel/proc.js";
import { checkRunQueue, firstRunnable, otherRunnable, rotate, runQueueChecks, scanFirstRunnable } from "../../kernel/run-queue.js";
import { pipeChan, timerChan } from "../../kernel/wait-channel.js";
import { sendSignal } from "../../kernel/signal.js";
import { SIGCONT, SIGSTOP } from "../../kernel/signals-def.js";
import { type ProcOp, applyProcOp, nth, procOps } from "./proc-workload.js";

const LONG = process.env.CRYOBOX_LONG === "1";

type OpT = ProcOp | { k: "wake"; chan: number } | { k: "rotate"; who: number } | { k: "pick"; who: number };

const LINES = ["echo hi\n", "ls /bin | wc -l\n", "sleep 1 &\n", "true | cat\n", "kill -STOP $$\n", "jobs\n"];

const ops = procOps(4, LINES.length, 400_000);
const op: fc.Arbitrary<OpT> = fc.oneof(
  ops.fork,
  ops.sleep,
  fc.record({ k: fc.constant("wake" as const), chan: fc.nat(3) }),
  ops.timers,
  ops.signal,
  ops.exit,
  ops.reap,
  fc.record({ k: fc.constant("rotate" as const), who: fc.nat(60) }),
  fc.record({ k: fc.constant("pick" as const), who: fc.nat(60) }),
  ops.run,
  ops.type,
);

function apply(m: Machine, o: OpT): void {
  const k = m.kernel;
  const s = k.state;
  switch (o.k) {
    case "wake": wakeup(k, pipeChan(900 + o.chan, "r")); return;
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
    // a sleep on channel 0 is a sleep's own timer channel, the others pipes
    default: applyProcOp(m, o, (chan, pid) => (chan === 0 ? timerChan(pid) : pipeChan(900 + chan, "r")), LINES);
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
