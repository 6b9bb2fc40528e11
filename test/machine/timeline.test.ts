// Time travel (machine/timeline.ts): for random workloads and random targets
// T, goto(T) yields the machine that running from the start to T yielded — the
// same digest, the same terminal transcript — whether T is behind or ahead;
// going forward without new input reproduces the same future; typing in the
// past forks the timeline and the new future is the one kept.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Timeline, TimelineError } from "../../machine/timeline.js";
import { bootedMachine, workload, type Step } from "../../testing/index.js";
import { numRuns } from "../snapshot/workload.js";

const EVERY = 1_500_000;

/** Drive a timeline through `steps`, recording (time, digest, transcript) after every step. */
function record(t: Timeline, steps: readonly Step[]): { time: number; digest: string; out: string }[] {
  const dec = new TextDecoder();
  const seen = [{ time: t.now(), digest: t.machine.digest(), out: dec.decode(t.transcript(0)) }];
  for (const s of steps) {
    if (s.kind === "send") t.send(s.tty, s.text);
    else t.run(s.ticks);
    seen.push({ time: t.now(), digest: t.machine.digest(), out: dec.decode(t.transcript(0)) });
  }
  return seen;
}

describe("timeline", () => {
  it("goto(T), back or forward, gives the machine as it was at T", () => {
    fc.assert(
      fc.property(workload({ maxSteps: 8, maxTicks: 4_000_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (steps, picks) => {
        const t = new Timeline(bootedMachine(2), { every: EVERY });
        const seen = record(t, steps);
        const dec = new TextDecoder();
        for (const pick of picks) {
          // goto(T) shows the machine before any input typed at T (that input is T's future).
          const target = seen[pick % seen.length]!;
          const first = seen.find((x) => x.time === target.time)!;
          t.goto(target.time);
          expect(t.now()).toBe(target.time);
          expect(t.machine.digest()).toBe(first.digest);
          expect(dec.decode(t.transcript(0))).toBe(first.out);
        }
        // back to the start, then forward to the end with no new input: the same future
        t.goto(t.start);
        const end = seen[seen.length - 1]!;
        t.goto(end.time);
        const atEnd = seen.find((x) => x.time === end.time)!;
        expect(t.machine.digest()).toBe(atEnd.digest);
        expect(dec.decode(t.transcript(0))).toBe(atEnd.out);
      }),
      { numRuns: numRuns(12, 200) },
    );
  });

  it("typing in the past forks the timeline: the new future is kept, the old one is gone", () => {
    const t = new Timeline(bootedMachine(2), { every: EVERY });
    t.send(0, "echo one\n");
    t.run(5_000_000);
    const mid = t.now();
    t.send(0, "echo two\n");
    t.run(5_000_000);
    const end = t.now();
    expect(new TextDecoder().decode(t.transcript(0))).toContain("two");
    t.goto(mid);
    t.send(0, "echo three\n");
    t.run(5_000_000);
    expect(t.now()).toBe(end);
    const out = new TextDecoder().decode(t.transcript(0));
    expect(out).toContain("three");
    expect(out).not.toContain("two");
    t.back(5_000_000);
    t.run(5_000_000);
    expect(new TextDecoder().decode(t.transcript(0))).toBe(out); // replays the new future, not the old
  });

  it("keys typed straight into the machine (the host terminal's path) are recorded and replayed too", () => {
    const t = new Timeline(bootedMachine(2), { every: EVERY });
    t.run(1_000);
    t.machine.tty(0).send("echo direct\n"); // not through t.send: as the interactive terminal types
    t.run(3_000_000);
    const end = t.now();
    const digest = t.machine.digest();
    expect(t.recordedInputs()).toHaveLength(1);
    t.goto(t.start);
    t.goto(end);
    expect(t.machine.digest()).toBe(digest);
    expect(new TextDecoder().decode(t.transcript(0))).toContain("direct\r\n");
    t.close();
    t.machine.tty(0).send("x");
    expect(t.recordedInputs()).toHaveLength(1); // closed: no longer recording
  });

  it("bounded memory: beyond maxBytes the oldest points go, and goto before them is refused with one line", () => {
    const first = bootedMachine(2);
    const size = first.checkpoint().length;
    const t = new Timeline(first, { every: 1_000_000, maxBytes: size * 3 + size / 2 });
    t.send(0, "primes > /dev/null &\n");
    t.run(6_000_000);
    expect(t.pointTimes().length).toBeLessThanOrEqual(3);
    expect(t.start).toBeGreaterThan(0);
    expect(() => t.goto(0)).toThrow(TimelineError);
    expect(() => t.goto(0)).toThrow(/reaches back to tick \d+ only/);
    t.goto(t.start);
    expect(t.now()).toBe(t.start);
  });
});
