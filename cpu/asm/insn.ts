// One instruction statement → machine words: operand parsing and range checks
// for every real instruction, and the expansion of pseudo-instructions
// (li, la, call, tail, beqz, csrr, …) exactly as llvm-mc expands them.

import { csrNumber } from "./csr.js";
import { StatementError } from "./errors.js";
import { Expr, hi20, lo12, pcrelHiTarget } from "./expr.js";
import { encode, Insn, OP_BY_NAME } from "./isa.js";
import { parseReg } from "./regs.js";
import { splitTop } from "./parse.js";

/** What the instruction encoder needs from the assembler. */
export interface InsnCtx {
  /** Address of the first word of this statement. */
  pc: number;
  /** Final pass: report range errors (earlier passes only size things). */
  final: boolean;
  parse(text: string): Expr;
  /** Evaluate with `.` = `dot`. */
  evaluate(e: Expr, dot: number): number;
  /** Remember that the auipc at `addr` pointed at `target` (for %pcrel_lo). */
  notePcrelHi(addr: number, target: number): void;
}

const ZERO = 0, RA = 1, T1 = 6;
const fail = (msg: string): never => {
  throw new StatementError(msg);
};

function reg(text: string | undefined): number {
  if (text === undefined) return fail("missing register operand");
  const r = parseReg(text);
  return r === undefined ? fail(`expected a register, got '${text.trim()}'`) : r;
}
function isReg(text: string | undefined): boolean {
  return text !== undefined && parseReg(text) !== undefined;
}

/** Splits `off(reg)` into its parts; undefined when the text is not a memory operand. */
function memOperand(text: string): { off: string; base: number } | undefined {
  const m = /^(.*)\(\s*([A-Za-z0-9]+)\s*\)\s*$/s.exec(text.trim());
  if (!m) return undefined;
  const base = parseReg(m[2]!);
  if (base === undefined) return undefined;
  return { off: m[1]!.trim() === "" ? "0" : m[1]!, base };
}

function hasSymbol(e: Expr): boolean {
  switch (e.k) {
    case "sym": case "dot": return true;
    case "num": return false;
    case "un": case "fn": return hasSymbol(e.e);
    case "bin": return hasSymbol(e.a) || hasSymbol(e.b);
  }
}

/** "immediate 5000" for a literal, "operand 'x+1' = 5000" for an expression. */
function quote(text: string, v: number): string {
  const t = text.trim();
  return t === String(v) ? `immediate ${v}` : `operand '${t}' = ${v}`;
}

class Builder {
  readonly words: number[] = [];
  constructor(readonly ctx: InsnCtx) {}

  /** Evaluate an operand; in the final pass check it lies in [lo, hi] (and is a multiple of `align`). */
  imm(text: string | undefined, lo: number, hi: number, align = 1, dot = this.ctx.pc): number {
    if (text === undefined) return fail("missing immediate operand");
    const v = this.ctx.evaluate(this.ctx.parse(text), dot);
    if (this.ctx.final && (v < lo || v > hi || v % align !== 0)) {
      const what = align > 1 ? `a multiple of ${align} in the range [${lo}, ${hi}]` : `an integer in the range [${lo}, ${hi}]`;
      fail(`${quote(text, v)} must be ${what}`);
    }
    return v;
  }
  /** A 20-bit upper immediate: accepts 0..0xfffff, and negative values llvm would reject are errors. */
  upper(text: string | undefined, dot = this.ctx.pc): number {
    if (text === undefined) return fail("missing immediate operand");
    const e = this.ctx.parse(text);
    const target = pcrelHiTarget(e);
    if (target) this.ctx.notePcrelHi(dot >>> 0, this.ctx.evaluate(target, dot));
    const v = this.ctx.evaluate(e, dot);
    if (this.ctx.final && (v < 0 || v > 0xfffff)) fail(`${quote(text, v)} must be an integer in the range [0, 1048575]`);
    return v & 0xfffff;
  }
  /** A pc-relative target: a plain number is the offset itself (as in llvm-mc), anything with a symbol an address. */
  offset(text: string | undefined, bits: number): number {
    if (text === undefined) return fail("missing branch target");
    const e = this.ctx.parse(text);
    const pc = this.pc();
    const v = this.ctx.evaluate(e, pc);
    const off = hasSymbol(e) ? (v - pc) | 0 : v;
    const lim = 2 ** (bits - 1);
    if (this.ctx.final && (off < -lim || off >= lim || off % 2 !== 0)) {
      fail(`target '${text.trim()}' is ${off} bytes away; it must be even and within [${-lim}, ${lim - 2}]`);
    }
    return off;
  }
  pc(): number {
    return (this.ctx.pc + 4 * this.words.length) >>> 0;
  }
  emit(name: string, rd: number, rs1: number, rs2: number, imm: number): void {
    this.words.push(encode({ name, rd, rs1, rs2, imm } satisfies Insn));
  }
  csr(text: string | undefined): number {
    if (text === undefined) return fail("missing CSR operand");
    const named = csrNumber(text.trim());
    return named ?? this.imm(text, 0, 4095);
  }
  /** `auipc rd, hi(target - pc)` and the low part relative to that auipc. */
  pcrelPair(target: string, rd: number): number {
    const at = this.pc();
    const dest = this.ctx.evaluate(this.ctx.parse(target), at);
    const off = (dest - at) | 0;
    this.emit("auipc", rd, 0, 0, hi20(off));
    return lo12(off);
  }
}

