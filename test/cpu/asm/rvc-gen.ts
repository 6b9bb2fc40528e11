// Generators for the compressed-instruction tests: every RV32C mnemonic with
// operands drawn from its legal ranges (the text to assemble and the fields
// the CPU decoder must give back), and 32-bit instructions shaped so that
// many have a compressed form (for `.option rvc` against llvm-mc).

import fc from "fast-check";
import { ABI_NAMES } from "../../../cpu/asm/regs.js";
import { Op } from "../../../cpu/decode.js";

const R = (n: number): string => ABI_NAMES[n]!;
const rAny = fc.integer({ min: 0, max: 31 });
const rNZ = fc.integer({ min: 1, max: 31 });
const rC = fc.integer({ min: 8, max: 15 });
const int = (min: number, max: number, step = 1): fc.Arbitrary<number> =>
  fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((v) => v * step);

/** One c.* statement: its text and what cpu/decode.ts must make of the parcel. */
export interface CCase {
  text: string;
  /** the decoder's expansion: op and fields (imm as the executor sees it) */
  op: number;
  rd: number;
  rs1: number;
  rs2: number;
  imm: number;
  /** llvm-mc 14 rejects this form (RV32 hints with shamt 0): skip it in the llvm comparison */
  llvmRejects?: boolean;
}

const cs = (text: string, op: number, rd: number, rs1: number, rs2: number, imm: number, llvmRejects = false): CCase =>
  llvmRejects ? { text, op, rd, rs1, rs2, imm, llvmRejects } : { text, op, rd, rs1, rs2, imm };

/** Every RV32C instruction with valid operands (hints included: c.addi zero, c.slli by 0, …). */
export const cInsn: fc.Arbitrary<CCase> = fc.oneof(
  fc.tuple(rC, int(4, 1020, 4)).map(([rd, u]) => cs(`c.addi4spn ${R(rd)}, sp, ${u}`, Op.ADDI, rd, 2, 0, u)),
  fc.tuple(rC, rC, int(0, 124, 4)).map(([rd, rs1, u]) => cs(`c.lw ${R(rd)}, ${u}(${R(rs1)})`, Op.LW, rd, rs1, 0, u)),
  fc.tuple(rC, rC, int(0, 124, 4)).map(([rs2, rs1, u]) => cs(`c.sw ${R(rs2)}, ${u}(${R(rs1)})`, Op.SW, 0, rs1, rs2, u)),
  fc.constant(cs("c.nop", Op.ADDI, 0, 0, 0, 0)),
  int(-32, 31).map((i) => cs(`c.nop ${i}`, Op.ADDI, 0, 0, 0, i, i === 0)),
  fc.tuple(rAny, int(-32, 31)).map(([rd, i]) => cs(`c.addi ${R(rd)}, ${i}`, Op.ADDI, rd, rd, 0, i)),
  int(-2048, 2046, 2).map((o) => cs(`c.jal ${o}`, Op.JAL, 1, 0, 0, o)),
  fc.tuple(rAny, int(-32, 31)).map(([rd, i]) => cs(`c.li ${R(rd)}, ${i}`, Op.ADDI, rd, 0, 0, i)),
  int(-512, 496, 16).filter((v) => v !== 0).map((v) => cs(`c.addi16sp sp, ${v}`, Op.ADDI, 2, 2, 0, v)),
  fc.tuple(rAny.filter((r) => r !== 2), fc.oneof(int(1, 31), int(0xfffe0, 0xfffff))).map(([rd, f]) =>
    cs(`c.lui ${R(rd)}, ${f}`, Op.LUI, rd, 0, 0, (f << 12) | 0)),
  fc.tuple(fc.constantFrom("c.srli", "c.srai"), rC, int(0, 31)).map(([m, rd, s]) =>
    cs(`${m} ${R(rd)}, ${s}`, m === "c.srli" ? Op.SRLI : Op.SRAI, rd, rd, 0, s, s === 0)),
  fc.tuple(rC, int(-32, 31)).map(([rd, i]) => cs(`c.andi ${R(rd)}, ${i}`, Op.ANDI, rd, rd, 0, i)),
  fc.tuple(fc.constantFrom(["c.sub", Op.SUB], ["c.xor", Op.XOR], ["c.or", Op.OR], ["c.and", Op.AND]), rC, rC)
    .map(([[m, op], rd, rs2]) => cs(`${m} ${R(rd)}, ${R(rs2)}`, op as number, rd, rd, rs2, 0)),
  int(-2048, 2046, 2).map((o) => cs(`c.j ${o}`, Op.JAL, 0, 0, 0, o)),
  fc.tuple(fc.constantFrom("c.beqz", "c.bnez"), rC, int(-256, 254, 2)).map(([m, rs1, o]) =>
    cs(`${m} ${R(rs1)}, ${o}`, m === "c.beqz" ? Op.BEQ : Op.BNE, 0, rs1, 0, o)),
  fc.tuple(rAny, int(0, 31)).map(([rd, s]) => cs(`c.slli ${R(rd)}, ${s}`, Op.SLLI, rd, rd, 0, s, s === 0)),
  fc.tuple(rNZ, int(0, 252, 4)).map(([rd, u]) => cs(`c.lwsp ${R(rd)}, ${u}(sp)`, Op.LW, rd, 2, 0, u)),
  fc.tuple(rAny, int(0, 252, 4)).map(([rs2, u]) => cs(`c.swsp ${R(rs2)}, ${u}(sp)`, Op.SW, 0, 2, rs2, u)),
  rNZ.map((r) => cs(`c.jr ${R(r)}`, Op.JALR, 0, r, 0, 0)),
  fc.tuple(rAny, rNZ).map(([rd, rs2]) => cs(`c.mv ${R(rd)}, ${R(rs2)}`, Op.ADD, rd, 0, rs2, 0)),
  fc.constant(cs("c.ebreak", Op.EBREAK, 0, 0, 0, 0)),
  rNZ.map((r) => cs(`c.jalr ${R(r)}`, Op.JALR, 1, r, 0, 0)),
  fc.tuple(rAny, rNZ).map(([rd, rs2]) => cs(`c.add ${R(rd)}, ${R(rs2)}`, Op.ADD, rd, rd, rs2, 0)),
);

