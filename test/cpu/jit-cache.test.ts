// The shared translation cache (cpu/jit/cache.ts) keeps several versions per page number: programs
// are all linked at the same addresses, so two programs taking turns (a shell and the commands it
// runs) must each find their own translation again instead of evicting each other's.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { clearSharedCode, tuning } from "../../cpu/jit/cache.js";
import { type CpuOptions, newCpuStats } from "../../cpu/stats.js";
import { addi, B, J, machine } from "./encode.js";

/** A loop adding `step` to x5 (the page's bytes differ with step), then a jump back. */
const prog = (step: number): number[] => [addi(13, 0, 50), addi(5, 5, step), addi(13, 13, -1), B(-8, 0, 13, 1), J(-16, 0)];

describe("shared translations", () => {
  let hot = 0;
  beforeAll(() => (hot = tuning.hot));
  afterAll(() => (tuning.hot = hot));

  it("programs with different bytes at the same page each reuse their own translation", () => {
    tuning.hot = 1;
    clearSharedCode();
    const stats = newCpuStats();
    const opts: CpuOptions = { jit: true, stats };
    const turn = (step: number): number => {
      const m = machine(prog(step));
      run(m.hart, m.mem, 2000, 0, opts);
      return m.hart.x[5]!;
    };
    const steps = [1, 2, 3, 4];
    const first = steps.map(turn); // four versions of the page: four translations
    expect(stats.translated).toBe(4);
    for (let round = 0; round < 3; round++) {
      expect(steps.map(turn)).toEqual(first); // the same results ...
    }
    expect(stats.translated).toBe(4); // ... from the same translations
    expect(stats.jitRetired).toBeGreaterThan(0);
    turn(5); // a fifth version evicts the oldest (step 1) only
    expect(stats.translated).toBe(5);
    turn(2);
    expect(stats.translated).toBe(5);
    turn(1);
    expect(stats.translated).toBe(6);
  });
});
