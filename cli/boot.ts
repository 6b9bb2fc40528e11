// Placeholder until `cryobox boot` lands (owned by the snapshot/console task).
export async function bootCommand(_args: string[]): Promise<number> {
  process.stderr.write("cryobox boot: not built yet\n");
  return 2;
}
