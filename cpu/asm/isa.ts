// The RV32IMA instruction set as one table for the assembler: every real
// instruction's name, format and fixed bits, plus `encode` (fields → word).
// `decode` (word → fields) is the CPU's own decoder (cpu/decode.ts) with
// names attached, so the disassembler, the interpreter and the translator
// cannot disagree on what a word means; it returns null for words the CPU
// treats as illegal and for encodings with reserved bits set (which the CPU
// runs as their base instruction but the assembler could not write back).
// Compressed parcels decode to the instruction they expand to, with `c` set.

export type Format =
  | "R" | "I" | "SHIFT" | "LOAD" | "STORE" | "BRANCH" | "U" | "JAL" | "JALR"
  | "CSR" | "CSRI" | "FENCE" | "FIXED" | "SFENCE" | "AMO" | "LR";

/** One real instruction: its format and the bits that identify it. */
export interface OpDef {
  readonly name: string;
  readonly fmt: Format;
  readonly opcode: number;
  readonly f3: number;
  readonly f7: number;
  /** FIXED instructions: the whole word. */
  readonly word?: number;
}

/** A decoded (or to-be-encoded) instruction. `imm` is the sign-extended immediate for
 *  I/S/B/J formats, the 20-bit field for U, the CSR number for CSR/CSRI,
 *  pred<<4|succ for FENCE; CSRI keeps its 5-bit uimm in `rs1`. */
export interface Insn {
  name: string;
  rd: number;
  rs1: number;
  rs2: number;
  imm: number;
  /** for a compressed parcel: its mnemonic ("c.addi"); the other fields are the expansion's */
  c?: string;
}

import { decode as cpuDecode, type Decoded, Op, OP_NAMES } from "../decode.js";

const OP = 0x33, OPIMM = 0x13, LOADOP = 0x03, STOREOP = 0x23, BRANCHOP = 0x63;
const SYSTEM = 0x73, MISCMEM = 0x0f;

function d(name: string, fmt: Format, opcode: number, f3 = 0, f7 = 0, word?: number): OpDef {
  return word === undefined ? { name, fmt, opcode, f3, f7 } : { name, fmt, opcode, f3, f7, word };
}

/** Suffixes of the atomics' ordering bits (aq<<1 | rl). */
const AQRL: readonly [string, number][] = [["", 0], [".aq", 2], [".rl", 1], [".aqrl", 3]];

/** Every instruction the assembler and disassembler know. */
export const OPS: readonly OpDef[] = [
  d("lui", "U", 0x37), d("auipc", "U", 0x17), d("jal", "JAL", 0x6f), d("jalr", "JALR", 0x67),
  d("beq", "BRANCH", BRANCHOP, 0), d("bne", "BRANCH", BRANCHOP, 1), d("blt", "BRANCH", BRANCHOP, 4),
  d("bge", "BRANCH", BRANCHOP, 5), d("bltu", "BRANCH", BRANCHOP, 6), d("bgeu", "BRANCH", BRANCHOP, 7),
  d("lb", "LOAD", LOADOP, 0), d("lh", "LOAD", LOADOP, 1), d("lw", "LOAD", LOADOP, 2),
  d("lbu", "LOAD", LOADOP, 4), d("lhu", "LOAD", LOADOP, 5),
  d("sb", "STORE", STOREOP, 0), d("sh", "STORE", STOREOP, 1), d("sw", "STORE", STOREOP, 2),
  d("addi", "I", OPIMM, 0), d("slti", "I", OPIMM, 2), d("sltiu", "I", OPIMM, 3),
  d("xori", "I", OPIMM, 4), d("ori", "I", OPIMM, 6), d("andi", "I", OPIMM, 7),
  d("slli", "SHIFT", OPIMM, 1, 0), d("srli", "SHIFT", OPIMM, 5, 0), d("srai", "SHIFT", OPIMM, 5, 0x20),
  d("add", "R", OP, 0, 0), d("sub", "R", OP, 0, 0x20), d("sll", "R", OP, 1, 0), d("slt", "R", OP, 2, 0),
  d("sltu", "R", OP, 3, 0), d("xor", "R", OP, 4, 0), d("srl", "R", OP, 5, 0), d("sra", "R", OP, 5, 0x20),
  d("or", "R", OP, 6, 0), d("and", "R", OP, 7, 0),
  d("mul", "R", OP, 0, 1), d("mulh", "R", OP, 1, 1), d("mulhsu", "R", OP, 2, 1), d("mulhu", "R", OP, 3, 1),
  d("div", "R", OP, 4, 1), d("divu", "R", OP, 5, 1), d("rem", "R", OP, 6, 1), d("remu", "R", OP, 7, 1),
  d("fence", "FENCE", MISCMEM, 0),
  d("fence.tso", "FIXED", MISCMEM, 0, 0, 0x8330000f),
  d("fence.i", "FIXED", MISCMEM, 1, 0, 0x0000100f),
  d("ecall", "FIXED", SYSTEM, 0, 0, 0x00000073),
  d("ebreak", "FIXED", SYSTEM, 0, 0, 0x00100073),
  d("uret", "FIXED", SYSTEM, 0, 0, 0x00200073),
  d("sret", "FIXED", SYSTEM, 0, 0, 0x10200073),
  d("mret", "FIXED", SYSTEM, 0, 0, 0x30200073),
  d("wfi", "FIXED", SYSTEM, 0, 0, 0x10500073),
  d("sfence.vma", "SFENCE", SYSTEM, 0, 0x09),
  d("csrrw", "CSR", SYSTEM, 1), d("csrrs", "CSR", SYSTEM, 2), d("csrrc", "CSR", SYSTEM, 3),
  d("csrrwi", "CSRI", SYSTEM, 5), d("csrrsi", "CSRI", SYSTEM, 6), d("csrrci", "CSRI", SYSTEM, 7),
  ...atomics(),
];

