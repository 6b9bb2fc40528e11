// The ELF loader: static ELF32 RISC-V executables into a Memory, and the Linux
// initial stack (argc, argv, envp, auxv) a process starts with.
//
// Memory layout of a fresh process (the same for `cryobox run` and kernel exec):
//
//   0x00000000 .. 0x00000fff   never mapped (NULL dereferences fault)
//   PT_LOAD segments            where the file says (lld puts them at 0x10000+)
//   brk                         page-rounded end of the last segment; the heap grows up
//   MMAP_TOP (0x70000000)       anonymous mmap regions are placed below it, downwards
//   STACK_BOTTOM (0x7f7f0000)   8 MiB stack, read/write, not executable
//   STACK_TOP (0x7fff0000)      exclusive; strings, then auxv/envp/argv/argc below
//   0x7fff0000 ..               left to the kernel (its signal trampoline page)
//
// Everything the guest gives us is untrusted: any malformed file is an ElfError
// with a one-line message naming the problem, never another exception.

import { Memory, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from "./memory.js";
import { EM_RISCV, elfIdentProblem } from "./elf-ident.js";
export { EM_RISCV };

/** A file that cannot be loaded; the message is one line naming the problem. */
export class ElfError extends Error {
  override name = "ElfError";
}

export const STACK_TOP = 0x7fff_0000;
export const STACK_SIZE = 8 * 1024 * 1024;
export const STACK_BOTTOM = STACK_TOP - STACK_SIZE;
/** Anonymous mappings are placed below this address, growing down. */
export const MMAP_TOP = 0x7000_0000;
/** Lowest address a segment may occupy: page 0 stays unmapped so NULL faults. */
export const MIN_VADDR = PAGE_SIZE;

export const ET_EXEC = 2;
export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** Auxiliary vector keys (Linux <elf.h>). */
export const AT = {
  NULL: 0,
  PHDR: 3,
  PHENT: 4,
  PHNUM: 5,
  PAGESZ: 6,
  BASE: 7,
  FLAGS: 8,
  ENTRY: 9,
  UID: 11,
  EUID: 12,
  GID: 13,
  EGID: 14,
  HWCAP: 16,
  CLKTCK: 17,
  SECURE: 23,
  RANDOM: 25,
  EXECFN: 31,
} as const;

const PHDR_SIZE = 32;
const MAX_PHNUM = 64;
/** AT_HWCAP for RV32IM: one bit per single-letter extension ('I' = bit 8, 'M' = bit 12). */
const HWCAP_RV32IM = (1 << 8) | (1 << 12);

/** One program header, as read from the file. */
export interface Segment {
  index: number;
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: number;
}

/** A validated executable: its bytes and the facts the loader needs. */
export interface ParsedElf {
  bytes: Uint8Array;
  entry: number;
  phoff: number;
  phnum: number;
  segments: Segment[]; // every program header, in file order
  loads: Segment[]; // the PT_LOAD ones, sorted by vaddr
}

/** What a loaded image tells exec and the initial stack. */
export interface LoadedImage {
  entry: number;
  brk: number;
  phdr: number;
  phnum: number;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** Check that `bytes` is a loadable static RV32 executable; throws ElfError naming the problem. */
export function parseElf(bytes: Uint8Array): ParsedElf {
  const problem = elfIdentProblem(bytes, "executable"); // shared with the disassembler's reader (cpu/elf-ident.ts)
  if (problem !== null) throw new ElfError(problem);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[6] !== 1) throw new ElfError(`unsupported ELF version ${bytes[6]}`);
  const type = dv.getUint16(16, true);
  if (type !== ET_EXEC) {
    const what = type === 3 ? "shared object or PIE (ET_DYN)" : type === 1 ? "relocatable object (ET_REL)" : type === 4 ? "core file" : `type ${type}`;
    throw new ElfError(`not an executable: ${what}; only static ET_EXEC files can be run`);
  }
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  if (phnum === 0) throw new ElfError("no program headers (nothing to load)");
  if (phentsize !== PHDR_SIZE) throw new ElfError(`bad program header size ${phentsize} (expected ${PHDR_SIZE})`);
  if (phnum > MAX_PHNUM) throw new ElfError(`too many program headers (${phnum}, at most ${MAX_PHNUM})`);
  if (phoff + phnum * PHDR_SIZE > bytes.length) {
    throw new ElfError(`truncated program headers (offset ${hex(phoff)} + ${phnum} * ${PHDR_SIZE} > file size ${hex(bytes.length)})`);
  }
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * PHDR_SIZE;
    segments.push({
      index: i,
      type: dv.getUint32(o, true),
      offset: dv.getUint32(o + 4, true),
      vaddr: dv.getUint32(o + 8, true),
      filesz: dv.getUint32(o + 16, true),
      memsz: dv.getUint32(o + 20, true),
      flags: dv.getUint32(o + 24, true),
    });
  }
  if (segments.some((s) => s.type === PT_INTERP)) throw new ElfError("dynamically linked (has PT_INTERP); only static executables can be run");
  const loads = segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  if (loads.length === 0) throw new ElfError("no loadable segment (no PT_LOAD with a non-zero size)");
  for (const s of loads) checkSegment(s, bytes.length);
  loads.sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < loads.length; i++) {
    const a = loads[i - 1]!;
    const b = loads[i]!;
    if (a.vaddr + a.memsz > b.vaddr) {
      throw new ElfError(`segments ${a.index} and ${b.index} overlap (${hex(a.vaddr)}+${hex(a.memsz)} > ${hex(b.vaddr)})`);
    }
  }
  const code = loads.find((s) => entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (!code || (code.flags & PF_X) === 0) throw new ElfError(`entry point ${hex(entry)} is not in an executable segment`);
  if (entry % 4 !== 0) throw new ElfError(`entry point ${hex(entry)} is not 4-byte aligned`);
  return { bytes, entry, phoff, phnum, segments, loads };
}

