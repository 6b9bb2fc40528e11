// RV32I per-instruction tests: ALU, upper immediates, jumps, branches, loads,
// stores, fences, and the trap records (cause, pc, tval) of each fault.

import { describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { Cause } from "../../cpu/hart.js";
import {
  addi, andi, auipc, branch, CODE, DATA, FENCE, FENCE_I, jal, jalr, load, lui, machine, NOP, op, ori, poke32,
  slli, slti, sltiu, srai, srli, store, xori,
} from "./encode.js";

const INT_MIN = -0x80000000;

/** Run `words` for exactly `steps` instructions (expecting no trap) and return the hart. */
function exec(words: number[], regs: Record<number, number> = {}, steps = words.length) {
  const m = machine(words, regs);
  const r = run(m.hart, m.mem, steps, 0);
  expect(r).toEqual({ retired: steps, stop: { kind: "budget" } });
  return m;
}

/** Run `words` and expect a trap at instruction index `at`. */
function trap(words: number[], regs: Record<number, number>, at: number, cause: number, tval: number) {
  const m = machine(words, regs);
  const r = run(m.hart, m.mem, 100, 0);
  expect(r).toEqual({ retired: at, stop: { kind: "trap", cause, pc: CODE + 4 * at, tval: tval >>> 0 } });
  expect(m.hart.pc).toBe(CODE + 4 * at);
  expect(m.hart.instret).toBe(at);
  return m;
}

describe("register-register ALU", () => {
  const cases: [Parameters<typeof op>[0], number, number, number][] = [
    ["add", 5, 7, 12],
    ["add", 0x7fffffff, 1, INT_MIN],
    ["sub", 5, 7, -2],
    ["sub", INT_MIN, 1, 0x7fffffff],
    ["sll", 1, 31, INT_MIN],
    ["sll", 1, 33, 2], // shift amount masked to 5 bits
    ["slt", -1, 1, 1],
    ["slt", 1, -1, 0],
    ["sltu", -1, 1, 0],
    ["sltu", 1, -1, 1],
    ["xor", 0xf0f0, 0xff00, 0x0ff0],
    ["srl", INT_MIN, 31, 1],
    ["srl", -1, 32, -1], // 32 & 31 = 0
    ["sra", INT_MIN, 31, -1],
    ["sra", -16, 2, -4],
    ["or", 0xf0, 0x0f, 0xff],
    ["and", 0xf0, 0x3c, 0x30],
  ];
  for (const [name, a, b, want] of cases) {
    it(`${name} ${a}, ${b} = ${want}`, () => {
      expect(exec([op(name, 3, 1, 2)], { 1: a, 2: b }).hart.x[3]).toBe(want);
    });
  }
  it("rd may equal a source", () => {
    expect(exec([op("add", 1, 1, 1)], { 1: 21 }).hart.x[1]).toBe(42);
  });
});

describe("register-immediate ALU", () => {
  const cases: [string, number, number, number][] = [
    ["addi", addi(3, 1, -1), 0, -1],
    ["addi max imm", addi(3, 1, 2047), 1, 2048],
    ["addi min imm", addi(3, 1, -2048), 0, -2048],
    ["slti", slti(3, 1, -5), -6, 1],
    ["slti false", slti(3, 1, -5), -5, 0],
    ["sltiu sign-extended imm", sltiu(3, 1, -1), 5, 1], // imm -1 compares as 0xffffffff
    ["sltiu seqz", sltiu(3, 1, 1), 0, 1],
    ["xori not", xori(3, 1, -1), 0x1234, ~0x1234],
    ["ori", ori(3, 1, 0x700), 0x0ff, 0x7ff],
    ["andi", andi(3, 1, -16), 0x1237, 0x1230],
    ["slli", slli(3, 1, 4), 0x10000001, 0x10],
    ["srli", srli(3, 1, 28), INT_MIN, 8],
    ["srai", srai(3, 1, 28), INT_MIN, -8],
  ];
  for (const [name, inst, a, want] of cases) {
    it(name, () => {
      expect(exec([inst], { 1: a }).hart.x[3]).toBe(want);
    });
  }
  it("shift-immediate with a reserved funct7 (or shamt[5]) is illegal", () => {
    const bad = [slli(3, 1, 0) | (1 << 25), srli(3, 1, 0) | (1 << 25), srai(3, 1, 0) | (1 << 26), slli(3, 1, 0) | (0x20 << 25)];
    for (const w of bad) trap([w], {}, 0, Cause.IllegalInstruction, w);
  });
});

describe("upper immediates", () => {
  it("lui loads the upper 20 bits", () => {
    expect(exec([lui(5, 0xfffff000)]).hart.x[5]).toBe(-4096);
  });
  it("auipc adds to its own pc", () => {
    expect(exec([NOP, auipc(5, 0x12345000)]).hart.x[5]).toBe(0x12345000 + CODE + 4);
  });
});

describe("x0", () => {
  it("is hard-wired to zero for every kind of write", () => {
    const m = exec([addi(0, 0, 5), lui(0, 0x1000), jal(0, 4), op("add", 0, 1, 1), load("lw", 0, 2, 0), auipc(0, 0x1000)], {
      1: 7,
      2: DATA,
    });
    expect(m.hart.x[0]).toBe(0);
  });
  it("reads as zero as a source", () => {
    expect(exec([addi(0, 0, 5), addi(3, 0, 1)]).hart.x[3]).toBe(1);
  });
});

describe("jumps", () => {
  it("jal links and jumps forward and backward", () => {
    const m = exec([jal(1, 8), NOP, jal(2, -4)], {}, 2);
    expect(m.hart.x[1]).toBe(CODE + 4);
    expect(m.hart.x[2]).toBe(CODE + 12);
    expect(m.hart.pc).toBe(CODE + 4);
  });
  it("jalr clears bit 0 and reads rs1 before writing rd", () => {
    const m = exec([jalr(1, 1, 9)], { 1: CODE + 3 });
    expect(m.hart.pc).toBe(CODE + 12);
    expect(m.hart.x[1]).toBe(CODE + 4);
  });
  it("jal to a 2-aligned target is legal with C: it lands there (here on c.li a2, 7)", () => {
    // word at CODE+8 = 0x461d_0000: its high parcel, at CODE+10, is c.li a2, 7
    const m = machine([NOP, jal(1, 6), 0x461d0000 | 0]);
    const r = run(m.hart, m.mem, 3, 0);
    expect(r).toEqual({ retired: 3, stop: { kind: "budget" } });
    expect(m.hart.x[1]).toBe(CODE + 8);
    expect(m.hart.x[12]).toBe(7);
    expect(m.hart.pc).toBe(CODE + 12);
  });
  it("jalr to a 2-aligned target is legal with C; bit 0 is cleared", () => {
    const m = machine([jalr(5, 1, 3), 0x461d0000 | 0], { 1: CODE + 4 });
    expect(run(m.hart, m.mem, 2, 0).retired).toBe(2);
    expect(m.hart.x[5]).toBe(CODE + 4);
    expect(m.hart.x[12]).toBe(7);
  });
  it("jalr with a reserved funct3 is illegal", () => {
    const w = jalr(1, 1, 0) | (1 << 12);
    trap([w], {}, 0, Cause.IllegalInstruction, w);
  });
  it("a jump to an unmapped page faults when fetching there, with pc = tval = target", () => {
    const m = machine([jalr(0, 1, 0)], { 1: 0x4000_0000 });
    const r = run(m.hart, m.mem, 10, 0);
    expect(r).toEqual({ retired: 1, stop: { kind: "trap", cause: Cause.InstructionPageFault, pc: 0x4000_0000, tval: 0x4000_0000 } });
  });
  it("fetching from a readable but not executable page is a fetch page fault", () => {
    const m = machine([jalr(0, 1, 0)], { 1: DATA });
    const r = run(m.hart, m.mem, 10, 0);
    expect(r.stop).toEqual({ kind: "trap", cause: Cause.InstructionPageFault, pc: DATA, tval: DATA });
  });
  it("a hart whose pc is odd traps before executing", () => {
    const m = machine([NOP]);
    m.hart.pc = CODE + 1;
    expect(run(m.hart, m.mem, 5, 0)).toEqual({
      retired: 0,
      stop: { kind: "trap", cause: Cause.InstructionMisaligned, pc: CODE + 1, tval: CODE + 1 },
    });
  });
  it("falling off the end of a page continues on the next one", () => {
    const words = new Array<number>(1024).fill(NOP);
    words.push(addi(7, 0, 9));
    expect(exec(words).hart.x[7]).toBe(9);
  });
});

describe("branches", () => {
  const cases: [Parameters<typeof branch>[0], number, number, boolean][] = [
    ["beq", 3, 3, true], ["beq", 3, 4, false],
    ["bne", 3, 4, true], ["bne", 3, 3, false],
    ["blt", -1, 0, true], ["blt", 0, -1, false], ["blt", 2, 2, false],
    ["bge", 0, -1, true], ["bge", 2, 2, true], ["bge", -1, 0, false],
    ["bltu", 0, -1, true], ["bltu", -1, 0, false],
    ["bgeu", -1, 0, true], ["bgeu", 0, -1, false], ["bgeu", 5, 5, true],
  ];
  for (const [name, a, b, taken] of cases) {
    it(`${name} ${a}, ${b} ${taken ? "taken" : "not taken"}`, () => {
      const m = exec([branch(name, 1, 2, 12)], { 1: a, 2: b });
      expect(m.hart.pc).toBe(CODE + (taken ? 12 : 4));
    });
  }
  it("branches backwards with the most negative offset", () => {
    const m = machine([], { 1: 1 });
    poke32(m.mem, CODE + 4096, [branch("bne", 1, 0, -4096)]);
    m.hart.pc = CODE + 4096;
    expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
    expect(m.hart.pc).toBe(CODE);
  });
  it("a taken branch to a 2-aligned target lands there (C makes it legal)", () => {
    const m = machine([branch("beq", 0, 0, 10), NOP, 0x461d0000 | 0]);
    expect(run(m.hart, m.mem, 2, 0).retired).toBe(2);
    expect(m.hart.x[12]).toBe(7);
  });
  it("reserved branch funct3 values are illegal", () => {
    for (const f3 of [2, 3]) {
      const w = (branch("beq", 1, 2, 8) | (f3 << 12)) >>> 0;
      trap([w], {}, 0, Cause.IllegalInstruction, w);
    }
  });
});

describe("loads and stores", () => {
  it("store then load every width with sign and zero extension", () => {
    const m = exec(
      [
        store("sw", 1, 2, 0),
        load("lw", 3, 2, 0),
        load("lb", 4, 2, 3),
        load("lbu", 5, 2, 3),
        load("lh", 6, 2, 2),
        load("lhu", 7, 2, 2),
        store("sb", 8, 2, 5),
        store("sh", 8, 2, 6),
        load("lw", 9, 2, 4),
      ],
      { 1: 0x8765_4321 | 0, 2: DATA, 8: 0x1234_56ab },
    );
    const x = m.hart.x;
    expect([x[3], x[4], x[5], x[6], x[7], x[9]]).toEqual([0x87654321 | 0, -121, 0x87, -30875, 0x8765, 0x56ab_ab00]);
  });
  it("negative offsets and little-endian byte order", () => {
    const m = exec([store("sw", 1, 2, -4), load("lbu", 3, 2, -4)], { 1: 0x11223344, 2: DATA + 8 });
    expect(m.hart.x[3]).toBe(0x44);
    expect(m.mem.copyIn(DATA + 4, 4)).toEqual(new Uint8Array([0x44, 0x33, 0x22, 0x11]));
  });
  it("untouched mapped pages read as zeros and are not allocated by reads", () => {
    const m = exec([load("lw", 3, 2, 0), load("lb", 4, 2, 4095)], { 2: DATA + 4096, 3: 5, 4: 5 });
    expect([m.hart.x[3], m.hart.x[4]]).toEqual([0, 0]);
    expect(m.mem.state.pages.has((DATA + 4096) >>> 12)).toBe(false);
  });
  it("a store allocates the page and marks it dirty; later loads see it", () => {
    const m = machine([load("lw", 3, 2, 0), store("sw", 1, 2, 0), load("lw", 4, 2, 0)], { 1: 77, 2: DATA + 8192 });
    m.mem.clearDirty();
    run(m.hart, m.mem, 3, 0);
    expect([m.hart.x[3], m.hart.x[4]]).toEqual([0, 77]);
    expect(m.mem.dirty.has((DATA + 8192) >>> 12)).toBe(true);
  });
  it("loads of every width cached on untouched pages see a later first store", () => {
    // Two pages are read (word and byte loads) while still the zero page, then written.
    const m = machine(
      [
        load("lw", 3, 2, 0), load("lw", 3, 4, 0), load("lbu", 3, 2, 1), load("lh", 3, 2, 2),
        store("sw", 1, 2, 0), store("sb", 1, 4, 0),
        load("lw", 5, 2, 0), load("lbu", 6, 2, 1), load("lhu", 7, 2, 2), load("lw", 8, 4, 0),
      ],
      { 1: 0x11223344, 2: DATA + 4096, 4: DATA + 8192 },
    );
    expect(run(m.hart, m.mem, 10, 0).retired).toBe(10);
    expect([m.hart.x[5], m.hart.x[6], m.hart.x[7], m.hart.x[8]]).toEqual([0x11223344, 0x33, 0x1122, 0x44]);
  });
  it("after clearDirty the next store marks its page dirty again", () => {
    const m = machine([store("sw", 1, 2, 0), store("sw", 1, 2, 4)], { 1: 1, 2: DATA });
    run(m.hart, m.mem, 1, 0);
    m.mem.clearDirty();
    run(m.hart, m.mem, 1, 0);
    expect([...m.mem.dirty]).toEqual([DATA >>> 12]);
  });
  it("reads after a supervisor write see the new bytes (cache flushed)", () => {
    const m = machine([load("lw", 3, 2, 0), load("lw", 4, 2, 0)], { 2: DATA });
    run(m.hart, m.mem, 1, 0);
    poke32(m.mem, DATA, [1234]);
    run(m.hart, m.mem, 1, 0);
    expect([m.hart.x[3], m.hart.x[4]]).toEqual([0, 1234]);
  });
  it("misaligned loads are emulated (little-endian, sign/zero extension); unmapped ones are page faults", () => {
    const m = machine([store("sw", 1, 2, 0), store("sw", 4, 2, 4), load("lw", 3, 2, 2), load("lh", 5, 2, 1), load("lhu", 6, 2, 3)], {
      1: 0x8899aabb | 0, 2: DATA, 4: 0x11223344,
    });
    expect(run(m.hart, m.mem, 5, 0).retired).toBe(5);
    expect(m.hart.x[3]! >>> 0).toBe(0x33448899);
    expect(m.hart.x[5]).toBe((0x99aa << 16) >> 16);
    expect(m.hart.x[6]).toBe(0x4488);
    trap([load("lw", 3, 2, 1)], { 2: 0x5000_0000 }, 0, Cause.LoadPageFault, 0x5000_0001);
  });
  it("misaligned stores are emulated; one straddling into an unwritable page faults and leaves memory alone", () => {
    const m = exec([store("sw", 1, 2, 1), store("sh", 1, 2, 7)], { 1: 0x11223344, 2: DATA });
    expect([...m.mem.copyIn(DATA, 9)!]).toEqual([0, 0x44, 0x33, 0x22, 0x11, 0, 0, 0x44, 0x33]);
    const t = trap([store("sw", 1, 2, 0)], { 1: -1, 2: DATA + 0x3ffe }, 0, Cause.StorePageFault, DATA + 0x4000);
    expect(t.mem.copyIn(DATA + 0x3ffc, 4)).toEqual(new Uint8Array(4));
  });
  it("loads from unmapped memory are load page faults", () => {
    const m = trap([NOP, load("lw", 3, 2, 0)], { 2: 0x7000_0000, 3: 5 }, 1, Cause.LoadPageFault, 0x7000_0000);
    expect(m.hart.x[3]).toBe(5);
    trap([load("lbu", 3, 2, -1)], { 2: 0 }, 0, Cause.LoadPageFault, 0xffff_ffff);
  });
  it("stores to read-only or unmapped memory are store page faults", () => {
    const m = trap([store("sw", 1, 2, 0)], { 1: 5, 2: CODE }, 0, Cause.StorePageFault, CODE);
    expect(m.mem.load32(CODE)).toBe(store("sw", 1, 2, 0) | 0);
    trap([store("sb", 1, 2, 0)], { 2: 0x9000_0000 }, 0, Cause.StorePageFault, 0x9000_0000);
  });
  it("loads from a write-only page fault", () => {
    const m = machine([load("lw", 3, 2, 0)], { 2: 0x20000 });
    m.mem.map(0x20000, 4096, 2, "wo");
    expect(run(m.hart, m.mem, 1, 0).stop).toMatchObject({ cause: Cause.LoadPageFault, tval: 0x20000 });
  });
  it("permission changes between runs take effect (protect flushes cached pages)", () => {
    const m = machine([store("sw", 1, 2, 0), store("sw", 1, 2, 0)], { 1: 1, 2: DATA });
    expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
    m.mem.protect(DATA, 4096, 1);
    expect(run(m.hart, m.mem, 1, 0).stop).toMatchObject({ cause: Cause.StorePageFault });
  });
  it("reserved load and store widths are illegal", () => {
    for (const f3 of [3, 6, 7]) {
      const w = (load("lw", 1, 2, 0) & ~0x7000) | (f3 << 12);
      trap([w], { 2: DATA }, 0, Cause.IllegalInstruction, w);
    }
    for (const f3 of [3, 4, 5, 6, 7]) {
      const w = ((store("sw", 1, 2, 0) & ~0x7000) | (f3 << 12)) >>> 0;
      trap([w], { 2: DATA }, 0, Cause.IllegalInstruction, w);
    }
  });
  it("a load into the same register as the base uses the old base", () => {
    const m = machine([load("lw", 2, 2, 0)], { 2: DATA });
    poke32(m.mem, DATA, [0xabc]);
    run(m.hart, m.mem, 1, 0);
    expect(m.hart.x[2]).toBe(0xabc);
  });
});

describe("fences and self-modifying code", () => {
  it("fence and fence.i retire as no-ops", () => {
    const m = exec([FENCE, FENCE_I, 0x8330000f /* fence.tso */]);
    expect(m.hart.pc).toBe(CODE + 12);
  });
  it("a reserved MISC-MEM funct3 is illegal", () => {
    const w = FENCE_I | (2 << 12);
    trap([w], {}, 0, Cause.IllegalInstruction, w);
  });
  it("code stored into a writable+executable page runs after fence.i", () => {
    // x1 = the word "addi x5, x0, 42"; store it at CODE2+8, fence.i, jump there.
    const CODE2 = 0x30000;
    const m = machine([jalr(0, 3, 0)], { 1: addi(5, 0, 42) | 0, 3: CODE2 });
    m.mem.map(CODE2, 4096, 7, "jit");
    poke32(m.mem, CODE2, [store("sw", 1, 3, 12), FENCE_I, NOP, 0 /* replaced */]);
    const r = run(m.hart, m.mem, 5, 0);
    expect(r.retired).toBe(5);
    expect(m.hart.x[5]).toBe(42);
  });
  it("a store over an instruction already fetched in this run is seen after fence.i", () => {
    // Runs the loop body twice: the first pass rewrites "addi x5, x5, 1" into "addi x5, x5, 100".
    const body = [addi(5, 5, 1), store("sw", 1, 3, 0), FENCE_I, addi(6, 6, -1), branch("bne", 6, 0, -16)];
    const m = machine([]);
    m.mem.map(0x30000, 4096, 7, "jit");
    poke32(m.mem, 0x30000, body);
    m.hart.pc = 0x30000;
    m.hart.x[1] = addi(5, 5, 100) | 0;
    m.hart.x[3] = 0x30000;
    m.hart.x[6] = 2;
    expect(run(m.hart, m.mem, 10, 0).retired).toBe(10);
    expect(m.hart.x[5]).toBe(101);
  });
});

describe("illegal encodings", () => {
  const words = [0x0000_0000, 0xffff_ffff, 0x0000_6000 /* c.flw: no F */, 0x0000_000b /* custom-0 */, 0x0000_0007 /* flw */];
  for (const w of words) {
    it(`0x${w.toString(16).padStart(8, "0")} is illegal with tval = the word`, () => {
      trap([NOP, w], {}, 1, Cause.IllegalInstruction, w);
    });
  }
  it("reserved OP funct7 values are illegal", () => {
    for (const f7 of [0x02, 0x10, 0x40, 0x7f]) {
      const w = (op("add", 1, 2, 3) | (f7 << 25)) >>> 0;
      trap([w], {}, 0, Cause.IllegalInstruction, w);
    }
    for (const f3 of [1, 2, 3, 4, 6, 7]) {
      const w = (op("sub", 1, 2, 3) & ~0x7000) | (f3 << 12);
      trap([w >>> 0], {}, 0, Cause.IllegalInstruction, w);
    }
  });
  it("the untouched zero page executes as illegal instructions", () => {
    const m = machine([jal(0, 8192)]);
    expect(run(m.hart, m.mem, 10, 0)).toEqual({
      retired: 1,
      stop: { kind: "trap", cause: Cause.IllegalInstruction, pc: CODE + 8192, tval: 0 },
    });
  });
});
