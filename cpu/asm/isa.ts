// The RV32IM instruction set as one table: every real instruction's name,
// format and fixed bits, plus `encode` (fields → word) and `decode`
// (word → fields, or null for anything that is not a valid RV32IM word).
// The assembler and the disassembler share this table so they cannot disagree.

export type Format =
  | "R" | "I" | "SHIFT" | "LOAD" | "STORE" | "BRANCH" | "U" | "JAL" | "JALR"
  | "CSR" | "CSRI" | "FENCE" | "FIXED" | "SFENCE";

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
}

const OP = 0x33, OPIMM = 0x13, LOADOP = 0x03, STOREOP = 0x23, BRANCHOP = 0x63;
const SYSTEM = 0x73, MISCMEM = 0x0f;

function d(name: string, fmt: Format, opcode: number, f3 = 0, f7 = 0, word?: number): OpDef {
  return word === undefined ? { name, fmt, opcode, f3, f7 } : { name, fmt, opcode, f3, f7, word };
}

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
];

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
    case "R": w = base | (rs2 << 20) | (op.f7 << 25); break;
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

const R_TABLE = new Map<number, OpDef>(OPS.filter((o) => o.fmt === "R").map((o) => [(o.f7 << 3) | o.f3, o]));
function byF3(opcode: number, f3: number): OpDef | undefined {
  return OPS.find((o) => o.opcode === opcode && o.f3 === f3 && o.fmt !== "FIXED" && o.fmt !== "SFENCE");
}

/** Decode a word; null when it is not a valid RV32IM (+ privileged) instruction. */
export function decode(word: number): Insn | null {
  const w = word >>> 0;
  const fixed = FIXED_BY_WORD.get(w);
  if (fixed) return { name: fixed.name, rd: 0, rs1: 0, rs2: 0, imm: 0 };
  const opcode = w & 0x7f, rd = (w >> 7) & 31, f3 = (w >> 12) & 7, rs1 = (w >> 15) & 31;
  const rs2 = (w >> 20) & 31, f7 = w >>> 25, immI = w >> 20;
  const mk = (name: string, imm: number, r2 = 0): Insn => ({ name, rd, rs1, rs2: r2, imm });
  switch (opcode) {
    case 0x37: return { name: "lui", rd, rs1: 0, rs2: 0, imm: w >>> 12 };
    case 0x17: return { name: "auipc", rd, rs1: 0, rs2: 0, imm: w >>> 12 };
    case 0x6f: {
      const imm = sext(((w >>> 31) << 20) | (((w >> 12) & 0xff) << 12) | (((w >> 20) & 1) << 11) | (((w >> 21) & 0x3ff) << 1), 21);
      return { name: "jal", rd, rs1: 0, rs2: 0, imm };
    }
    case 0x67: return f3 === 0 ? mk("jalr", immI) : null;
    case BRANCHOP: {
      const op = byF3(opcode, f3);
      if (!op) return null;
      const imm = sext(((w >>> 31) << 12) | (((w >> 7) & 1) << 11) | (((w >> 25) & 0x3f) << 5) | (((w >> 8) & 0xf) << 1), 13);
      return { name: op.name, rd: 0, rs1, rs2, imm };
    }
    case LOADOP: { const op = byF3(opcode, f3); return op ? mk(op.name, immI) : null; }
    case STOREOP: {
      const op = byF3(opcode, f3);
      if (!op) return null;
      return { name: op.name, rd: 0, rs1, rs2, imm: sext(((w >>> 25) << 5) | ((w >> 7) & 31), 12) };
    }
    case OPIMM: {
      if (f3 === 1 || f3 === 5) {
        // RV32: shamt[5] (bit 25) must be 0, so only f7 0 / 0x20 are valid.
        const op = OPS.find((o) => o.fmt === "SHIFT" && o.f3 === f3 && o.f7 === f7);
        return op ? mk(op.name, rs2) : null;
      }
      const op = byF3(opcode, f3);
      return op ? mk(op.name, immI) : null;
    }
    case OP: { const op = R_TABLE.get((f7 << 3) | f3); return op ? mk(op.name, 0, rs2) : null; }
    case MISCMEM:
      // Plain fence only with fm=0, rs1=rd=0 (fence.tso / fence.i matched as fixed words above).
      if (f3 === 0 && rd === 0 && rs1 === 0 && (w >>> 28) === 0) return { name: "fence", rd: 0, rs1: 0, rs2: 0, imm: (w >> 20) & 0xff };
      return null;
    case SYSTEM: {
      if (f3 === 0) {
        if (f7 === 0x09 && rd === 0) return { name: "sfence.vma", rd: 0, rs1, rs2, imm: 0 };
        return null;
      }
      const op = byF3(opcode, f3);
      return op ? mk(op.name, (w >>> 20) & 0xfff) : null;
    }
  }
  return null;
}
