// The RV32IMAC interpreter: runs a hart over a Memory until it has retired its
// budget, an instruction needs the kernel (ecall, ebreak, a fault), or — when
// asked — control has been transferred (so the translator's dispatcher can
// look at the new pc). It executes what cpu/decode.ts says each instruction
// is, through a memo of the decoder keyed by the instruction bits
// (decode-cache.ts). It is the reference the translator is tested against, the
// runner of cold code, and the only executor of the rare instructions the
// translator leaves out (atomics, CSR reads, ecall, page-straddling ones).
//
// Choices the spec leaves open (documented in docs/cpu.md): misaligned loads
// and stores are emulated (access.ts); atomics must be aligned (cause 4 for
// LR, 6 for SC/AMO); unmapped or permission-violating accesses are page faults
// (12/13/15); the LR reservation lives in the hart (state) and is dropped by
// SC and by every trap, as Linux drops it on every kernel entry.

import { acc, loadSlow, STORE_FAULT, storeSlow } from "./access.js";
import { amoCombine, mulh, mulhsu, mulhu } from "./alu.js";
import { readCounter } from "./csr.js";
import { dImm, dInfo, dTag, fillSlot, slotOf } from "./decode-cache.js";
import { Op } from "./decode.js";
import { Cause, type HartState } from "./hart.js";
import { type Memory, ZERO_PAGE } from "./memory.js";
import type { CpuStats } from "./stats.js";
import { type CpuCache, TLB_MASK, viewsOf, ZERO_VIEWS } from "./tlb.js";

/** Why the last `interpret` stopped: cause −1 = budget or a control transfer. Scratch, not state. */
export const stop = { cause: -1, tval: 0 };

/**
 * Run from `hart.pc` for at most `budget` instructions; returns how many
 * retired (hart.pc and hart.instret advanced). `jumpAfter`: also stop right
 * after any jump or branch (taken or not) once at least that many instructions
 * have retired (0: at the first one; Infinity: never) — the translator's
 * dispatcher uses it so that cold code hands back control at block starts.
 */
