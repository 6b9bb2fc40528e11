// Placeholder until `cryobox run` lands (owned by the ELF/run task).
export async function runCommand(_args: string[]): Promise<number> {
  process.stderr.write("cryobox run: not built yet\n");
  return 2;
}
