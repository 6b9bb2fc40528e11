// RV32 integer register names: the ABI names the disassembler prints and every
// spelling the assembler accepts (x0..x31, ABI names, fp for s0).

/** ABI name of each register, indexed by number (what llvm-objdump prints). */
export const ABI_NAMES: readonly string[] = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
  "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
  "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
  "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];

const BY_NAME = new Map<string, number>();
ABI_NAMES.forEach((n, i) => {
  BY_NAME.set(n, i);
  BY_NAME.set(`x${i}`, i);
});
BY_NAME.set("fp", 8);

/** Register number for a name (case-insensitive), or undefined when it is not a register. */
export function parseReg(name: string): number | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** ABI name of register `n` (0..31). */
export function regName(n: number): string {
  return ABI_NAMES[n & 31]!;
}
