// Explicit compressed instructions: `c.addi a0, 1`, `c.lw a0, 4(a1)`, `c.j 1b`, …
// Operand syntax and ranges as llvm-mc -mattr=+c accepts them, plus the hint
// forms the disassembler prints (`c.slli a0, 0`, `c.srli a0, 0`) so that every
// listed parcel assembles back. An explicit c.* is that parcel or an error:
// it is never widened to a 32-bit instruction, whatever `.option` says.

import { Builder, expect, fail, memOperand, reg } from "./builder.js";
import { C_ENCODE, isC } from "./rvc.js";
import { regName } from "./regs.js";

const SP = 2;

/** A register from x8–x15 (s0, s1, a0–a5). */
function regC(b: Builder, text: string | undefined): number {
  const r = reg(text);
  if (!isC(r)) fail(`register '${text!.trim()}' is not one of s0, s1, a0–a5 (x8–x15), which ${b.mnemonic} requires`);
  return r;
}
function nonZero(text: string | undefined, what: string): number {
  const r = reg(text);
  if (r === 0) fail(`${what} may not be zero`);
  return r;
}
function sp(text: string | undefined): void {
  if (reg(text) !== SP) fail(`expected sp, got '${text!.trim()}'`);
}
/** `off(base)` where base must be a given register class. */
function mem(text: string | undefined): { off: string; base: number } {
  const m = text === undefined ? undefined : memOperand(text);
  return m ?? fail(`expected a memory operand offset(reg), got '${(text ?? "").trim()}'`);
}
/** c.lui's 20-bit field: 1–31 or 0xfffe0–0xfffff (a sign-extended 6-bit value), as llvm-mc. */
function luiField(b: Builder, text: string | undefined): number {
  const v = b.imm(text, 0, 0xfffff);
  if (b.ctx.final && !((v >= 1 && v <= 31) || (v >= 0xfffe0 && v <= 0xfffff))) {
    fail(`immediate ${v} must be in [1, 31] or [0xfffe0, 0xfffff] (c.lui)`);
  }
  return v & 0x3f;
}

/** Assemble one c.* statement into `b` (one 16-bit parcel); false when `op` is not a c.* mnemonic. */
export function assembleC(b: Builder, op: string, args: string[]): boolean {
  const enc = C_ENCODE[op];
  if (enc === undefined) return false;
  b.mnemonic = op;
  const out = (a: number, c: number, imm: number): void => b.push(enc(a, c, imm), 2);
  switch (op) {
    case "c.addi4spn": {
      expect(args, 3, "rd', sp, uimm");
      const rd = regC(b, args[0]);
      sp(args[1]);
      out(rd, 0, b.imm(args[2], 4, 1020, 4));
      return true;
    }
    case "c.lw": case "c.sw": {
      expect(args, 2, op === "c.lw" ? "rd', uimm(rs1')" : "rs2', uimm(rs1')");
      const r = regC(b, args[0]);
      const m = mem(args[1]);
      if (!isC(m.base)) fail(`base register '${regName(m.base)}' is not one of s0, s1, a0–a5 (x8–x15), which ${op} requires`);
      out(r, m.base, b.imm(m.off, 0, 124, 4));
      return true;
    }
    case "c.lwsp": case "c.swsp": {
      expect(args, 2, op === "c.lwsp" ? "rd, uimm(sp)" : "rs2, uimm(sp)");
      const r = op === "c.lwsp" ? nonZero(args[0], "the destination of c.lwsp") : reg(args[0]);
      const m = mem(args[1]);
      if (m.base !== SP) fail(`${op} addresses through sp, not '${regName(m.base)}'`);
      out(r, 0, b.imm(m.off, 0, 252, 4));
      return true;
    }
    case "c.nop":
      if (args.length === 0) out(0, 0, 0);
      else {
        expect(args, 1, "[imm]");
        out(0, 0, b.imm(args[0], -32, 31));
      }
      return true;
    case "c.addi": case "c.li": {
      expect(args, 2, "rd, imm");
      const rd = reg(args[0]);
      out(rd, 0, b.imm(args[1], -32, 31));
      return true;
    }
    case "c.andi": {
      expect(args, 2, "rd', imm");
      const rd = regC(b, args[0]);
      out(rd, 0, b.imm(args[1], -32, 31));
      return true;
    }
    case "c.addi16sp": {
      expect(args, 2, "sp, imm");
      sp(args[0]);
      const v = b.imm(args[1], -512, 496, 16);
      if (b.ctx.final && v === 0) fail("c.addi16sp needs a non-zero immediate");
      out(SP, 0, v);
      return true;
    }
    case "c.lui": {
      expect(args, 2, "rd, imm");
      const rd = reg(args[0]);
      if (rd === SP) fail("c.lui cannot write sp (that encoding is c.addi16sp)");
      out(rd, 0, luiField(b, args[1]));
      return true;
    }
    case "c.srli": case "c.srai": {
      expect(args, 2, "rd', shamt");
      const rd = regC(b, args[0]);
      out(rd, 0, b.imm(args[1], 0, 31));
      return true;
    }
    case "c.slli": {
      expect(args, 2, "rd, shamt");
      const rd = reg(args[0]);
      out(rd, 0, b.imm(args[1], 0, 31));
      return true;
    }
    case "c.sub": case "c.xor": case "c.or": case "c.and": {
      expect(args, 2, "rd', rs2'");
      const rd = regC(b, args[0]);
      out(rd, regC(b, args[1]), 0);
      return true;
    }
    case "c.mv": case "c.add": {
      expect(args, 2, "rd, rs2");
      const rd = reg(args[0]);
      out(rd, nonZero(args[1], `the source of ${op}`), 0);
      return true;
    }
    case "c.j": case "c.jal":
      expect(args, 1, "target");
      out(0, 0, b.offset(args[0], 12));
      return true;
    case "c.beqz": case "c.bnez": {
      expect(args, 2, "rs1', target");
      const rs1 = regC(b, args[0]);
      out(rs1, 0, b.offset(args[1], 9));
      return true;
    }
    case "c.jr": case "c.jalr":
      expect(args, 1, "rs1");
      out(nonZero(args[0], `the register of ${op}`), 0, 0);
      return true;
    case "c.ebreak": case "c.unimp":
      expect(args, 0, op);
      out(0, 0, 0);
      return true;
  }
  return false;
}
