// The guest-abuse campaign (issue 7), small form; CRYOBOX_LONG=1 runs it longer.
// A fork bomb, random system calls from a seeded generator, every signal to
// every pid: the host never throws, the machine stays within its bounds (the
// page store within memoryLimit, the process table within NPROC, and every
// queue within what restore accepts — the machine's own checkpoint restores
// to the same digest, and restore validates every bound), and it keeps going.
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { NPROC } from "../../kernel/param.js";
import { forkBomb, syscallFuzzer } from "./guest-programs.js";
import { bootedMachine } from "../snapshot/workload.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const LIMIT = 64 << 20;

/** The machine's own checkpoint restores to the same machine; its bounds hold. */
function checkBounded(m: Machine): Machine {
  expect(m.kernel.pageStore.used).toBeLessThanOrEqual(LIMIT / 4096);
  expect(m.kernel.state.procs.size).toBeLessThanOrEqual(NPROC);
  const r = Machine.restore(m.checkpoint());
  expect(r.digest()).toBe(m.digest());
  return r;
}

describe("guest abuse", () => {
  it("a fork bomb fills the process table, shares its pages, and the machine carries on", () => {
    const m = Machine.boot({ image: forkBomb(), ttys: 1, memoryLimit: LIMIT });
    const r = m.run(LONG ? 30_000_000 : 2_000_000);
    expect(r.panic).toBe("");
    expect(m.kernel.state.procs.size).toBeGreaterThan(100);
    expect(m.kernel.pageStore.used).toBeLessThan(50); // every process shares init's few pages
    const back = checkBounded(m);
    expect(back.run(100_000).ticks).toBe(100_000);
  });

  for (const seed of LONG ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2]) {
    it(`random system calls (seed ${seed}): no host exception, bounded, restorable`, () => {
      let m = Machine.boot({ image: syscallFuzzer(seed, 3000), ttys: 1, memoryLimit: LIMIT });
      for (let round = 0; round < (LONG ? 20 : 3); round++) {
        const r = m.run(3_000_000);
        expect(r.ticks).toBe(3_000_000);
        expect(r.panic).toBe("");
        m = checkBounded(m);
      }
      expect(m.kernel.state.nextPid).toBeGreaterThan(20); // it kept forking fuzzers
    });
  }

  it("every signal to every pid (kill -N -1 and kill -N 1 from a shell): init survives and respawns the shells", () => {
    const m = bootedMachine();
    m.tty(0).send("sleep 100 & yes > /dev/null & cat /dev/zero | wc &\n");
    m.run(5_000_000);
    for (let sig = 1; sig <= 64; sig++) {
      m.tty(0).send(`kill -${sig} -1; kill -${sig} 1\n`);
      const r = m.run(LONG ? 5_000_000 : 1_000_000);
      expect(r.panic).toBe("");
    }
    // Real-time signals (33–64) now terminate the shells by default, as on Linux, so each shell dies
    // many times over; after 5 quick deaths init waits 5 s before respawning (user/src/init.c).
    m.run(600_000_000);
    const back = checkBounded(m);
    back.tty(1).send("echo still $((1+1)) here\n");
    back.run(20_000_000);
    expect(back.kernel.state.procs.get(1)!.state).not.toBe("zombie");
    expect(back.tty(1).output()).toMatch(/still .* here/);
  });
});
