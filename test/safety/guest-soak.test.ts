// Soak (issue 7): 200 processes joined by pipes, checkpointed every 10^7 ticks
// and continued from the restored machine each time, lose 0 bytes: every
// pipeline's count arrives exactly. The default form (about 10–20 s) runs 60
// pipeline processes from two shells; CRYOBOX_LONG=1 runs the form:
// 210 processes from seven shells and 20,000 lines through each pipe.
import { describe, expect, it } from "vitest";
// (long: about a minute on a loaded 2-core machine; the whole point is many checkpoints of a big table)
import { Machine } from "../../machine/machine.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const TTYS = LONG ? 7 : 2;
const PER_TTY = 15;
const JOBS = TTYS * PER_TTY; // two processes and one pipe each
const N = LONG ? 20000 : 1100; // more than a pipe holds (4 KiB): every writer blocks while stopped

/** Bytes `seq 1 n` prints. */
function seqBytes(n: number): number {
  let total = 0;
  for (let i = 1; i <= n; i++) total += String(i).length + 1;
  return total;
}

describe(`soak: ${JOBS * 2} processes with pipes, checkpointed every 10^7 ticks`, () => {
  it("loses no byte across the restarts", async () => {
    // The shell keeps at most 16 jobs, so seven shells (tty0..tty6) start 15 two-process jobs
    // each. Each job is stopped as it starts (its writer then blocks on the full pipe), so all
    // 210 are alive at once; kill -CONT -1 from each shell releases them together.
    let m = Machine.boot({ ttys: TTYS });
    m.run();
    for (let t = 0; t < TTYS; t++) {
      const jobs = Array.from({ length: PER_TTY }, (_, i) => `seq 1 ${N} | wc -c > /tmp/o${t * PER_TTY + i} & kill -STOP $!;`);
      m.tty(t).send(`${jobs.join(" ")} echo started\n`);
    }
    // Until every shell has started (and stopped) its jobs: all the pipelines are alive at once.
    for (let i = 0; i < 40 && [...Array(TTYS).keys()].some((t) => !m.tty(t).output().includes("started")); i++) {
      m.run(10_000_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    m.run(10_000_000); // the last kill -STOP lands
    const peak0 = m.kernel.state.procs.size;
    for (let t = 0; t < TTYS; t++) m.tty(t).send("kill -CONT -1\n");
    let peak = peak0;
    let restarts = 0;
    for (let round = 0; round < (LONG ? 400 : 60); round++) {
      m.run(10_000_000);
      await new Promise((resolve) => setImmediate(resolve)); // a long test: let the test runner talk
      peak = Math.max(peak, m.kernel.state.procs.size);
      const snap = m.checkpoint();
      m = Machine.restore(snap);
      restarts++;
      const busy = [...m.kernel.state.procs.values()].some((p) => p.comm === "seq" || p.comm === "wc");
      if (!busy && round > 0) break;
    }
    expect(peak0).toBeGreaterThanOrEqual(JOBS * 2 + TTYS); // every pipeline process alive at once (and the shells)
    m.tty(0).send("cat /tmp/o*\n");
    for (let i = 0; i < 5; i++) {
      m.run(10_000_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const counts = m.tty(0).output().split(/\r?\n/).map((l) => l.trim()).filter((l) => /^\d+$/.test(l));
    expect(counts).toHaveLength(JOBS);
    expect(new Set(counts)).toEqual(new Set([String(seqBytes(N))]));
    expect(restarts).toBeGreaterThan(1);
  }, 600_000);
});