function checkSegment(s: Segment, fileSize: number): void {
  const n = `segment ${s.index}`;
  if (s.filesz > s.memsz) throw new ElfError(`${n} has file size ${hex(s.filesz)} > memory size ${hex(s.memsz)}`);
  if (s.offset + s.filesz > fileSize) {
    throw new ElfError(`${n} extends past end of file (offset ${hex(s.offset)} + ${hex(s.filesz)} > ${hex(fileSize)})`);
  }
  const end = s.vaddr + s.memsz; // exact in a double: both are < 2^32
  if (end > 2 ** 32) throw new ElfError(`${n} wraps past the end of the address space (${hex(s.vaddr)} + ${hex(s.memsz)})`);
  if (s.vaddr < MIN_VADDR) throw new ElfError(`${n} maps page zero (vaddr ${hex(s.vaddr)} < ${hex(MIN_VADDR)})`);
  if (end > STACK_BOTTOM) {
    throw new ElfError(`${n} reaches into the stack area (${hex(s.vaddr)}..${hex(end)} above ${hex(STACK_BOTTOM)})`);
  }
  if ((s.flags & (PF_R | PF_W | PF_X)) === 0) throw new ElfError(`${n} has no permissions (flags ${hex(s.flags)})`);
}

/** PF_* flags to PROT_* bits; a writable or executable segment is also readable (as on Linux). */
function protOf(flags: number): number {
  let p = 0;
  if (flags & (PF_R | PF_W | PF_X)) p |= PROT_READ;
  if (flags & PF_W) p |= PROT_WRITE;
  if (flags & PF_X) p |= PROT_EXEC;
  return p;
}

function nameOf(prot: number): string {
  return prot & PROT_EXEC ? "text" : prot & PROT_WRITE ? "data" : "rodata";
}

/** Map and fill the PT_LOAD segments of `elf` into `mem`; returns entry, brk and the phdr facts. */
export function loadElf(elf: ParsedElf, mem: Memory): LoadedImage {
  // Two segments may share a page (end of text, start of data): the page gets
  // the union of their permissions, as the hardware cannot split a page.
  const pagePerm = new Map<number, number>();
  for (const s of elf.loads) {
    const first = Math.floor(s.vaddr / PAGE_SIZE);
    const last = Math.floor((s.vaddr + s.memsz - 1) / PAGE_SIZE);
    for (let vpn = first; vpn <= last; vpn++) pagePerm.set(vpn, (pagePerm.get(vpn) ?? 0) | protOf(s.flags));
  }
  const vpns = [...pagePerm.keys()].sort((a, b) => a - b);
  for (let i = 0; i < vpns.length; ) {
    const start = vpns[i]!;
    const perm = pagePerm.get(start)!;
    let j = i + 1;
    while (j < vpns.length && vpns[j] === start + (j - i) && pagePerm.get(vpns[j]!) === perm) j++;
    mem.map(start * PAGE_SIZE, (j - i) * PAGE_SIZE, perm, nameOf(perm));
    i = j;
  }
  for (const s of elf.loads) {
    // The rest of the segment (bss) is already zero: pages of a fresh mapping read as zeros.
    if (s.filesz > 0) mem.poke(s.vaddr, elf.bytes.subarray(s.offset, s.offset + s.filesz));
  }
  const last = elf.loads[elf.loads.length - 1]!;
  const brk = Math.ceil((last.vaddr + last.memsz) / PAGE_SIZE) * PAGE_SIZE;
  return { entry: elf.entry, brk, phdr: phdrAddress(elf), phnum: elf.phnum };
}