/** The A extension: lr.w, sc.w and the AMOs, each with its .aq/.rl/.aqrl forms (f7 = funct5<<2 | aq<<1 | rl). */
function atomics(): OpDef[] {
  const f5: [string, number][] = [
    ["lr.w", 0x02], ["sc.w", 0x03], ["amoswap.w", 0x01], ["amoadd.w", 0x00], ["amoxor.w", 0x04], ["amoand.w", 0x0c],
    ["amoor.w", 0x08], ["amomin.w", 0x10], ["amomax.w", 0x14], ["amominu.w", 0x18], ["amomaxu.w", 0x1c],
  ];
  const out: OpDef[] = [];
  for (const [name, f] of f5) {
    for (const [suffix, aqrl] of AQRL) out.push(d(name + suffix, name === "lr.w" ? "LR" : "AMO", 0x2f, 2, (f << 2) | aqrl));
  }
  return out;
}

/** Instruction definition by mnemonic. */
export const OP_BY_NAME: ReadonlyMap<string, OpDef> = new Map(OPS.map((o) => [o.name, o]));

const FIXED_BY_WORD = new Map<number, OpDef>(
  OPS.filter((o) => o.word !== undefined).map((o) => [o.word!, o]),
);

/** Sign-extend the low `bits` bits of `v`. */
export function sext(v: number, bits: number): number {
  const shift = 32 - bits;
  return (v << shift) >> shift;
}

/** Encode `insn` into a 32-bit word (unsigned). Fields must already be in range. */
export function encode(insn: Insn): number {
  const op = OP_BY_NAME.get(insn.name);
  if (!op) throw new Error(`encode: unknown instruction ${insn.name}`);
  const { rd, rs1, rs2, imm } = insn;
  const base = op.opcode | (rd << 7) | (op.f3 << 12) | (rs1 << 15);
  let w: number;
  switch (op.fmt) {
    case "R": case "AMO": case "LR": w = base | (rs2 << 20) | (op.f7 << 25); break;
    case "I": case "LOAD": case "JALR": w = base | ((imm & 0xfff) << 20); break;
    case "SHIFT": w = base | ((imm & 31) << 20) | (op.f7 << 25); break;
    case "CSR": case "CSRI": w = base | ((imm & 0xfff) << 20); break;
    case "STORE":
      w = op.opcode | ((imm & 31) << 7) | (op.f3 << 12) | (rs1 << 15) | (rs2 << 20) | (((imm >> 5) & 0x7f) << 25);
      break;
    case "BRANCH":
      w = op.opcode | (((imm >> 11) & 1) << 7) | (((imm >> 1) & 0xf) << 8) | (op.f3 << 12) | (rs1 << 15)
        | (rs2 << 20) | (((imm >> 5) & 0x3f) << 25) | (((imm >> 12) & 1) << 31);
      break;
    case "U": w = op.opcode | (rd << 7) | ((imm & 0xfffff) << 12); break;
    case "JAL":
      w = op.opcode | (rd << 7) | (((imm >> 12) & 0xff) << 12) | (((imm >> 11) & 1) << 20)
        | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 20) & 1) << 31);
      break;
    case "FENCE": w = op.opcode | ((imm & 0xff) << 20); break;
    case "SFENCE": w = op.opcode | (rs1 << 15) | (rs2 << 20) | (op.f7 << 25); break;
    case "FIXED": w = op.word!; break;
  }
  return w >>> 0;
}

/** The assembler's view of what the CPU decoded (names, and U-type immediates as their 20-bit field). */
function toInsn(d: Decoded): Insn {
  let name = OP_NAMES[d.op]!;
  let imm = d.imm;
  if (d.op === Op.LUI || d.op === Op.AUIPC) imm = d.imm >>> 12;
  if (d.op >= Op.LR_W && d.op <= Op.AMOMAXU_W) {
    name += AQRL.find((a) => a[1] === d.imm)![0];
    imm = 0;
  }
  if (d.op === Op.FENCE && d.rs2 === 8 && d.imm === 0x33) {
    name = "fence.tso";
    imm = 0;
  }
  const rs2 = d.op === Op.FENCE ? 0 : d.rs2;
  const insn: Insn = { name, rd: d.rd, rs1: d.rs1, rs2, imm };
  if (d.size === 2) insn.c = d.cname;
  return insn;
}

/** Decode an instruction (a 32-bit word, or a compressed parcel in the low 16 bits); null when the
 *  CPU finds it illegal or, for a 32-bit word, when it is not the canonical encoding of what it means. */
export function decode(word: number): Insn | null {
  const d = cpuDecode(word);
  if (d.op === Op.ILLEGAL) return null;
  const insn = toInsn(d);
  if (d.size === 4 && encode(insn) !== word >>> 0) return null;
  return insn;
}
