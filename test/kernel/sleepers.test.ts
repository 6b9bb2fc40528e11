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
import { allocPid, forkProc, wakeup } from "../../kernel/proc.js";
import { SleeperIndexBug, sleeperChecks, sleepersOn, sleptOn } from "../../kernel/sleepers.js";
import { pipeChan, pollChan, ttyChan, type WaitChan } from "../../kernel/wait-channel.js";
import { type ProcOp, applyProcOp, procOps } from "./proc-workload.js";

const LONG = process.env.CRYOBOX_LONG === "1";

const CHANS: ((pid: number) => WaitChan)[] = [
  () => pipeChan(900, "r"), () => pipeChan(900, "w"), () => pipeChan(901, "r"), () => ttyChan(7, "in"), (pid) => pollChan(pid),
];

type OpT = ProcOp | { k: "wake"; chan: number };

const LINES = ["echo hi\n", "true | cat | wc\n", "sleep 1 &\n", "kill -STOP $$\n", "jobs\n"];

const ops = procOps(CHANS.length, LINES.length, 300_000);
const op: fc.Arbitrary<OpT> = fc.oneof(
  ops.fork,
  ops.sleep,
  fc.record({ k: fc.constant("wake" as const), chan: fc.nat(CHANS.length - 1) }),
  ops.timers,
  ops.signal,
  ops.exit,
  ops.reap,
  ops.run,
  ops.type,
);

/** The pids a wakeup on `chan` must wake, by the definition: a scan of the table. */
function scanWoken(k: Kernel, chan: WaitChan): number[] {
  return [...k.state.procs.values()]
    .filter((p) => p.state === "sleeping" && (p.chan.kind === "poll" || JSON.stringify(p.chan) === JSON.stringify(chan)))
    .map((p) => p.pid)
    .sort((a, b) => a - b);
}

function apply(m: Machine, o: OpT): void {
  if (o.k !== "wake") return applyProcOp(m, o, (chan, pid) => CHANS[chan]!(pid), LINES);
  const chan = CHANS[o.chan]!(0);
  const want = scanWoken(m.kernel, chan);
  wakeup(m.kernel, chan);
  for (const pid of want) expect(m.kernel.state.procs.get(pid)!.state).toBe("runnable");
  expect(scanWoken(m.kernel, chan)).toEqual([]);
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
