// The one RV32IMAC decoder: an instruction word (or a 16-bit compressed
// parcel) → an operation and its fields. The interpreter (cpu/execute.ts),
// the translator (cpu/jit/) and the disassembler (cpu/asm/) all take their
// view of what an encoding means from here, so they cannot disagree on what
// is legal (test/cpu/decode-agree.test.ts sweeps the opcode space).
//
// Compressed instructions are expanded to the 32-bit operation they stand for
// (`c.addi a0, 1` → ADDI a0, a0, 1) with `size` 2; `cname` keeps the
// compressed mnemonic for the disassembler. Hints (encodings the spec reserves
// for hints, such as `c.addi x0, 1` or `c.slli` with shamt 0) are legal and
// execute as the instruction they expand to, whose only effect is on x0 or
// nothing. Privileged instructions (mret, wfi, sfence.vma, …) and every CSR
// form decode as themselves; it is the executor that refuses them in user mode.

/** Operations. ILLEGAL is 0 so a zero-filled table means "not decoded". */
export const Op = {
  ILLEGAL: 0,
  LUI: 1, AUIPC: 2, JAL: 3, JALR: 4,
  BEQ: 5, BNE: 6, BLT: 7, BGE: 8, BLTU: 9, BGEU: 10,
  LB: 11, LH: 12, LW: 13, LBU: 14, LHU: 15, SB: 16, SH: 17, SW: 18,
  ADDI: 19, SLTI: 20, SLTIU: 21, XORI: 22, ORI: 23, ANDI: 24, SLLI: 25, SRLI: 26, SRAI: 27,
  ADD: 28, SUB: 29, SLL: 30, SLT: 31, SLTU: 32, XOR: 33, SRL: 34, SRA: 35, OR: 36, AND: 37,
  MUL: 38, MULH: 39, MULHSU: 40, MULHU: 41, DIV: 42, DIVU: 43, REM: 44, REMU: 45,
  FENCE: 46, FENCE_I: 47, ECALL: 48, EBREAK: 49,
  CSRRW: 50, CSRRS: 51, CSRRC: 52, CSRRWI: 53, CSRRSI: 54, CSRRCI: 55,
  LR_W: 56, SC_W: 57, AMOSWAP_W: 58, AMOADD_W: 59, AMOXOR_W: 60, AMOAND_W: 61, AMOOR_W: 62,
  AMOMIN_W: 63, AMOMAX_W: 64, AMOMINU_W: 65, AMOMAXU_W: 66,
  URET: 67, SRET: 68, MRET: 69, WFI: 70, SFENCE_VMA: 71,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** Mnemonic of each operation, indexed by Op (the assembler's names). */
export const OP_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [k, v] of Object.entries(Op)) names[v] = k.toLowerCase().replace("_w", ".w").replace("_i", ".i").replace("_vma", ".vma");
  names[Op.ILLEGAL] = "illegal";
  return names;
})();

/**
 * A decoded instruction. `imm` is what the executor uses: the sign-extended
 * immediate (I/S/B/J), the upper value `word & 0xfffff000` as int32 for
 * LUI/AUIPC, the shift amount for immediate shifts, the CSR number for CSR
 * forms (whose 5-bit uimm sits in `rs1`), pred<<4|succ for FENCE (fm in `rs2`).
 * For AMOs, `rs2`'s neighbour bits aq/rl are in `imm` (aq<<1|rl).
 */
export interface Decoded {
  readonly op: Op;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly imm: number;
  readonly size: 2 | 4;
  /** the compressed mnemonic ("c.addi"), or "" for a 32-bit instruction */
  readonly cname: string;
}

const ILLEGAL4: Decoded = Object.freeze({ op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, size: 4, cname: "" });
const ILLEGAL2: Decoded = Object.freeze({ op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, size: 2, cname: "" });

/** Length in bytes of the instruction whose first 16-bit parcel is `lo` (2 or 4; longer encodings are not RV32IMAC). */
export function insnSize(lo: number): 2 | 4 {
  return (lo & 3) === 3 ? 4 : 2;
}

