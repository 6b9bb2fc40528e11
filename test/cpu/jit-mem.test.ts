// The translator's memory accesses inside loops (cpu/jit/emit-mem.ts: a page
// cache per load/store instruction in front of the software TLB) against the
// interpreter. Random loops walk base registers by random strides across page
// boundaries — into pages never written (the zero page), pages shared
// copy-on-write with a forked parent, read-only, write-only and unmapped
// pages, and translated code (stores into it) —, with misaligned offsets, for
// random budgets; between budgets the driver clears the dirty set (as a
// checkpoint does), forks again, or changes a page's permissions. After every
// budget the run results, harts, memory digests and dirty sets must be the
// interpreter's, and no write may reach a forked copy.
// CRYOBOX_LONG=1 runs 600 cases instead of 50.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { HartState, newHart, type RunResult } from "../../cpu/hart.js";
import { tuning } from "../../cpu/jit/cache.js";
import { pageSource } from "../../cpu/jit/translate.js";
import { Memory, MemoryState, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { PageStore } from "../../cpu/page-store.js";
import { type CpuOptions, newCpuStats } from "../../cpu/stats.js";
import { encode, sha256Hex } from "../../state/index.js";
import { addi, branch, J, load, LOADS, OPS, op, store, STORES } from "./encode.js";

const RUNS = process.env.CRYOBOX_LONG === "1" ? 600 : 50;

const CODE = 0x10000; // 2 pages rwx (the program, and stores into it)
const DATA = 0x40000; // 4 pages rw-: written, never written, written, never written
const RO = 0x44000; // 1 page r--
const WO = 0x45000; // 1 page -w- (loads fault, stores do not)
// 0x46000 and 0x12000..0x3ffff are unmapped

/**
 * Where base registers start: page ends and region edges, and pairs a little apart in one page or
 * just below it (so one base register loads from a page — never written, or shared with the
 * parent — for a while before another walks in and stores to it).
 */
const STARTS = [
  DATA + 0x1000 - 6, DATA + 0xff8, DATA + 0x2000 - 3, DATA + 0x2ffc, DATA + 0x4000 - 8, RO + 0xff0, WO + 0xffa,
  WO - 2, DATA - 8, CODE + 0x1000 - 12, CODE + 0x2000 - 4, DATA + 0x800,
  DATA + 0x1010, DATA + 0x1000 - 0x20, DATA + 0x3020, DATA + 0x3000 - 0x10, DATA + 0x40, DATA + 0x10, DATA + 0x2010, DATA + 0x2000 - 0x18,
];
const STRIDES = [1, 2, 3, 4, -4, 8, 1, 2, 4, 64, 1000, 2047, -2048, 4095];

const reg = fc.integer({ min: 5, max: 12 });
const base = fc.integer({ min: 20, max: 22 });
const offset = fc.integer({ min: -9, max: 9 });
const loadName = fc.constantFrom(...(Object.keys(LOADS) as (keyof typeof LOADS)[]));
const storeName = fc.constantFrom(...(Object.keys(STORES) as (keyof typeof STORES)[]));

/**
 * One instruction of a loop body, or two. (A forward branch inside a loop leaves the translator's copy of
 * the loop, and with it the site caches, so it is rare here.)
 */
const insn: fc.Arbitrary<number | number[]> = fc.oneof(
  // each value loaded is added into x15, so a stale read shows even if its register is overwritten
  { weight: 4, arbitrary: fc.tuple(loadName, reg, base, offset).map(([n, d, b, o]) => [load(n, d, b, o), op("add", 15, 15, d)]) },
  { weight: 3, arbitrary: fc.tuple(storeName, reg, base, offset).map(([n, s, b, o]) => store(n, s, b, o)) },
  // x24 holds a valid instruction: stored into code, it changes the program
  { weight: 1, arbitrary: fc.tuple(base, offset).map(([b, o]) => store("sw", 24, b, o & ~3)) },
  { weight: 3, arbitrary: fc.tuple(base, fc.constantFrom(...STRIDES)).map(([b, s]) => addi(b, b, s)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[])), reg, reg, reg).map(([n, d, a, b]) => op(n, d, a, b)) },
  { weight: 1, arbitrary: fc.tuple(reg, reg).map(([a, b]) => branch("blt", a, b, 8)) },
);

