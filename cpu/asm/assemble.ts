// The assembler driver: runs the statements through layout passes until every
// address is stable (sizes of `li`, and with `.option rvc` whether an
// instruction is compressed, may depend on symbols defined later), then a
// final pass that emits bytes and reports errors as `FILE:LINE: …`.

import { AsmError, StatementError } from "./errors.js";
import { evaluate, Expr, parseExpr } from "./expr.js";
import { assembleInsn } from "./insn.js";
import { parseSource, resolveLocal, splitTop, Stmt } from "./parse.js";
import { placeSections, SECTION_NAMES, SectionName } from "./layout.js";
import { dataDirective, DataSink } from "./directives.js";

/** An output section with its final address and contents (.bss has size but no bytes). */
export interface AsmSection {
  name: SectionName;
  addr: number;
  offset: number;
  align: number;
  size: number;
  bytes: Uint8Array;
}

/** A symbol for the ELF symbol table. */
export interface AsmSymbol {
  name: string;
  value: number;
  section: SectionName | null;
  global: boolean;
}

/** An assembled program, ready to be written as an ELF executable. */
export interface AsmProgram {
  sections: AsmSection[];
  symbols: AsmSymbol[];
  entry: number;
  /** The code uses compressed instructions (or `.option rvc`): the ELF header gets EF_RISCV_RVC. */
  rvc?: boolean;
}

interface SymDef {
  value: number;
  section: SectionName | null;
}

/** Enough for any real program: with `.option rvc` each pass after the first only ever widens
 *  instructions (never narrows them), so passes stop once nothing more has to widen. */
const MAX_PASSES = 64;
/** Largest section: the guest's memory is far smaller, and it keeps a typo from exhausting the host. */
const MAX_SECTION = 1 << 28;
const IGNORED = new Set([
  ".type", ".size", ".file", ".ident", ".addrsig", ".addrsig_sym", ".loc",
  ".cfi_startproc", ".cfi_endproc", ".cfi_def_cfa_offset", ".cfi_offset", ".cfi_restore", ".cfi_def_cfa",
  ".cfi_sections", ".text_end",
]);

function sectionFor(name: string): SectionName | undefined {
  const n = name.split(",")[0]!.trim().replace(/^"|"$/g, "");
  if (n === ".text" || n.startsWith(".text.")) return ".text";
  if (n === ".rodata" || n.startsWith(".rodata.") || n.startsWith(".srodata")) return ".rodata";
  if (n === ".data" || n.startsWith(".data.") || n === ".sdata" || n.startsWith(".sdata.")) return ".data";
  if (n === ".bss" || n.startsWith(".bss.") || n === ".sbss" || n.startsWith(".sbss.")) return ".bss";
  return undefined;
}

/** Sections that are not part of the program image (notes, comments, debug info): dropped. */
function notLoaded(args: string): boolean {
  const [rawName, flags] = splitTop(args, ",").map((a) => a.trim().replace(/^"|"$/g, ""));
  const name = rawName ?? "";
  if (/^\.(note|comment|debug|riscv\.attributes|llvm_addrsig)/.test(name)) return true;
  return flags !== undefined && !flags.includes("a");
}

function zeroRecord(v: number): Record<SectionName, number> {
  return { ".text": v, ".rodata": v, ".data": v, ".bss": v };
}

