// Restore checks for the mount layer: what Inode.mount, disk open files and
// disk working directories may say in a state the kernel could have built.

import type { KernelState } from "./state.js";

type Fail = (path: string, problem: string) => never;

/** A path inside a disk as the kernel writes it: names joined by "/", none empty, ".", ".." or holding NUL. */
function diskPathOk(path: string): boolean {
  if (path === "") return true;
  return path.length <= 4096 && path.split("/").every((c) => c !== "" && c !== "." && c !== ".." && !c.includes("\0") && c.length <= 255);
}

export function validateMounts(s: KernelState, fail: Fail): void {
  let procs = 0;
  const devs = new Set<number>();
  for (const [ino, n] of s.inodes) {
    if (n.mount.kind === "none") continue;
    const at = `$.inodes[${ino}].mount`;
    if (n.type !== "dir") fail(at, `is a ${n.mount.kind} mount on a ${n.type}, not a directory`);
    if (ino === s.rootIno) fail(at, "is a mount on the root directory (tmpfs is the root)");
    if (n.entries.length > 0 && n.mount.kind === "disk") fail(at, "covers a directory that is not empty");
    if (n.mount.kind === "proc" && ++procs > 1) fail(at, "is a second procfs mount");
    if (n.mount.kind === "disk") {
      if (devs.has(n.mount.dev)) fail(`${at}.dev`, `disk number ${n.mount.dev} is used twice`);
      devs.add(n.mount.dev);
    }
  }
  const isDisk = (ino: number) => s.inodes.get(ino)?.mount.kind === "disk";
  for (const [id, f] of s.openFiles) {
    const t = f.target;
    if (t.kind !== "disk") continue;
    if (!isDisk(t.at)) fail(`$.openFiles[${id}].target.at`, `names inode ${t.at}, which has no disk mounted`);
    if (!diskPathOk(t.path)) fail(`$.openFiles[${id}].target.path`, `is ${JSON.stringify(t.path)}, which is not a path inside a disk`);
  }
  for (const [pid, p] of s.procs) {
    if (p.cwdPath === "") continue;
    if (!isDisk(p.cwd)) fail(`$.procs[${pid}].cwdPath`, `is ${JSON.stringify(p.cwdPath)}, but the cwd (inode ${p.cwd}) has no disk mounted`);
    if (!diskPathOk(p.cwdPath)) fail(`$.procs[${pid}].cwdPath`, `is ${JSON.stringify(p.cwdPath)}, which is not a path inside a disk`);
  }
}
