// tmpfs bookkeeping: inodes in KernelState.inodes, directories as entry
// lists, links and the freeing of unlinked inodes. /dev is a tmpfs directory
// of device nodes. Path resolution (across mounts: /proc, disks) is in
// mount.ts; fs-tmpfs.ts is tmpfs as a FileSystem.

import type { Kernel } from "./kernel.js";
import type { Inode } from "./state.js";
import { nextFreeId } from "./ids.js";
import { EEXIST, ENOENT, ENOSPC } from "./errno.js";
import { NINODE } from "./param.js";

import { tmpfsResize } from "./tmpfs-space.js";
import { allocatedBytes } from "./file-blocks.js";

export { resolve } from "./mount.js";

/** Create an inode (not linked anywhere yet); −ENOSPC when the table is full. */
export function newInode(k: Kernel, type: Inode["type"], mode: number, parent = 0): Inode | number {
  const s = k.state;
  if (s.inodes.size >= NINODE) return -ENOSPC;
  const { id: ino, next } = nextFreeId(s.nextIno, 1, s.inodes); // wraps at 2^32 − 1, skips inodes in use
  s.nextIno = next;
  const node: Inode = {
    ino, type, mode: mode & 0o7777, nlink: type === "dir" ? 2 : 1, opens: 0, size: 0, blocks: new Map(),
    entries: [], parent: parent || ino, dev: "none", unit: 0, mtime: s.clock, mount: { kind: "none" },
  };
  s.inodes.set(ino, node);
  return node;
}

/** The inode `ino` (it must exist). */
export function inode(k: Kernel, ino: number): Inode {
  const n = k.state.inodes.get(ino);
  if (!n) throw new Error(`kernel bug: no inode ${ino}`);
  return n;
}

/** Find `name` in directory `dir`: its inode number or −ENOENT. */
export function dirLookup(k: Kernel, dir: Inode, name: string): number {
  if (name === "." || name === "") return dir.ino;
  if (dir.nlink === 0) return -ENOENT; // a removed directory (someone's cwd): nothing in it, not even ..
  if (name === "..") return dir.parent;
  const e = dir.entries.find((x) => x.name === name);
  return e ? e.ino : -ENOENT;
}

/** Link `ino` into `dir` as `name` (kept sorted by name for deterministic listings). */
export function dirAdd(k: Kernel, dir: Inode, name: string, ino: number): void {
  let i = 0;
  while (i < dir.entries.length && dir.entries[i]!.name < name) i++;
  dir.entries.splice(i, 0, { name, ino });
  dir.mtime = k.state.clock;
}

/** Unlink `name` from `dir`. */
export function dirRemove(k: Kernel, dir: Inode, name: string): void {
  const i = dir.entries.findIndex((e) => e.name === name);
  if (i >= 0) dir.entries.splice(i, 1);
  dir.mtime = k.state.clock;
}

/** Free an inode once it has no links and no open files. */
export function maybeFree(k: Kernel, n: Inode): void {
  if (n.nlink === 0 && n.opens === 0 && !isSomeonesCwd(k, n.ino)) {
    tmpfsResize(k, allocatedBytes(n), 0); // its blocks no longer count against the tmpfs limit
    k.state.inodes.delete(n.ino);
  }
}

/**
 * Whether a live process has `ino` as its working directory. A removed directory
 * lives on while it is (as in Linux), empty and unlinked: lookups in it fail
 * with ENOENT, and it is freed when the last such process moves or exits.
 */
export function isSomeonesCwd(k: Kernel, ino: number): boolean {
  for (const p of k.state.procs.values()) if (p.state !== "zombie" && p.cwd === ino) return true;
  return false;
}

/** Free `ino` if it was a removed directory kept only as someone's cwd (chdir away, exit). */
export function releaseCwd(k: Kernel, ino: number): void {
  const n = k.state.inodes.get(ino);
  if (n) maybeFree(k, n);
}

/** The absolute path of directory `ino` (for getcwd). */
export function pathOf(k: Kernel, ino: number): string {
  const names: string[] = [];
  let cur = ino;
  for (let guard = 0; cur !== k.state.rootIno && guard < NINODE; guard++) { // a chain is at most NINODE deep
    const n = k.state.inodes.get(cur);
    if (!n) break;
    const parent = k.state.inodes.get(n.parent);
    if (!parent) break;
    const e = parent.entries.find((x) => x.ino === cur);
    names.unshift(e ? e.name : "?");
    cur = parent.ino;
  }
  return "/" + names.join("/");
}

/** Is `anc` an ancestor of (or equal to) directory `ino`? (rename must not move a dir into itself) */
export function isAncestor(k: Kernel, anc: number, ino: number): boolean {
  let cur = ino;
  for (let guard = 0; guard < NINODE; guard++) { // 4096 stopped short of a deeper chain: rename could loop a directory into itself
    if (cur === anc) return true;
    const n = k.state.inodes.get(cur);
    if (!n || n.parent === cur) return false;
    cur = n.parent;
  }
  return false;
}

/**
 * May one more hard link be made? Each name beyond an inode's first counts against the inode table
 * as Linux's tmpfs counts it against its inode limit: directories cannot grow without bound through
 * links to one file. (One walk of the table: link(2) is rare.)
 */
export function linkRoom(k: Kernel): boolean {
  let names = k.state.inodes.size;
  for (const n of k.state.inodes.values()) if (n.type !== "dir" && n.nlink > 1) names += n.nlink - 1;
  return names < NINODE;
}

/** Create a regular file, directory, device node or symbolic link `name` in `dir`. */
export function createIn(k: Kernel, dir: Inode, name: string, type: Inode["type"], mode: number): Inode | number {
  if (dir.nlink === 0) return -ENOENT; // no new names in a removed directory
  if (dirLookup(k, dir, name) >= 0 || name === "." || name === "..") return -EEXIST;
  const n = newInode(k, type, mode, dir.ino);
  if (typeof n === "number") return n;
  dirAdd(k, dir, name, n.ino);
  if (type === "dir") dir.nlink++;
  return n;
}
