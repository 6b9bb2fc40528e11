// Placeholder until `cryobox asm`/`disasm` land (owned by the assembler task).
export async function asmCommand(_args: string[]): Promise<number> {
  process.stderr.write("cryobox asm: not built yet\n");
  return 2;
}
export async function disasmCommand(_args: string[]): Promise<number> {
  process.stderr.write("cryobox disasm: not built yet\n");
  return 2;
}
