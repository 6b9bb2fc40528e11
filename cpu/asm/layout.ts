// Where things go in the executable: the ELF header and program headers at
// 0x10000, .text and .rodata right after them in one R+X segment, .data and
// .bss in an R+W segment on the next page (file offset ≡ address mod 4096, as
// lld and the Linux loader require). Shared by the assembler and the ELF writer.

export const TEXT_BASE = 0x10000;
export const PAGE = 0x1000;
export const EHDR_SIZE = 52;
export const PHDR_SIZE = 32;

/** The output sections, in file order. */
export const SECTION_NAMES = [".text", ".rodata", ".data", ".bss"] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** Per-section placement: file offset (bss: where it would be) and address. */
export interface Placement {
  offset: number;
  addr: number;
}

export function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

/** Number of PT_LOAD headers: one for code, one more when there is any data or bss. */
export function segmentCount(sizes: Record<SectionName, number>): number {
  return sizes[".data"] + sizes[".bss"] > 0 ? 2 : 1;
}

/** Place every section given its size and alignment. */
export function placeSections(
  sizes: Record<SectionName, number>,
  aligns: Record<SectionName, number>,
): Record<SectionName, Placement> {
  // Room for two program headers even when there is no data, so code always starts at 0x10074.
  const hdr = EHDR_SIZE + PHDR_SIZE * 2;
  const textOff = alignUp(hdr, Math.max(4, aligns[".text"]));
  const roOff = alignUp(textOff + sizes[".text"], aligns[".rodata"]);
  const codeEnd = roOff + sizes[".rodata"];
  const dataOff = alignUp(codeEnd, aligns[".data"]);
  // Next page after the code, keeping address ≡ offset (mod PAGE).
  const dataAddr = alignUp(TEXT_BASE + codeEnd, PAGE) + (dataOff % PAGE);
  const bssAddr = alignUp(dataAddr + sizes[".data"], aligns[".bss"]);
  return {
    ".text": { offset: textOff, addr: TEXT_BASE + textOff },
    ".rodata": { offset: roOff, addr: TEXT_BASE + roOff },
    ".data": { offset: dataOff, addr: dataAddr },
    ".bss": { offset: dataOff + sizes[".data"], addr: bssAddr },
  };
}
