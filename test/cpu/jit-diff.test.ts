// The translator against the interpreter: random RV32IMAC programs
// (straight-line code, loops — nested, and entered in the middle —, branches forward and backward, indirect jumps,
// compressed parcels, loads and stores across page boundaries and misaligned,
// self-modifying stores followed by fence.i, ecall/ebreak/illegal words that
// trap mid-block) run on two copies of one machine — one with the translator
// (translating every page at its first visit), one with the interpreter
// alone — for the same random budgets. After every budget the run results,
// the hart, the memory and their digests must be identical. A trap is
// stepped over by the same driver on both, so runs go deep.
// CRYOBOX_LONG=1 runs 1000 cases instead of 60.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode, Op } from "../../cpu/decode.js";
import { run } from "../../cpu/execute.js";
import { HartState, newHart, type RunResult } from "../../cpu/hart.js";
import { tuning } from "../../cpu/jit/cache.js";
import { sourceTuning } from "../../cpu/jit/translate.js";
import { Memory, MemoryState, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { type CpuOptions, newCpuStats } from "../../cpu/stats.js";
import { encode, sha256Hex } from "../../state/index.js";
import { addi, auipc, B, I, J, jalr, LOADS, OPS, op, S, STORES } from "./encode.js";

const RUNS = process.env.CRYOBOX_LONG === "1" ? 1000 : 60;
const CODE = 0x10000; // three pages, writable so programs can modify themselves
const CODE_PAGES = 3;
const DATA = 0x40000; // two pages; base registers point near their boundary
const DATA_PAGES = 2;

const reg = fc.integer({ min: 1, max: 12 });
const COMPRESSED: number[] = [];
for (let h = 0; h < 0x10000 && COMPRESSED.length < 4000; h += 7) {
  const d = decode(h);
  if ((h & 3) !== 3 && d.op !== Op.ILLEGAL && d.op !== Op.EBREAK) COMPRESSED.push(h);
}

/** One 32-bit slot of a program (or a pair of words that belong together). */
const slot: fc.Arbitrary<number | number[]> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[])), reg, reg, reg).map(([n, d, a, b]) => op(n, d, a, b)) },
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(0, 2, 3, 4, 6, 7), reg, reg, fc.integer({ min: -2048, max: 2047 })).map(([f3, d, a, i]) => I(i, a, f3, d, 0x13)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(1, 5), reg, reg, fc.integer({ min: 0, max: 31 }), fc.boolean()).map(([f3, d, a, sh, ar]) => I(sh | (f3 === 5 && ar ? 0x400 : 0), a, f3, d, 0x13)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...Object.values(LOADS)), reg, fc.integer({ min: 20, max: 22 }), fc.integer({ min: -9, max: 9 })).map(([f3, d, b, o]) => I(o, b, f3, d, 0x03)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...Object.values(STORES)), reg, fc.integer({ min: 20, max: 22 }), fc.integer({ min: -9, max: 9 })).map(([f3, s, b, o]) => S(o, s, b, f3, 0x23)) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 1, 4, 5, 6, 7), reg, reg, fc.integer({ min: -12, max: 12 })).map(([f3, a, b, k]) => B(k * 4 || 8, b, a, f3)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: -10, max: 10 })).map(([rd, k]) => J(k * 4 || 4, rd)) },
  { weight: 1, arbitrary: fc.constantFrom(I(0, 23, 0, 1, 0x67), I(4, 23, 0, 0, 0x67)) }, // jalr via x23 (a code address)
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...COMPRESSED), fc.constantFrom(...COMPRESSED)).map(([a, b]) => (a | (b << 16)) >>> 0) },
  // self-modifying: store x24 (a valid instruction) into the code, then fence.i
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 200 }).map((k) => S((k * 4) & 0x7fc, 24, 25, 2, 0x23)) },
  { weight: 1, arbitrary: fc.constant(0x0000100f) }, // fence.i
  { weight: 1, arbitrary: fc.constantFrom(0x00000073, 0x00100073, 0, 0xffffffff) }, // ecall, ebreak, illegal
  // a counted loop: x13 -= 1; bne x13, x0, back 4 slots
  { weight: 1, arbitrary: fc.constant(-1) },
  // nested loops: an outer loop (x14 = 3 turns) holding an inner loop of several blocks (x15 = 2
  // turns, a forward branch inside) — the translator nests them as JavaScript loops
  {
    weight: 1,
    arbitrary: fc.constant<number[]>([
      addi(14, 0, 3), addi(15, 0, 2), addi(5, 5, 1), B(8, 6, 5, 4), I(1, 7, 4, 7, 0x13),
      addi(15, 15, -1), B(-16, 0, 15, 1), addi(14, 14, -1), B(-28, 0, 14, 1),
    ]),
  },
  // a loop entered at its head whose other arm sits before the head (as compilers place a
  // collatz step): the translator places that arm after the head's code
  {
    weight: 1,
    arbitrary: fc.constant<number[]>([
      addi(15, 0, 6), J(12, 0), addi(16, 16, 3), addi(15, 15, -1), I(1, 16, 7, 17, 0x13),
      B(-12, 0, 17, 1), I(1, 16, 5, 16, 0x13), addi(15, 15, -1), B(-16, 15, 0, 4),
    ]),
  },
  // auipc + jalr (a far call or tail: the translator resolves its target when it translates), the
  // base register sometimes also the link register; or a jalr whose auipc is someone else's
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(0, 1, 5, 26), fc.constantFrom(26, 5), fc.constantFrom(26, 5), fc.integer({ min: -10, max: 10 }), fc.boolean())
      .map(([rd, base, jbase, k, pair]) => (pair ? [auipc(base, 0), jalr(rd, jbase, k * 4 + 4 || 8)] : [jalr(rd, jbase, k * 4 + 4 || 8)])),
  },
);

