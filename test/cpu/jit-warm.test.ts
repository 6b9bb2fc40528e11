// The warm-up of new page functions (cpu/jit/frame.ts): it runs guest code on
// a scratch frame before any guest does, so it must end for any code at all —
// endless loops, loops that never leave an inner loop, jumps everywhere — and
// it must never reach a guest: its loads and stores see only the scratch page,
// and the frame real runs use keeps `warm` at 0 (the warm-up's early exits
// from inner loops would otherwise change what a guest computes).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { newHart } from "../../cpu/hart.js";
import { tuning } from "../../cpu/jit/cache.js";
import { Frame, helpers, warmPage } from "../../cpu/jit/frame.js";
import { translatePage } from "../../cpu/jit/translate.js";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { newCpuStats } from "../../cpu/stats.js";
import { addi, B, J, jalr, load, store } from "./encode.js";

const RUNS = process.env.CRYOBOX_LONG === "1" ? 300 : 40;

const reg = fc.integer({ min: 0, max: 15 });
/** Words of code that loop, branch, jump anywhere in the page, load and store. */
const word: fc.Arbitrary<number> = fc.oneof(
  fc.tuple(reg, reg, fc.integer({ min: -2048, max: 2047 })).map(([d, a, i]) => addi(d, a, i)),
  fc.tuple(fc.constantFrom(0, 1, 4, 5, 6, 7), reg, reg, fc.integer({ min: -20, max: 20 })).map(([f3, a, b, k]) => B(k * 4, b, a, f3)),
  fc.tuple(fc.integer({ min: -20, max: 20 }), fc.constantFrom(0, 1)).map(([k, rd]) => J(k * 4, rd)),
  fc.tuple(reg, reg, fc.integer({ min: -64, max: 64 })).map(([d, a, i]) => jalr(d, a, i * 4)),
  fc.tuple(fc.constantFrom("lw", "lb", "lhu") as fc.Arbitrary<"lw" | "lb" | "lhu">, reg, reg, fc.integer({ min: -9, max: 9 })).map(([n, d, a, i]) => load(n, d, a, i)),
  fc.tuple(fc.constantFrom("sw", "sb", "sh") as fc.Arbitrary<"sw" | "sb" | "sh">, reg, reg, fc.integer({ min: -9, max: 9 })).map(([n, s, a, i]) => store(n, s, a, i)),
  fc.constant(B(0, 0, 0, 0)), // beq x0, x0, . — a block that loops on itself for ever
);

describe("the warm-up of a new page function", () => {
  it("ends and touches nothing but its scratch frame, for any code", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 1024 }), fc.array(fc.integer({ min: 0, max: 1023 }), { minLength: 1, maxLength: 20 }), (words, entries) => {
        const bytes = new Uint8Array(4096);
        const view = new DataView(bytes.buffer);
        words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
        const before = bytes.slice();
        const vpn = 0x10;
        const code = translatePage(vpn, bytes, entries.map((k) => vpn * 4096 + 4 * k), helpers);
        warmPage(code); // returns: a warm-up that loops for ever hangs this test (checked: dropping the countdown of its inner-loop exits does)
        expect(bytes).toEqual(before); // the code it was made from is untouched
        expect(code.bytes).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it("real runs use a frame whose warm-up counter is 0 (a fresh Frame starts so)", () => {
    expect(new Frame().warm).toBe(0);
  });

  it("a guest's memory and registers are what the interpreter computes after pages were warmed up", () => {
    // a loop storing its counter: translated at the first visit (so warmed up), then compared
    const saved = tuning.hot;
    tuning.hot = 1;
    try {
      const prog = [addi(5, 0, 50), addi(6, 0, 0), store("sw", 6, 7, 0), addi(7, 7, 4), addi(6, 6, 1), B(-12, 5, 6, 1), B(0, 0, 0, 0)];
      const results = [true, false].map((jit) => {
        const mem = new Memory();
        mem.map(0x10000, 4096, PROT_READ | PROT_EXEC, "code");
        mem.map(0x20000, 4096, PROT_READ | PROT_WRITE, "data");
        const b = new Uint8Array(prog.length * 4);
        prog.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w >>> 0, true));
        mem.poke(0x10000, b);
        const hart = newHart(0x10000);
        hart.x[7] = 0x20000;
        const stats = newCpuStats();
        for (let k = 0; k < 20; k++) run(hart, mem, 37, 0, { jit, stats });
        return { x: Array.from(hart.x), pc: hart.pc, data: mem.copyIn(0x20000, 256), translated: stats.translated };
      });
      expect(results[0]!.translated).toBeGreaterThan(0);
      expect(results[0]!.x).toEqual(results[1]!.x);
      expect(results[0]!.pc).toBe(results[1]!.pc);
      expect(results[0]!.data).toEqual(results[1]!.data);
    } finally {
      tuning.hot = saved;
    }
  });
});
