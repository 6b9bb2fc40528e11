// fast-check properties of the whole CPU on random programs:
//  (1) random instruction words in random memory layouts with random register
//      values never throw on the host, and every stop reason is well-formed;
//  (2) run(N) then run(M) leaves the same registers, pc, counters and memory
//      as run(N+M) — the property checkpointing at any instruction relies on.
// Runs are larger with CRYOBOX_LONG=1.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { Cause, type HartState, newHart } from "../../cpu/hart.js";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { addi, B, BRANCHES, csr, I, J, LOADS, lui, OPS, poke32, R, S, STORES, U } from "./encode.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const RUNS = LONG ? 2000 : 150;

const small = fc.integer({ min: 0, max: 7 }); // few registers, so values flow between instructions
const imm12 = fc.integer({ min: -2048, max: 2047 });

const memImm = fc.oneof({ arbitrary: fc.integer({ min: -16, max: 16 }).map((v) => v * 4), weight: 4 }, { arbitrary: imm12, weight: 1 });
const offset = fc.oneof({ arbitrary: fc.integer({ min: -48, max: 48 }).map((v) => v * 4), weight: 6 }, { arbitrary: fc.integer({ min: -96, max: 96 }).map((v) => v * 2), weight: 1 });

/** Mostly-valid instructions of every format, plus raw random words. */
const instruction: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 0xffffffff }), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...Object.values(OPS)), small, small, small).map(([[f7, f3], rd, a, b]) => R(f7, b, a, f3, rd, 0x33)), weight: 6 },
  {
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 7 }), small, small, imm12).map(([f3, rd, a, imm]) =>
      f3 === 1 ? I(imm & 31, a, 1, rd, 0x13) : f3 === 5 ? I(imm & 0x41f, a, 5, rd, 0x13) : I(imm, a, f3, rd, 0x13),
    ),
    weight: 6,
  },
  { arbitrary: fc.tuple(fc.constantFrom(...Object.values(LOADS)), small, small, memImm).map(([f3, rd, a, imm]) => I(imm, a, f3, rd, 0x03)), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom(...Object.values(STORES)), small, small, memImm).map(([f3, b, a, imm]) => S(imm, b, a, f3, 0x23)), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom(...Object.values(BRANCHES)), small, small, offset).map(([f3, a, b, off]) => B(off, b, a, f3)), weight: 3 },
  { arbitrary: fc.tuple(small, offset).map(([rd, off]) => J(off, rd)), weight: 1 },
  { arbitrary: fc.tuple(small, small, memImm).map(([rd, a, imm]) => I(imm, a, 0, rd, 0x67)), weight: 1 },
  { arbitrary: fc.tuple(small, fc.integer({ min: 0, max: 0xfffff })).map(([rd, v]) => (v & 1 ? lui(rd, v << 12) : U(v << 12, rd, 0x17))), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 7 }), small, fc.constantFrom(0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82, 0x300), fc.constantFrom(0, 0, 1))
      .map(([f3, rd, n, rs1]) => csr(f3, rd, n, rs1)),
    weight: 1,
  },
  { arbitrary: fc.constantFrom(0x00000073, 0x00100073, 0x0ff0000f, 0x0000100f, 0, addi(0, 0, 0)), weight: 1 },
);

interface Layout {
  codePage: number;
  codePerm: number;
  code: number[];
  data: { page: number; pages: number; perm: number; fill: number[] }[];
  regs: number[];
}

const layout: fc.Arbitrary<Layout> = fc
  .record({
    codePage: fc.integer({ min: 1, max: 0xffffe }),
    codePerm: fc.constantFrom(PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC, PROT_EXEC),
    code: fc.array(instruction, { minLength: 1, maxLength: 96 }),
    data: fc.array(
      fc.record({
        page: fc.integer({ min: 0, max: 0xfffff }),
        pages: fc.integer({ min: 1, max: 3 }),
        perm: fc.integer({ min: 0, max: 7 }),
        fill: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 8 }),
      }),
      { maxLength: 3 },
    ),
    regs: fc.array(fc.integer({ min: -0x80000000, max: 0x7fffffff }), { minLength: 31, maxLength: 31 }),
    pointers: fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1023 })), {
      maxLength: 10,
    }),
  })
  .map((l) => {
    // Point some registers into the mapped areas so loads, stores and jumps hit them.
    const regs = [...l.regs];
    for (const [r, which, off] of l.pointers) {
      const base = which < l.data.length ? l.data[which]!.page : l.codePage;
      regs[r - 1] = ((base << 12) + off * 4) | 0; // word-aligned, so most accesses are legal
    }
    return { codePage: l.codePage, codePerm: l.codePerm, code: l.code, data: l.data, regs };
  });

function build(l: Layout): { hart: HartState; mem: Memory } {
  const mem = new Memory();
  for (const d of l.data) {
    const start = d.page * 4096;
    mem.map(start, Math.min(d.pages * 4096, 2 ** 32 - start), d.perm, "data");
    if (d.fill.length && d.perm !== 0) poke32(mem, start, d.fill);
  }
  mem.map(l.codePage * 4096, 2 * 4096, l.codePerm, "text");
  poke32(mem, l.codePage * 4096, l.code);
  const hart = newHart(l.codePage * 4096);
  l.regs.forEach((v, i) => (hart.x[i + 1] = v));
  return { hart, mem };
}

