// The mount layer of the VFS: tmpfs is the root file system; a directory inode
// may have another file system mounted on it (Inode.mount: procfs, or a disk).
// Path resolution crosses mounts here and only here (enter on the way down,
// ".." out of a mounted root on the way up); everything else asks fsOf(node)
// and never which file system it is talking to.

import type { Kernel } from "./kernel.js";
import type { FileTarget, Mount, ProcState } from "./state.js";
import { EBUSY, ENAMETOOLONG } from "./errno.js";
import { NAME_MAX, PATH_MAX } from "./param.js";
import type { FileSystem, Node } from "./fs-types.js";
import { tmpfs } from "./fs-tmpfs.js";
import { procfs } from "./fs-proc.js";
import { diskHosts, diskPathBusy, diskfs } from "./fs-disk.js";
import type { HostDir } from "../devices/disk/dir.js";
import { walkParent, walkPath } from "./namei.js";

const SYSTEMS: Record<Node["fs"], FileSystem> = { tmpfs, proc: procfs, disk: diskfs };

/** The file system that owns node n. */
export function fsOf(n: Node): FileSystem {
  return SYSTEMS[n.fs];
}

/** The root of the file system mounted on tmpfs inode `ino`, or the inode itself when nothing is. */
export function enter(k: Kernel, n: Node): Node {
  if (n.fs !== "tmpfs") return n;
  const m = k.state.inodes.get(n.ino)?.mount;
  if (!m || m.kind === "none") return n;
  return m.kind === "proc" ? { fs: "proc", at: n.ino, path: "" } : { fs: "disk", at: n.ino, path: "" };
}

/** The root directory, as path resolution starts from it. */
export function rootNode(k: Kernel): Node {
  return enter(k, { fs: "tmpfs", ino: k.state.rootIno });
}

/** One step of path resolution from directory `cur`: ".", "..", or a name (symbolic links: namei.ts). */
export function step(k: Kernel, p: ProcState | null, cur: Node, name: string): Node | number {
  if (name === ".") return cur;
  if (name === "..") {
    const up = fsOf(cur).parent(k, cur);
    if (up === null) {
      if (cur.fs === "tmpfs") return cur; // "/.." is "/"
      const mp = tmpfs.parent(k, { fs: "tmpfs", ino: cur.at }); // out of a mounted root: the mount point's parent
      return mp === null ? rootNode(k) : typeof mp === "number" ? mp : enter(k, mp);
    }
    return typeof up === "number" ? up : enter(k, up);
  }
  const r = fsOf(cur).lookup(k, p, cur, name);
  return typeof r === "number" ? r : enter(k, r);
}

export function splitPath(path: string): string[] | number {
  if (path.length > PATH_MAX) return -ENAMETOOLONG;
  const parts = path.split("/").filter((c) => c !== "");
  if (parts.some((c) => c.length > NAME_MAX)) return -ENAMETOOLONG;
  return parts;
}

/**
 * Resolve `path` from directory `base` (absolute paths from the root) for process p, following
 * symbolic links (namei.ts); a link as the last component only when `follow` (lstat, unlink,
 * rename, readlink and O_NOFOLLOW pass false).
 */
export function lookupPath(k: Kernel, p: ProcState | null, base: Node, path: string, follow = true): Node | number {
  return walkPath(k, p, base, path, follow);
}

/** Resolve all but the last component: the directory and the final name (which may be "." or ".."). */
export function lookupParent(k: Kernel, p: ProcState | null, base: Node, path: string): { dir: Node; name: string } | number {
  return walkParent(k, p, base, path);
}

/** Compatibility for callers that think in tmpfs inodes: resolve from inode `base`. */
export function resolve(k: Kernel, base: number, path: string): Node | number {
  return lookupPath(k, null, { fs: "tmpfs", ino: base }, path);
}

/** p's working directory as a node. */
export function cwdNode(k: Kernel, p: ProcState): Node {
  const n = enter(k, { fs: "tmpfs", ino: p.cwd });
  if (n.fs === "tmpfs" || p.cwdPath === "") return n;
  return { ...n, path: p.cwdPath };
}

/** Make directory node n p's working directory. */
export function setCwd(p: ProcState, n: Node): void {
  if (n.fs === "tmpfs") {
    p.cwd = n.ino;
    p.cwdPath = "";
  } else {
    p.cwd = n.at;
    p.cwdPath = n.path;
  }
}

/** The node an open-file target names, or null for targets that are not files (pipes, ttys, …). */
export function targetNode(k: Kernel, t: FileTarget): Node | null {
  if (t.kind === "inode") return { fs: "tmpfs", ino: t.ino };
  if (t.kind === "disk") return { fs: "disk", at: t.at, path: t.path };
  if (t.kind === "proc") return { fs: "proc", at: procAt(k), path: t.path };
  return null;
}

