// The compressed (RVC) instructions for the assembler: each c.* mnemonic's
// encoder (fields → 16-bit parcel) with the ranges its fields may take, and
// `compress`, which picks the compressed form of a 32-bit instruction the way
// llvm-mc -mattr=+c does (the same patterns, in the same order of preference).
// What a parcel means is the CPU decoder's business (cpu/decode.ts); the tests
// check that every parcel built here decodes back to the fields it was built
// from (test/cpu/asm/rvc.test.ts) and that llvm-mc encodes the same.

import type { Insn } from "./isa.js";

/** A compressed parcel and the mnemonic it was built as. */
export interface CParcel {
  c: string;
  bits: number;
}

const bit = (v: number, i: number): number => (v >> i) & 1;
const bits = (v: number, hi: number, lo: number): number => (v >> lo) & ((1 << (hi - lo + 1)) - 1);
/** x8..x15, the registers the 3-bit fields can name. */
export const isC = (r: number): boolean => r >= 8 && r <= 15;
const inRange = (v: number, lo: number, hi: number, align = 1): boolean => v >= lo && v <= hi && v % align === 0;

/** Register fields: `full` 5 bits at 11:7 / 6:2, `p` the 3-bit primed ones at 9:7 / 4:2. */
const rdFull = (r: number): number => r << 7;
const rs2Full = (r: number): number => r << 2;
const hiP = (r: number): number => (r - 8) << 7;
const loP = (r: number): number => (r - 8) << 2;
/** The CI immediate: imm[5] at bit 12, imm[4:0] at 6:2. */
const ci = (imm: number): number => (bit(imm, 5) << 12) | (bits(imm, 4, 0) << 2);

/** c.j / c.jal offset, bits 12:2 = imm[11|4|9:8|10|6|7|3:1|5]. */
function cjOffset(o: number): number {
  return (bit(o, 11) << 12) | (bit(o, 4) << 11) | (bits(o, 9, 8) << 9) | (bit(o, 10) << 8) | (bit(o, 6) << 7)
    | (bit(o, 7) << 6) | (bits(o, 3, 1) << 3) | (bit(o, 5) << 2);
}
/** c.beqz / c.bnez offset, bits 12:10 = imm[8|4:3], 6:2 = imm[7:6|2:1|5]. */
function cbOffset(o: number): number {
  return (bit(o, 8) << 12) | (bits(o, 4, 3) << 10) | (bits(o, 7, 6) << 5) | (bits(o, 2, 1) << 3) | (bit(o, 5) << 2);
}

/** The encoders, by mnemonic. Operands: (rd or rs1, rs2, imm) as written in the c.* form. */
export const C_ENCODE: Readonly<Record<string, (a: number, b: number, imm: number) => number>> = {
  "c.addi4spn": (rd, _b, u) => (bits(u, 5, 4) << 11) | (bits(u, 9, 6) << 7) | (bit(u, 2) << 6) | (bit(u, 3) << 5) | loP(rd),
  "c.lw": (rd, rs1, u) => (2 << 13) | (bits(u, 5, 3) << 10) | hiP(rs1) | (bit(u, 2) << 6) | (bit(u, 6) << 5) | loP(rd),
  "c.sw": (rs2, rs1, u) => (6 << 13) | (bits(u, 5, 3) << 10) | hiP(rs1) | (bit(u, 2) << 6) | (bit(u, 6) << 5) | loP(rs2),
  "c.nop": (_a, _b, imm) => 1 | ci(imm),
  "c.addi": (rd, _b, imm) => 1 | rdFull(rd) | ci(imm),
  "c.jal": (_a, _b, o) => 1 | (1 << 13) | cjOffset(o),
  "c.li": (rd, _b, imm) => 1 | (2 << 13) | rdFull(rd) | ci(imm),
  "c.addi16sp": (_a, _b, v) => 1 | (3 << 13) | (bit(v, 9) << 12) | rdFull(2) | (bit(v, 4) << 6) | (bit(v, 6) << 5)
    | (bits(v, 8, 7) << 3) | (bit(v, 5) << 2),
  "c.lui": (rd, _b, field) => 1 | (3 << 13) | rdFull(rd) | ci(field),
  "c.srli": (rd, _b, sh) => 1 | (4 << 13) | hiP(rd) | ci(sh),
  "c.srai": (rd, _b, sh) => 1 | (4 << 13) | (1 << 10) | hiP(rd) | ci(sh),
  "c.andi": (rd, _b, imm) => 1 | (4 << 13) | (2 << 10) | hiP(rd) | ci(imm),
  "c.sub": (rd, rs2) => 1 | (4 << 13) | (3 << 10) | hiP(rd) | (0 << 5) | loP(rs2),
  "c.xor": (rd, rs2) => 1 | (4 << 13) | (3 << 10) | hiP(rd) | (1 << 5) | loP(rs2),
  "c.or": (rd, rs2) => 1 | (4 << 13) | (3 << 10) | hiP(rd) | (2 << 5) | loP(rs2),
  "c.and": (rd, rs2) => 1 | (4 << 13) | (3 << 10) | hiP(rd) | (3 << 5) | loP(rs2),
  "c.j": (_a, _b, o) => 1 | (5 << 13) | cjOffset(o),
  "c.beqz": (rs1, _b, o) => 1 | (6 << 13) | hiP(rs1) | cbOffset(o),
  "c.bnez": (rs1, _b, o) => 1 | (7 << 13) | hiP(rs1) | cbOffset(o),
  "c.slli": (rd, _b, sh) => 2 | rdFull(rd) | ci(sh),
  "c.lwsp": (rd, _b, u) => 2 | (2 << 13) | (bit(u, 5) << 12) | rdFull(rd) | (bits(u, 4, 2) << 4) | (bits(u, 7, 6) << 2),
  "c.swsp": (rs2, _b, u) => 2 | (6 << 13) | (bits(u, 5, 2) << 9) | (bits(u, 7, 6) << 7) | rs2Full(rs2),
  "c.jr": (rs1) => 2 | (4 << 13) | rdFull(rs1),
  "c.mv": (rd, rs2) => 2 | (4 << 13) | rdFull(rd) | rs2Full(rs2),
  "c.ebreak": () => 0x9002,
  "c.jalr": (rs1) => 2 | (4 << 13) | (1 << 12) | rdFull(rs1),
  "c.add": (rd, rs2) => 2 | (4 << 13) | (1 << 12) | rdFull(rd) | rs2Full(rs2),
  "c.unimp": () => 0,
};

