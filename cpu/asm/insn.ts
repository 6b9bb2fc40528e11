// One instruction statement → machine code: operand parsing and range checks
// for every real instruction, and the expansion of pseudo-instructions
// (li, la, call, tail, beqz, csrr, …) exactly as llvm-mc expands them; c.* mnemonics go to
// insn-c.ts, and `.option rvc` compression happens in builder.ts as each instruction is emitted.

import { Builder, expect, fail, isReg, memOperand, Parcel, reg } from "./builder.js";
import type { InsnCtx } from "./builder.js";
import { csrNumber } from "./csr.js";
import { hi20, lo12 } from "./expr.js";
import { OP_BY_NAME } from "./isa.js";
import { assembleC } from "./insn-c.js";
import { splitTop } from "./parse.js";

export type { InsnCtx, Parcel } from "./builder.js";

const ZERO = 0, RA = 1, T1 = 6;

function csrOperand(b: Builder, text: string | undefined): number {
  if (text === undefined) return fail("missing CSR operand");
  const named = csrNumber(text.trim());
  return named ?? b.csrImm(text);
}

const BRANCH_SWAP: Record<string, string> = { bgt: "blt", ble: "bge", bgtu: "bltu", bleu: "bgeu" };
const BRANCH_ZERO: Record<string, [string, boolean]> = {
  // name → real branch, and whether the register goes in rs2 (compared against zero in rs1)
  beqz: ["beq", false], bnez: ["bne", false], bltz: ["blt", false], bgez: ["bge", false],
  blez: ["bge", true], bgtz: ["blt", true],
};
const COUNTERS: Record<string, number> = {
  rdcycle: 0xc00, rdtime: 0xc01, rdinstret: 0xc02, rdcycleh: 0xc80, rdtimeh: 0xc81, rdinstreth: 0xc82,
};
const CSR_SHORT: Record<string, string> = { csrw: "csrrw", csrs: "csrrs", csrc: "csrrc", csrwi: "csrrwi", csrsi: "csrrsi", csrci: "csrrci" };
const FENCE_BITS = "iorw";

function fenceSet(text: string | undefined): number {
  const t = (text ?? "").trim().toLowerCase();
  if (t === "0") return 0;
  let v = 0, last = -1;
  for (const c of t) {
    const i = FENCE_BITS.indexOf(c);
    if (i <= last) fail(`fence operand '${t}' must be letters from 'iorw' in that order, or 0`);
    last = i;
    v |= 8 >> i;
  }
  return t === "" ? fail("missing fence operand") : v;
}

/** `li` as llvm-mc expands it: one addi when the value fits 12 bits, else lui (+ addi unless the low part is 0). */
function emitLi(b: Builder, rd: number, v: number): void {
  const val = v | 0;
  if (val >= -2048 && val <= 2047) {
    b.emit("addi", rd, ZERO, 0, val);
    return;
  }
  const hi = hi20(val), lo = lo12(val);
  b.emit("lui", rd, 0, 0, hi);
  if (lo !== 0) b.emit("addi", rd, rd, 0, lo);
}