const CAUSES = new Set<number>(Object.values(Cause));

function pagesOf(mem: Memory): [number, number[]][] {
  return [...mem.state.pages.entries()].sort((a, b) => a[0] - b[0]).map(([k, p]) => [k, [...p]]);
}

describe("CPU fuzzing", () => {
  it("random programs never throw and stop reasons are well-formed", () => {
    fc.assert(
      fc.property(layout, fc.integer({ min: 0, max: 3000 }), (l, budget) => {
        const { hart, mem } = build(l);
        const r = run(hart, mem, budget, 12345);
        expect(r.retired).toBeGreaterThanOrEqual(0);
        expect(r.retired).toBeLessThanOrEqual(budget);
        expect(hart.instret).toBe(r.retired);
        expect(hart.x[0]).toBe(0);
        expect(Number.isInteger(hart.pc) && hart.pc >= 0 && hart.pc < 2 ** 32).toBe(true);
        if (r.stop.kind === "budget") {
          expect(r.retired).toBe(budget);
        } else {
          const { cause, pc, tval } = r.stop;
          expect(CAUSES.has(cause)).toBe(true);
          expect(pc).toBe(hart.pc);
          expect(Number.isInteger(tval) && tval >= 0 && tval < 2 ** 32).toBe(true);
          if (cause === Cause.IllegalInstruction) {
            // tval = the instruction's bits: its 16-bit parcel, or both parcels of a 32-bit one
            const half = (a: number): number => {
              const page = mem.pageForExec(a >>> 12)!; // executable (fetched), maybe not readable
              return page[a & 0xfff]! | (page[(a & 0xfff) + 1]! << 8);
            };
            const parcel = half(pc);
            expect(tval).toBe((parcel & 3) === 3 ? (parcel | (half(pc + 2) << 16)) >>> 0 : parcel);
          }
          // a fetch fault names the pc, or pc + 2 for a 32-bit instruction whose second half is unmapped
          if (cause === Cause.InstructionPageFault) expect(tval === pc || (tval === pc + 2 && (tval & 0xfff) === 0)).toBe(true);
          expect(cause).not.toBe(Cause.InstructionMisaligned); // jumps clear bit 0, offsets are even
          if (cause === Cause.LoadMisaligned || cause === Cause.StoreMisaligned) expect(tval % 4).not.toBe(0); // atomics only
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("run(N) then run(M) ≡ run(N+M), directly and under a trap-skipping driver", () => {
    fc.assert(
      fc.property(layout, fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 }), (l, n, m) => {
        const a = build(l);
        const ra = run(a.hart, a.mem, n + m, 1000);
        const b = build(l);
        const r1 = run(b.hart, b.mem, n, 1000);
        const r2 = run(b.hart, b.mem, m, 1000 + r1.retired);
        expect(r1.retired + r2.retired).toBe(ra.retired);
        expectSame(b, a);
        if (ra.stop.kind === "trap" && m > 0) expect(r2.stop).toEqual(ra.stop);

        // The same through a driver that skips trapping instructions, so runs go
        // on past faults and the split lands deep inside the program.
        const c = build(l);
        const cs = { time: 0, log: [] as number[] };
        drive(c.hart, c.mem, n + m, l.codePage * 4096, cs);
        const d = build(l);
        const ds = { time: 0, log: [] as number[] };
        drive(d.hart, d.mem, n, l.codePage * 4096, ds);
        drive(d.hart, d.mem, m, l.codePage * 4096, ds);
        expectSame(d, c);
        expect(ds).toEqual(cs);
      }),
      { numRuns: RUNS },
    );
  });
});

function expectSame(b: { hart: HartState; mem: Memory }, a: { hart: HartState; mem: Memory }): void {
  expect([...b.hart.x]).toEqual([...a.hart.x]);
  expect(b.hart.pc).toBe(a.hart.pc);
  expect(b.hart.instret).toBe(a.hart.instret);
  expect(pagesOf(b.mem)).toEqual(pagesOf(a.mem));
  expect([...b.mem.dirty].sort()).toEqual([...a.mem.dirty].sort());
}

/**
 * Spend `units` instruction slots like a minimal kernel would: each trap costs
 * one slot and is logged, then the instruction is skipped (a fetch fault
 * restarts at `entry`). Virtual time advances by the slots spent.
 */
function drive(hart: HartState, mem: Memory, units: number, entry: number, s: { time: number; log: number[] }): void {
  let left = units;
  while (left > 0) {
    const r = run(hart, mem, left, s.time);
    left -= r.retired;
    s.time += r.retired;
    if (r.stop.kind === "budget") continue;
    s.log.push(r.stop.cause);
    left--;
    s.time++;
    const fetch = r.stop.cause === Cause.InstructionPageFault || (r.stop.cause === Cause.InstructionMisaligned && hart.pc % 4 !== 0);
    hart.pc = fetch ? entry : (hart.pc + 4) >>> 0;
  }
}
