// Job checkpoint speed and size (docs/jobs.md): a job checkpoint of a running
// `primes` in a box with shells (chkpnt -p), and its restart into a running
// box with renumbering (restart -r -t), compared with a whole-system
// checkpoint of the same box.

import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";
import { checkpointJob } from "../snapshot/job.js";
import { restartJob } from "../snapshot/job-restore.js";

function primesBox(): { m: Machine; pid: number } {
  const m = Machine.boot();
  m.run();
  m.tty(0).send("primes > /dev/null &\n");
  m.run(5_000_000);
  const p = [...m.kernel.state.procs.values()].find((q) => q.argv[0] === "primes")!;
  return { m, pid: p.pid };
}

/** Registered by bench/run.ts. */
export function addBenchmarks(bench: Bench): void {
  const { m, pid } = primesBox();
  const sel = { kind: "process" as const, id: pid, caller: 0, cut: false };
  const job = checkpointJob(m.kernel, sel);
  const whole = m.checkpoint();
  console.log(`primes job: job snapshot ${job.length} bytes, whole-system snapshot of the same box ${whole.length} bytes`);
  bench.add("primes: chkpnt -p (job snapshot)", () => {
    checkpointJob(m.kernel, sel);
  });
  bench.add("same box: checkpoint-system", () => {
    m.checkpoint();
  });
  const target = Machine.boot();
  target.run();
  bench.add("primes: restart -r -t tty0 into a running box (restore included)", () => {
    const t = Machine.restore(target.checkpoint());
    restartJob(t.kernel, job, { renumber: true, attach: 0, parent: 1 });
  });
  bench.add("running box: checkpoint + restore alone (baseline of the line above)", () => {
    Machine.restore(target.checkpoint());
  });
}
