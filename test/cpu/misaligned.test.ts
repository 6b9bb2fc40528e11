// Misaligned loads and stores, in the style of riscv-tests' ma_data: every
// width at every offset inside a word and across a page boundary reads and
// writes the bytes a byte-by-byte little-endian access would, each emulation
// is counted in CpuStats.misaligned, and a fault names the first byte that
// cannot be reached.

import { describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { Cause } from "../../cpu/hart.js";
import { newCpuStats } from "../../cpu/stats.js";
import { DATA, load, machine, store } from "./encode.js";

const BYTES = Array.from({ length: 16 }, (_, i) => (0x81 + i * 0x11) & 0xff); // 81 92 a3 b4 … with high bits set

function le(bytes: number[], at: number, size: number): number {
  let v = 0;
  for (let k = 0; k < size; k++) v |= bytes[at + k]! << (8 * k);
  return v;
}

describe("ma_data: misaligned loads", () => {
  for (const base of [DATA, DATA + 0x1000 - 8]) {
    it(`every width at every offset reads little-endian bytes (${base === DATA ? "inside a page" : "across a page boundary"})`, () => {
      for (let off = 0; off < 8; off++) {
        const cases: [Parameters<typeof load>[0], number][] = [
          ["lw", le(BYTES, off, 4) | 0],
          ["lh", (le(BYTES, off, 2) << 16) >> 16],
          ["lhu", le(BYTES, off, 2)],
        ];
        for (const [op, want] of cases) {
          const m = machine([load(op, 5, 10, off)], { 10: base });
          m.mem.poke(base, new Uint8Array(BYTES));
          const stats = newCpuStats();
          expect(run(m.hart, m.mem, 1, 0, { jit: false, stats }).retired).toBe(1);
          expect([op, off, m.hart.x[5]]).toEqual([op, off, want]);
          const aligned = off % (op === "lw" ? 4 : 2) === 0;
          expect(stats.misaligned).toBe(aligned ? 0 : 1);
        }
      }
    });
  }
  it("a misaligned load whose second page is unmapped faults at that page, registers untouched", () => {
    const m = machine([load("lw", 5, 10, 0)], { 10: DATA + 0x4000 - 2, 5: 99 });
    expect(run(m.hart, m.mem, 1, 0).stop).toEqual({ kind: "trap", cause: Cause.LoadPageFault, pc: m.hart.pc, tval: DATA + 0x4000 });
    expect(m.hart.x[5]).toBe(99);
  });
});

describe("ma_data: misaligned stores", () => {
  for (const base of [DATA, DATA + 0x1000 - 8]) {
    it(`every width at every offset writes exactly its bytes (${base === DATA ? "inside a page" : "across a page boundary"})`, () => {
      for (let off = 0; off < 8; off++) {
        for (const [op, size] of [["sw", 4], ["sh", 2], ["sb", 1]] as const) {
          const m = machine([store(op, 11, 10, off)], { 10: base, 11: 0x4433_2211 });
          m.mem.poke(base, new Uint8Array(16).fill(0xee));
          expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
          const want = new Array<number>(16).fill(0xee);
          for (let k = 0; k < size; k++) want[off + k] = 0x11 * (k + 1);
          expect([op, off, ...m.mem.copyIn(base, 16)!]).toEqual([op, off, ...want]);
        }
      }
    });
  }
  it("a load after a misaligned store sees it, and the count adds up", () => {
    const m = machine([store("sw", 11, 10, 3), load("lw", 5, 10, 3), load("lhu", 6, 10, 5)], { 10: DATA, 11: -2 });
    const stats = newCpuStats();
    run(m.hart, m.mem, 3, 0, { jit: false, stats });
    expect(m.hart.x[5]).toBe(-2);
    expect(m.hart.x[6]).toBe(0xffff);
    expect(stats.misaligned).toBe(3);
  });
});
