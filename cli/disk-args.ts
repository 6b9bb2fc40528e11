// The disk options of `cryobox boot` (issue #9): --disk DIR[:PATH] (repeatable),
// --files POLICY[,PATH=POLICY…] for a restart. Kept apart from boot.ts.

import { type FilesOption, parseFilesOption } from "../machine/disk-restart.js";
import { parseCount } from "../machine/console-parse.js";

export const DISK_USAGE = `  --disk DIR[:PATH]    mount host directory DIR as a disk at PATH (default /mnt, then /mnt1, …); repeatable.
                       With --restore: the directories of the recorded disks (none is opened unless named)
  --files POLICY       with --restore: what to do with disk files changed since the checkpoint:
                       refuse (default), append, replace, reopen, kill; per file: --files refuse,/mnt/log=append
  --tmpfs-size BYTES   what all files in tmpfs (/, /tmp) may hold together (default 64M); past it ENOSPC
`;

export interface DiskArgs {
  disks: string[];
  files: FilesOption | undefined;
  tmpfsSize: number | undefined;
}

/** Handle one disk option; false when `name` is not one. Throws a one-line Error on a bad value. */
export function parseDiskArg(out: DiskArgs, name: string, value: () => string): boolean {
  if (name === "--disk") {
    const v = value();
    if (v === "") throw new Error("--disk wants DIR or DIR:PATH");
    out.disks.push(v);
    return true;
  }
  if (name === "--tmpfs-size") {
    const v = value();
    const n = parseCount(v);
    if (n === null || n <= 0) throw new Error(`--tmpfs-size wants a number of bytes (64M, 1G, …), not '${v}'`);
    out.tmpfsSize = n;
    return true;
  }
  if (name === "--files") {
    out.files = parseFilesOption(value());
    return true;
  }
  return false;
}
