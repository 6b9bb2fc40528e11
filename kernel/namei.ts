// Path resolution with symbolic links: a path walked one component at a time
// through the mount layer (mount.ts: step, enter), following every symbolic
// link met on the way — relative targets from the link's own directory,
// absolute ones from the root — and the last component's link only when the
// caller asks (stat follows it; lstat, unlink, rename, readlink, O_NOFOLLOW
// do not). One resolution follows at most MAXSYMLINKS links in all, nested or
// in a row, as Linux: past that it is ELOOP. That bound is also what makes a
// walk finish: a target is at most PATH_MAX bytes (≤ 2048 components), so a
// resolution is at most (1 + 40) × 2048 steps and 41 frames deep, whatever
// links a guest or a hostile snapshot made — cycles included.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import type { Node } from "./fs-types.js";
import { EEXIST, EISDIR, ELOOP, ENOENT, ENOTDIR } from "./errno.js";
import { enter, fsOf, rootNode, splitPath, step } from "./mount.js";

/** Symbolic links one resolution follows before ELOOP (Linux MAXSYMLINKS). */
export const MAXSYMLINKS = 40;

/** Links followed so far in one resolution (shared by its nested walks). */
export interface LinkBudget {
  links: number;
}

/** The target of n when it is a symbolic link, else null. */
export function linkTarget(k: Kernel, n: Node): string | null {
  const read = fsOf(n).readlink;
  if (!read) return null;
  const t = read(k, n);
  return typeof t === "string" ? t : null;
}

/**
 * Resolve `path` from directory `base` (absolute paths from the root). `follow`: a symbolic link
 * as the last component is followed (a trailing slash follows it too, as on Linux). A trailing
 * slash, "." or ".." after something that is not a directory is ENOTDIR, as on Linux.
 */
export function walkPath(k: Kernel, p: ProcState | null, base: Node, path: string, follow: boolean, budget: LinkBudget = { links: 0 }): Node | number {
  if (path === "") return -ENOENT;
  const parts = splitPath(path);
  if (typeof parts === "number") return parts;
  const followLast = follow || path.endsWith("/");
  let cur = path.startsWith("/") ? rootNode(k) : enter(k, base);
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    if (i > 0 && (name === "." || name === "..") && !isDir(k, p, cur)) return -ENOTDIR; // "file/." and "file/.."
    const next = step(k, p, cur, name);
    if (typeof next === "number") return next;
    const target = name === "." || name === ".." || (i === parts.length - 1 && !followLast) ? null : linkTarget(k, next);
    if (target === null) {
      cur = next;
      continue;
    }
    if (++budget.links > MAXSYMLINKS) return -ELOOP;
    const r = walkPath(k, p, cur, target, true, budget); // from the directory holding the link
    if (typeof r === "number") return r;
    cur = r;
  }
  if (parts.length > 0 && path.endsWith("/") && !isDir(k, p, cur)) return -ENOTDIR; // "file/"
  return cur;
}

function isDir(k: Kernel, p: ProcState | null, n: Node): boolean {
  const info = fsOf(n).info(k, p, n);
  return typeof info !== "number" && info.type === "dir";
}

/** Resolve all but the last component (links on the way followed): the directory and the final name. */
export function walkParent(k: Kernel, p: ProcState | null, base: Node, path: string, budget: LinkBudget = { links: 0 }): { dir: Node; name: string } | number {
  if (path === "") return -ENOENT;
  const parts = splitPath(path);
  if (typeof parts === "number") return parts;
  const name = parts.pop();
  if (name === undefined) return -EEXIST; // "/" itself
  const prefix = (path.startsWith("/") ? "/" : "") + parts.join("/");
  const dir = prefix === "" ? enter(k, base) : walkPath(k, p, base, prefix, true, budget);
  if (typeof dir === "number") return dir;
  const info = fsOf(dir).info(k, p, dir);
  if (typeof info === "number") return info;
  if (info.type !== "dir") return -ENOTDIR;
  return { dir, name };
}

/**
 * Where open(O_CREAT) without O_EXCL makes a file whose name `path` does not resolve: the parent and
 * name of `path`, or — when the last component is a dangling symbolic link — of its target, followed
 * as far as the links go (Linux creates the file a dangling link names).
 */
export function walkCreate(k: Kernel, p: ProcState | null, base: Node, path: string): { dir: Node; name: string } | number {
  const budget: LinkBudget = { links: 0 };
  let at = walkParent(k, p, base, path, budget);
  for (;;) {
    if (typeof at === "number" || at.name === "." || at.name === "..") return at;
    const next = step(k, p, at.dir, at.name);
    if (typeof next === "number") return next === -ENOENT ? at : next;
    const target = linkTarget(k, next);
    if (target === null) return at; // it exists after all (the caller opens it)
    if (++budget.links > MAXSYMLINKS) return -ELOOP;
    if (target.endsWith("/")) return -EISDIR; // a dangling "dir/" target: no file can be made there (Linux)
    at = walkParent(k, p, at.dir, target, budget);
  }
}
