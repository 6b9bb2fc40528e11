// The translator's code for single instructions: what one decoded RV32IMAC
// instruction does, as JavaScript over the page function's locals (guest
// registers r1..r31, the software TLB arrays, the pc and retired count n).
// Every effect matches cpu/interp.ts: results are normalised to int32 with
// `| 0` (as an Int32Array store would), and every instruction that can trap
// leaves through `exit` with the pc of the instruction and the count retired
// before it.

import { type Decoded, Op } from "../decode.js";
import { emitLoad, emitStore } from "./emit-mem.js";
import { Exit } from "./exit.js";

export const r = (i: number): string => (i === 0 ? "0" : `r${i}`);

/** Registers an instruction reads and writes (x0 never: it is the literal 0). */
export function regsOf(d: Decoded, read: Set<number>, written: Set<number>): void {
  if (d.rs1 !== 0) read.add(d.rs1);
  if (d.rs2 !== 0) read.add(d.rs2);
  if (d.rd !== 0) written.add(d.rd);
}

// Every exit leaves the loop through `break L` with the local pc, n and the exit code e set; the
// one epilogue after the loop writes the registers back and the frame's pc and count.
export const exit = (pc: string, n: string, e: number): string => `{ pc = ${pc}; n = ${n}; e = ${e}; break L; }`;

/** JavaScript for one non-terminating instruction at `pc`, the `k`-th of its block. */
export function emit(d: Decoded, pc: number, k: number): string {
  const { rd, rs1, rs2, imm } = d;
  // Registers live in int32 locals: every value written is normalised with `| 0` (an Int32Array
  // store used to do it), so the locals stay int32 for V8 and equal to what the interpreter holds.
  const set = (v: string): string => (rd === 0 ? "" : `r${rd} = ${v};`);
  const trap = exit(`${pc}`, `n + ${k}`, Exit.TRAP);
  const stored = `if (w !== 0) { if (w < 0) ${trap} ${exit(`${(pc + d.size) | 0}`, `n + ${k + 1}`, Exit.CODE_WRITTEN)} }`;
  switch (d.op) {
    case Op.ADDI: return set(rs1 === 0 ? `${imm}` : `(${r(rs1)} + ${imm}) | 0`);
    case Op.SLTI: return set(`${r(rs1)} < ${imm} ? 1 : 0`);
    case Op.SLTIU: return set(`${r(rs1)} >>> 0 < ${imm >>> 0} ? 1 : 0`);
    case Op.XORI: return set(`${r(rs1)} ^ ${imm}`);
    case Op.ORI: return set(`${r(rs1)} | ${imm}`);
    case Op.ANDI: return set(`${r(rs1)} & ${imm}`);
    case Op.SLLI: return set(`${r(rs1)} << ${imm}`);
    case Op.SRLI: return set(`(${r(rs1)} >>> ${imm}) | 0`);
    case Op.SRAI: return set(`${r(rs1)} >> ${imm}`);
    case Op.ADD: return set(`(${r(rs1)} + ${r(rs2)}) | 0`);
    case Op.SUB: return set(`(${r(rs1)} - ${r(rs2)}) | 0`);
    case Op.SLL: return set(`${r(rs1)} << ${r(rs2)}`);
    case Op.SLT: return set(`${r(rs1)} < ${r(rs2)} ? 1 : 0`);
    case Op.SLTU: return set(`${r(rs1)} >>> 0 < ${r(rs2)} >>> 0 ? 1 : 0`);
    case Op.XOR: return set(`${r(rs1)} ^ ${r(rs2)}`);
    case Op.SRL: return set(`(${r(rs1)} >>> ${r(rs2)}) | 0`);
    case Op.SRA: return set(`${r(rs1)} >> ${r(rs2)}`);
    case Op.OR: return set(`${r(rs1)} | ${r(rs2)}`);
    case Op.AND: return set(`${r(rs1)} & ${r(rs2)}`);
    case Op.MUL: return set(`Math.imul(${r(rs1)}, ${r(rs2)})`);
    case Op.MULH: return set(`mulh(${r(rs1)}, ${r(rs2)})`);
    case Op.MULHSU: return set(`mulhsu(${r(rs1)}, ${r(rs2)})`);
    case Op.MULHU: return set(`mulhu(${r(rs1)}, ${r(rs2)})`);
    // div: /0 → −1; INT_MIN/−1 → INT_MIN (`| 0` wraps 2^31). rem: %0 → dividend; `| 0` turns −0 into 0.
    case Op.DIV: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? -1 : (${r(rs1)} / b) | 0; }`;
    case Op.DIVU: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? -1 : ((${r(rs1)} >>> 0) / (b >>> 0)) | 0; }`;
    case Op.REM: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? ${r(rs1)} : (${r(rs1)} % b) | 0; }`;
    case Op.REMU: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? ${r(rs1)} : ((${r(rs1)} >>> 0) % (b >>> 0)) | 0; }`;
    case Op.LUI: return set(`${imm}`);
    case Op.AUIPC: return set(`${(pc + imm) | 0}`);
    case Op.LW: return emitLoad(d, pc, 4, r(rs1), set, trap);
    case Op.LH: case Op.LHU: return emitLoad(d, pc, 2, r(rs1), set, trap);
    case Op.LB: case Op.LBU: return emitLoad(d, pc, 1, r(rs1), set, trap);
    case Op.SW: return emitStore(d, pc, 4, r(rs1), r(rs2), stored);
    case Op.SH: return emitStore(d, pc, 2, r(rs1), r(rs2), stored);
    case Op.SB: return emitStore(d, pc, 1, r(rs1), r(rs2), stored);
    default: // FENCE, FENCE_I: one hart, and stores drop code eagerly, so nothing to do
      return "";
  }
}

export const CONDS: Record<number, string> = {
  [Op.BEQ]: "A === B", [Op.BNE]: "A !== B", [Op.BLT]: "A < B", [Op.BGE]: "A >= B",
  [Op.BLTU]: "A >>> 0 < B >>> 0", [Op.BGEU]: "A >>> 0 >= B >>> 0",
};
