// run(N) against any workload: it never throws, it lets exactly N ticks of
// virtual time pass, and running in two pieces is the same machine (digest and
// terminal output) as running at once. The pool adds the workloads that used
// to kill the machine: a guest writing more than a terminal's output queue
// (64 KiB) while nothing else is runnable, which left a writer the host drain
// woke on a machine the kernel had called idle (`idleFor: the machine is not idle`).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { OutputLog } from "../../machine/output-log.js";
import { POOL, bootedMachine, numRuns } from "../snapshot/workload.js";

const BIG = [
  "dd if=/dev/zero bs=65536 count=4\n",
  "yes\n",
  "seq 1 15000\n",
  "cat /bin/sh /bin/sh\n",
  "yes | head -25000\n",
];
type Step = { kind: "send"; tty: number; text: string } | { kind: "run"; ticks: number };

const steps = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("send" as const), tty: fc.integer({ min: 0, max: 1 }), text: fc.constantFrom(...BIG, ...POOL) }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant("run" as const), ticks: fc.integer({ min: 0, max: 3_000_000 }) }), weight: 2 },
  ),
  { minLength: 1, maxLength: 6 },
);

/** Apply steps; every run must advance the clock by exactly its count. */
function apply(m: Machine, list: readonly Step[]): void {
  for (const s of list) {
    if (s.kind === "send") m.tty(s.tty).send(s.text);
    else {
      const t0 = m.now();
      const r = m.run(s.ticks);
      expect(r.ticks).toBe(s.ticks);
      expect(m.now() - t0).toBe(s.ticks);
    }
  }
}

describe("run(N) never throws and advances virtual time by exactly N", () => {
  for (const cmd of BIG) {
    it(`a lone big writer on the terminal: ${JSON.stringify(cmd)}`, () => {
      const m = bootedMachine();
      m.tty(0).send(cmd);
      const t0 = m.now();
      expect(m.run(10_000_000).ticks).toBe(10_000_000);
      expect(m.now() - t0).toBe(10_000_000);
      expect(m.tty(0).outputLength()).toBeGreaterThan(65536);
    });
  }

  it("the library's run() without a count returns (idle or bounded) after big output", () => {
    const m = bootedMachine();
    m.tty(0).send("dd if=/dev/zero bs=65536 count=4\n");
    const r = m.run();
    expect(r.idle).toBe(true);
    expect(m.tty(0).output()).toContain("4+0 records");
  });

  it("property: any workload, run(N) exact; run(a) then run(b) ≡ run(a + b)", () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 0, max: 4_000_000 }), fc.integer({ min: 0, max: 4_000_000 }), (prefix, a, b) => {
        const one = bootedMachine();
        const two = bootedMachine();
        apply(one, prefix);
        apply(two, prefix);
        apply(one, [{ kind: "run", ticks: a + b }]);
        apply(two, [{ kind: "run", ticks: a }, { kind: "run", ticks: b }]);
        expect(two.digest()).toBe(one.digest());
        for (const n of [0, 1]) expect(two.tty(n).outputLength()).toBe(one.tty(n).outputLength());
      }),
      { numRuns: numRuns(5, 60) },
    );
  }, process.env.CRYOBOX_LONG === "1" ? 1_800_000 : undefined); // the long form: 60 workloads, minutes on a loaded host
});

describe("the host-side output log keeps a bounded tail", () => {
  it("keeps the last bytes, counts all, and never holds more than twice the tail", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }), (tail, sizes) => {
        const log = new OutputLog(tail);
        const all: number[] = [];
        for (const n of sizes) {
          const chunk = Uint8Array.from({ length: n }, (_, i) => (all.length + i) & 0xff);
          log.append(chunk);
          all.push(...chunk);
          expect(log.length).toBe(all.length);
          const kept = log.bytes();
          expect(kept.length).toBeGreaterThanOrEqual(Math.min(tail, all.length));
          expect(kept.length).toBeLessThanOrEqual(2 * tail);
          expect([...kept]).toEqual(all.slice(all.length - kept.length));
          expect(log.start).toBe(all.length - kept.length);
          expect([...log.since(all.length - 1)]).toEqual(all.slice(-1));
        }
      }),
    );
  });

  it("a guest printing without end (yes) does not grow the host log past its bound", () => {
    const m = bootedMachine();
    m.tty(0).send("yes\n");
    m.run(4_000_000);
    expect(m.tty(0).outputLength()).toBeGreaterThan(3 << 20);
    expect(m.tty(0).outputBytes().length).toBeLessThanOrEqual(2 << 20);
  });
});
