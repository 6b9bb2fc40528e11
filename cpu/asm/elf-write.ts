// Writes an assembled program as a static ELF32 RISC-V executable: ELF header,
// one or two PT_LOAD segments (code R+X, data+bss R+W), section headers and a
// symbol table so disassemblers can show labels. Pure: returns the bytes.

import { AsmProgram, AsmSymbol } from "./assemble.js";
import { alignUp, EHDR_SIZE, PAGE, PHDR_SIZE, SectionName, TEXT_BASE } from "./layout.js";

export /** e_flags bit: the code may contain compressed instructions (listers then step 2 bytes). */
const EF_RISCV_RVC = 1;
const EM_RISCV = 243;
const SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8;
const SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
const PT_LOAD = 1, PF_X = 1, PF_W = 2, PF_R = 4;
const SHN_ABS = 0xfff1;
const SHDR_SIZE = 40, SYM_SIZE = 16;

const FLAGS: Record<SectionName, [number, number]> = {
  ".text": [SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR],
  ".rodata": [SHT_PROGBITS, SHF_ALLOC],
  ".data": [SHT_PROGBITS, SHF_ALLOC | SHF_WRITE],
  ".bss": [SHT_NOBITS, SHF_ALLOC | SHF_WRITE],
};

class StrTab {
  readonly bytes: number[] = [0];
  add(s: string): number {
    const at = this.bytes.length;
    this.bytes.push(...new TextEncoder().encode(s), 0);
    return at;
  }
}

interface Shdr {
  name: number; type: number; flags: number; addr: number; offset: number; size: number;
  link: number; info: number; align: number; entsize: number;
}

/** Build the executable's bytes. */
export function writeElf(prog: AsmProgram): Uint8Array {
  const sec = Object.fromEntries(prog.sections.map((s) => [s.name, s])) as Record<SectionName, AsmProgram["sections"][number]>;
  const hasData = sec[".data"].size + sec[".bss"].size > 0;
  const phnum = hasData ? 2 : 1;
  const codeEnd = sec[".rodata"].offset + sec[".rodata"].size;
  const fileEnd = hasData ? sec[".data"].offset + sec[".data"].size : codeEnd;

  const shstr = new StrTab();
  const shdrs: Shdr[] = [{ name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }];
  const index = new Map<SectionName, number>();
  for (const s of prog.sections) {
    if (s.size === 0 && s.name !== ".text") continue;
    const [type, flags] = FLAGS[s.name];
    index.set(s.name, shdrs.length);
    shdrs.push({ name: shstr.add(s.name), type, flags, addr: s.addr, offset: s.offset, size: s.size, link: 0, info: 0, align: s.align, entsize: 0 });
  }

  // Symbol table: locals first (ELF requires it), then globals.
  const strtab = new StrTab();
  const ordered: AsmSymbol[] = [...prog.symbols.filter((s) => !s.global), ...prog.symbols.filter((s) => s.global)];
  const symBytes = new Uint8Array(SYM_SIZE * (ordered.length + 1));
  const sv = new DataView(symBytes.buffer);
  ordered.forEach((s, i) => {
    const o = SYM_SIZE * (i + 1);
    sv.setUint32(o, strtab.add(s.name), true);
    sv.setUint32(o + 4, s.value >>> 0, true);
    sv.setUint8(o + 12, (s.global ? 1 : 0) << 4); // STT_NOTYPE
    sv.setUint16(o + 14, s.section === null ? SHN_ABS : index.get(s.section) ?? SHN_ABS, true);
  });
  const firstGlobal = 1 + prog.symbols.filter((s) => !s.global).length;
  const symtabOff = alignUp(fileEnd, 4);
  const symtabIdx = shdrs.length;
  shdrs.push({ name: shstr.add(".symtab"), type: SHT_SYMTAB, flags: 0, addr: 0, offset: symtabOff, size: symBytes.length, link: symtabIdx + 1, info: firstGlobal, align: 4, entsize: SYM_SIZE });
  const strtabOff = symtabOff + symBytes.length;
  shdrs.push({ name: shstr.add(".strtab"), type: SHT_STRTAB, flags: 0, addr: 0, offset: strtabOff, size: strtab.bytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  const shstrIdx = shdrs.length;
  const shstrName = shstr.add(".shstrtab");
  const shstrOff = strtabOff + strtab.bytes.length;
  shdrs.push({ name: shstrName, type: SHT_STRTAB, flags: 0, addr: 0, offset: shstrOff, size: shstr.bytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  const shoff = alignUp(shstrOff + shstr.bytes.length, 4);

  const out = new Uint8Array(shoff + SHDR_SIZE * shdrs.length);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]); // ELFCLASS32, little-endian, version 1, SYSV ABI
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, EM_RISCV, true);
  v.setUint32(20, 1, true);
  v.setUint32(24, prog.entry >>> 0, true);
  v.setUint32(28, EHDR_SIZE, true);
  v.setUint32(32, shoff, true);
  v.setUint32(36, prog.rvc ? EF_RISCV_RVC : 0, true); // e_flags: soft-float ABI, RVC when compressed code is in it
  v.setUint16(40, EHDR_SIZE, true);
  v.setUint16(42, PHDR_SIZE, true);
  v.setUint16(44, phnum, true);
  v.setUint16(46, SHDR_SIZE, true);
  v.setUint16(48, shdrs.length, true);
  v.setUint16(50, shstrIdx, true);

  const phdr = (i: number, off: number, addr: number, filesz: number, memsz: number, flags: number): void => {
    const o = EHDR_SIZE + PHDR_SIZE * i;
    v.setUint32(o, PT_LOAD, true);
    v.setUint32(o + 4, off, true);
    v.setUint32(o + 8, addr, true);
    v.setUint32(o + 12, addr, true);
    v.setUint32(o + 16, filesz, true);
    v.setUint32(o + 20, memsz, true);
    v.setUint32(o + 24, flags, true);
    v.setUint32(o + 28, PAGE, true);
  };
  phdr(0, 0, TEXT_BASE, codeEnd, codeEnd, PF_R | PF_X);
  if (hasData) {
    const d = sec[".data"], b = sec[".bss"];
    phdr(1, d.offset, d.addr, d.size, Math.max(d.size, b.addr + b.size - d.addr), PF_R | PF_W);
  }
  for (const s of prog.sections) if (s.name !== ".bss") out.set(s.bytes, s.offset);
  out.set(symBytes, symtabOff);
  out.set(strtab.bytes, strtabOff);
  out.set(shstr.bytes, shstrOff);
  shdrs.forEach((h, i) => {
    const o = shoff + SHDR_SIZE * i;
    [h.name, h.type, h.flags, h.addr, h.offset, h.size, h.link, h.info, h.align, h.entsize]
      .forEach((x, j) => v.setUint32(o + 4 * j, x >>> 0, true));
  });
  return out;
}
