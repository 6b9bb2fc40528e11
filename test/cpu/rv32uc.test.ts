// The C extension, in the style of riscv-tests' rv32uc: compressed parcels
// (encodings from llvm-mc -mattr=+c, written down here with their source
// text) execute as the instruction they expand to, mixed with 32-bit code at
// 2-byte alignment, including a 32-bit instruction straddling two pages.

import { describe, expect, it } from "vitest";
import { decode, Op } from "../../cpu/decode.js";
import { run } from "../../cpu/execute.js";
import { Cause, newHart } from "../../cpu/hart.js";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { addi, CODE, DATA } from "./encode.js";

/** A machine whose code is `parcels` (16-bit units) at CODE. */
function machineOf(parcels: number[]): { hart: ReturnType<typeof newHart>; mem: Memory } {
  const mem = new Memory();
  mem.map(CODE, 4 * 4096, PROT_READ | PROT_EXEC, "text");
  mem.map(DATA, 4 * 4096, PROT_READ | PROT_WRITE, "data");
  const b = new Uint8Array(parcels.length * 2);
  parcels.forEach((p, i) => { b[2 * i] = p & 0xff; b[2 * i + 1] = p >>> 8; });
  mem.poke(CODE, b);
  return { hart: newHart(CODE), mem };
}
const word = (w: number): number[] => [w & 0xffff, w >>> 16];

