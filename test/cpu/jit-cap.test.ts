// The translator's counting against the interpreter when a page function's call is cut short:
// page functions count retired instructions in int32 relative to the call's limit (cpu/jit/
// translate.ts), and the dispatcher bounds each call to callTuning.cap instructions, going on
// at the block where a call stopped (cpu/jit/dispatch.ts). With tiny caps every block boundary
// is such a cut; random loop nests with loads, stores and forward branches, run for random
// budgets, must leave the same results, harts and memory as the interpreter after every budget.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { HartState, type RunResult } from "../../cpu/hart.js";
import { tuning } from "../../cpu/jit/cache.js";
import { callTuning } from "../../cpu/jit/dispatch.js";
import { type Memory, MemoryState } from "../../cpu/memory.js";
import { type CpuOptions, newCpuStats } from "../../cpu/stats.js";
import { encode, sha256Hex } from "../../state/index.js";
import { addi, B, branch, DATA, J, load, machine, OPS, op, store } from "./encode.js";

const RUNS = process.env.CRYOBOX_LONG === "1" ? 500 : 40;

const reg = fc.integer({ min: 5, max: 12 });
/** One instruction of a loop body: ALU, a load or store near x20 (in DATA), or a short forward branch. */
const insn: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[])), reg, reg, reg).map(([n, d, a, b]) => op(n, d, a, b)) },
  { weight: 3, arbitrary: fc.tuple(reg, reg, fc.integer({ min: -99, max: 99 })).map(([d, a, i]) => addi(d, a, i)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("lw", "lh", "lbu") as fc.Arbitrary<"lw" | "lh" | "lbu">, reg, fc.integer({ min: 0, max: 60 })).map(([n, d, o]) => load(n, d, 20, o)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("sw", "sh", "sb") as fc.Arbitrary<"sw" | "sh" | "sb">, reg, fc.integer({ min: 0, max: 60 })).map(([n, s, o]) => store(n, s, 20, o)) },
  { weight: 1, arbitrary: fc.tuple(reg, reg).map(([a, b]) => branch("blt", a, b, 8)) },
);

/** outer loop (x14 turns) { body; inner loop (x13 turns) { body } ; body }; then jump back to the start. */
function program(a: number[], inner: number[], c: number[], outer: number, turns: number): number[] {
  const innerLoop = [addi(13, 0, turns), ...inner, addi(13, 13, -1), B(-4 * (inner.length + 1), 0, 13, 1)];
  const body = [...a, ...innerLoop, ...c];
  const words = [addi(14, 0, outer), ...body, addi(14, 14, -1), B(-4 * (body.length + 1), 0, 14, 1)];
  return [...words, J(-4 * words.length, 0)];
}

const digest = (h: HartState, m: Memory): string => sha256Hex(encode(HartState, h), encode(MemoryState, m.state));

describe("page functions cut at any block (callTuning.cap) count exactly", () => {
  let saved = { cap: 0, hot: 0 };
  beforeAll(() => (saved = { cap: callTuning.cap, hot: tuning.hot }));
  afterAll(() => {
    callTuning.cap = saved.cap;
    tuning.hot = saved.hot;
  });

  it("identical results, harts, memory and digests after every budget, for any cap", () => {
    let jitRetired = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.array(insn, { maxLength: 6 }), fc.array(insn, { maxLength: 6 }), fc.array(insn, { maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(1, 2, 3, 5, 17, 1 << 30),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 8, maxLength: 8 }),
        (a, inner, c, outer, turns, cap, budgets, regs) => {
          callTuning.cap = cap;
          tuning.hot = 1;
          const words = program(a, inner, c, outer, turns);
          const init: Record<number, number> = { 20: DATA + 0x100 };
          regs.forEach((v, i) => (init[5 + i] = v));
          const x = machine(words, init);
          const y = machine(words, init);
          const interp: CpuOptions = { jit: false, stats: newCpuStats() };
          const jit: CpuOptions = { jit: true, stats: newCpuStats() };
          for (const budget of budgets) {
            const rx: RunResult = run(x.hart, x.mem, budget, 5, interp);
            const ry: RunResult = run(y.hart, y.mem, budget, 5, jit);
            expect(ry).toEqual(rx);
            expect([y.hart.pc, y.hart.instret, ...y.hart.x]).toEqual([x.hart.pc, x.hart.instret, ...x.hart.x]);
            expect(digest(y.hart, y.mem)).toBe(digest(x.hart, x.mem));
          }
          jitRetired += jit.stats.jitRetired;
          total += x.hart.instret;
        },
      ),
      { numRuns: RUNS },
    );
    expect(jitRetired).toBeGreaterThan(total / 4); // not vacuous: most of it ran translated
  });

  it("calls cut at every block still retire the whole budget in translated code", () => {
    tuning.hot = 1;
    callTuning.cap = 4; // the longest block of this program (a cap below a block's length leaves it to the interpreter)
    const words = program([addi(5, 5, 1)], [addi(6, 6, 1), store("sw", 6, 20, 0)], [], 1000, 1000);
    const x = machine(words, { 20: DATA });
    const jit: CpuOptions = { jit: true, stats: newCpuStats() };
    run(x.hart, x.mem, 1000, 0, jit); // translate
    const before = jit.stats.jitRetired;
    const r = run(x.hart, x.mem, 100_000, 0, jit);
    expect(r).toEqual({ retired: 100_000, stop: { kind: "budget" } });
    expect(jit.stats.jitRetired - before).toBeGreaterThan(99_000);
  });
});
