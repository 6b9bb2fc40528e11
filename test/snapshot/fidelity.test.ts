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
import { cyclesProperty, roundTripProperty, splitRunProperty } from "../../testing/index.js";
import { MemoryReel } from "../../devices/tape/media.js";

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

describe("restore fidelity", () => {
  // The two central properties come from the user API (cryobox/testing), so users run exactly these.
  it("checkpoint → restore → checkpoint is byte-identical, with equal digests", () => {
    fc.assert(roundTripProperty({ maxSteps: 8, maxTicks: 2_000_000 }), { numRuns: numRuns(40, 500) });
  });

  it("run N, checkpoint, restore, run M ≡ run N then M in the original machine", () => {
    fc.assert(splitRunProperty({ maxSteps: 10, maxTicks: 2_000_000 }), { numRuns: numRuns(40, 500) });
  });

  it("repeated checkpoint/restore cycles (CRIU zdtm --iters) end equal to an uninterrupted run", () => {
    fc.assert(cyclesProperty({ maxSteps: 8, maxTicks: 2_000_000, iterations: 4 }), { numRuns: numRuns(10, 200) });
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
    // "echo par" typed and not yet read: queued for the shell's line editor (non-canonical), or a canonical partial line
    expect(v.ttys[0]!.queuedInput + v.ttys[0]!.partialLine).toBe(8);
    const marks = [0, 1].map((n) => a.tty(n).outputLength());
    const b = Machine.restore(a.checkpoint());
    apply(a, after);
    apply(b, after);
    expect(b.digest()).toBe(a.digest());
    for (const n of [0, 1]) expect(b.tty(n).output()).toBe(new TextDecoder().decode(a.tty(n).outputSince(marks[n]!)));
    expect(b.tty(0).output()).toContain("partial");
  });
});

/** A SIMH .tap image: `n` records of `size` bytes (record i filled with 'a'+i%26), a tape mark, end of medium. */
function tapImage(n: number, size: number): Uint8Array {
  const out = new Uint8Array(n * (size + 8) + 8);
  const dv = new DataView(out.buffer);
  let at = 0;
  for (let i = 0; i < n; i++) {
    dv.setUint32(at, size, true);
    out.fill(97 + (i % 26), at + 4, at + 4 + size);
    dv.setUint32(at + 4 + size, size, true);
    at += size + 8;
  }
  dv.setUint32(at, 0, true); // tape mark
  dv.setUint32(at + 4, 0xffffffff, true); // end of medium
  return out;
}

describe("restore fidelity with a tape", () => {
  it("a reader stopped mid-reel continues at the next record after restore (SCENARIOS 7)", () => {
    const image = tapImage(40, 512);
    const a = Machine.boot({ ttys: 1, tapes: { 0: { media: new MemoryReel(image), name: "VOL001" } } });
    a.run();
    a.tty(0).send("cat /dev/nrmt0 | sleep 1; cat /dev/nrmt0 | wc -c\n");
    a.run(20_000_000); // cat has read some records and blocks on the full pipe
    const drive = a.kernel.state.drives[0]!.drive;
    expect(drive.blockNo).toBeGreaterThan(0);
    expect(drive.position).toBeGreaterThan(0);
    const mark = a.tty(0).outputLength();
    const b = Machine.restore(a.checkpoint(), { tapes: { 0: { media: new MemoryReel(image), name: "VOL001" } } });
    expect(b.kernel.state.drives[0]!.drive.position).toBe(drive.position);
    a.run(300_000_000);
    b.run(300_000_000);
    expect(b.digest()).toBe(a.digest());
    expect(b.tty(0).output()).toBe(new TextDecoder().decode(a.tty(0).outputSince(mark)));
  });
});