describe("rv32uc: compressed arithmetic, loads and stores", () => {
  it("runs the straight-line program and stops at c.ebreak with the right registers and memory", () => {
    const prog = [
      0x4515, // c.li a0, 5
      0x5581, // c.li a1, -32
      0x057d, // c.addi a0, 31
      0x15fd, // c.addi a1, -1
      0x7605, // c.lui a2, 0xfffe1
      0x6685, // c.lui a3, 1
      0x7101, // c.addi16sp sp, -512
      0x617d, // c.addi16sp sp, 496
      0x1ff8, // c.addi4spn a4, sp, 1020
      0x87aa, // c.mv a5, a0
      0x97ae, // c.add a5, a1
      0x8d0d, // c.sub a0, a1
      0x8d2d, // c.xor a0, a1
      0x8d4d, // c.or a0, a1
      0x8d6d, // c.and a0, a1
      0x9965, // c.andi a0, -7
      0x06ce, // c.slli a3, 19
      0x8691, // c.srai a3, 4
      0x8291, // c.srli a3, 4
      0xc348, // c.sw a0, 4(a4)
      0x435c, // c.lw a5, 4(a4)
      0xdfae, // c.swsp a1, 252(sp)
      0x547e, // c.lwsp s0, 252(sp)
      0x0001, // c.nop
      0x9002, // c.ebreak
    ];
    const m = machineOf(prog);
    m.hart.x[2] = DATA + 0x800;
    const r = run(m.hart, m.mem, 100, 0);
    expect(r).toEqual({ retired: 24, stop: { kind: "trap", cause: Cause.Breakpoint, pc: CODE + 48, tval: 0 } });
    const x = m.hart.x;
    expect(x[2]).toBe(0x107f0);
    expect(x[14]).toBe(0x107f0 + 1020);
    expect(x[10]).toBe(-39);
    expect(x[11]).toBe(-33);
    expect(x[12]! >>> 0).toBe(0xfffe1000);
    expect(x[13]! >>> 0).toBe(0x0f800000);
    expect(x[15]).toBe(-39);
    expect(x[8]).toBe(-33);
    expect(m.mem.load32(0x107f0 + 1020 + 4)).toBe(-39);
    expect(m.mem.load32(0x107f0 + 252)).toBe(-33);
  });

  it("decodes the control-transfer parcels to the expansions llvm-mc documents", () => {
    const cases: [number, string, number, number, number, number][] = [
      // parcel, text, op, rd, rs1, imm
      [0xa019, "c.j 6", Op.JAL, 0, 0, 6],
      [0x2011, "c.jal 4", Op.JAL, 1, 0, 4],
      [0xc111, "c.beqz a0, 4", Op.BEQ, 0, 10, 4],
      [0xfd7d, "c.bnez a0, -2", Op.BNE, 0, 10, -2],
      [0x8502, "c.jr a0", Op.JALR, 0, 10, 0],
      [0x9582, "c.jalr a1", Op.JALR, 1, 11, 0],
      [0xd081, "c.beqz s1, -256", Op.BEQ, 0, 9, -256],
      [0xecfd, "c.bnez s1, 254", Op.BNE, 0, 9, 254],
      [0xb001, "c.j -2048", Op.JAL, 0, 0, -2048],
      [0x2ffd, "c.jal 2046", Op.JAL, 1, 0, 2046],
    ];
    for (const [h, text, op, rd, rs1, imm] of cases) {
      expect({ text, ...pick(decode(h)) }).toEqual({ text, op, rd, rs1, imm, size: 2 });
    }
  });

  it("links pc + 2 for c.jal/c.jalr and pc + 4 for jal, mixing sizes at 2-byte alignment", () => {
    // CODE+0: c.jal +6 → CODE+6 | CODE+2: c.ebreak | CODE+4: c.nop
    // CODE+6: addi a0, zero, 1 (32-bit at 2 mod 4) | CODE+10: c.jalr a1 (a1 = CODE+4) → CODE+4: c.nop, CODE+6 ...
    const m = machineOf([0x2019, 0x9002, 0x0001, ...word(addi(10, 0, 1)), 0x9582]);
    m.hart.x[11] = CODE + 2;
    expect(run(m.hart, m.mem, 3, 0).retired).toBe(3);
    expect(m.hart.x[1]).toBe(CODE + 12); // c.jalr at CODE+10 linked pc + 2
    expect(m.hart.pc).toBe(CODE + 2);
    expect(m.hart.x[10]).toBe(1);
    expect(run(m.hart, m.mem, 5, 0).stop).toEqual({ kind: "trap", cause: Cause.Breakpoint, pc: CODE + 2, tval: 0 });
  });

  it("a 32-bit instruction at the last 2 bytes of a page takes its second half from the next page", () => {
    const m = machineOf([]);
    const w = addi(7, 0, 77);
    m.mem.poke(CODE + 0xffc, new Uint8Array([0x01, 0x00, w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]));
    m.hart.pc = CODE + 0xffc;
    expect(run(m.hart, m.mem, 2, 0).retired).toBe(2);
    expect(m.hart.x[7]).toBe(77);
    // and when the next page is not executable, the fetch fault names the second half
    const n = machineOf([]);
    n.mem.poke(CODE + 4 * 4096 - 2, new Uint8Array([w & 0xff, (w >>> 8) & 0xff]));
    n.hart.pc = CODE + 4 * 4096 - 2;
    expect(run(n.hart, n.mem, 2, 0).stop).toEqual({ kind: "trap", cause: Cause.InstructionPageFault, pc: CODE + 4 * 4096 - 2, tval: CODE + 4 * 4096 });
  });

  it("reserved and F/D parcels are illegal with tval = the 16 bits; hints run", () => {
    for (const h of [0x0000 /* addi4spn 0 */, 0x2000 /* c.fld */, 0x6000 /* c.flw */, 0xe000 /* c.fsw */, 0x4002 /* c.lwsp x0 */,
      0x8002 /* c.jr x0 */, 0x6101 /* c.addi16sp 0 */, 0x6501 /* c.lui a0, 0 */, 0x1002 /* c.slli shamt[5] */, 0x9c01 /* c.subw */]) {
      const m = machineOf([h]);
      expect(run(m.hart, m.mem, 1, 0).stop).toEqual({ kind: "trap", cause: Cause.IllegalInstruction, pc: CODE, tval: h });
    }
    for (const h of [0x0005 /* c.addi x0, 1 (hint) */, 0x0502 /* c.slli a0, 0 (hint) */, 0x4001 /* c.li x0, 0 */, 0x8006 /* c.mv x0, ra */]) {
      const m = machineOf([h]);
      expect(run(m.hart, m.mem, 1, 0)).toEqual({ retired: 1, stop: { kind: "budget" } });
      expect(m.hart.x[0]).toBe(0);
    }
  });
});

function pick(d: ReturnType<typeof decode>): { op: number; rd: number; rs1: number; imm: number; size: number } {
  return { op: d.op, rd: d.rd, rs1: d.rs1, imm: d.imm, size: d.size };
}
