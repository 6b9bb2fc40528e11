// Disks as the Machine and its operator name them: `DIR` or `DIR:PATH` (the
// CLI's --disk, Machine.boot/restore({ disks })), or a ready HostDir (the
// in-memory one in tests and the browser). The default mount points are /mnt,
// then /mnt1, /mnt2, … in the order given.

import type { HostDir } from "../devices/disk/dir.js";
import { platform } from "./platform.js";

/** A disk to attach: a host directory path ("DIR" or "DIR:PATH"), or a HostDir with an optional mount point. */
export type DiskSpec = string | { dir: string | HostDir; at?: string };

/** The default mount point of the i-th disk given without one. */
export function defaultMountPoint(i: number): string {
  return i === 0 ? "/mnt" : `/mnt${i}`;
}

/** "DIR[:PATH]" split: PATH is what follows the last ':' when it is an absolute machine path. */
export function parseDiskArg(arg: string): { dir: string; at?: string } {
  const i = arg.lastIndexOf(":");
  if (i > 0 && arg[i + 1] === "/") return { dir: arg.slice(0, i), at: arg.slice(i + 1) };
  return { dir: arg };
}

/** A mount point must be an absolute path of plain names. */
export function checkMountPoint(at: string): string {
  const parts = at.split("/").filter((c) => c !== "");
  if (!at.startsWith("/") || parts.length === 0 || parts.some((c) => c === "." || c === ".." || c.includes("\0"))) {
    throw new RangeError(`bad mount point ${JSON.stringify(at)}: give an absolute path below / such as /mnt`);
  }
  return "/" + parts.join("/");
}

/** Open each spec (a host directory that is not a directory is a DiskDirError naming it); mount points filled in. */
export function openDiskSpecs(specs: readonly DiskSpec[]): { dir: HostDir; at: string | undefined }[] {
  return specs.map((s) => {
    const { dir, at } = typeof s === "string" ? parseDiskArg(s) : s;
    return { dir: typeof dir === "string" ? platform(`disk ${dir}`).openDir(dir) : dir, at: at === undefined ? undefined : checkMountPoint(at) };
  });
}

/** Mount points for specs at boot: given ones as is, the others /mnt, /mnt1, … skipping those taken. */
export function assignMountPoints(specs: { dir: HostDir; at: string | undefined }[]): { dir: HostDir; at: string }[] {
  const taken = new Set(specs.flatMap((s) => (s.at ? [s.at] : [])));
  let next = 0;
  return specs.map((s) => {
    if (s.at) return { dir: s.dir, at: s.at };
    while (taken.has(defaultMountPoint(next))) next++;
    const at = defaultMountPoint(next++);
    taken.add(at);
    return { dir: s.dir, at };
  });
}