/** A growable byte buffer (sections can be megabytes of .space). */
class ByteBuf {
  private buf = new Uint8Array(256);
  private len = 0;
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  push(bytes: ArrayLike<number>): void {
    this.reserve(bytes.length);
    for (let i = 0; i < bytes.length; i++) this.buf[this.len++] = bytes[i]! & 0xff;
  }
  fill(count: number, byte: number): void {
    this.reserve(count);
    this.buf.fill(byte, this.len, this.len + count);
    this.len += count;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

class Pass implements DataSink {
  readonly size = zeroRecord(0);
  readonly bytes: Record<SectionName, ByteBuf> = { ".text": new ByteBuf(), ".rodata": new ByteBuf(), ".data": new ByteBuf(), ".bss": new ByteBuf() };
  readonly syms = new Map<string, SymDef>();
  readonly globals = new Map<string, number>(); // name → line of its .globl
  readonly pcrelHi = new Map<number, number>();
  section: SectionName = ".text";
  /** `.option rvc` is on; `.option push` saves it. */
  rvc = false;
  readonly optionStack: boolean[] = [];
  /** Some compressed parcel was emitted or `.option rvc` given (the ELF header's RVC flag). */
  usedRvc = false;
  /** Inside a non-allocated section (.note.*, .comment, .debug_*): contents are dropped. */
  discarding = false;
  constructor(
    readonly final: boolean,
    readonly base: Record<SectionName, number>,
    readonly align: Record<SectionName, number>,
    readonly prev: Pass | undefined,
    /** Statement → bit i set when its i-th instruction was found not to fit its compressed form;
     *  shared by all passes so a widened instruction stays wide (layout converges). */
    readonly long: Map<Stmt, number>,
  ) {}

  dot(): number {
    return (this.base[this.section] + this.size[this.section]) >>> 0;
  }
  lookup(name: string): number | undefined {
    return (this.syms.get(name) ?? this.prev?.syms.get(name))?.value;
  }
  eval(e: Expr, dot: number): number {
    return evaluate(e, {
      lookup: (n) => this.lookup(n),
      dot,
      pcrelHi: (a) => this.pcrelHi.get(a) ?? this.prev?.pcrelHi.get(a),
      final: this.final,
    });
  }
  /** Refuse to grow a section past MAX_SECTION (checked before any byte is stored). */
  private grow(n: number): void {
    if (this.size[this.section] + n > MAX_SECTION) {
      throw new StatementError(`section ${this.section} would exceed ${MAX_SECTION / (1 << 20)} MiB`);
    }
  }
  emitBytes(bytes: ArrayLike<number>): void {
    this.grow(bytes.length);
    if (this.section === ".bss") {
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 0) throw new StatementError("only zero bytes (.space, .zero) may go in .bss");
      }
    } else if (this.final) this.bytes[this.section].push(bytes);
    this.size[this.section] += bytes.length;
  }
  fill(count: number, byte: number): void {
    this.grow(count);
    if (this.section === ".bss" && byte !== 0) throw new StatementError("only zero bytes (.space, .zero) may go in .bss");
    if (this.final && this.section !== ".bss") this.bytes[this.section].fill(count, byte);
    this.size[this.section] += count;
  }
  alignTo(n: number, fill: number | undefined): void {
    this.align[this.section] = Math.max(this.align[this.section], n);
    let pad = (n - (this.size[this.section] % n)) % n;
    if (fill !== undefined || this.section !== ".text") {
      this.fill(pad, fill ?? 0);
      return;
    }
    // Code is padded as GNU as pads it: a zero byte to reach an even address (no instruction
    // can start at an odd one), then one c.nop if 2 bytes remain, then 4-byte nops.
    if (pad % 2 === 1) {
      this.fill(1, 0);
      pad--;
    }
    if (pad % 4 === 2) {
      this.emitBytes([0x01, 0x00]);
      this.usedRvc = true;
      pad -= 2;
    }
    for (; pad > 0; pad -= 4) this.emitBytes([0x13, 0, 0, 0]);
  }
  /** Every symbol in `e` has a value in this pass (or the previous one). */
  known(e: Expr): boolean {
    switch (e.k) {
      case "sym": return this.lookup(e.name) !== undefined;
      case "num": case "dot": return true;
      case "un": case "fn": return this.known(e.e);
      case "bin": return this.known(e.a) && this.known(e.b);
    }
  }
  define(name: string, def: SymDef, redefinable: boolean): void {
    const old = this.syms.get(name);
    if (old && !redefinable) throw new StatementError(`symbol '${name}' is already defined`);
    this.syms.set(name, def);
  }
}

