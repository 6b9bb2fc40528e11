// Test helper: encodes RV32IM instructions (our own tiny encoder, independent
// of cpu/asm/ so CPU tests do not depend on the assembler), and builds a
// small machine with code and data mapped.

import { type HartState, newHart } from "../../cpu/hart.js";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";

export const R = (f7: number, rs2: number, rs1: number, f3: number, rd: number, op: number): number =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
export const I = (imm: number, rs1: number, f3: number, rd: number, op: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
export const S = (imm: number, rs2: number, rs1: number, f3: number, op: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | op) >>> 0;
export const B = (imm: number, rs2: number, rs1: number, f3: number): number =>
  ((((imm >> 12) & 1) << 31) |
    (((imm >> 5) & 0x3f) << 25) |
    (rs2 << 20) |
    (rs1 << 15) |
    (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) |
    (((imm >> 11) & 1) << 7) |
    0x63) >>>
  0;
export const U = (imm: number, rd: number, op: number): number => ((imm & 0xfffff000) | (rd << 7) | op) >>> 0;
export const J = (imm: number, rd: number): number =>
  ((((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) | (imm & 0xff000) | (rd << 7) | 0x6f) >>>
  0;

// R-type ALU and M: name -> [funct7, funct3]
export const OPS = {
  add: [0, 0], sub: [0x20, 0], sll: [0, 1], slt: [0, 2], sltu: [0, 3], xor: [0, 4], srl: [0, 5], sra: [0x20, 5],
  or: [0, 6], and: [0, 7], mul: [1, 0], mulh: [1, 1], mulhsu: [1, 2], mulhu: [1, 3], div: [1, 4], divu: [1, 5],
  rem: [1, 6], remu: [1, 7],
} as const;
export type OpName = keyof typeof OPS;
export const op = (name: OpName, rd: number, rs1: number, rs2: number): number =>
  R(OPS[name][0], rs2, rs1, OPS[name][1], rd, 0x33);

export const addi = (rd: number, rs1: number, imm: number): number => I(imm, rs1, 0, rd, 0x13);
export const slti = (rd: number, rs1: number, imm: number): number => I(imm, rs1, 2, rd, 0x13);
export const sltiu = (rd: number, rs1: number, imm: number): number => I(imm, rs1, 3, rd, 0x13);
export const xori = (rd: number, rs1: number, imm: number): number => I(imm, rs1, 4, rd, 0x13);
export const ori = (rd: number, rs1: number, imm: number): number => I(imm, rs1, 6, rd, 0x13);
export const andi = (rd: number, rs1: number, imm: number): number => I(imm, rs1, 7, rd, 0x13);
export const slli = (rd: number, rs1: number, sh: number): number => I(sh, rs1, 1, rd, 0x13);
export const srli = (rd: number, rs1: number, sh: number): number => I(sh, rs1, 5, rd, 0x13);
export const srai = (rd: number, rs1: number, sh: number): number => I(0x400 | sh, rs1, 5, rd, 0x13);
export const lui = (rd: number, imm: number): number => U(imm, rd, 0x37);
export const auipc = (rd: number, imm: number): number => U(imm, rd, 0x17);
export const jal = (rd: number, off: number): number => J(off, rd);
export const jalr = (rd: number, rs1: number, imm: number): number => I(imm, rs1, 0, rd, 0x67);
export const BRANCHES = { beq: 0, bne: 1, blt: 4, bge: 5, bltu: 6, bgeu: 7 } as const;
export const branch = (name: keyof typeof BRANCHES, rs1: number, rs2: number, off: number): number =>
  B(off, rs2, rs1, BRANCHES[name]);
export const LOADS = { lb: 0, lh: 1, lw: 2, lbu: 4, lhu: 5 } as const;
export const load = (name: keyof typeof LOADS, rd: number, rs1: number, imm: number): number =>
  I(imm, rs1, LOADS[name], rd, 0x03);
export const STORES = { sb: 0, sh: 1, sw: 2 } as const;
export const store = (name: keyof typeof STORES, rs2: number, rs1: number, imm: number): number =>
  S(imm, rs2, rs1, STORES[name], 0x23);
export const csr = (f3: number, rd: number, num: number, rs1: number): number => I(num, rs1, f3, rd, 0x73);
export const ECALL = 0x00000073;
export const EBREAK = 0x00100073;
export const FENCE = 0x0ff0000f;
export const FENCE_I = 0x0000100f;
export const NOP = 0x00000013;

export const CODE = 0x1000;
export const DATA = 0x10000;

/** A machine with `words` at CODE (r-x, 4 pages) and 4 pages of rw- data at DATA. */
export function machine(words: number[], regs: Record<number, number> = {}): { hart: HartState; mem: Memory } {
  const mem = new Memory();
  mem.map(CODE, 4 * 4096, PROT_READ | PROT_EXEC, "text");
  mem.map(DATA, 4 * 4096, PROT_READ | PROT_WRITE, "data");
  poke32(mem, CODE, words);
  const hart = newHart(CODE);
  for (const [r, v] of Object.entries(regs)) hart.x[Number(r)] = v;
  return { hart, mem };
}

/** Supervisor write of little-endian words. */
export function poke32(mem: Memory, addr: number, words: number[]): void {
  const b = new Uint8Array(words.length * 4);
  const dv = new DataView(b.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  if (!mem.poke(addr, b)) throw new Error(`poke at ${addr.toString(16)} failed`);
}