/**
 * Decode the instruction in `word` (its first parcel in the low 16 bits; for a
 * compressed instruction the high half is ignored). Never throws; anything
 * that is not RV32IMAC (or a privileged instruction) is Op.ILLEGAL.
 */
export function decode(word: number): Decoded {
  return (word & 3) === 3 ? decode32(word | 0) : decode16(word & 0xffff);
}

const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);

function mk(op: Op, rd: number, rs1: number, rs2: number, imm: number): Decoded {
  return { op, rd, rs1, rs2, imm, size: 4, cname: "" };
}

const BRANCH_OPS: readonly Op[] = [Op.BEQ, Op.BNE, 0, 0, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU];
const LOAD_OPS: readonly Op[] = [Op.LB, Op.LH, Op.LW, 0, Op.LBU, Op.LHU, 0, 0];
const STORE_OPS: readonly Op[] = [Op.SB, Op.SH, Op.SW, 0, 0, 0, 0, 0];
const OPIMM_OPS: readonly Op[] = [Op.ADDI, Op.SLLI, Op.SLTI, Op.SLTIU, Op.XORI, Op.SRLI, Op.ORI, Op.ANDI];
const OP_OPS: readonly Op[] = [Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND];
const M_OPS: readonly Op[] = [Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU];
const CSR_OPS: readonly Op[] = [0, Op.CSRRW, Op.CSRRS, Op.CSRRC, 0, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI];
/** AMO funct5 → op (LR and SC handled apart). */
const AMO_OPS = new Map<number, Op>([
  [0x01, Op.AMOSWAP_W], [0x00, Op.AMOADD_W], [0x04, Op.AMOXOR_W], [0x0c, Op.AMOAND_W], [0x08, Op.AMOOR_W],
  [0x10, Op.AMOMIN_W], [0x14, Op.AMOMAX_W], [0x18, Op.AMOMINU_W], [0x1c, Op.AMOMAXU_W],
]);
const PRIV_FIXED = new Map<number, Op>([
  [0x00000073, Op.ECALL], [0x00100073, Op.EBREAK], [0x00200073, Op.URET], [0x10200073, Op.SRET],
  [0x30200073, Op.MRET], [0x10500073, Op.WFI],
]);

