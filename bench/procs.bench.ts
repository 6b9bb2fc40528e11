// Checkpoint cost as the process table grows (issue 7: NPROC went from 64 to
// 1024). A booted box gets N extra processes, each a fork of the first shell
// (sharing its pages copy-on-write, sleeping in its read like it), then we time
// checkpoint (whole-system snapshot bytes) and restore at each size. The
// per-process cost is the slope: (t(N) − t(0)) / N.

import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";
import { allocPid, forkProc } from "../kernel/proc.js";

/** A booted, idle box with `n` extra processes forked from pid 2 (the shell on tty0). */
export function boxWithProcs(n: number): Machine {
  const m = Machine.boot({ ttys: 1 });
  m.run();
  const k = m.kernel;
  const sh = k.state.procs.get(2)!;
  for (let i = 0; i < n; i++) forkProc(k, sh, allocPid(k));
  return m;
}

export function addBenchmarks(bench: Bench): void {
  for (const n of [0, 64, 256, 1000]) {
    const m = boxWithProcs(n);
    const snap = m.checkpoint();
    console.log(`procs ${n + 2}: snapshot ${snap.length} bytes, ${m.kernel.pageStore.used} distinct pages`);
    bench.add(`checkpoint, ${n + 2} processes`, () => {
      m.checkpoint();
    });
    bench.add(`restore, ${n + 2} processes`, () => {
      Machine.restore(snap);
    });
  }
}
