// The one interface every file system of the VFS implements (tmpfs, procfs,
// disk), and the node type that names a file on any of them. The mount layer
// (mount.ts) resolves paths across mounts and hands each operation to the
// FileSystem that owns the node; system calls never ask which one it is.

import type { Kernel } from "./kernel.js";
import type { DevKind, ProcState } from "./state.js";

/**
 * A file or directory on some file system: a tmpfs inode, or a path inside the
 * file system mounted on tmpfs inode `at` ("" = that file system's root).
 */
export type Node =
  | { fs: "tmpfs"; ino: number }
  | { fs: "proc"; at: number; path: string }
  | { fs: "disk"; at: number; path: string };

/** What stat needs to know of a node. */
export interface NodeInfo {
  type: "file" | "dir" | "chr" | "sock" | "fifo" | "symlink";
  mode: number; // permission bits
  ino: number;
  nlink: number;
  size: number;
  mtime: number; // ticks (a virtual stamp)
  /** a modification time from outside the machine (a disk file's host mtime), in Unix seconds: shown as is */
  hostSeconds?: number;
  dev: DevKind; // device kind of a chr node ("tty", "null", …), "none" otherwise
  unit: number;
}

/** One directory entry as getdents reports it: name, d_type, inode number. */
export type DirEnt = [string, number, number];

export const DT_FIFO = 1;
export const DT_CHR = 2;
export const DT_DIR = 4;
export const DT_REG = 8;
export const DT_LNK = 10;
export const DT_SOCK = 12;

/** File-type bits of st_mode (and of mknod's mode): one list for stat and mknodat. */
export const S_IFMT = 0o170000;
export const S_IFIFO = 0o010000;
export const S_IFCHR = 0o020000;
export const S_IFDIR = 0o040000;
export const S_IFBLK = 0o060000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
export const S_IFSOCK = 0o140000;

/**
 * A file system. Paths are resolved by the mount layer one name at a time
 * (`lookup` never sees "", "." or ".."); every call answers a value or a
 * negative errno.
 */
export interface FileSystem {
  /** The node called `name` in directory `dir`. */
  lookup(k: Kernel, p: ProcState | null, dir: Node, name: string): Node | number;
  /** The directory holding `dir` inside this file system, or null at its root (the mount layer goes on above). */
  parent(k: Kernel, dir: Node): Node | null | number;
  info(k: Kernel, p: ProcState | null, n: Node): NodeInfo | number;
  read(k: Kernel, p: ProcState | null, n: Node, offset: number, len: number): Uint8Array | number;
  /** Write `data` at `offset` (append: at the end); the offset after the write, or −errno. */
  write(k: Kernel, n: Node, offset: number, data: Uint8Array, append: boolean): number;
  truncate(k: Kernel, n: Node, size: number): number;
  /** A directory's entries including "." and "..". */
  entries(k: Kernel, p: ProcState | null, dir: Node): DirEnt[] | number;
  /** Make a new regular file or directory `name` in `dir` (−EEXIST when the name is taken). */
  create(k: Kernel, dir: Node, name: string, type: "file" | "dir", mode: number): Node | number;
  /** unlink (dir false) or rmdir (dir true) of `name` in `dir`. */
  remove(k: Kernel, dir: Node, name: string, dir_: boolean): number;
  /** rename within this file system (the mount layer refuses other cases with EXDEV). */
  rename(k: Kernel, from: Node, fromName: string, to: Node, toName: string, noReplace: boolean): number;
  /** A symbolic link `name` in `dir` holding `target` (without it: EPERM, no symbolic links here). */
  symlink?(k: Kernel, dir: Node, name: string, target: string): Node | number;
  /** The target of symbolic link n; −EINVAL when n is something else (without it: nothing here is a link). */
  readlink?(k: Kernel, n: Node): string | number;
  /** A new name `name` in `dir` for n (a hard link on the same file system; without it: EPERM). */
  link?(k: Kernel, n: Node, dir: Node, name: string): number;
  /** Set n's permission bits (the caller checked who may; without it: EPERM). */
  chmod?(k: Kernel, n: Node, mode: number): number;
  /** Called when an open-file description of `n` is created / released (tmpfs keeps inode counts). */
  opened(k: Kernel, n: Node): void;
  closed(k: Kernel, n: Node): void;
}
