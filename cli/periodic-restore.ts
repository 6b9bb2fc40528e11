// `cryobox boot --restore PATH [--chain DIR]...`: when PATH is a folder (of
// periodic checkpoints, machine/host-periodic.ts), restart its newest point
// that restores; damaged or partial points are skipped with a one-line note
// each, which joins the machine's restart notes. When PATH is one file, an
// incremental snapshot's ancestors are looked for in its own folder and in
// every folder named with --chain (as restart-system --chain and inspect
// --chain do): a user restoring one incremental file copied away from its
// parents names where they are. Only those folders are ever opened.

import { statSync } from "node:fs";
import { newestPoint, pointOptions } from "../machine/host-periodic.js";
import { folderResolver } from "../machine/host-chain.js";
import type { Machine } from "../machine/machine.js";

export const RESTORE_CHAIN_USAGE = `  --chain DIR          with --restore: another folder holding an incremental snapshot's ancestors
                       (repeatable; the snapshot's own folder is always searched first)
`;

/** `--chain DIR` of boot (repeatable), into `out.chain` (left absent when not given). */
export function parseRestoreChainArg(out: { chain?: string[] }, name: string, value: () => string): boolean {
  if (name !== "--chain") return false;
  (out.chain ??= []).push(value());
  return true;
}

/** The usage error of --chain without --restore, or null. */
export function checkRestoreChain(dirs: readonly string[], restore: string | null): string | null {
  return dirs.length > 0 && restore === null ? "--chain names where a restored snapshot's ancestors are: it needs --restore FILE" : null;
}

/** The machine of the newest valid point of folder `path` (ancestors: that folder, then `chain`), or null when `path` is not a folder. */
export function restoreNewest(path: string, restore: (bytes: Uint8Array, more: ReturnType<typeof pointOptions>) => Machine, chain: readonly string[] = []): Machine | null {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return null; // the file path's own error is reported by the caller
  }
  if (!isDir) return null;
  const { value: m, file, notes } = newestPoint(path, (bytes, name) => {
    const point = pointOptions(path, name);
    return restore(bytes, chain.length === 0 ? point : { ...point, parents: folderResolver([path, ...chain]) });
  });
  m.notes.unshift(...notes, `restarted the newest valid point ${file}`);
  return m;
}