function decode32(w: number): Decoded {
  const rd = (w >> 7) & 31;
  const f3 = (w >> 12) & 7;
  const rs1 = (w >> 15) & 31;
  const rs2 = (w >> 20) & 31;
  const f7 = w >>> 25;
  const immI = w >> 20;
  switch (w & 0x7f) {
    case 0x37:
      return mk(Op.LUI, rd, 0, 0, w & 0xfffff000);
    case 0x17:
      return mk(Op.AUIPC, rd, 0, 0, w & 0xfffff000);
    case 0x6f:
      return mk(Op.JAL, rd, 0, 0, ((w >> 31) << 20) | (w & 0xff000) | ((w >>> 9) & 0x800) | ((w >>> 20) & 0x7fe));
    case 0x67:
      return f3 === 0 ? mk(Op.JALR, rd, rs1, 0, immI) : ILLEGAL4;
    case 0x63: {
      const op = BRANCH_OPS[f3]!;
      if (op === 0) return ILLEGAL4;
      return mk(op, 0, rs1, rs2, ((w >> 31) << 12) | ((w & 0x80) << 4) | ((w >>> 20) & 0x7e0) | ((w >>> 7) & 0x1e));
    }
    case 0x03: {
      const op = LOAD_OPS[f3]!;
      return op === 0 ? ILLEGAL4 : mk(op, rd, rs1, 0, immI);
    }
    case 0x23: {
      const op = STORE_OPS[f3]!;
      return op === 0 ? ILLEGAL4 : mk(op, 0, rs1, rs2, ((w >> 25) << 5) | rd);
    }
    case 0x13: {
      const op = OPIMM_OPS[f3]!;
      if (f3 === 1) return f7 === 0 ? mk(op, rd, rs1, 0, rs2) : ILLEGAL4;
      if (f3 === 5) {
        // RV32: shamt[5] (bit 25) must be 0, so only funct7 0 (srli) and 0x20 (srai).
        if (f7 === 0) return mk(Op.SRLI, rd, rs1, 0, rs2);
        return f7 === 0x20 ? mk(Op.SRAI, rd, rs1, 0, rs2) : ILLEGAL4;
      }
      return mk(op, rd, rs1, 0, immI);
    }
    case 0x33:
      if (f7 === 0) return mk(OP_OPS[f3]!, rd, rs1, rs2, 0);
      if (f7 === 1) return mk(M_OPS[f3]!, rd, rs1, rs2, 0);
      if (f7 === 0x20 && f3 === 0) return mk(Op.SUB, rd, rs1, rs2, 0);
      if (f7 === 0x20 && f3 === 5) return mk(Op.SRA, rd, rs1, rs2, 0);
      return ILLEGAL4;
    case 0x0f:
      // Reserved fields of FENCE and FENCE.I are ignored, as the spec asks of
      // implementations (fence.tso is a FENCE with fm = 8).
      if (f3 === 0) return mk(Op.FENCE, rd, rs1, w >>> 28, (w >> 20) & 0xff);
      return f3 === 1 ? mk(Op.FENCE_I, rd, rs1, 0, immI) : ILLEGAL4;
    case 0x2f: {
      if (f3 !== 2) return ILLEGAL4;
      const f5 = w >>> 27;
      const aqrl = (w >>> 25) & 3;
      if (f5 === 0x02) return rs2 === 0 ? mk(Op.LR_W, rd, rs1, 0, aqrl) : ILLEGAL4;
      if (f5 === 0x03) return mk(Op.SC_W, rd, rs1, rs2, aqrl);
      const op = AMO_OPS.get(f5);
      return op === undefined ? ILLEGAL4 : mk(op, rd, rs1, rs2, aqrl);
    }
    case 0x73: {
      if (f3 === 0) {
        const fixed = PRIV_FIXED.get(w >>> 0);
        if (fixed !== undefined) return mk(fixed, 0, 0, 0, 0);
        if (f7 === 0x09 && rd === 0) return mk(Op.SFENCE_VMA, 0, rs1, rs2, 0);
        return ILLEGAL4;
      }
      const op = CSR_OPS[f3]!;
      return op === 0 ? ILLEGAL4 : mk(op, rd, rs1, 0, (w >>> 20) & 0xfff);
    }
    default:
      return ILLEGAL4;
  }
}

function c(cname: string, op: Op, rd: number, rs1: number, rs2: number, imm: number): Decoded {
  return { op, rd, rs1, rs2, imm, size: 2, cname };
}

