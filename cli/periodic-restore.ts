// `cryobox boot --restore DIR`: when the path is a folder (of periodic
// checkpoints, machine/host-periodic.ts), restart its newest point that
// restores; damaged or partial points are skipped with a one-line note each,
// which joins the machine's restart notes.

import { statSync } from "node:fs";
import { newestPoint, pointOptions } from "../machine/host-periodic.js";
import type { Machine } from "../machine/machine.js";

/** The machine of the newest valid point of folder `path`, or null when `path` is not a folder. */
export function restoreNewest(path: string, restore: (bytes: Uint8Array, more: ReturnType<typeof pointOptions>) => Machine): Machine | null {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return null; // the file path's own error is reported by the caller
  }
  if (!isDir) return null;
  const { value: m, file, notes } = newestPoint(path, (bytes, name) => restore(bytes, pointOptions(path, name)));
  m.notes.unshift(...notes, `restarted the newest valid point ${file}`);
  return m;
}