/** Assemble RV32IM source into a placed program. Throws AsmError (`FILE:LINE: …`). */
export function assemble(src: string, file = "<input>"): AsmProgram {
  const stmts = parseSource(src, (line, e) => {
    throw new AsmError(file, line, e.message);
  });
  let prev: Pass | undefined;
  const align = zeroRecord(4);
  const long = new Map<Stmt, number>();
  for (let n = 0; n < MAX_PASSES; n++) {
    const base = placedBases(prev, align);
    const pass = runPass(stmts, file, false, base, align, prev, long);
    if (prev && stable(prev, pass)) {
      const final = runPass(stmts, file, true, base, align, pass, long);
      return finish(final, base, file);
    }
    prev = pass;
  }
  throw new AsmError(file, 0, `addresses do not settle after ${MAX_PASSES} passes (a size depends on itself)`);
}

function placedBases(prev: Pass | undefined, align: Record<SectionName, number>): Record<SectionName, number> {
  const p = placeSections(prev?.size ?? zeroRecord(0), align);
  return { ".text": p[".text"].addr, ".rodata": p[".rodata"].addr, ".data": p[".data"].addr, ".bss": p[".bss"].addr };
}

function stable(a: Pass, b: Pass): boolean {
  for (const s of SECTION_NAMES) if (a.size[s] !== b.size[s]) return false;
  if (a.syms.size !== b.syms.size) return false;
  for (const [k, v] of b.syms) if (a.syms.get(k)?.value !== v.value) return false;
  return true;
}

function runPass(
  stmts: Stmt[], file: string, final: boolean, base: Record<SectionName, number>,
  align: Record<SectionName, number>, prev: Pass | undefined, long: Map<Stmt, number>,
): Pass {
  const p = new Pass(final, base, align, prev, long);
  for (const st of stmts) {
    try {
      for (const l of st.labels) p.define(l, p.discarding ? { value: 0, section: null } : { value: p.dot(), section: p.section }, false);
      if (st.op === undefined) continue;
      if (st.op === ".end") break;
      statement(p, st);
    } catch (e) {
      if (e instanceof StatementError) throw new AsmError(file, st.line, `${e.message} in '${clip(st.text)}'`);
      throw e;
    }
  }
  return p;
}

/** The statement as quoted in a message: long lines are cut so the message stays readable. */
function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function statement(p: Pass, st: Stmt): void {
  const op = st.op!;
  const parse = (text: string): Expr => parseExpr(text, (n, dir) => resolveLocal(st.locals, n, dir));
  const value = (text: string): number => p.eval(parse(text), p.dot());
  if (op.startsWith(".")) {
    if (IGNORED.has(op) || op.startsWith(".cfi_")) return;
    if (op === ".option" || op === ".attribute") {
      option(p, op, st.args);
      return;
    }
    const sec = sectionFor(op);
    if (sec && op !== ".section") {
      p.section = sec;
      p.discarding = false;
      return;
    }
    switch (op) {
      case ".section": {
        const s = sectionFor(st.args);
        p.discarding = !s && notLoaded(st.args);
        if (p.discarding) return;
        if (!s) throw new StatementError(`unsupported section '${st.args.split(",")[0]!.trim()}' (use .text, .rodata, .data or .bss)`);
        p.section = s;
        return;
      }
      case ".globl": case ".global": case ".weak":
        for (const name of splitTop(st.args, ",")) p.globals.set(name.trim(), st.line);
        return;
      case ".local": return;
      case ".comm": case ".lcomm": {
        // A common block: in a one-file static program it is simply zeroed space in .bss.
        const [name, size, alignArg] = splitTop(st.args, ",").map((a) => a.trim());
        if (!name || !/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name) || size === undefined) {
          throw new StatementError(`expected '${op} NAME, SIZE[, ALIGN]'`);
        }
        const saved = p.section;
        p.section = ".bss";
        const a = alignArg === undefined ? 1 : value(alignArg);
        if (a < 1 || a > 65536 || (a & (a - 1)) !== 0) throw new StatementError(`${op} alignment ${a} must be a power of two up to 65536`);
        p.alignTo(a, 0);
        p.define(name, { value: p.dot(), section: ".bss" }, false);
        const n = value(size);
        if (n < 0 || n > 1 << 26) throw new StatementError(`${op} size ${n} is out of range [0, ${1 << 26}]`);
        p.fill(n, 0);
        p.section = saved;
        return;
      }
      case ".equ": case ".set": {
        const [name, ...rest] = splitTop(st.args, ",");
        if (!name || !/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name.trim()) || rest.length === 0) {
          throw new StatementError(`expected '${op} NAME, VALUE'`);
        }
        p.define(name.trim(), { value: value(rest.join(",")), section: null }, true);
        return;
      }
    }
    if (p.discarding && !(op === ".equ" || op === ".set")) return;
    if (dataDirective(op, st.args, p, value)) return;
    throw new StatementError(`unknown directive '${op}'`);
  }
  if (p.discarding) return;
  if (p.section === ".bss") throw new StatementError(`instructions cannot go in .bss`);
  if (p.final && p.dot() % 2 !== 0) {
    throw new StatementError(`instruction at odd address 0x${p.dot().toString(16)} (instructions start on 2-byte boundaries: add .align 1 before it)`);
  }
  const parcels = assembleInsn(op, st.args, {
    pc: p.dot(),
    final: p.final,
    rvc: p.rvc,
    parse,
    evaluate: (e, dot) => p.eval(e, dot),
    notePcrelHi: (a, t) => p.pcrelHi.set(a, t),
    known: (e) => p.known(e),
    isLong: (i) => ((p.long.get(st) ?? 0) & (1 << i)) !== 0,
    markLong: (i) => p.long.set(st, (p.long.get(st) ?? 0) | (1 << i)),
  });
  for (const { bits: w, size } of parcels) {
    if (size === 2) {
      p.usedRvc = true;
      p.emitBytes([w & 0xff, (w >>> 8) & 0xff]);
    } else p.emitBytes([w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]);
  }
}