/** Decode a 16-bit RVC parcel (RV32C without the F/D loads and stores, which are illegal here). */
function decode16(h: number): Decoded {
  const f3 = h >>> 13;
  const rdp = 8 + ((h >> 2) & 7); // rd' / rs2'
  const rs1p = 8 + ((h >> 7) & 7); // rs1' / rd'
  const rd = (h >> 7) & 31; // full rd / rs1
  const rs2 = (h >> 2) & 31;
  const imm6 = sext((((h >> 12) & 1) << 5) | ((h >> 2) & 31), 6);
  const b12 = (h >> 12) & 1;
  switch (((h & 3) << 3) | f3) {
    // ---- quadrant 0 ----
    case 0: {
      const u = (((h >> 11) & 3) << 4) | (((h >> 7) & 15) << 6) | (((h >> 6) & 1) << 2) | (((h >> 5) & 1) << 3);
      return u === 0 ? ILLEGAL2 : c("c.addi4spn", Op.ADDI, rdp, 2, 0, u); // includes the all-zero parcel
    }
    case 2:
    case 6: {
      const off = (((h >> 10) & 7) << 3) | (((h >> 6) & 1) << 2) | (((h >> 5) & 1) << 6);
      return f3 === 2 ? c("c.lw", Op.LW, rdp, rs1p, 0, off) : c("c.sw", Op.SW, 0, rs1p, rdp, off);
    }
    // ---- quadrant 1 ----
    case 8:
      return c(rd === 0 ? "c.nop" : "c.addi", Op.ADDI, rd, rd, 0, imm6);
    case 9:
    case 13: {
      const off = sext(
        (b12 << 11) | (((h >> 11) & 1) << 4) | (((h >> 9) & 3) << 8) | (((h >> 8) & 1) << 10) |
          (((h >> 7) & 1) << 6) | (((h >> 6) & 1) << 7) | (((h >> 3) & 7) << 1) | (((h >> 2) & 1) << 5),
        12,
      );
      return f3 === 1 ? c("c.jal", Op.JAL, 1, 0, 0, off) : c("c.j", Op.JAL, 0, 0, 0, off);
    }
    case 10:
      return c("c.li", Op.ADDI, rd, 0, 0, imm6);
    case 11: {
      if (rd === 2) {
        const v = sext((b12 << 9) | (((h >> 6) & 1) << 4) | (((h >> 5) & 1) << 6) | (((h >> 3) & 3) << 7) | (((h >> 2) & 1) << 5), 10);
        return v === 0 ? ILLEGAL2 : c("c.addi16sp", Op.ADDI, 2, 2, 0, v);
      }
      return imm6 === 0 ? ILLEGAL2 : c("c.lui", Op.LUI, rd, 0, 0, imm6 << 12);
    }
    case 12: {
      const f2 = (h >> 10) & 3;
      if (f2 === 0 || f2 === 1) {
        if (b12 !== 0) return ILLEGAL2; // shamt[5] = 1 is RV64 only
        return f2 === 0 ? c("c.srli", Op.SRLI, rs1p, rs1p, 0, rs2) : c("c.srai", Op.SRAI, rs1p, rs1p, 0, rs2);
      }
      if (f2 === 2) return c("c.andi", Op.ANDI, rs1p, rs1p, 0, imm6);
      if (b12 !== 0) return ILLEGAL2; // c.subw / c.addw are RV64 only
      const ops = [Op.SUB, Op.XOR, Op.OR, Op.AND] as const;
      const names = ["c.sub", "c.xor", "c.or", "c.and"] as const;
      const k = (h >> 5) & 3;
      return c(names[k]!, ops[k]!, rs1p, rs1p, rdp, 0);
    }
    case 14:
    case 15: {
      const off = sext(
        (b12 << 8) | (((h >> 10) & 3) << 3) | (((h >> 5) & 3) << 6) | (((h >> 3) & 3) << 1) | (((h >> 2) & 1) << 5),
        9,
      );
      return f3 === 6 ? c("c.beqz", Op.BEQ, 0, rs1p, 0, off) : c("c.bnez", Op.BNE, 0, rs1p, 0, off);
    }
    // ---- quadrant 2 ----
    case 16:
      return b12 !== 0 ? ILLEGAL2 : c("c.slli", Op.SLLI, rd, rd, 0, rs2);
    case 18: {
      if (rd === 0) return ILLEGAL2;
      const off = (b12 << 5) | (((h >> 4) & 7) << 2) | (((h >> 2) & 3) << 6);
      return c("c.lwsp", Op.LW, rd, 2, 0, off);
    }
    case 20:
      if (b12 === 0) {
        if (rs2 === 0) return rd === 0 ? ILLEGAL2 : c("c.jr", Op.JALR, 0, rd, 0, 0);
        return c("c.mv", Op.ADD, rd, 0, rs2, 0);
      }
      if (rs2 === 0) return rd === 0 ? c("c.ebreak", Op.EBREAK, 0, 0, 0, 0) : c("c.jalr", Op.JALR, 1, rd, 0, 0);
      return c("c.add", Op.ADD, rd, rd, rs2, 0);
    case 22: {
      const off = (((h >> 9) & 15) << 2) | (((h >> 7) & 3) << 6);
      return c("c.swsp", Op.SW, 0, 2, rs2, off);
    }
    default:
      return ILLEGAL2; // F/D loads and stores, reserved slots
  }
}