/** Where the program headers are in the guest (AT_PHDR): PT_PHDR, else the segment holding them. */
function phdrAddress(elf: ParsedElf): number {
  const pt = elf.segments.find((s) => s.type === PT_PHDR);
  if (pt) return pt.vaddr;
  const holder = elf.loads.find((s) => elf.phoff >= s.offset && elf.phoff < s.offset + s.filesz);
  if (holder) return holder.vaddr + (elf.phoff - holder.offset);
  // Linux's fallback: the first segment's load bias plus the file offset.
  const first = elf.segments.find((s) => s.type === PT_LOAD)!;
  return (first.vaddr - first.offset + elf.phoff) >>> 0;
}

const encoder = new TextEncoder();

/** Where the stack goes: [top - size, top). The kernel may pass its own (smaller) one. */
export interface StackLayout {
  top: number;
  size: number;
}

/**
 * Map the stack and lay out what Linux gives a new process; returns the initial sp.
 * From the stack top down: a NULL word, argv[0] again (AT_EXECFN), envp strings, argv strings,
 * the 16 AT_RANDOM bytes, padding, then (at sp, 16-byte aligned) argc, argv[], NULL, envp[], NULL, auxv.
 */
export function buildInitialStack(
  mem: Memory,
  argv: string[],
  envp: string[],
  image: LoadedImage,
  random16: Uint8Array,
  stack: StackLayout = { top: STACK_TOP, size: STACK_SIZE },
): number {
  if (random16.length !== 16) throw new ElfError(`AT_RANDOM needs 16 bytes, got ${random16.length}`);
  const args = argv.map((s) => encoder.encode(s));
  const envs = envp.map((s) => encoder.encode(s));
  const execfn = args[0] ?? new Uint8Array(0);
  const strBytes = [...args, ...envs, execfn].reduce((n, b) => n + b.length + 1, 0);
  const total = strBytes + 4 * (args.length + envs.length + 2); // pointers count too, as on Linux
  if (total + 512 > stack.size) throw new ElfError(`argument list too long for a ${stack.size}-byte stack`);
  mem.map(stack.top - stack.size, stack.size, PROT_READ | PROT_WRITE, "stack");

  // Strings ascend as Linux copies them: argv[0..], envp[0..], then AT_EXECFN, then a NULL word.
  let p = stack.top - 4 - strBytes;
  let q = p;
  const putString = (b: Uint8Array): number => {
    const at = q;
    mem.poke(at, b);
    mem.poke(at + b.length, new Uint8Array(1));
    q += b.length + 1;
    return at;
  };
  const argAddrs = args.map(putString);
  const envAddrs = envs.map(putString);
  const execfnAddr = putString(execfn);
  p = (p - 16) & ~15;
  const randomAddr = p;
  mem.poke(randomAddr, random16);

  const auxv: [number, number][] = [
    [AT.PHDR, image.phdr],
    [AT.PHENT, PHDR_SIZE],
    [AT.PHNUM, image.phnum],
    [AT.PAGESZ, PAGE_SIZE],
    [AT.BASE, 0],
    [AT.FLAGS, 0],
    [AT.ENTRY, image.entry],
    [AT.UID, 0],
    [AT.EUID, 0],
    [AT.GID, 0],
    [AT.EGID, 0],
    [AT.HWCAP, HWCAP_RV32IM],
    [AT.CLKTCK, 100],
    [AT.SECURE, 0],
    [AT.RANDOM, randomAddr],
    [AT.EXECFN, execfnAddr],
    [AT.NULL, 0],
  ];
  const words = [args.length, ...argAddrs, 0, ...envAddrs, 0, ...auxv.flat()];
  const sp = (p - words.length * 4) & ~15;
  const block = new Uint8Array(words.length * 4);
  const dv = new DataView(block.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  mem.poke(sp, block);
  return sp >>> 0;
}
