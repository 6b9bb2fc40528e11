// The assembler/disassembler's public surface, for the CLI, tests and tools.

export { assemble } from "./assemble.js";
export type { AsmProgram, AsmSection, AsmSymbol } from "./assemble.js";
export { AsmError } from "./errors.js";
export { writeElf } from "./elf-write.js";
export { readElf, ElfReadError } from "./elf-read.js";
export { listElf, symbolizer } from "./listing.js";
export { disassemble, disassembleLine, formatInsn, canonical } from "./disasm.js";
export type { DisasmLine, Symbolizer } from "./disasm.js";
export { decode, encode, OPS } from "./isa.js";
export type { Insn, OpDef, Format } from "./isa.js";
