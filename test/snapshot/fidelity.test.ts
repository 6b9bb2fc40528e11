// Restore fidelity, the proof (SCENARIOS 27, 28): for random machines reached
// by random workloads, checkpoint → restore → checkpoint is byte-identical;
// and run N, checkpoint, restore into a fresh machine, run M ≡ run N+M (same
// digest, same terminal output, same snapshot bytes). fast-check prints the
// seed and the shrunk workload on failure; replay with FC_SEED/FC_PATH via
// fc's own reporting, more cases with FC_NUM_RUNS=… or CRYOBOX_LONG=1.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { apply, bootedMachine, numRuns, splitAt, stepsArb, type Step } from "./workload.js";
import { viewOf } from "../../snapshot/view.js";

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

describe("restore fidelity", () => {
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
      { numRuns: numRuns(40, 500) },
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
      { numRuns: numRuns(40, 500) },
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
      { numRuns: numRuns(25, 300) },
    );
  });

  it("a machine in the hard states (full and empty pipes, stopped job, raw mode with input, partial line, sleeper, /tmp file) continues exactly", () => {
    const send = (tty: number, text: string): Step => ({ kind: "send", tty, text });
    const run = (ticks: number): Step => ({ kind: "run", ticks });
    const before: Step[] = [
      send(0, "echo abc > /tmp/a; yes | sleep 3 &\n"), run(3_000_000),
      send(0, "sleep 2 | cat &\n"), run(3_000_000),
      send(0, "cat\n"), run(1_000_000), send(0, "\x1a"), run(1_000_000),
      send(1, "stty raw -echo; cat\n"), run(3_000_000), send(1, "xy"),
      send(0, "echo par"),
    ];
    const after: Step[] = [send(0, "tial\n"), run(5_000_000), send(1, "\x03z"), run(400_000_000), send(0, "fg\n"), run(2_000_000), send(0, "\x04"), run(2_000_000)];
    const a = bootedMachine();
    apply(a, before);
    const v = viewOf(a.kernel.config, a.kernel.state);
    expect(v.pipes.some((p) => p.buffered === 4096)).toBe(true); // a writer blocked on a full pipe
    expect(v.pipes.some((p) => p.buffered === 0 && p.writers > 0)).toBe(true); // a reader blocked on an empty one
    expect(v.procs.some((p) => p.state === "stopped")).toBe(true);
    expect(v.procs.some((p) => p.chan.startsWith("timer") || p.state === "sleeping")).toBe(true);
    expect(v.ttys[1]!.mode).toMatch(/-icanon -echo/);
    expect(v.ttys[0]!.partialLine).toBe(8);
    const marks = [0, 1].map((n) => a.tty(n).outputLength());
    const b = Machine.restore(a.checkpoint());
    apply(a, after);
    apply(b, after);
    expect(b.digest()).toBe(a.digest());
    for (const n of [0, 1]) expect(b.tty(n).output()).toBe(new TextDecoder().decode(a.tty(n).outputSince(marks[n]!)));
    expect(b.tty(0).output()).toContain("partial");
  });
});
