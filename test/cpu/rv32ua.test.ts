// The A extension, in the style of riscv-tests' rv32ua (one case per AMO with
// the values those tests use, and lrsc's rules) plus what a kernel-backed
// machine adds: the reservation is hart state (a budget cut between LR and SC
// changes nothing), and every trap drops it, as Linux does on each kernel entry.

import { describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { Cause } from "../../cpu/hart.js";
import { CODE, DATA, machine, NOP, poke32 } from "./encode.js";

/** An A-extension word: funct5, aq/rl, rs2, rs1, rd. */
const amo = (f5: number, rd: number, rs1: number, rs2: number, aqrl = 0): number =>
  ((f5 << 27) | (aqrl << 25) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x2f) >>> 0;
const F5 = { lr: 0x02, sc: 0x03, swap: 0x01, add: 0x00, xor: 0x04, and: 0x0c, or: 0x08, min: 0x10, max: 0x14, minu: 0x18, maxu: 0x1c };
const ECALL = 0x73;

describe("rv32ua: AMOs return the old value and store the combination", () => {
  // rv32ua's operands: memory 0x80000000 (as a word), rs2 0xfffff800; then again with rs2 = 1 on the result
  const cases: [keyof typeof F5, number, number, number][] = [
    ["swap", 0x80000000, 0xfffff800, 0xfffff800],
    ["add", 0x80000000, 0xfffff800, 0x7ffff800],
    ["xor", 0x80000000, 0xfffff800, 0x7ffff800],
    ["and", 0x80000000, 0xfffff800, 0x80000000],
    ["or", 0x80000000, 0xfffff800, 0xfffff800],
    ["min", 0x80000000, 0xfffff800, 0x80000000],
    ["max", 0x80000000, 0xfffff800, 0xfffff800],
    ["minu", 0x80000000, 0xfffff800, 0x80000000],
    ["maxu", 0x80000000, 0xfffff800, 0xfffff800],
    ["min", 0x00000001, 0xffffffff, 0xffffffff],
    ["max", 0x00000001, 0xffffffff, 0x00000001],
    ["minu", 0x00000001, 0xffffffff, 0x00000001],
    ["maxu", 0x00000001, 0xffffffff, 0xffffffff],
  ];
  for (const [op, mem0, v, want] of cases) {
    it(`amo${op}.w on ${mem0.toString(16)} with ${v.toString(16)} stores ${want.toString(16)}`, () => {
      for (const aqrl of [0, 3]) {
        const m = machine([amo(F5[op], 5, 10, 11, aqrl)], { 10: DATA + 8, 11: v | 0 });
        poke32(m.mem, DATA + 8, [mem0]);
        expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
        expect(m.hart.x[5]).toBe(mem0 | 0);
        expect(m.mem.load32(DATA + 8)! >>> 0).toBe(want);
      }
    });
  }
  it("rd = rs2 reads rs2 before writing rd; rd = x0 discards the old value but still stores", () => {
    const m = machine([amo(F5.add, 11, 10, 11), amo(F5.swap, 0, 10, 12)], { 10: DATA, 11: 5, 12: 9 });
    poke32(m.mem, DATA, [100]);
    expect(run(m.hart, m.mem, 2, 0).retired).toBe(2);
    expect(m.hart.x[11]).toBe(100);
    expect(m.hart.x[0]).toBe(0);
    expect(m.mem.load32(DATA)).toBe(9);
  });
  it("misaligned AMOs trap with cause 6 (not emulated, as on Linux); read-only pages with 15", () => {
    const m = machine([amo(F5.add, 5, 10, 11)], { 10: DATA + 2, 5: 7 });
    expect(run(m.hart, m.mem, 1, 0).stop).toEqual({ kind: "trap", cause: Cause.StoreMisaligned, pc: CODE, tval: DATA + 2 });
    expect(m.hart.x[5]).toBe(7);
    const r = machine([amo(F5.or, 5, 10, 11)], { 10: CODE });
    expect(run(r.hart, r.mem, 1, 0).stop).toEqual({ kind: "trap", cause: Cause.StorePageFault, pc: CODE, tval: CODE });
  });
});

describe("rv32ua: lr.w / sc.w", () => {
  const LR = amo(F5.lr, 5, 10, 0);
  const SC = amo(F5.sc, 6, 10, 11);
  it("sc without a reservation fails (rd = 1) and stores nothing", () => {
    const m = machine([SC], { 10: DATA, 11: 42 });
    run(m.hart, m.mem, 1, 0);
    expect(m.hart.x[6]).toBe(1);
    expect(m.mem.load32(DATA)).toBe(0);
  });
  it("lr then sc succeeds (rd = 0) once; a second sc fails", () => {
    const m = machine([LR, SC, SC], { 10: DATA, 11: 42 });
    poke32(m.mem, DATA, [7]);
    expect(run(m.hart, m.mem, 2, 0).retired).toBe(2);
    expect(m.hart.x[5]).toBe(7);
    expect(m.hart.x[6]).toBe(0);
    expect(m.mem.load32(DATA)).toBe(42);
    m.hart.x[11] = 43;
    run(m.hart, m.mem, 1, 0);
    expect(m.hart.x[6]).toBe(1);
    expect(m.mem.load32(DATA)).toBe(42);
  });
  it("sc to another address than the reservation fails", () => {
    const m = machine([LR, addi(10, 10, 4), SC], { 10: DATA, 11: 42 });
    run(m.hart, m.mem, 3, 0);
    expect(m.hart.x[6]).toBe(1);
    expect(m.mem.load32(DATA + 4)).toBe(0);
  });
  it("the reservation survives a budget cut (it is hart state) but not a trap", () => {
    const m = machine([LR, SC], { 10: DATA, 11: 42 });
    expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
    expect(m.hart.resv).toBe(DATA);
    run(m.hart, m.mem, 1, 0);
    expect(m.hart.x[6]).toBe(0);
    const t = machine([LR, ECALL, SC], { 10: DATA, 11: 42 });
    expect(run(t.hart, t.mem, 5, 0).stop).toMatchObject({ cause: Cause.EcallFromU });
    expect(t.hart.resv).toBe(-1);
    t.hart.pc += 4;
    run(t.hart, t.mem, 1, 0);
    expect(t.hart.x[6]).toBe(1);
  });
  it("misaligned lr traps with cause 4, misaligned sc with 6; lr of an unmapped address with 13", () => {
    const a = machine([LR], { 10: DATA + 1 });
    expect(run(a.hart, a.mem, 1, 0).stop).toMatchObject({ cause: Cause.LoadMisaligned, tval: DATA + 1 });
    const b = machine([SC], { 10: DATA + 2 });
    expect(run(b.hart, b.mem, 1, 0).stop).toMatchObject({ cause: Cause.StoreMisaligned, tval: DATA + 2 });
    const c = machine([LR], { 10: 0x7000_0000 });
    expect(run(c.hart, c.mem, 1, 0).stop).toMatchObject({ cause: Cause.LoadPageFault, tval: 0x7000_0000 });
    expect(c.hart.resv).toBe(-1);
  });
  it("lr.w with rs2 ≠ 0 is illegal", () => {
    const w = amo(F5.lr, 5, 10, 3);
    const m = machine([NOP, w], { 10: DATA });
    expect(run(m.hart, m.mem, 5, 0).stop).toEqual({ kind: "trap", cause: Cause.IllegalInstruction, pc: CODE + 4, tval: w });
  });
});

function addi(rd: number, rs1: number, imm: number): number {
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13) >>> 0;
}
