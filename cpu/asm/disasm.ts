// The disassembler: one instruction word → one line of text in LLVM's syntax,
// including the aliases llvm-objdump prints (li, mv, ret, beqz, csrr, …).
// Unknown words come out as `.word 0x…`, which the assembler reads back.

import { csrName } from "./csr.js";
import { decode, Insn } from "./isa.js";
import { regName as r } from "./regs.js";

/** Finds a label for an address: returns e.g. "main" or "main+0x8", or undefined. */
export type Symbolizer = (addr: number) => string | undefined;

/** A disassembled instruction: mnemonic and operand text kept apart for listings. */
export interface DisasmLine {
  mnemonic: string;
  operands: string;
}

const FENCE_BITS = "iorw";
function fenceSet(v: number): string {
  let s = "";
  for (let i = 0; i < 4; i++) if (v & (8 >> i)) s += FENCE_BITS[i];
  // LLVM 14 prints an empty set as "unknown"; we print 0, which assembles back.
  return s === "" ? "0" : s;
}

const COUNTERS: Record<number, string> = {
  0xc00: "rdcycle", 0xc01: "rdtime", 0xc02: "rdinstret",
  0xc80: "rdcycleh", 0xc81: "rdtimeh", 0xc82: "rdinstreth",
};

/** Text of a pc-relative target: an offset without a pc, `0xADDR <sym>` with one. */
function target(offset: number, pc: number | undefined, sym: Symbolizer | undefined): string {
  if (pc === undefined) return String(offset);
  const addr = (pc + offset) >>> 0;
  const label = sym?.(addr);
  return `0x${addr.toString(16)}${label ? ` <${label}>` : ""}`;
}

function line(mnemonic: string, ...ops: string[]): DisasmLine {
  return { mnemonic, operands: ops.join(", ") };
}

/** Format a decoded instruction the way llvm-objdump does (aliases included). */
export function formatInsn(i: Insn, pc?: number, sym?: Symbolizer): DisasmLine {
  const { name, rd, rs1, rs2, imm } = i;
  if (i.c === "c.mv") return line("mv", r(rd), r(rs2)); // llvm-objdump's alias for c.mv only
  const mem = `${imm}(${r(rs1)})`;
  switch (name) {
    case "addi":
      if (rd === 0 && rs1 === 0 && imm === 0) return line("nop");
      if (rs1 === 0) return line("li", r(rd), String(imm));
      if (imm === 0) return line("mv", r(rd), r(rs1));
      break;
    case "xori": if (imm === -1) return line("not", r(rd), r(rs1)); break;
    case "sltiu": if (imm === 1) return line("seqz", r(rd), r(rs1)); break;
    case "sub": if (rs1 === 0) return line("neg", r(rd), r(rs2)); break;
    case "sltu": if (rs1 === 0) return line("snez", r(rd), r(rs2)); break;
    case "slt":
      if (rs2 === 0) return line("sltz", r(rd), r(rs1));
      if (rs1 === 0) return line("sgtz", r(rd), r(rs2));
      break;
    case "beq": if (rs2 === 0) return line("beqz", r(rs1), target(imm, pc, sym)); break;
    case "bne": if (rs2 === 0) return line("bnez", r(rs1), target(imm, pc, sym)); break;
    case "bge":
      if (rs1 === 0) return line("blez", r(rs2), target(imm, pc, sym));
      if (rs2 === 0) return line("bgez", r(rs1), target(imm, pc, sym));
      break;
    case "blt":
      if (rs2 === 0) return line("bltz", r(rs1), target(imm, pc, sym));
      if (rs1 === 0) return line("bgtz", r(rs2), target(imm, pc, sym));
      break;
    case "jal":
      if (rd === 0) return line("j", target(imm, pc, sym));
      if (rd === 1) return line("jal", target(imm, pc, sym));
      return line("jal", r(rd), target(imm, pc, sym));
    case "jalr":
      if (rd === 0 && rs1 === 1 && imm === 0) return line("ret");
      if (rd === 0) return line("jr", imm === 0 ? r(rs1) : mem);
      if (rd === 1) return line("jalr", imm === 0 ? r(rs1) : mem);
      return line("jalr", r(rd), imm === 0 ? r(rs1) : mem);
    case "fence":
      if (imm === 0xff) return line("fence");
      return line("fence", fenceSet(imm >> 4), fenceSet(imm & 15));
    case "sfence.vma":
      if (rs2 === 0) return rs1 === 0 ? line("sfence.vma") : line("sfence.vma", r(rs1));
      return line("sfence.vma", r(rs1), r(rs2));
    case "csrrs":
      if (rs1 === 0 && COUNTERS[imm]) return line(COUNTERS[imm]!, r(rd));
      if (rs1 === 0) return line("csrr", r(rd), csrName(imm));
      if (rd === 0) return line("csrs", csrName(imm), r(rs1));
      break;
    case "csrrw":
      if (rd === 0 && rs1 === 0 && imm === 0xc00) return line("unimp");
      if (rd === 0) return line("csrw", csrName(imm), r(rs1));
      break;
    case "csrrc": if (rd === 0) return line("csrc", csrName(imm), r(rs1)); break;
    case "csrrwi": if (rd === 0) return line("csrwi", csrName(imm), String(rs1)); break;
    case "csrrsi": if (rd === 0) return line("csrsi", csrName(imm), String(rs1)); break;
    case "csrrci": if (rd === 0) return line("csrci", csrName(imm), String(rs1)); break;
  }
  return canonical(i.c === undefined ? i : { ...i, c: undefined }, pc, sym); // aliases: the expansion, as llvm-objdump
}

