// Scheduler cost as the process table grows (issue #7: NPROC is 1024 and the
// scheduler scans the run queue on every pick). A box runs `yes | cat >
// /dev/null` — a pipe that fills and drains, so the two processes block and
// the scheduler picks the next one thousands of times per virtual second —
// beside 0, 256 or 1000 idle processes (forks of the first shell, asleep in
// its read). Each iteration runs 10^7 ticks (0.1 virtual s); the throughput in
// ticks per host second is the figure to compare across the sizes.

import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";
import { allocPid, forkProc } from "../kernel/proc.js";

const TICKS = 10_000_000;

/** A box running `yes | cat > /dev/null` on tty0 with `n` extra sleeping processes. */
export function busyBoxWithSleepers(n: number): Machine {
  const m = Machine.boot({ ttys: 2 });
  m.run();
  const k = m.kernel;
  const sh = k.state.procs.get(3)!; // the shell on tty1: its forks sleep in its read, like it
  for (let i = 0; i < n; i++) forkProc(k, sh, allocPid(k));
  m.tty(0).send("yes | cat > /dev/null\n");
  m.run(TICKS); // warm up: the pipeline is running
  return m;
}

export function addBenchmarks(bench: Bench): void {
  for (const n of [0, 256, 1000]) {
    const m = busyBoxWithSleepers(n);
    bench.add(`run 10^7 ticks of yes|cat beside ${n} sleeping processes`, () => {
      m.run(TICKS);
    });
  }
}