function expect(args: string[], n: number, form: string): void {
  if (args.length !== n) fail(`expected ${n} operand${n === 1 ? "" : "s"} (${form}), got ${args.length}`);
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

/** Assemble one instruction or pseudo-instruction; returns its words. Throws StatementError. */
export function assembleInsn(op: string, argText: string, ctx: InsnCtx): number[] {
  const b = new Builder(ctx);
  const args = argText.trim() === "" ? [] : splitTop(argText, ",").map((a) => a.trim());
  const I12: [number, number] = [-2048, 2047];
  const real = OP_BY_NAME.get(op);

  // Pseudo-instructions first, where a name is shared with a real instruction (jal, jalr, loads …)
  // the operand shape decides.
  switch (op) {
    case "nop": expect(args, 0, "nop"); b.emit("addi", 0, 0, 0, 0); return b.words;
    case "li": {
      expect(args, 2, "rd, imm");
      const rd = reg(args[0]);
      emitLi(b, rd, b.imm(args[1], -(2 ** 31), 2 ** 32 - 1));
      return b.words;
    }
    case "la": case "lla": {
      expect(args, 2, "rd, symbol");
      const rd = reg(args[0]);
      b.emit("addi", rd, rd, 0, b.pcrelPair(args[1]!, rd));
      return b.words;
    }
    case "mv": expect(args, 2, "rd, rs"); b.emit("addi", reg(args[0]), reg(args[1]), 0, 0); return b.words;
    case "not": expect(args, 2, "rd, rs"); b.emit("xori", reg(args[0]), reg(args[1]), 0, -1); return b.words;
    case "neg": expect(args, 2, "rd, rs"); b.emit("sub", reg(args[0]), ZERO, reg(args[1]), 0); return b.words;
    case "seqz": expect(args, 2, "rd, rs"); b.emit("sltiu", reg(args[0]), reg(args[1]), 0, 1); return b.words;
    case "snez": expect(args, 2, "rd, rs"); b.emit("sltu", reg(args[0]), ZERO, reg(args[1]), 0); return b.words;
    case "sltz": expect(args, 2, "rd, rs"); b.emit("slt", reg(args[0]), reg(args[1]), ZERO, 0); return b.words;
    case "sgtz": expect(args, 2, "rd, rs"); b.emit("slt", reg(args[0]), ZERO, reg(args[1]), 0); return b.words;
    case "sgt": case "sgtu":
      expect(args, 3, "rd, rs1, rs2");
      b.emit(op === "sgt" ? "slt" : "sltu", reg(args[0]), reg(args[2]), reg(args[1]), 0);
      return b.words;
    case "beqz": case "bnez": case "bltz": case "bgez": case "blez": case "bgtz": {
      expect(args, 2, "rs, target");
      const [name, swap] = BRANCH_ZERO[op]!;
      const rs = reg(args[0]);
      const off = b.offset(args[1], 13);
      b.emit(name, 0, swap ? ZERO : rs, swap ? rs : ZERO, off);
      return b.words;
    }
    case "bgt": case "ble": case "bgtu": case "bleu": {
      expect(args, 3, "rs1, rs2, target");
      const rs1 = reg(args[0]), rs2 = reg(args[1]);
      b.emit(BRANCH_SWAP[op]!, 0, rs2, rs1, b.offset(args[2], 13));
      return b.words;
    }
    case "j": expect(args, 1, "target"); b.emit("jal", ZERO, 0, 0, b.offset(args[0], 21)); return b.words;
    case "jal":
      if (args.length === 1) {
        b.emit("jal", RA, 0, 0, b.offset(args[0], 21));
        return b.words;
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
        return b.words;
      }
      expect(args, 2, `${op} rs, imm`);
      b.emit("jalr", link, reg(args[0]), 0, b.imm(args[1], ...I12));
      return b.words;
    }
    case "ret": expect(args, 0, "ret"); b.emit("jalr", ZERO, RA, 0, 0); return b.words;
    case "call": case "tail": {
      const rd = op === "tail" ? T1 : args.length === 2 ? reg(args[0]) : RA;
      if (op === "tail" || args.length !== 2) expect(args, 1, `${op} symbol`);
      // `foo@plt` (PIC compiler output): there is no PLT in a static program, so it is just foo.
      const lo = b.pcrelPair(args[args.length - 1]!.replace(/@plt$/, ""), rd);
      b.emit("jalr", op === "tail" ? ZERO : rd, rd, 0, lo);
      return b.words;
    }
    case "csrr": expect(args, 2, "rd, csr"); b.emit("csrrs", reg(args[0]), 0, 0, b.csr(args[1])); return b.words;
    case "csrw": case "csrs": case "csrc": case "csrwi": case "csrsi": case "csrci": {
      expect(args, 2, "csr, rs");
      const csr = b.csr(args[0]);
      let name = CSR_SHORT[op]!;
      if (!name.endsWith("i") && !isReg(args[1])) name += "i";
      if (name.endsWith("i")) b.emit(name, ZERO, b.imm(args[1], 0, 31), 0, csr);
      else b.emit(name, ZERO, reg(args[1]), 0, csr);
      return b.words;
    }
    case "rdcycle": case "rdtime": case "rdinstret": case "rdcycleh": case "rdtimeh": case "rdinstreth":
      expect(args, 1, "rd");
      b.emit("csrrs", reg(args[0]), ZERO, 0, COUNTERS[op]!);
      return b.words;
    case "unimp": expect(args, 0, "unimp"); b.emit("csrrw", 0, 0, 0, 0xc00); return b.words;
    case "fence":
      if (args.length === 0) {
        b.emit("fence", 0, 0, 0, 0xff);
        return b.words;
      }
      break;
    case "sfence.vma":
      if (args.length <= 2) {
        b.emit("sfence.vma", 0, args[0] === undefined ? 0 : reg(args[0]), args[1] === undefined ? 0 : reg(args[1]), 0);
        return b.words;
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
      const rd = reg(args[0]), csr = b.csr(args[1]);
      if (isReg(args[2])) b.emit(op, rd, reg(args[2]), 0, csr);
      else b.emit(`${op}i`, rd, b.imm(args[2], 0, 31), 0, csr);
      break;
    }
    case "CSRI": {
      expect(args, 3, "rd, csr, uimm5");
      const rd = reg(args[0]), csr = b.csr(args[1]);
      b.emit(op, rd, b.imm(args[2], 0, 31), 0, csr);
      break;
    }
    case "FENCE": expect(args, 2, "pred, succ"); b.emit(op, 0, 0, 0, (fenceSet(args[0]) << 4) | fenceSet(args[1])); break;
    case "FIXED": expect(args, 0, op); b.emit(op, 0, 0, 0, 0); break;
    case "SFENCE": break;
  }
  return b.words;
}