/** A loop: its body, and how many times it runs (x13 counts down). */
const loop = fc.record({
  body: fc.array(insn, { minLength: 1, maxLength: 12 }).map((b) => b.flat()),
  turns: fc.integer({ min: 1, max: 300 }),
});

/** What the driver does between two budgets (the same on both machines). */
const between = fc.constantFrom("none", "none", "clearDirty", "fork", "protect", "unprotect");

interface Program {
  loops: { body: number[]; turns: number }[];
  starts: number[];
  budgets: { budget: number; then: string }[];
}

const program: fc.Arbitrary<Program> = fc.record({
  loops: fc.array(loop, { minLength: 1, maxLength: 4 }),
  starts: fc.array(fc.constantFrom(...STARTS), { minLength: 3, maxLength: 3 }),
  budgets: fc.array(fc.record({ budget: fc.integer({ min: 0, max: 3000 }), then: between }), { minLength: 1, maxLength: 24 }),
});

/** Each loop: x13 = turns; body; x13 -= 1; bne x13, x0, body. Then back to the start. */
function words(p: Program): number[] {
  const out: number[] = [];
  for (const l of p.loops) {
    out.push(addi(13, 0, l.turns));
    out.push(...l.body);
    out.push(addi(13, 13, -1), branch("bne", 13, 0, -4 * (l.body.length + 1)));
  }
  out.push(J(-4 * out.length, 0));
  return out;
}

interface Box {
  hart: HartState;
  mem: Memory;
  /** address spaces forked off (never run): their digests must not change */
  forks: { mem: Memory; digest: string }[];
}

function memDigest(m: Memory): string {
  return sha256Hex(encode(MemoryState, m.state));
}

/** The parent's memory, then the child that runs: a fork of it (every page shared copy-on-write). */
function build(p: Program): Box {
  const parent = new Memory({ regions: [], pages: new Map() }, new PageStore());
  parent.map(CODE, 2 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, "code");
  parent.map(DATA, 4 * 4096, PROT_READ | PROT_WRITE, "data");
  parent.map(RO, 4096, PROT_READ, "ro");
  parent.map(WO, 4096, PROT_WRITE, "wo");
  const ws = words(p);
  const bytes = new Uint8Array(ws.length * 4);
  ws.forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w, true));
  parent.poke(CODE, bytes);
  const fill = (at: number, seed: number): void => {
    parent.poke(at, Uint8Array.from({ length: 4096 }, (_, i) => (i * seed + (i >> 8)) & 0xff));
  };
  fill(DATA, 7);
  fill(DATA + 0x2000, 13);
  fill(RO, 29);
  const mem = parent.clone();
  const hart = newHart(CODE);
  hart.x[20] = p.starts[0]!;
  hart.x[21] = p.starts[1]!;
  hart.x[22] = p.starts[2]!;
  for (let r = 5; r <= 12; r++) hart.x[r] = Math.imul(r, 0x9e3779b1);
  hart.x[24] = addi(7, 7, 1);
  return { hart, mem, forks: [{ mem: parent, digest: memDigest(parent) }] };
}

/** After a trap, step over the instruction (or restart at CODE after a fetch fault). */
function stepOver(b: Box, r: RunResult): void {
  if (r.stop.kind !== "trap") return;
  const page = b.mem.pageForExec(b.hart.pc >>> 12);
  if (page === null) {
    b.hart.pc = CODE;
    return;
  }
  b.hart.pc = (b.hart.pc + ((page[b.hart.pc & 0xfff]! & 3) === 3 ? 4 : 2)) >>> 0;
}

function act(b: Box, then: string): void {
  if (then === "clearDirty") b.mem.clearDirty();
  else if (then === "fork") {
    const child = b.mem.clone();
    b.forks.push({ mem: child, digest: memDigest(child) });
  } else if (then === "protect") b.mem.protect(DATA + 0x2000, 4096, PROT_READ);
  else if (then === "unprotect") b.mem.protect(DATA + 0x2000, 4096, PROT_READ | PROT_WRITE);
}

