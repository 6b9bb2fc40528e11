// Placeholder until `cryobox inspect`/`diff` land (owned by the snapshot/console task).
export async function inspectCommand(_args: string[]): Promise<number> {
  process.stderr.write("cryobox inspect: not built yet\n");
  return 2;
}
export async function diffCommand(_args: string[]): Promise<number> {
  process.stderr.write("cryobox diff: not built yet\n");
  return 2;
}