interface Program {
  words: (number | number[])[];
  regs: number[];
  budgets: number[];
  hot: number;
  /** most source characters per page function: small values split pages into several functions */
  split: number;
}

const program: fc.Arbitrary<Program> = fc.record({
  words: fc.array(slot, { minLength: 4, maxLength: 300 }),
  regs: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 12, maxLength: 12 }),
  budgets: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }),
  hot: fc.constantFrom(1, 2, 3),
  split: fc.constantFrom(60_000, 60_000, 2_000, 300),
});

function build(p: Program): { hart: HartState; mem: Memory } {
  const mem = new Memory();
  mem.map(CODE, CODE_PAGES * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, "code");
  mem.map(DATA, DATA_PAGES * 4096, PROT_READ | PROT_WRITE, "data");
  const words: number[] = [];
  for (const w of p.words) {
    if (Array.isArray(w)) words.push(...w);
    else if (w === -1) words.push(addi(13, 13, -1), B(-16, 0, 13, 1));
    else words.push(w);
  }
  // spread the program over the code pages: the first third at the start, the rest straddling a page boundary
  const cut = Math.floor(words.length / 3);
  const place = (at: number, ws: number[]): void => {
    const b = new Uint8Array(ws.length * 4);
    const v = new DataView(b.buffer);
    ws.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
    mem.poke(at, b);
  };
  place(CODE, words.slice(0, cut));
  place(CODE + 0x1000 - 4 * Math.floor((words.length - cut) / 2), words.slice(cut));
  const hart = newHart(CODE);
  p.regs.forEach((v, i) => (hart.x[i + 1] = v));
  hart.x[2] = DATA + 0x800; // sp for compressed loads/stores
  hart.x[13] = 5;
  hart.x[20] = DATA + 0x1000 - 2;
  hart.x[21] = DATA + 0x0ffd;
  hart.x[22] = DATA + 0x1008;
  hart.x[23] = CODE + 0x1000 - 8;
  hart.x[24] = addi(5, 5, 1) | 0;
  hart.x[25] = CODE + 0x1000 - 0x100;
  return { hart, mem };
}

function digest(h: HartState, m: Memory): string {
  return sha256Hex(encode(HartState, h), encode(MemoryState, m.state));
}

/** The driver both machines share: after a trap, step over the instruction (or restart at CODE after a fetch fault). */
function stepOver(h: HartState, m: Memory, r: RunResult): void {
  if (r.stop.kind !== "trap") return;
  const page = m.pageForExec(h.pc >>> 12);
  if (page === null) {
    h.pc = CODE;
    return;
  }
  const lo = page[h.pc & 0xfff]!;
  h.pc = (h.pc + ((lo & 3) === 3 ? 4 : 2)) >>> 0;
}

