// run(a); run(b) ≡ run(a + b), whatever a and b (docs/kernel.md "Virtual time and scheduling"):
// a timer fires at the tick it falls due, never where a run happens to end. First the case that
// broke it (an ITIMER_REAL alarm falling due while a lone process runs: the signal used to land at
// the run's end when a run ended between the deadline and the next quantum end, else at that
// quantum end); then a property over random multi-process workloads (CPU loops, pipes, sleeps,
// interval and POSIX timers, periodic or not, signals, masks, fork/wait/exit): one machine runs
// the whole time in one call, others in random pieces through the kernel and the Machine API, one
// is checkpointed and restored at every common cut; all digests agree at every common cut and at
// the end. With the translator and without. Last, shell workloads on the terminals with every
// run step cut into random pieces (the fidelity test cuts one). More cases: FC_NUM_RUNS=… or
// CRYOBOX_LONG=1.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { alarmLoop, type GuestImage, workloadArb, workloadProgram } from "./split-guest.js";
import { apply, bootedMachine, numRuns, stepsArb, type Step } from "../snapshot/workload.js";

const boot = (img: GuestImage, jit: boolean): Machine => Machine.boot({ image: img.files, ttys: 1, drives: 0, jit });

/** Let `ticks` pass with one kernel.run call (the way Machine.run lets time pass on an idle machine). */
function kernelRun(m: Machine, ticks: number): void {
  const r = m.kernel.run(ticks);
  if (r.idle && m.kernel.state.panic === "") m.kernel.idleFor(ticks - r.ticks);
}

/** The 32-bit word at guest address `addr` of pid 1. */
function peek(m: Machine, addr: number): number {
  const p = m.kernel.state.procs.get(1)!;
  const b = m.kernel.mem(p).copyIn(addr, 4)!;
  return new DataView(b.buffer, b.byteOffset).getUint32(0, true);
}

describe("an alarm falling due while a lone process runs", () => {
  for (const jit of [true, false]) {
    it(`lands on its own tick whatever the run boundaries (jit ${jit ? "on" : "off"})`, () => {
      const img = alarmLoop(150_000); // 1.5 virtual ms: between two quantum ends
      const probe = boot(img, jit);
      probe.kernel.run(1_000);
      const due = probe.kernel.state.procs.get(1)!.posix.itimer.real;
      expect(due).toBeGreaterThan(150_000);
      expect(due % 100_000).not.toBe(0);
      const total = 500_000;
      const whole = boot(img, jit);
      kernelRun(whole, total);
      // The handler's first instruction (rdtime) runs at the alarm's own tick.
      expect(peek(whole, img.counts + 4 * 14)).toBe(1);
      expect(peek(whole, img.counts + 256 + 4 * 14)).toBe(due);
      for (const cut of [due - 1, due, due + 1, due + 7, due + 20_000, total - 1]) {
        const split = boot(img, jit);
        kernelRun(split, cut);
        kernelRun(split, total - cut);
        expect(peek(split, img.counts + 256 + 4 * 14), `cut at ${cut}`).toBe(due);
        expect(split.digest(), `cut at ${cut}`).toBe(whole.digest());
      }
    });
  }
});

/** Tick counts in (0, total) from fractions, sorted and distinct. */
function points(total: number, fractions: number[]): number[] {
  return [...new Set(fractions.map((f) => Math.floor(f * total)).filter((t) => t > 0 && t < total))].sort((a, b) => a - b);
}

const cutsArb = fc.record({
  total: fc.integer({ min: 100_000, max: 4_000_000 }),
  common: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
  extraA: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
  extraB: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
});

describe("split runs ≡ one run, for random workloads", () => {
  for (const jit of [true, false]) {
    it(`digests agree at every common cut and at the end (jit ${jit ? "on" : "off"})`, () => {
      fc.assert(
        fc.property(workloadArb(), cutsArb, (w, c) => {
          const img = workloadProgram(w);
          const common = points(c.total, c.common);
          const stops = [...common, c.total];
          const inA = points(c.total, [...c.common, ...c.extraA]);
          const inB = points(c.total, [...c.common, ...c.extraB]);
          const whole = boot(img, jit); // one kernel.run call for the whole time
          kernelRun(whole, c.total);
          const a = boot(img, jit); // kernel.run in pieces
          const b = boot(img, jit); // Machine.run in pieces (each cut again into SLICE_TICKS)
          let d = boot(img, jit); // checkpointed and restored at every common cut
          const ends = (m: Machine, cuts: number[], upTo: number, step: (m: Machine, n: number) => void): void => {
            let at = m.kernel.now();
            for (const t of [...cuts.filter((x) => x > at && x < upTo), upTo]) {
              step(m, t - at);
              at = t;
            }
          };
          for (const stop of stops) {
            ends(a, inA, stop, kernelRun);
            ends(b, inB, stop, (m, n) => m.run(n));
            ends(d, [], stop, (m, n) => m.run(n));
            const digest = a.digest();
            expect(b.digest(), `Machine.run pieces vs kernel.run pieces at ${stop}`).toBe(digest);
            d = Machine.restore(d.checkpoint(), { jit });
            expect(d.digest(), `checkpoint/restore at ${stop}`).toBe(digest);
          }
          expect(whole.digest(), "one run vs pieces").toBe(a.digest());
        }),
        { numRuns: numRuns(jit ? 12 : 6, 200) },
      );
    });
  }
});

describe("split runs ≡ one run, for shell workloads on the terminals", () => {
  it("every run step cut into random pieces ends with the same digest and the same screens", () => {
    fc.assert(
      fc.property(stepsArb(8, 3_000_000), fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), { maxLength: 8 }), (steps, cuts) => {
        // run steps into pieces: a run of N at fractions f becomes runs ending at floor(f·N), then N
        const pieces: Step[] = steps.flatMap((st, i): Step[] => {
          if (st.kind !== "run") return [st];
          const at = points(st.ticks, cuts[i] ?? []);
          return [...at, st.ticks].map((t, j) => ({ kind: "run" as const, ticks: t - (j > 0 ? at[j - 1]! : 0) }));
        });
        const whole = bootedMachine();
        apply(whole, steps);
        const split = bootedMachine();
        apply(split, pieces);
        expect(split.digest()).toBe(whole.digest());
        for (const n of [0, 1]) expect(split.tty(n).output()).toBe(whole.tty(n).output());
      }),
      { numRuns: numRuns(6, 100) },
    );
  });
});
