// The console's side of incremental and compressed checkpoints
// (docs/checkpoints.md): the options `checkpoint-system` passes to
// Machine.checkpoint, the `--chain DIR` options of `restart-system`, and the
// line that tells an operator what an incremental checkpoint stored.

import type { CheckpointOptions, Machine } from "./machine.js";

/** The last path component of `file` (the name a child records for its parent). */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] ?? file;
}

/** Machine.checkpoint options of `checkpoint-system FILE [--with-files] [--incremental] [--compress C]`: always tracked. */
export function checkpointSystemOptions(file: string, cmd: { withFiles: boolean; incremental: boolean; compress: string | null }): CheckpointOptions {
  return { withFiles: cmd.withFiles, incremental: cmd.incremental, compress: cmd.compress ?? undefined, name: baseName(file) };
}

/** Split `--chain DIR` options (folders to look for ancestors in) from the other restart-system options. */
export function splitChainArgs(args: readonly string[]): { rest: string[]; dirs: string[] } {
  const rest: string[] = [];
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--chain" && i + 1 < args.length) dirs.push(args[++i]!);
    else rest.push(args[i]!);
  }
  return { rest, dirs };
}

/** The line after checkpoint-system's summary: what an incremental or compressed checkpoint holds (empty for a plain one). */
export function describeChainCheckpoint(m: Machine): string[] {
  const last = m.checkpoints.last;
  if (!last || (last.parent === null && last.compress === "none")) return [];
  const parts: string[] = [];
  if (last.parent) parts.push(`incremental: ${last.stored} of ${last.pages} pages stored, parent ${last.parent.name || "(unnamed)"} (id ${last.parent.id.slice(0, 12)})`);
  else parts.push(`full: ${last.stored} pages`);
  if (last.compress !== "none") parts.push(`page data ${last.compress}-compressed to ${last.dataBytes} bytes`);
  return [parts.join("; ")];
}
