// Named AF_UNIX sockets as files (Linux unix(7)): bind creates a socket inode
// in tmpfs (`ls -l` shows `s`), connect finds the listener through that inode,
// unlink or rename act on the name like on any file, and the name stays after
// the socket closes (a later connect gets ECONNREFUSED, a later bind
// EADDRINUSE, until someone unlinks it). A bound socket holds its inode (one
// count in Inode.opens, as an open file does), so the inode cannot be freed
// and its number reused while the socket lives. Both are kernel state, so a
// checkpoint keeps the name and the socket together.
//
// Sockets restored from a snapshot older than this (sockets v1) have a name
// but no inode (ino 0): they are found by their absolute path, as before.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EACCES, EEXIST, ENOENT } from "./errno.js";
import { cwdNode, fsOf, lookupParent, lookupPath } from "./mount.js";
import { createIn, inode, maybeFree, pathOf } from "./vfs.js";
import { EADDRINUSE, ECONNREFUSED, EOPNOTSUPP, type SocketState } from "./socket-state.js";

/** Where a unix connect goes: the socket inode its path names, or (legacy) the absolute path. */
export interface UnixTarget {
  ino: number; // 0: no socket file at the path (a legacy listener may still have the name)
  path: string; // absolute, for legacy listeners
}

/** `path` made absolute against p's cwd, "." and ".." folded (how names were kept before socket files). */
export function absoluteName(k: Kernel, p: ProcState, path: string): string {
  const full = path.startsWith("/") ? path : `${pathOf(k, p.cwd)}/${path}`;
  const parts: string[] = [];
  for (const c of full.split("/")) {
    if (c === "" || c === ".") continue;
    if (c === "..") parts.pop();
    else parts.push(c);
  }
  return "/" + parts.join("/");
}

/** bind(unix, path): create the socket file and bind s to it; 0 or −errno (EADDRINUSE when the name exists, as Linux). */
export function bindName(k: Kernel, p: ProcState, s: SocketState, path: string): number {
  const pr = lookupParent(k, p, cwdNode(k, p), path);
  if (typeof pr === "number") return pr;
  if (pr.name === "." || pr.name === "..") return -EADDRINUSE;
  if (pr.dir.fs === "proc") return -EACCES;
  if (pr.dir.fs !== "tmpfs") return -EOPNOTSUPP; // a disk is a host directory: no guest socket files there
  const exists = fsOf(pr.dir).lookup(k, p, pr.dir, pr.name);
  if (typeof exists !== "number") return -EADDRINUSE;
  if (exists !== -ENOENT) return exists;
  const n = createIn(k, inode(k, pr.dir.ino), pr.name, "sock", 0o777 & ~p.umask);
  if (typeof n === "number") return n === -EEXIST ? -EADDRINUSE : n;
  n.opens++; // the socket holds its file (released in releaseName)
  s.ino = n.ino;
  s.path = path;
  return 0;
}

/** The target of a unix connect to `path`, or −errno (ENOENT, ENOTDIR, …; ECONNREFUSED for a file that is not a socket). */
export function lookupName(k: Kernel, p: ProcState, path: string): UnixTarget | number {
  const r = lookupPath(k, p, cwdNode(k, p), path);
  if (r === -ENOENT) {
    const abs = absoluteName(k, p, path); // a listener restored from a snapshot older than socket files?
    for (const s of k.state.sockets.values()) if (s.domain === "unix" && s.ino === 0 && s.path === abs) return { ino: 0, path: abs };
    return r;
  }
  if (typeof r === "number") return r;
  if (r.fs !== "tmpfs" || k.state.inodes.get(r.ino)?.type !== "sock") return -ECONNREFUSED;
  return { ino: r.ino, path: "" };
}

/** Does listener (or bound socket) s answer to target t? */
export function nameMatches(s: SocketState, t: UnixTarget): boolean {
  return t.ino !== 0 ? s.ino === t.ino : s.ino === 0 && s.path === t.path;
}

/** The socket closed: let go of its file (freed if it was unlinked meanwhile; the name, if any, stays). */
export function releaseName(k: Kernel, s: SocketState): void {
  if (s.ino === 0) return;
  const n = k.state.inodes.get(s.ino);
  s.ino = 0;
  if (!n) return;
  if (n.opens > 0) n.opens--;
  maybeFree(k, n);
}