describe("translator ≡ interpreter", () => {
  let hot = 8;
  let maxSource = 0;
  beforeAll(() => {
    hot = tuning.hot;
    maxSource = sourceTuning.maxSource;
  });
  afterAll(() => {
    tuning.hot = hot;
    sourceTuning.maxSource = maxSource;
  });

  it("random programs give identical results, harts, memory and digests after every budget", () => {
    let jitTotal = 0;
    let total = 0;
    fc.assert(
      fc.property(program, (p) => {
        tuning.hot = p.hot;
        sourceTuning.maxSource = p.split;
        const a = build(p);
        const b = build(p);
        const interp: CpuOptions = { jit: false, stats: newCpuStats() };
        const jit: CpuOptions = { jit: true, stats: newCpuStats() };
        for (const budget of [...p.budgets, ...p.budgets]) {
          const ra = run(a.hart, a.mem, budget, 777, interp);
          const rb = run(b.hart, b.mem, budget, 777, jit);
          expect(rb).toEqual(ra);
          expect(Array.from(b.hart.x)).toEqual(Array.from(a.hart.x));
          expect([b.hart.pc, b.hart.instret, b.hart.resv]).toEqual([a.hart.pc, a.hart.instret, a.hart.resv]);
          expect(digest(b.hart, b.mem)).toBe(digest(a.hart, a.mem));
          stepOver(a.hart, a.mem, ra);
          stepOver(b.hart, b.mem, rb);
        }
        expect(jit.stats.misaligned).toBe(interp.stats.misaligned);
        jitTotal += jit.stats.jitRetired;
        total += a.hart.instret;
      }),
      { numRuns: RUNS },
    );
    // not vacuous: a good share of all instructions ran as translated code
    expect(jitTotal).toBeGreaterThan(total / 10);
  });

  it("the translator does run code (the property above is not vacuous)", () => {
    tuning.hot = 1;
    const p: Program = { words: [addi(13, 13, 0), -1, -1, -1], regs: new Array<number>(12).fill(0), budgets: [1000], hot: 1, split: 60_000 };
    const m = build(p);
    const jit: CpuOptions = { jit: true, stats: newCpuStats() };
    for (let i = 0; i < 5; i++) run(m.hart, m.mem, 50, 0, jit);
    expect(jit.stats.jitRetired).toBeGreaterThan(0);
    expect(jit.stats.translated + m.mem.codePages.size).toBeGreaterThan(0);
  });

  it("a store into a translated page drops exactly that page's code, and the new bytes run", () => {
    tuning.hot = 1;
    const mem = new Memory();
    mem.map(CODE, 2 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, "code");
    // page 0: loop { x5 += 1 (the word at CODE+4, rewritten below); jal to page 1 }; page 1: jalr back
    const words0 = [addi(6, 6, 1), addi(5, 5, 1), J(0x1000 - 8, 0)];
    const b0 = new Uint8Array(12);
    words0.forEach((w, i) => new DataView(b0.buffer).setUint32(i * 4, w >>> 0, true));
    mem.poke(CODE, b0);
    const back = J(-(0x1000 - 8 + 8), 0); // from CODE+0x1000 back to CODE
    mem.poke(CODE + 0x1000, new Uint8Array([back & 0xff, (back >>> 8) & 0xff, (back >>> 16) & 0xff, back >>> 24]));
    const hart = newHart(CODE);
    const jit: CpuOptions = { jit: true, stats: newCpuStats() };
    run(hart, mem, 400, 0, jit);
    expect(mem.codePages.has(CODE >>> 12)).toBe(true);
    expect(mem.codePages.has((CODE >>> 12) + 1)).toBe(true);
    const x5 = hart.x[5]!;
    const w = addi(5, 5, 100);
    expect(mem.copyOut(CODE + 4, new Uint8Array([w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]))).toBe(true);
    expect(mem.codePages.has(CODE >>> 12)).toBe(false); // the kernel's write dropped page 0 ...
    expect(mem.codePages.has((CODE >>> 12) + 1)).toBe(true); // ... and only page 0
    run(hart, mem, 30, 0, jit);
    expect(hart.x[5]! - x5).toBeGreaterThanOrEqual(100 * 7); // 30 instructions = 7.5 turns of the 4-instruction loop
    expect((hart.x[5]! - x5) % 100).toBe(0);
  });
});