export function interpret(
  hart: HartState,
  mem: Memory,
  c: CpuCache,
  budget: number,
  timeBase: number,
  stats: CpuStats,
  jumpAfter: number,
): number {
  const x = hart.x;
  const rTag = c.rTag;
  const rI32 = c.rI32;
  const rU8 = c.rU8;
  const wTag = c.wTag;
  const wI32 = c.wI32;
  const wU8 = c.wU8;
  let pc = hart.pc | 0;
  let n = 0;
  let code: Int16Array = ZERO_VIEWS.i16;
  let codeVpn = -1;
  let cause = -1;
  let tval = 0;
  if ((pc & 1) !== 0 && budget > 0) {
    // Only reachable if the kernel set an odd pc (a forged sigreturn frame): jumps clear bit 0.
    cause = Cause.InstructionMisaligned;
    tval = pc;
    budget = 0;
  }

  loop: while (n < budget) {
    const vpn = pc >>> 12;
    if (vpn !== codeVpn) {
      const page = mem.pageForExec(vpn);
      if (page === null) {
        cause = Cause.InstructionPageFault;
        tval = pc;
        break;
      }
      code = page === ZERO_PAGE ? ZERO_VIEWS.i16 : viewsOf(mem, vpn, page).i16;
      codeVpn = vpn;
    }
    const off = pc & 0xfff;
    let w = code[off >> 1]! & 0xffff;
    if ((w & 3) === 3) {
      if (off !== 0xffe) {
        w |= code[(off >> 1) + 1]! << 16;
      } else {
        // A 32-bit instruction straddling two pages: its second half is fetched from the next.
        const next = mem.pageForExec((vpn + 1) & 0xfffff);
        if (next === null) {
          cause = Cause.InstructionPageFault;
          tval = pc + 2;
          break;
        }
        w |= (next[0]! | (next[1]! << 8)) << 16;
      }
    }
    // w: a compressed parcel (< 2^16) or a full word; the decode memo is keyed by exactly these bits.
    const k = slotOf(w);
    if (dTag[k] !== w) fillSlot(k, w);
    const info = dInfo[k]!;
    const imm = dImm[k]!;
    const rd = (info >> 8) & 31;
    const rs1 = (info >> 13) & 31;
    const rs2 = (info >> 18) & 31;
    const next = (pc + (info >>> 23)) | 0;
    // Literal case labels (Op's values; test/cpu/decode-agree.test.ts checks every op's behaviour)
    // let V8 compile the switch to a jump table; `case Op.X` would be a chain of property loads.
    switch (info & 0xff) {
      case 19 /* ADDI */: x[rd] = x[rs1]! + imm; break;
      case 20 /* SLTI */: x[rd] = x[rs1]! < imm ? 1 : 0; break;
      case 21 /* SLTIU */: x[rd] = x[rs1]! >>> 0 < imm >>> 0 ? 1 : 0; break;
      case 22 /* XORI */: x[rd] = x[rs1]! ^ imm; break;
      case 23 /* ORI */: x[rd] = x[rs1]! | imm; break;
      case 24 /* ANDI */: x[rd] = x[rs1]! & imm; break;
      case 25 /* SLLI */: x[rd] = x[rs1]! << imm; break;
      case 26 /* SRLI */: x[rd] = x[rs1]! >>> imm; break;
      case 27 /* SRAI */: x[rd] = x[rs1]! >> imm; break;
      case 28 /* ADD */: x[rd] = x[rs1]! + x[rs2]!; break;
      case 29 /* SUB */: x[rd] = x[rs1]! - x[rs2]!; break;
      case 30 /* SLL */: x[rd] = x[rs1]! << x[rs2]!; break;
      case 31 /* SLT */: x[rd] = x[rs1]! < x[rs2]! ? 1 : 0; break;
      case 32 /* SLTU */: x[rd] = x[rs1]! >>> 0 < x[rs2]! >>> 0 ? 1 : 0; break;
      case 33 /* XOR */: x[rd] = x[rs1]! ^ x[rs2]!; break;
      case 34 /* SRL */: x[rd] = x[rs1]! >>> x[rs2]!; break;
      case 35 /* SRA */: x[rd] = x[rs1]! >> x[rs2]!; break;
      case 36 /* OR */: x[rd] = x[rs1]! | x[rs2]!; break;
      case 37 /* AND */: x[rd] = x[rs1]! & x[rs2]!; break;
      case 38 /* MUL */: x[rd] = Math.imul(x[rs1]!, x[rs2]!); break;
      case 39 /* MULH */: x[rd] = mulh(x[rs1]!, x[rs2]!); break;
      case 40 /* MULHSU */: x[rd] = mulhsu(x[rs1]!, x[rs2]!); break;
      case 41 /* MULHU */: x[rd] = mulhu(x[rs1]!, x[rs2]!); break;
      // div: /0 → −1; INT_MIN/−1 → INT_MIN (2^31 wraps in the Int32Array store). rem: %0 → dividend.
      case 42 /* DIV */: { const b = x[rs2]!; x[rd] = b === 0 ? -1 : x[rs1]! / b; break; }
      case 43 /* DIVU */: { const b = x[rs2]!; x[rd] = b === 0 ? -1 : (x[rs1]! >>> 0) / (b >>> 0); break; }
      case 44 /* REM */: { const b = x[rs2]!; x[rd] = b === 0 ? x[rs1]! : x[rs1]! % b; break; }
      case 45 /* REMU */: { const b = x[rs2]!; x[rd] = b === 0 ? x[rs1]! : (x[rs1]! >>> 0) % (b >>> 0); break; }
      case 1 /* LUI */: x[rd] = imm; break;
      case 2 /* AUIPC */: x[rd] = pc + imm; break;
      case 13 /* LW */: {
        const a = (x[rs1]! + imm) | 0;
        const p = a >>> 12;
        const i = p & TLB_MASK;
        if (rTag[i] === p && (a & 3) === 0) x[rd] = rI32[i]![(a & 0xfff) >> 2]!;
        else if (loadSlow(mem, c, a, 4, true, stats)) x[rd] = acc.value;
        else { cause = acc.cause; tval = acc.tval; break loop; }
        break;
      }
      case 14 /* LBU */: case 11 /* LB */: {
        const a = (x[rs1]! + imm) | 0;
        const p = a >>> 12;
        const i = p & TLB_MASK;
        let v: number;
        if (rTag[i] === p) v = rU8[i]![a & 0xfff]!;
        else if (loadSlow(mem, c, a, 1, false, stats)) v = acc.value;
        else { cause = acc.cause; tval = acc.tval; break loop; }
        x[rd] = (info & 0xff) === Op.LB ? (v << 24) >> 24 : v;
        break;
      }
      case 12 /* LH */: case 15 /* LHU */:
        if (!loadSlow(mem, c, (x[rs1]! + imm) | 0, 2, (info & 0xff) === Op.LH, stats)) { cause = acc.cause; tval = acc.tval; break loop; }
        x[rd] = acc.value;
        break;
      case 18 /* SW */: {
        const a = (x[rs1]! + imm) | 0;
        const p = a >>> 12;
        const i = p & TLB_MASK;
        if (wTag[i] === p && (a & 3) === 0) wI32[i]![(a & 0xfff) >> 2] = x[rs2]!;
        else if (storeSlow(mem, c, a, 4, x[rs2]!, stats) === STORE_FAULT) { cause = acc.cause; tval = acc.tval; break loop; }
        else codeVpn = -1; // the store may have allocated or replaced a page
        break;
      }
      case 16 /* SB */: {
        const a = (x[rs1]! + imm) | 0;
        const p = a >>> 12;
        const i = p & TLB_MASK;
        if (wTag[i] === p) wU8[i]![a & 0xfff] = x[rs2]!;
        else if (storeSlow(mem, c, a, 1, x[rs2]!, stats) === STORE_FAULT) { cause = acc.cause; tval = acc.tval; break loop; }
        else codeVpn = -1; // the store may have allocated or replaced a page
        break;
      }
      case 17 /* SH */:
        if (storeSlow(mem, c, (x[rs1]! + imm) | 0, 2, x[rs2]!, stats) === STORE_FAULT) { cause = acc.cause; tval = acc.tval; break loop; }
        else codeVpn = -1; // the store may have allocated or replaced a page
        break;
      case 3 /* JAL */:
        x[rd] = next;
        x[0] = 0;
        pc = (pc + imm) | 0;
        n++;
        if (n >= jumpAfter) break loop;
        continue;
      case 4 /* JALR */: {
        const t = (x[rs1]! + imm) & ~1; // read rs1 before writing rd
        x[rd] = next;
        x[0] = 0;
        pc = t;
        n++;
        if (n >= jumpAfter) break loop;
        continue;
      }
      case 5 /* BEQ */: case 6 /* BNE */: case 7 /* BLT */: case 8 /* BGE */: case 9 /* BLTU */: case 10 /* BGEU */: {
        const a = x[rs1]!;
        const b = x[rs2]!;
        const op = info & 0xff;
        const taken =
          op === Op.BEQ ? a === b : op === Op.BNE ? a !== b : op === Op.BLT ? a < b :
          op === Op.BGE ? a >= b : op === Op.BLTU ? a >>> 0 < b >>> 0 : a >>> 0 >= b >>> 0;
        pc = taken ? (pc + imm) | 0 : next;
        n++;
        if (n >= jumpAfter) break loop;
        continue;
      }
      case 46 /* FENCE */:
      case 47 /* FENCE_I */:
        // One hart, and stores into code are seen at once (the translator drops
        // a page's code on the store itself), so neither has anything to wait for.
        break;
      case 48 /* ECALL */: cause = Cause.EcallFromU; break loop;
      case 49 /* EBREAK */: cause = Cause.Breakpoint; break loop;
      case 51 /* CSRRS */: case 52 /* CSRRC */: case 54 /* CSRRSI */: case 55 /* CSRRCI */: {
        // Only reads (rs1 = x0 / zimm = 0) of the counters; every write form is illegal.
        const v = rs1 === 0 ? readCounter(imm, hart.instret + n, timeBase + n) : null;
        if (v === null) { cause = Cause.IllegalInstruction; tval = w >>> 0; break loop; }
        x[rd] = v;
        break;
      }
      case 56 /* LR_W */: {
        const a = x[rs1]! | 0;
        if ((a & 3) !== 0) { cause = Cause.LoadMisaligned; tval = a; break loop; }
        if (!loadSlow(mem, c, a, 4, true, stats)) { cause = acc.cause; tval = acc.tval; break loop; }
        x[rd] = acc.value;
        hart.resv = a >>> 0;
        break;
      }
      case 57 /* SC_W */: {
        const a = x[rs1]! | 0;
        if ((a & 3) !== 0) { cause = Cause.StoreMisaligned; tval = a; break loop; }
        if (hart.resv === a >>> 0) {
          if (storeSlow(mem, c, a, 4, x[rs2]!, stats) === STORE_FAULT) { cause = acc.cause; tval = acc.tval; break loop; }
          codeVpn = -1;
          x[rd] = 0;
        } else {
          x[rd] = 1;
        }
        hart.resv = -1;
        break;
      }
      case 58 /* AMOSWAP_W */: case 59 /* AMOADD_W */: case 60 /* AMOXOR_W */: case 61 /* AMOAND_W */: case 62 /* AMOOR_W */:
      case 63 /* AMOMIN_W */: case 64 /* AMOMAX_W */: case 65 /* AMOMINU_W */: case 66 /* AMOMAXU_W */: {
        const a = x[rs1]! | 0;
        if ((a & 3) !== 0) { cause = Cause.StoreMisaligned; tval = a; break loop; }
        // An AMO needs the page writable (a store/AMO fault otherwise); read the written view.
        const p = a >>> 12;
        const i = p & TLB_MASK;
        if (wTag[i] !== p && !c.fillWrite(mem, p)) { cause = Cause.StorePageFault; tval = a; break loop; }
        codeVpn = -1;
        const old = wI32[i]![(a & 0xfff) >> 2]!;
        wI32[i]![(a & 0xfff) >> 2] = amoCombine(info & 0xff, old, x[rs2]!);
        x[rd] = old;
        break;
      }
      default: // ILLEGAL, privileged instructions, CSR write forms; tval = the instruction bits
        cause = Cause.IllegalInstruction;
        tval = w >>> 0;
        break loop;
    }
    x[0] = 0;
    pc = next;
    n++;
  }

  x[0] = 0;
  hart.pc = pc >>> 0;
  hart.instret += n;
  stop.cause = cause;
  stop.tval = tval;
  return n;
}
