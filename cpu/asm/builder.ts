// Operand evaluation for one instruction statement and the parcels it emits:
// registers, immediates with range checks, pc-relative targets, and, when
// `.option rvc` is on, the choice of a compressed form for each instruction
// (cpu/asm/rvc.ts) — with the sticky "long" mark that makes layout converge
// when the choice depends on symbol values (docs/asm.md, "Compressed code").

import { StatementError } from "./errors.js";
import { Expr, hi20, lo12, pcrelHiTarget } from "./expr.js";
import { encode, Insn } from "./isa.js";
import { parseReg } from "./regs.js";
import { compress, compressProbe } from "./rvc.js";

/** What the instruction encoder needs from the assembler. */
export interface InsnCtx {
  /** Address of the first parcel of this statement. */
  pc: number;
  /** Final pass: report range errors (earlier passes only size things). */
  final: boolean;
  /** `.option rvc` is on: emit the compressed form of instructions that have one. */
  rvc?: boolean;
  parse(text: string): Expr;
  /** Evaluate with `.` = `dot`. */
  evaluate(e: Expr, dot: number): number;
  /** Remember that the auipc at `addr` pointed at `target` (for %pcrel_lo). */
  notePcrelHi(addr: number, target: number): void;
  /** Every symbol of `e` has a value in this pass (forward references may not yet). */
  known?(e: Expr): boolean;
  /** The i-th instruction of this statement was found out of its compressed range in an earlier pass. */
  isLong?(i: number): boolean;
  markLong?(i: number): void;
}

/** One emitted instruction: a 32-bit word or a 16-bit parcel. */
export interface Parcel {
  bits: number;
  size: 2 | 4;
}

export const fail = (msg: string): never => {
  throw new StatementError(msg);
};

export function reg(text: string | undefined): number {
  if (text === undefined) return fail("missing register operand");
  const r = parseReg(text);
  return r === undefined ? fail(`expected a register, got '${text.trim()}'`) : r;
}
export function isReg(text: string | undefined): boolean {
  return text !== undefined && parseReg(text) !== undefined;
}

/** Splits `off(reg)` into its parts; undefined when the text is not a memory operand. */
export function memOperand(text: string): { off: string; base: number } | undefined {
  const m = /^(.*)\(\s*([A-Za-z0-9]+)\s*\)\s*$/s.exec(text.trim());
  if (!m) return undefined;
  const base = parseReg(m[2]!);
  if (base === undefined) return undefined;
  return { off: m[1]!.trim() === "" ? "0" : m[1]!, base };
}

export function hasSymbol(e: Expr): boolean {
  switch (e.k) {
    case "sym": case "dot": return true;
    case "num": return false;
    case "un": case "fn": return hasSymbol(e.e);
    case "bin": return hasSymbol(e.a) || hasSymbol(e.b);
  }
}

function hasReloc(e: Expr): boolean {
  switch (e.k) {
    case "fn": return true;
    case "sym": case "dot": case "num": return false;
    case "un": return hasReloc(e.e);
    case "bin": return hasReloc(e.a) || hasReloc(e.b);
  }
}

/** "immediate 5000" for a literal, "operand 'x+1' = 5000" for an expression. */
function quote(text: string, v: number): string {
  const t = text.trim();
  return t === String(v) ? `immediate ${v}` : `operand '${t}' = ${v}`;
}

export function expect(args: string[], n: number, form: string): void {
  if (args.length !== n) fail(`expected ${n} operand${n === 1 ? "" : "s"} (${form}), got ${args.length}`);
}

export class Builder {
  readonly parcels: Parcel[] = [];
  private bytes = 0;
  /** An operand of this statement used a symbol: its compressed form may change between passes. */
  private symbolic = false;
  /** … one not defined yet in this pass (a forward reference in an early pass). */
  private unknown = false;
  /** No compressed forms for this statement (auipc pairs and %hi/%lo operands, as llvm-mc). */
  noCompress = false;
  /** The mnemonic being assembled, for messages. */
  mnemonic = "";
  constructor(readonly ctx: InsnCtx) {}

  private eval(text: string, dot: number): { e: Expr; v: number } {
    const e = this.ctx.parse(text);
    if (hasSymbol(e)) {
      this.symbolic = true;
      if (this.ctx.known && !this.ctx.known(e)) this.unknown = true;
    }
    if (hasReloc(e)) this.noCompress = true;
    return { e, v: this.ctx.evaluate(e, dot) };
  }

  /** Evaluate an operand; in the final pass check it lies in [lo, hi] (and is a multiple of `align`). */
  imm(text: string | undefined, lo: number, hi: number, align = 1, dot = this.ctx.pc): number {
    if (text === undefined) return fail("missing immediate operand");
    const { v } = this.eval(text, dot);
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
    const { v } = this.eval(text, dot);
    if (this.ctx.final && (v < 0 || v > 0xfffff)) fail(`${quote(text, v)} must be an integer in the range [0, 1048575]`);
    return v & 0xfffff;
  }
  /** A pc-relative target: a plain number is the offset itself (as in llvm-mc), anything with a symbol an address. */
  offset(text: string | undefined, bits: number): number {
    if (text === undefined) return fail("missing branch target");
    const pc = this.pc();
    const { e, v } = this.eval(text, pc);
    const off = hasSymbol(e) ? (v - pc) | 0 : v;
    const lim = 2 ** (bits - 1);
    if (this.ctx.final && (off < -lim || off >= lim || off % 2 !== 0)) {
      fail(`target '${text.trim()}' is ${off} bytes away; it must be even and within [${-lim}, ${lim - 2}]`);
    }
    return off;
  }
  pc(): number {
    return (this.ctx.pc + this.bytes) >>> 0;
  }
  push(bits: number, size: 2 | 4): void {
    this.parcels.push({ bits: bits >>> 0, size });
    this.bytes += size;
  }
  /** Emit a 32-bit instruction, or its compressed form when `.option rvc` is on and one fits. */
  emit(name: string, rd: number, rs1: number, rs2: number, imm: number): void {
    const insn: Insn = { name, rd, rs1, rs2, imm };
    if (this.ctx.rvc && !this.noCompress && this.short(insn)) return;
    this.push(encode(insn), 4);
  }
  /** Try the compressed form; true when it was emitted. Decisions that depend on symbols only
   *  ever go from short to long across passes (like llvm-mc's relaxation), so layout converges. */
  private short(insn: Insn): boolean {
    const i = this.parcels.length;
    if (this.symbolic && this.ctx.isLong?.(i)) return false;
    const c = compress(insn);
    if (c !== undefined) {
      this.push(c.bits, 2);
      return true;
    }
    const probe = this.symbolic ? compressProbe(insn) : undefined;
    if (probe === undefined) return false;
    if (this.unknown && !this.ctx.final) {
      this.push(probe.bits, 2); // a forward reference: assume it fits until its value is known
      return true;
    }
    this.ctx.markLong?.(i);
    return false;
  }
  csrImm(text: string): number {
    return this.imm(text, 0, 4095);
  }
  /** `auipc rd, hi(target - pc)` and the low part relative to that auipc. */
  pcrelPair(target: string, rd: number): number {
    this.noCompress = true; // llvm-mc never compresses these pairs (their halves are relocations)
    const at = this.pc();
    const dest = this.ctx.evaluate(this.ctx.parse(target), at);
    const off = (dest - at) | 0;
    this.emit("auipc", rd, 0, 0, hi20(off));
    return lo12(off);
  }
}