/** `.option rvc|norvc|push|pop` (others — pic, relax, … — mean nothing in a static program), and
 *  `.attribute arch, "rv32…"` (tag 5), which like llvm-mc turns RVC on or off by its `c`. */
function option(p: Pass, op: string, args: string): void {
  if (op === ".attribute") {
    const [tag, value] = splitTop(args, ",").map((a) => a.trim());
    if (tag !== "arch" && tag !== "5") return;
    const m = /^"rv32([a-z0-9_]*)"$/i.exec(value ?? "");
    if (!m) throw new StatementError(`expected .attribute arch, "rv32…"`);
    // "rv32imac", "rv32i2p0_m2p0_c2p0", "rv32imac_zicsr": single letters (with versions) outside the
    // multi-letter z*/s*/x* extensions
    const letters = m[1]!.toLowerCase().split("_").filter((x) => !/^[zsx]/.test(x)).join("").replace(/[0-9]+(p[0-9]+)?/g, "");
    p.rvc = letters.includes("c");
    if (p.rvc) p.usedRvc = true;
    return;
  }
  switch (args.trim().toLowerCase()) {
    case "rvc": p.rvc = true; p.usedRvc = true; return;
    case "norvc": p.rvc = false; return;
    case "push": p.optionStack.push(p.rvc); return;
    case "pop": {
      const saved = p.optionStack.pop();
      if (saved === undefined) throw new StatementError(".option pop without a matching .option push");
      p.rvc = saved;
      return;
    }
  }
}

function finish(p: Pass, base: Record<SectionName, number>, file: string): AsmProgram {
  const placed = placeSections(p.size, p.align);
  const sections: AsmSection[] = SECTION_NAMES.map((name) => ({
    name,
    addr: base[name],
    offset: placed[name].offset,
    align: p.align[name],
    size: p.size[name],
    bytes: p.bytes[name].bytes(),
  }));
  const symbols: AsmSymbol[] = [];
  for (const [name, def] of p.syms) {
    if (name.startsWith(".L")) continue; // assembler-local, as in GNU as
    symbols.push({ name, value: def.value >>> 0, section: def.section, global: p.globals.has(name) });
  }
  for (const [g, line] of p.globals) {
    if (!p.syms.has(g)) throw new AsmError(file, line, `'${g}' is declared global but never defined`);
  }
  const start = p.syms.get("_start");
  return { sections, symbols, entry: (start ? start.value : base[".text"]) >>> 0, rvc: p.usedRvc };
}