/** The no-alias form (`addi a0, zero, 1` rather than `li a0, 1`). */
export function canonical(i: Insn, pc?: number, sym?: Symbolizer): DisasmLine {
  const { name, rd, rs1, rs2, imm } = i;
  if (i.c !== undefined) return compressed(i, pc, sym);
  if (name.startsWith("lr.w")) return line(name, r(rd), `(${r(rs1)})`);
  if (name.startsWith("sc.w") || name.startsWith("amo")) return line(name, r(rd), r(rs2), `(${r(rs1)})`);
  switch (name) {
    case "lui": case "auipc": return line(name, r(rd), String(imm));
    case "jal": return line(name, r(rd), target(imm, pc, sym));
    case "jalr": case "lb": case "lh": case "lw": case "lbu": case "lhu":
      return line(name, r(rd), `${imm}(${r(rs1)})`);
    case "sb": case "sh": case "sw": return line(name, r(rs2), `${imm}(${r(rs1)})`);
    case "beq": case "bne": case "blt": case "bge": case "bltu": case "bgeu":
      return line(name, r(rs1), r(rs2), target(imm, pc, sym));
    case "addi": case "slti": case "sltiu": case "xori": case "ori": case "andi":
    case "slli": case "srli": case "srai":
      return line(name, r(rd), r(rs1), String(imm));
    case "csrrw": case "csrrs": case "csrrc":
      // LLVM defines unimp as an instruction of its own, so it stays even without aliases.
      if (name === "csrrw" && rd === 0 && rs1 === 0 && imm === 0xc00) return line("unimp");
      return line(name, r(rd), csrName(imm), r(rs1));
    case "csrrwi": case "csrrsi": case "csrrci": return line(name, r(rd), csrName(imm), String(rs1));
    case "fence": return line(name, fenceSet(imm >> 4), fenceSet(imm & 15));
    case "sfence.vma": return line(name, r(rs1), r(rs2));
    case "ecall": case "ebreak": case "uret": case "sret": case "mret": case "wfi":
    case "fence.i": case "fence.tso":
      return line(name);
    default: return line(name, r(rd), r(rs1), r(rs2));
  }
}

/** The compressed form of an expanded parcel, as llvm-objdump -M no-aliases prints it. */
function compressed(i: Insn, pc?: number, sym?: Symbolizer): DisasmLine {
  const { rd, rs1, rs2, imm } = i;
  const c = i.c!;
  switch (c) {
    case "c.addi4spn": return line(c, r(rd), "sp", String(imm));
    case "c.lw": case "c.lwsp": return line(c, r(rd), `${imm}(${r(rs1)})`);
    case "c.sw": case "c.swsp": return line(c, r(rs2), `${imm}(${r(rs1)})`);
    case "c.nop": return imm === 0 ? line(c) : line(c, String(imm));
    case "c.addi": case "c.li": case "c.andi": case "c.addi16sp": case "c.srli": case "c.srai": case "c.slli":
      return line(c, r(rd), String(imm));
    case "c.lui": return line(c, r(rd), String(imm));
    case "c.jal": case "c.j": return line(c, target(imm, pc, sym));
    case "c.beqz": case "c.bnez": return line(c, r(rs1), target(imm, pc, sym));
    case "c.jr": case "c.jalr": return line(c, r(rs1));
    case "c.ebreak": return line(c);
    default: return line(c, r(rd), r(rs2)); // c.mv c.add c.sub c.xor c.or c.and
  }
}

/** Disassemble one word. `pc` turns branch offsets into addresses; `sym` names them.
 *  Never throws: a word that is not an RV32IMAC instruction gives `.word 0x…`. A word whose low
 *  two bits are not 11 is a compressed parcel: only its low 16 bits are read. */
export function disassemble(word: number, pc?: number, sym?: Symbolizer): string {
  const l = disassembleLine(word, pc, sym);
  return l.operands === "" ? l.mnemonic : `${l.mnemonic} ${l.operands}`;
}

/** Like `disassemble`, with mnemonic and operands apart; `aliases: false` gives the real
 *  instruction behind every alias (llvm-objdump -M no-aliases). */
export function disassembleLine(word: number, pc?: number, sym?: Symbolizer, aliases = true): DisasmLine {
  const insn = decode(word);
  if (!insn) return line(".word", `0x${(word >>> 0).toString(16).padStart(8, "0")}`);
  return aliases ? formatInsn(insn, pc, sym) : canonical(insn, pc, sym);
}
