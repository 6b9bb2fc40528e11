// `cryobox disasm`'s output: the executable sections of an ELF file listed like
// `llvm-objdump -d` (address, bytes, instruction, label headers, branch
// targets named after the nearest label).

import { disassembleLine, Symbolizer } from "./disasm.js";
import { ElfFile, readElf, SHF_EXECINSTR } from "./elf-read.js";

const STT_SECTION = 3, STT_FILE = 4;

/** Labels sorted by address, for headers and for naming targets. */
function labels(elf: ElfFile): { addr: number; name: string }[] {
  return elf.symbols
    .filter((s) => s.name !== "" && s.shndx !== 0 && s.shndx < 0xff00 && s.type !== STT_SECTION && s.type !== STT_FILE)
    .map((s) => ({ addr: s.value >>> 0, name: s.name }))
    .sort((a, b) => a.addr - b.addr || (a.name < b.name ? -1 : 1));
}

/** Names an address as `label` or `label+0x…` using the nearest label at or below it. */
export function symbolizer(sorted: { addr: number; name: string }[]): Symbolizer {
  return (addr) => {
    let lo = 0, hi = sorted.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.addr <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    const s = sorted[best]!;
    return addr === s.addr ? s.name : `${s.name}+0x${(addr - s.addr).toString(16)}`;
  };
}

/** Zero bytes at `from` (before `end`), in whole words, when there are at least 8; else 0. */
function zeroRun(bytes: Uint8Array, from: number, end: number): number {
  let n = 0;
  while (from + n < end && bytes[from + n] === 0) n++;
  return n < 8 ? 0 : n & ~3;
}

const h8 = (n: number): string => (n >>> 0).toString(16).padStart(8, "0");

/** Listing of one block of code starting at `addr`. */
function listBlock(
  out: string[], title: string, addr: number, bytes: Uint8Array, sorted: { addr: number; name: string }[], aliases: boolean, rvc: boolean,
): void {
  // Like llvm-objdump: a file without the RVC flag is read a word at a time.
  const sizeAt = (i: number): number => (!rvc || (bytes[i]! & 3) === 3 ? 4 : 2);
  const sym = symbolizer(sorted);
  const at = new Map<number, string[]>();
  for (const l of sorted) at.set(l.addr, [...(at.get(l.addr) ?? []), l.name]);
  out.push("", `Disassembly of section ${title}:`);
  if (!at.has(addr)) out.push("", `${h8(addr)} <${title}>:`);
  let k = 0; // index of the first label above pc (labels are sorted)
  for (let i = 0; i < bytes.length; i += sizeAt(i)) {
    const pc = (addr + i) >>> 0;
    for (const name of at.get(pc) ?? []) out.push("", `${h8(pc)} <${name}>:`);
    while (k < sorted.length && sorted[k]!.addr <= pc) k++;
    // Like objdump: a run of 8+ zero bytes up to the next label is shown as "...".
    const next = sorted[k]?.addr;
    const zeros = zeroRun(bytes, i, next === undefined ? bytes.length : Math.min(bytes.length, i + next - pc));
    if (zeros > 0) {
      out.push("\t\t...");
      i += zeros - sizeAt(i + zeros - 2); // the loop then steps over the last (zero) parcel
      continue;
    }
    const size = sizeAt(i); // a compressed parcel or a full word
    const chunk = bytes.subarray(i, i + size);
    const raw = Array.from(chunk, (b) => b.toString(16).padStart(2, "0")).join(" ");
    if (chunk.length < size) {
      out.push(`${pc.toString(16).padStart(8)}: ${raw.padEnd(11)}  \t<unknown>`);
      break;
    }
    const w = size === 2 ? chunk[0]! | (chunk[1]! << 8) : chunk[0]! | (chunk[1]! << 8) | (chunk[2]! << 16) | (chunk[3]! << 24);
    const d = !rvc && (w & 3) !== 3 ? { mnemonic: ".word", operands: `0x${(w >>> 0).toString(16).padStart(8, "0")}` } : disassembleLine(w, pc, sym, aliases);
    out.push(`${pc.toString(16).padStart(8)}: ${raw.padEnd(11)}  \t${d.mnemonic}${d.operands ? `\t${d.operands}` : ""}`);
  }
}

/** The whole listing for an ELF file's bytes (throws ElfReadError for a bad file).
 *  `aliases: false` shows real instructions only (like llvm-objdump -M no-aliases). */
export function listElf(bytes: Uint8Array, fileName: string, aliases = true): string {
  const elf = readElf(bytes);
  const sorted = labels(elf);
  const out = ["", `${fileName}:\tfile format elf32-littleriscv`];
  const code = elf.sections.filter((s) => s.flags & SHF_EXECINSTR && s.bytes.length > 0);
  if (code.length > 0) for (const s of code) listBlock(out, s.name, s.addr, s.bytes, sorted, aliases, elf.rvc);
  else elf.codeSegments.forEach((s, i) => listBlock(out, `segment${i}`, s.addr, s.bytes, sorted, aliases, elf.rvc));
  return out.join("\n") + "\n";
}
