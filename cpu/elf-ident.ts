// The ELF identification both ELF readers check first — the loader
// (cpu/elf.ts: program headers, to run a file) and the disassembler's reader
// (cpu/asm/elf-read.ts: sections and symbols, to list one): magic number,
// header length, 32-bit class, little-endian data, RISC-V machine. One place,
// so the two cannot disagree on what an RV32 ELF file is or how a bad one is
// named. Each reader adds its own checks (the loader: ET_EXEC, version, …).

/** Size of the ELF32 file header. */
export const EHDR_SIZE = 52;
/** e_machine of RISC-V. */
export const EM_RISCV = 243;

/** Why `bytes` is not an ELF32 little-endian RISC-V file (one line; `noun` names what was expected), or null. */
export function elfIdentProblem(bytes: Uint8Array, noun = "ELF file"): string | null {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    return `not an ELF file (magic ${magic || "missing: empty file"})`;
  }
  if (bytes.length < EHDR_SIZE) return `truncated ELF header (${bytes.length} bytes, need ${EHDR_SIZE})`;
  if (bytes[4] !== 1) return `not a 32-bit ELF file (class ${bytes[4]}${bytes[4] === 2 ? ", ELF64" : ""})`;
  if (bytes[5] !== 1) return `not a little-endian ELF file (data encoding ${bytes[5]}${bytes[5] === 2 ? ", big-endian" : ""})`;
  const machine = bytes[18]! | (bytes[19]! << 8);
  if (machine !== EM_RISCV) return `not a RISC-V ${noun} (machine ${machine}, expected ${EM_RISCV})`;
  return null;
}