/** Registers that make compressed forms likely: zero, ra, sp, x8–x15, and now and then any. */
const rBias = fc.oneof(fc.constantFrom(0, 1, 2), rC, rC, rAny);
const immBias = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.oneof(int(-40, 40), int(lo, hi), fc.constantFrom(0, 16, -16, 252, 256, 496, -512, 1020, 1024, 124, 128));

/** A 32-bit instruction in assembly (no pseudo-instructions), likely to have a compressed form. */
export const plainInsn: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom("addi", "andi", "slti", "xori"), rBias, rBias, immBias(-2048, 2047)).map(([m, a, b, i]) => `${m} ${R(a)}, ${R(b)}, ${i}`),
  fc.tuple(fc.constantFrom("slli", "srli", "srai"), rBias, rBias, int(0, 31)).map(([m, a, b, i]) => `${m} ${R(a)}, ${R(b)}, ${i}`),
  fc.tuple(fc.constantFrom("add", "sub", "xor", "or", "and", "sll", "mul"), rBias, rBias, rBias).map(([m, a, b, c]) => `${m} ${R(a)}, ${R(b)}, ${R(c)}`),
  fc.tuple(fc.constantFrom("lw", "sw", "lh", "sb"), rBias, rBias, immBias(-2048, 2047)).map(([m, a, b, i]) => `${m} ${R(a)}, ${i}(${R(b)})`),
  fc.tuple(rBias, int(0, 0xfffff)).map(([a, i]) => `lui ${R(a)}, ${i}`),
  fc.tuple(rBias, fc.oneof(int(0, 40), int(0xfffd0, 0xfffff))).map(([a, i]) => `lui ${R(a)}, ${i}`),
  fc.tuple(fc.constantFrom(0, 1, 5), fc.oneof(int(-2100, 2100, 2), int(-(2 ** 20), 2 ** 20 - 2, 2))).map(([a, o]) => `jal ${R(a)}, ${o}`),
  fc.tuple(fc.constantFrom(0, 1, 5), rBias, fc.oneof(fc.constant(0), immBias(-2048, 2047))).map(([a, b, i]) => `jalr ${R(a)}, ${i}(${R(b)})`),
  fc.tuple(fc.constantFrom("beq", "bne", "blt"), rBias, rBias, fc.oneof(int(-300, 300, 2), int(-4096, 4094, 2))).map(([m, a, b, o]) => `${m} ${R(a)}, ${R(b)}, ${o}`),
  fc.constantFrom("ebreak", "ecall", "nop", "ret", "fence"),
);