/** Assemble one instruction or pseudo-instruction; returns its parcels. Throws StatementError. */
export function assembleInsn(op: string, argText: string, ctx: InsnCtx): Parcel[] {
  const b = new Builder(ctx);
  const args = argText.trim() === "" ? [] : splitTop(argText, ",").map((a) => a.trim());
  if (assembleC(b, op, args)) return b.parcels;
  const I12: [number, number] = [-2048, 2047];
  const real = OP_BY_NAME.get(op);

  // Pseudo-instructions first, where a name is shared with a real instruction (jal, jalr, loads …)
  // the operand shape decides.
  switch (op) {
    case "nop": expect(args, 0, "nop"); b.emit("addi", 0, 0, 0, 0); return b.parcels;
    case "li": {
      expect(args, 2, "rd, imm");
      const rd = reg(args[0]);
      emitLi(b, rd, b.imm(args[1], -(2 ** 31), 2 ** 32 - 1));
      return b.parcels;
    }
    case "la": case "lla": {
      expect(args, 2, "rd, symbol");
      const rd = reg(args[0]);
      b.emit("addi", rd, rd, 0, b.pcrelPair(args[1]!, rd));
      return b.parcels;
    }
    case "mv": expect(args, 2, "rd, rs"); b.emit("addi", reg(args[0]), reg(args[1]), 0, 0); return b.parcels;
    case "not": expect(args, 2, "rd, rs"); b.emit("xori", reg(args[0]), reg(args[1]), 0, -1); return b.parcels;
    case "neg": expect(args, 2, "rd, rs"); b.emit("sub", reg(args[0]), ZERO, reg(args[1]), 0); return b.parcels;
    case "seqz": expect(args, 2, "rd, rs"); b.emit("sltiu", reg(args[0]), reg(args[1]), 0, 1); return b.parcels;
    case "snez": expect(args, 2, "rd, rs"); b.emit("sltu", reg(args[0]), ZERO, reg(args[1]), 0); return b.parcels;
    case "sltz": expect(args, 2, "rd, rs"); b.emit("slt", reg(args[0]), reg(args[1]), ZERO, 0); return b.parcels;
    case "sgtz": expect(args, 2, "rd, rs"); b.emit("slt", reg(args[0]), ZERO, reg(args[1]), 0); return b.parcels;
    case "sgt": case "sgtu":
      expect(args, 3, "rd, rs1, rs2");
      b.emit(op === "sgt" ? "slt" : "sltu", reg(args[0]), reg(args[2]), reg(args[1]), 0);
      return b.parcels;
    case "beqz": case "bnez": case "bltz": case "bgez": case "blez": case "bgtz": {
      expect(args, 2, "rs, target");
      const [name, swap] = BRANCH_ZERO[op]!;
      const rs = reg(args[0]);
      const off = b.offset(args[1], 13);
      b.emit(name, 0, swap ? ZERO : rs, swap ? rs : ZERO, off);
      return b.parcels;
    }
    case "bgt": case "ble": case "bgtu": case "bleu": {
      expect(args, 3, "rs1, rs2, target");
      const rs1 = reg(args[0]), rs2 = reg(args[1]);
      b.emit(BRANCH_SWAP[op]!, 0, rs2, rs1, b.offset(args[2], 13));
      return b.parcels;
    }
    case "j": expect(args, 1, "target"); b.emit("jal", ZERO, 0, 0, b.offset(args[0], 21)); return b.parcels;
    case "jal":
      if (args.length === 1) {
        b.emit("jal", RA, 0, 0, b.offset(args[0], 21));
        return b.parcels;
      }
      break;
    case "jr": case "jalr": {
      const link = op === "jr" ? ZERO : RA;
      if (op === "jalr" && args.length >= 2 && isReg(args[0]) && (args.length === 3 || isReg(args[1]) || memOperand(args[1]!))) {
        break; // the real form: jalr rd, rs1, imm / jalr rd, imm(rs1) / jalr rd, rs1
      }
      if (args.length === 1) {
        const m = memOperand(args[0]!);
        if (m) b.emit("jalr", link, m.base, 0, b.imm(m.off, ...I12));
        else b.emit("jalr", link, reg(args[0]), 0, 0);
        return b.parcels;
      }
      expect(args, 2, `${op} rs, imm`);
      b.emit("jalr", link, reg(args[0]), 0, b.imm(args[1], ...I12));
      return b.parcels;
    }
    case "ret": expect(args, 0, "ret"); b.emit("jalr", ZERO, RA, 0, 0); return b.parcels;
    case "call": case "tail": {
      const rd = op === "tail" ? T1 : args.length === 2 ? reg(args[0]) : RA;
      if (op === "tail" || args.length !== 2) expect(args, 1, `${op} symbol`);
      // `foo@plt` (PIC compiler output): there is no PLT in a static program, so it is just foo.
      const lo = b.pcrelPair(args[args.length - 1]!.replace(/@plt$/, ""), rd);
      b.emit("jalr", op === "tail" ? ZERO : rd, rd, 0, lo);
      return b.parcels;
    }
    case "csrr": expect(args, 2, "rd, csr"); b.emit("csrrs", reg(args[0]), 0, 0, csrOperand(b, args[1])); return b.parcels;
    case "csrw": case "csrs": case "csrc": case "csrwi": case "csrsi": case "csrci": {
      expect(args, 2, "csr, rs");
      const csr = csrOperand(b, args[0]);
      let name = CSR_SHORT[op]!;
      if (!name.endsWith("i") && !isReg(args[1])) name += "i";
      if (name.endsWith("i")) b.emit(name, ZERO, b.imm(args[1], 0, 31), 0, csr);
      else b.emit(name, ZERO, reg(args[1]), 0, csr);
      return b.parcels;
    }
    case "rdcycle": case "rdtime": case "rdinstret": case "rdcycleh": case "rdtimeh": case "rdinstreth":
      expect(args, 1, "rd");
      b.emit("csrrs", reg(args[0]), ZERO, 0, COUNTERS[op]!);
      return b.parcels;
    case "unimp":
      expect(args, 0, "unimp");
      if (ctx.rvc) b.push(0, 2); // c.unimp, as llvm-mc and GNU as write it with RVC on
      else b.emit("csrrw", 0, 0, 0, 0xc00);
      return b.parcels;
    case "fence":
      if (args.length === 0) {
        b.emit("fence", 0, 0, 0, 0xff);
        return b.parcels;
      }
      break;
    case "sfence.vma":
      if (args.length <= 2) {
        b.emit("sfence.vma", 0, args[0] === undefined ? 0 : reg(args[0]), args[1] === undefined ? 0 : reg(args[1]), 0);
        return b.parcels;
      }
      break;
  }
  if (!real) return fail(`unknown instruction '${op}'`);

  switch (real.fmt) {
    case "R": expect(args, 3, "rd, rs1, rs2"); b.emit(op, reg(args[0]), reg(args[1]), reg(args[2]), 0); break;
    case "LR": case "AMO": {
      // lr.w rd, (rs1) / sc.w|amo*.w rd, rs2, (rs1): the address operand takes no offset but 0.
      const n = real.fmt === "LR" ? 2 : 3;
      expect(args, n, real.fmt === "LR" ? "rd, (rs1)" : "rd, rs2, (rs1)");
      const m = memOperand(args[n - 1]!);
      if (!m || b.imm(m.off, 0, 0) !== 0) return fail(`${op} wants its address as (rs1), got '${args[n - 1]}'`);
      b.emit(op, reg(args[0]), m.base, n === 3 ? reg(args[1]) : 0, 0);
      break;
    }
    case "I": expect(args, 3, "rd, rs1, imm"); b.emit(op, reg(args[0]), reg(args[1]), 0, b.imm(args[2], ...I12)); break;
    case "SHIFT": expect(args, 3, "rd, rs1, shamt"); b.emit(op, reg(args[0]), reg(args[1]), 0, b.imm(args[2], 0, 31)); break;
    case "LOAD": case "JALR": {
      const rd = reg(args[0]);
      if (real.fmt === "JALR" && args.length === 3) {
        b.emit(op, rd, reg(args[1]), 0, b.imm(args[2], ...I12));
        break;
      }
      expect(args, 2, "rd, offset(rs1)");
      const m = memOperand(args[1]!);
      if (m) b.emit(op, rd, m.base, 0, b.imm(m.off, ...I12));
      else if (real.fmt === "JALR") b.emit(op, rd, reg(args[1]), 0, 0);
      else b.emit(op, rd, rd, 0, b.pcrelPair(args[1]!, rd)); // lw rd, symbol
      break;
    }
    case "STORE": {
      const rs2 = reg(args[0]);
      const m = args.length === 2 ? memOperand(args[1]!) : undefined;
      if (m) b.emit(op, 0, m.base, rs2, b.imm(m.off, ...I12));
      else {
        expect(args, 3, "rs2, symbol, temp");
        const tmp = reg(args[2]);
        b.emit(op, 0, tmp, rs2, b.pcrelPair(args[1]!, tmp));
      }
      break;
    }
    case "BRANCH": expect(args, 3, "rs1, rs2, target"); {
      const rs1 = reg(args[0]), rs2 = reg(args[1]);
      b.emit(op, 0, rs1, rs2, b.offset(args[2], 13));
    }
      break;
    case "U": expect(args, 2, "rd, imm20"); {
      const rd = reg(args[0]);
      b.emit(op, rd, 0, 0, b.upper(args[1]));
    }
      break;
    case "JAL": expect(args, 2, "rd, target"); {
      const rd = reg(args[0]);
      b.emit(op, rd, 0, 0, b.offset(args[1], 21));
    }
      break;
    case "CSR": {
      expect(args, 3, "rd, csr, rs1");
      const rd = reg(args[0]), csr = csrOperand(b, args[1]);
      if (isReg(args[2])) b.emit(op, rd, reg(args[2]), 0, csr);
      else b.emit(`${op}i`, rd, b.imm(args[2], 0, 31), 0, csr);
      break;
    }
    case "CSRI": {
      expect(args, 3, "rd, csr, uimm5");
      const rd = reg(args[0]), csr = csrOperand(b, args[1]);
      b.emit(op, rd, b.imm(args[2], 0, 31), 0, csr);
      break;
    }
    case "FENCE": expect(args, 2, "pred, succ"); b.emit(op, 0, 0, 0, (fenceSet(args[0]) << 4) | fenceSet(args[1])); break;
    case "FIXED": expect(args, 0, op); b.emit(op, 0, 0, 0, 0); break;
    case "SFENCE": break;
  }
  return b.parcels;
}