describe("translated loads and stores in loops ≡ the interpreter's", () => {
  let hot = 8;
  beforeAll(() => {
    hot = tuning.hot;
    tuning.hot = 1;
  });
  afterAll(() => {
    tuning.hot = hot;
  });

  it("registers, memory, dirty pages, traps and forks stay identical after every budget", () => {
    let jitTotal = 0;
    let total = 0;
    fc.assert(
      fc.property(program, (p) => {
        const a = build(p);
        const b = build(p);
        const interp: CpuOptions = { jit: false, stats: newCpuStats() };
        const jit: CpuOptions = { jit: true, stats: newCpuStats() };
        for (const { budget, then } of [...p.budgets, ...p.budgets]) {
          const ra = run(a.hart, a.mem, budget, 0, interp);
          const rb = run(b.hart, b.mem, budget, 0, jit);
          expect(rb).toEqual(ra);
          expect(Array.from(b.hart.x)).toEqual(Array.from(a.hart.x));
          expect([b.hart.pc, b.hart.instret]).toEqual([a.hart.pc, a.hart.instret]);
          expect(memDigest(b.mem)).toBe(memDigest(a.mem));
          expect([...b.mem.dirty].sort()).toEqual([...a.mem.dirty].sort());
          for (const f of b.forks) expect(memDigest(f.mem)).toBe(f.digest);
          stepOver(a, ra);
          stepOver(b, rb);
          act(a, then);
          act(b, then);
        }
        expect(jit.stats.misaligned).toBe(interp.stats.misaligned);
        jitTotal += jit.stats.jitRetired;
        total += a.hart.instret;
      }),
      { numRuns: RUNS },
    );
    // not vacuous: most instructions ran as translated code
    expect(jitTotal).toBeGreaterThan(total / 3);
  });

  // The caches exist where they are meant to (a change of the translator's loop syntax would
  // silently leave every access on the TLB path): inside the copied loop, not before it.
  it("a copied loop's loads and stores have site caches, the code before the loop none", () => {
    const prologue = [load("lw", 6, 21, 0), store("sw", 6, 21, 4)];
    const loopBody = [load("lbu", 5, 20, 0), store("sh", 5, 20, 2), addi(20, 20, 4)];
    const ws = [...prologue, ...words({ loops: [{ body: loopBody, turns: 3 }], starts: [], budgets: [] })];
    const bytes = new Uint8Array(4096);
    ws.forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w, true));
    const src = pageSource(CODE >>> 12, bytes, [CODE]).srcs.join("\n");
    // the loop's lbu (at offset 12) and sh (16) have caches, the prologue's lw (0) and sw (4) none
    expect(src).toMatch(/let kR8_12 = 2048, mR8_12 = rU8\[0\], kW16_16 = 2048, mW16_16 = rI16\[0\];/);
    expect(src).toMatch(/\(a & -4096\) === kR8_12\) \{ r5 = mR8_12\[a & 4095\];/);
    expect(src).not.toMatch(/\b[km][RW](32|16|8)_[04]\b/);
  });

  // The case the random loops find only now and then: a load site has used a page for many turns
  // when another base register walks into that page and stores into it for the first time (a
  // fresh page for a page never written; a private copy for one shared with the parent). The
  // loads after that must see the stores.
  it.each([
    ["never written", DATA + 0x1000],
    ["shared copy-on-write with the parent", DATA + 0x2000],
  ])("a load site sees a store's first write to its page (%s)", (_, page) => {
    // x20 loads page+0x10 (summed into x15); x21 stores x6 from page-0x200 upwards, 4 bytes a turn
    const body = [load("lw", 5, 20, 0x10), op("add", 15, 15, 5), store("sw", 6, 21, 0), addi(21, 21, 4), addi(6, 6, 1)];
    const p: Program = { loops: [{ body, turns: 1000 }], starts: [page, page - 0x200, DATA], budgets: [] };
    const a = build(p);
    const b = build(p);
    const jit: CpuOptions = { jit: true, stats: newCpuStats() };
    for (let k = 0; k < 3; k++) {
      run(a.hart, a.mem, 3000, 0, { jit: false, stats: newCpuStats() });
      run(b.hart, b.mem, 3000, 0, jit);
    }
    expect(b.hart.x[15]).toBe(a.hart.x[15]);
    expect(a.hart.x[15]).not.toBe(0);
    expect(jit.stats.jitRetired).toBeGreaterThan(8000);
  });
});