/** The open-file target for node n. */
export function nodeTarget(n: Node): FileTarget {
  if (n.fs === "tmpfs") return { kind: "inode", ino: n.ino };
  if (n.fs === "disk") return { kind: "disk", at: n.at, path: n.path };
  return { kind: "proc", path: n.path };
}

function procAt(k: Kernel): number {
  for (const n of k.state.inodes.values()) if (n.mount.kind === "proc") return n.ino;
  return k.state.rootIno;
}

/** Are a and b the same file system (rename's EXDEV test)? */
export function sameFs(a: Node, b: Node): boolean {
  if (a.fs !== b.fs) return false;
  return a.fs === "tmpfs" || a.at === (b as { at: number }).at;
}

/** The absolute path of directory node n (getcwd), from the tmpfs names up to the root. */
export function nodePath(k: Kernel, n: Node, pathOfIno: (ino: number) => string): string {
  if (n.fs === "tmpfs") return pathOfIno(n.ino);
  const base = pathOfIno(n.at);
  if (n.path === "") return base;
  return (base === "/" ? "" : base) + "/" + n.path;
}

/** Every mount in k: mount-point inode and what is mounted there, in inode order. */
export function mounts(k: Kernel): { at: number; mount: Exclude<Mount, { kind: "none" }> }[] {
  const out: { at: number; mount: Exclude<Mount, { kind: "none" }> }[] = [];
  for (const n of k.state.inodes.values()) if (n.mount.kind !== "none") out.push({ at: n.ino, mount: n.mount });
  return out.sort((a, b) => a.at - b.at);
}

/** Why a disk cannot be mounted on tmpfs directory `ino` (busy, not a directory, …), or null. */
function mountProblem(k: Kernel, ino: number): string | null {
  const n = k.state.inodes.get(ino);
  if (!n || n.type !== "dir") return "is not a directory";
  if (n.mount.kind !== "none") return `already has ${n.mount.kind === "proc" ? "procfs" : "a disk"} mounted on it`;
  if (n.ino === k.state.rootIno) return "is the root directory";
  if (n.opens > 0 || [...k.state.procs.values()].some((p) => p.state !== "zombie" && p.cwd === ino)) return "is in use (open, or someone's working directory)";
  return null;
}

/** A failed mount or unmount: one line for the operator. */
export class MountError extends Error {
  constructor(message: string, readonly errno = EBUSY) {
    super(message);
    this.name = "MountError";
  }
}

/**
 * Mount host directory `dir` as a disk on tmpfs directory `path` (made if missing,
 * with its parents). The disk number is the lowest one not in use.
 */
export function mountDisk(k: Kernel, path: string, dir: HostDir): number {
  let cur = k.state.rootIno;
  for (const name of path.split("/").filter((c) => c !== "")) {
    const node = k.state.inodes.get(cur)!;
    if (node.mount.kind !== "none") throw new MountError(`cannot mount a disk on ${path}: it is below another mount`);
    const next = tmpfs.lookup(k, null, { fs: "tmpfs", ino: cur }, name);
    if (typeof next === "number") {
      const made = tmpfs.create(k, { fs: "tmpfs", ino: cur }, name, "dir", 0o755);
      if (typeof made === "number" || made.fs !== "tmpfs") throw new MountError(`cannot make the mount point ${path} (error ${-made})`);
      cur = made.ino;
    } else if (next.fs === "tmpfs") cur = next.ino;
  }
  const problem = mountProblem(k, cur);
  if (problem) throw new MountError(`cannot mount a disk on ${path}: it ${problem}`);
  const used = new Set(mounts(k).flatMap((m) => (m.mount.kind === "disk" ? [m.mount.dev] : [])));
  let dev = 0;
  while (used.has(dev)) dev++;
  k.state.inodes.get(cur)!.mount = { kind: "disk", dev, host: dir.identity };
  diskHosts(k).set(cur, dir);
  return cur;
}

/** The mount-point inode of the disk mounted at `path`, or −1. */
export function diskAt(k: Kernel, path: string): number {
  const r = resolve(k, k.state.rootIno, path.replace(/\/+$/, "") + "/.");
  if (typeof r === "number" || r.fs !== "disk" || r.path !== "") return -1;
  return r.at;
}

/** Unmount the disk on mount point `at`; refused (MountError) while anything on it is open or a cwd. */
export function unmountDisk(k: Kernel, at: number): void {
  const n = k.state.inodes.get(at);
  if (!n || n.mount.kind !== "disk") throw new MountError(`no disk is mounted on inode ${at}`);
  if (diskPathBusy(k, at, "")) throw new MountError("the disk is busy: a file on it is open, or it is someone's working directory");
  n.mount = { kind: "none" };
  diskHosts(k).delete(at);
}

/** Give a restored disk mount its host directory (the operator named it again). */
export function reattachDisk(k: Kernel, at: number, dir: HostDir): void {
  const n = k.state.inodes.get(at);
  if (!n || n.mount.kind !== "disk") throw new MountError(`no disk is mounted on inode ${at}`);
  diskHosts(k).set(at, dir);
}
