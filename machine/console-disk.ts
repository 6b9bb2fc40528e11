// The console's disk commands (issue #9): `attach disk DIR [PATH]`,
// `detach disk PATH`, and the options of `restart-system FILE [--files POLICY]
// [--disk DIR[:PATH]]…`. A restart from the console re-attaches, by mount
// point, the directories the running machine has attached (the operator named
// them already); --disk names others.

import type { Machine, RestoreOptions } from "./machine.js";
import { diskHosts } from "../kernel/fs-disk.js";
import { MountError } from "../kernel/mount.js";
import { pathOf } from "../kernel/vfs.js";
import { DiskDirError } from "../devices/disk/dir.js";
import { type DiskSpec, parseDiskArg } from "./disks.js";
import { type FilesOption, parseFilesOption } from "./disk-restart.js";

/** A disk command the operator got wrong (shown as one line, never as a bug). */
export class DiskCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiskCommandError";
  }
}

function operatorError(e: unknown): never {
  if (e instanceof MountError || e instanceof DiskDirError || e instanceof RangeError) throw new DiskCommandError(e.message);
  throw e;
}

/** attach disk DIR [PATH]: the mount point used. */
export function attachDiskCommand(m: Machine, dir: string, at: string | null): string {
  try {
    const where = m.attachDisk(dir, at ?? undefined);
    return `disk ${where} ← ${dir}`;
  } catch (e) {
    return operatorError(e);
  }
}

/** detach disk PATH (refused while a file on it is open or it is someone's cwd). */
export function detachDiskCommand(m: Machine, at: string): string {
  try {
    m.detachDisk(at);
    return `disk ${at}: detached`;
  } catch (e) {
    return operatorError(e);
  }
}

/** The restore options of `restart-system FILE ARGS…` given the running machine (or none). */
export function restartSystemOptions(running: Machine | null, args: readonly string[]): Pick<RestoreOptions, "disks" | "files"> {
  const disks: DiskSpec[] = [];
  let files: FilesOption | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = (): string => {
      const x = args[++i];
      if (x === undefined) throw new DiskCommandError(`${a} needs a value`);
      return x;
    };
    if (a === "--files") files = parseFilesOption(v());
    else if (a === "--disk") disks.push(v());
    else throw new DiskCommandError(`restart-system: unknown option '${a}' (--files POLICY, --disk DIR[:PATH])`);
  }
  const named = new Set(disks.map((d) => (typeof d === "string" ? parseDiskArg(d).at : undefined)).filter((x) => x !== undefined));
  if (running) {
    for (const [ino, dir] of diskHosts(running.kernel)) {
      const at = pathOf(running.kernel, ino);
      if (!named.has(at)) disks.push({ dir, at });
    }
  }
  return { disks, files };
}