const mk = (c: string, a: number, b: number, imm: number): CParcel => ({ c, bits: C_ENCODE[c]!(a, b, imm) });

/** The compressed form of `insn` (a real RV32I instruction), or undefined when it has none.
 *  The patterns and their order are llvm-mc's, so both pick the same parcel (and some that do
 *  the same thing with other operands: `addi a0, a1, 0` → `c.mv a0, a1`, `xor a0, a1, a0` →
 *  `c.xor a0, a1`). */
export function compress(insn: Insn): CParcel | undefined {
  const { name, rd, rs1, rs2, imm } = insn;
  switch (name) {
    case "addi":
      if (isC(rd) && rs1 === 2 && imm !== 0 && inRange(imm, 4, 1020, 4)) return mk("c.addi4spn", rd, 0, imm);
      if (rd === 0 && rs1 === 0 && imm === 0) return mk("c.nop", 0, 0, 0);
      if (rd !== 0 && rd === rs1 && imm !== 0 && inRange(imm, -32, 31)) return mk("c.addi", rd, 0, imm);
      if (rd !== 0 && rs1 === 0 && inRange(imm, -32, 31)) return mk("c.li", rd, 0, imm);
      if (rd === 2 && rs1 === 2 && imm !== 0 && inRange(imm, -512, 496, 16)) return mk("c.addi16sp", 2, 0, imm);
      if (rd !== 0 && rs1 !== 0 && imm === 0) return mk("c.mv", rd, rs1, 0);
      return undefined;
    case "lw":
      if (isC(rd) && isC(rs1) && inRange(imm, 0, 124, 4)) return mk("c.lw", rd, rs1, imm);
      if (rd !== 0 && rs1 === 2 && inRange(imm, 0, 252, 4)) return mk("c.lwsp", rd, 0, imm);
      return undefined;
    case "sw":
      if (isC(rs2) && isC(rs1) && inRange(imm, 0, 124, 4)) return mk("c.sw", rs2, rs1, imm);
      if (rs1 === 2 && inRange(imm, 0, 252, 4)) return mk("c.swsp", rs2, 0, imm);
      return undefined;
    case "jal":
      if ((rd === 0 || rd === 1) && inRange(imm, -2048, 2046, 2)) return mk(rd === 1 ? "c.jal" : "c.j", 0, 0, imm);
      return undefined;
    case "lui":
      if (rd !== 0 && rd !== 2 && (inRange(imm, 1, 31) || inRange(imm, 0xfffe0, 0xfffff))) return mk("c.lui", rd, 0, imm & 0x3f);
      return undefined;
    case "srli": case "srai":
      if (isC(rd) && rd === rs1 && inRange(imm, 1, 31)) return mk(`c.${name}`, rd, 0, imm);
      return undefined;
    case "andi":
      if (isC(rd) && rd === rs1 && inRange(imm, -32, 31)) return mk("c.andi", rd, 0, imm);
      return undefined;
    case "sub":
      if (isC(rd) && rd === rs1 && isC(rs2)) return mk("c.sub", rd, rs2, 0);
      return undefined;
    case "xor": case "or": case "and":
      if (isC(rd) && rd === rs1 && isC(rs2)) return mk(`c.${name}`, rd, rs2, 0);
      if (isC(rd) && rd === rs2 && isC(rs1)) return mk(`c.${name}`, rd, rs1, 0);
      return undefined;
    case "beq": case "bne":
      if (isC(rs1) && rs2 === 0 && inRange(imm, -256, 254, 2)) return mk(name === "beq" ? "c.beqz" : "c.bnez", rs1, 0, imm);
      return undefined;
    case "slli":
      if (rd !== 0 && rd === rs1 && inRange(imm, 1, 31)) return mk("c.slli", rd, 0, imm);
      return undefined;
    case "jalr":
      if ((rd === 0 || rd === 1) && rs1 !== 0 && imm === 0) return mk(rd === 0 ? "c.jr" : "c.jalr", rs1, 0, 0);
      return undefined;
    case "add":
      if (rd !== 0 && rs1 === 0 && rs2 !== 0) return mk("c.mv", rd, rs2, 0);
      if (rd !== 0 && rs2 === 0 && rs1 !== 0) return mk("c.mv", rd, rs1, 0);
      if (rd !== 0 && rd === rs1 && rs2 !== 0) return mk("c.add", rd, rs2, 0);
      if (rd !== 0 && rd === rs2 && rs1 !== 0) return mk("c.add", rd, rs1, 0);
      return undefined;
    case "ebreak":
      return mk("c.ebreak", 0, 0, 0);
  }
  return undefined;
}

/** Whether `insn` has a compressed form for some value of its immediate (tried with values every
 *  range admits); used while a symbol in that immediate is still unknown. */
export function compressProbe(insn: Insn): CParcel | undefined {
  return compress({ ...insn, imm: 0 }) ?? compress({ ...insn, imm: 16 });
}
