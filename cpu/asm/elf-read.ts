// Reads what the disassembler needs from an ELF32 RISC-V file: section headers
// (names, flags, contents) and the symbol table. Untrusted input: every bound is
// checked and any problem is an ElfReadError with a one-line message.

import { elfIdentProblem } from "../elf-ident.js";

/** A file the disassembler cannot read; the message names the problem. */
export class ElfReadError extends Error {
  override name = "ElfReadError";
}

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  bytes: Uint8Array;
}

export interface ElfSymbol {
  name: string;
  value: number;
  /** Section header index (0 = undefined, ≥ 0xff00 = special). */
  shndx: number;
  type: number;
}

export interface ElfFile {
  entry: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  /** Executable PT_LOAD segments, for files without section headers. */
  codeSegments: { addr: number; bytes: Uint8Array }[];
  /** e_flags has EF_RISCV_RVC: the code may hold compressed instructions (listed 2 bytes at a time). */
  rvc: boolean;
}

export const SHF_EXECINSTR = 4;
const SHT_SYMTAB = 2, SHT_NOBITS = 8;

function cstr(b: Uint8Array, at: number): string {
  if (at >= b.length) return "";
  let end = at;
  while (end < b.length && b[end] !== 0) end++;
  return new TextDecoder().decode(b.subarray(at, end));
}

/** Parse `bytes` as an ELF32 little-endian RISC-V file. Throws ElfReadError. */
export function readElf(bytes: Uint8Array): ElfFile {
  const fail = (m: string): never => {
    throw new ElfReadError(m);
  };
  const problem = elfIdentProblem(bytes); // the same identification as the loader's (cpu/elf-ident.ts)
  if (problem !== null) fail(problem);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const slice = (off: number, size: number, what: string): Uint8Array => {
    if (off + size > bytes.length) fail(`${what} lies outside the file (offset ${off}, size ${size}, file ${bytes.length})`);
    return bytes.subarray(off, off + size);
  };
  const entry = v.getUint32(24, true);
  const phoff = v.getUint32(28, true), shoff = v.getUint32(32, true);
  const phentsize = v.getUint16(42, true), phnum = v.getUint16(44, true);
  const shentsize = v.getUint16(46, true), shnum = v.getUint16(48, true), shstrndx = v.getUint16(50, true);

  const codeSegments: ElfFile["codeSegments"] = [];
  if (phnum > 0) {
    if (phentsize < 32) fail(`bad program header size ${phentsize}`);
    slice(phoff, phentsize * phnum, "program header table");
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phentsize;
      if (v.getUint32(o, true) === 1 && v.getUint32(o + 24, true) & 1) {
        const off = v.getUint32(o + 4, true), filesz = v.getUint32(o + 16, true);
        codeSegments.push({ addr: v.getUint32(o + 8, true), bytes: slice(off, filesz, `segment ${i}`) });
      }
    }
  }
  const sections: ElfSection[] = [];
  const symbols: ElfSymbol[] = [];
  if (shnum > 0) {
    if (shentsize < 40) fail(`bad section header size ${shentsize}`);
    slice(shoff, shentsize * shnum, "section header table");
    const raw = Array.from({ length: shnum }, (_, i) => {
      const o = shoff + i * shentsize;
      const f = (k: number): number => v.getUint32(o + 4 * k, true);
      return { name: f(0), type: f(1), flags: f(2), addr: f(3), offset: f(4), size: f(5), link: f(6) };
    });
    if (shstrndx >= shnum) fail(`section name table index ${shstrndx} is out of range (${shnum} sections)`);
    const shs = raw[shstrndx]!;
    const names = slice(shs.offset, shs.size, "section name table");
    raw.forEach((s, i) => {
      const data = s.type === SHT_NOBITS ? new Uint8Array(0) : i === 0 ? new Uint8Array(0) : slice(s.offset, s.size, `section ${i}`);
      sections.push({ name: cstr(names, s.name), type: s.type, flags: s.flags, addr: s.addr, bytes: data });
    });
    raw.forEach((s, i) => {
      if (s.type !== SHT_SYMTAB) return;
      if (s.link >= shnum) fail(`symbol table ${i} links to missing string table ${s.link}`);
      const strs = sections[s.link]!.bytes;
      const tab = sections[i]!.bytes;
      const tv = new DataView(tab.buffer, tab.byteOffset, tab.byteLength);
      for (let o = 16; o + 16 <= tab.length; o += 16) {
        symbols.push({
          name: cstr(strs, tv.getUint32(o, true)),
          value: tv.getUint32(o + 4, true),
          type: tv.getUint8(o + 12) & 15,
          shndx: tv.getUint16(o + 14, true),
        });
      }
    });
  }
  return { entry, sections, symbols, codeSegments, rvc: (v.getUint32(36, true) & 1) !== 0 };
}
