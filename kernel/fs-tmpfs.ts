// tmpfs as a FileSystem: inodes in KernelState.inodes (vfs.ts keeps the
// directory and link bookkeeping). The root file system; /dev lives here as
// device nodes, and other file systems are mounted on its directories.

import type { Kernel } from "./kernel.js";
import type { Inode } from "./state.js";
import { EBADF, EBUSY, EEXIST, EFBIG, EINVAL, EISDIR, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY, EPERM } from "./errno.js";
import { tmpfsResize } from "./tmpfs-space.js";
import { MAX_FILE_SIZE } from "./param.js";
import { DT_CHR, DT_DIR, DT_FIFO, DT_LNK, DT_REG, DT_SOCK, type DirEnt, type FileSystem, type Node, type NodeInfo } from "./fs-types.js";
import { createIn, dirAdd, dirLookup, dirRemove, isAncestor, linkRoom, maybeFree } from "./vfs.js";
import { BLOCK, allocatedBytes, blocksToAdd, readFile, truncateFile, writeFile } from "./file-blocks.js";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

const DT = { file: DT_REG, dir: DT_DIR, chr: DT_CHR, sock: DT_SOCK, fifo: DT_FIFO, symlink: DT_LNK } as const;

function ino(n: Node): number {
  if (n.fs !== "tmpfs") throw new Error(`kernel bug: a ${n.fs} node reached tmpfs`);
  return n.ino;
}

function get(k: Kernel, n: Node): Inode | undefined {
  return k.state.inodes.get(ino(n));
}

export const tmpfs: FileSystem = {
  lookup(k, _p, dir, name) {
    const d = get(k, dir);
    if (!d) return -ENOENT;
    if (d.type !== "dir") return -ENOTDIR;
    const r = dirLookup(k, d, name);
    return r < 0 ? r : { fs: "tmpfs", ino: r };
  },

  parent(k, dir) {
    const d = get(k, dir);
    if (!d) return -ENOENT;
    if (d.ino === k.state.rootIno) return null;
    const r = dirLookup(k, d, "..");
    return r < 0 ? r : { fs: "tmpfs", ino: r };
  },

  info(k, _p, n): NodeInfo | number {
    const i = get(k, n);
    if (!i) return -EBADF;
    return { type: i.type, mode: i.mode, ino: i.ino, nlink: i.nlink, size: i.size, mtime: i.mtime, dev: i.dev, unit: i.unit };
  },

  read(k, _p, n, offset, len) {
    const i = get(k, n);
    if (!i) return -EBADF;
    if (i.type === "dir") return -EISDIR;
    return readFile(i, offset, len);
  },

  write(k, n, offset, data, append) {
    const i = get(k, n);
    if (!i) return -EBADF;
    if (i.type !== "file") return -EISDIR;
    const at = append ? i.size : offset;
    const end = at + data.length;
    if (end > MAX_FILE_SIZE) return -EFBIG;
    // The tmpfs size limit counts the blocks a file holds (tmpfs-space.ts): a hole costs nothing.
    const held = allocatedBytes(i);
    if (!tmpfsResize(k, held, held + blocksToAdd(i, at, data) * 4096)) return -ENOSPC;
    writeFile(i, at, data);
    i.mtime = k.state.clock;
    return end;
  },

  truncate(k, n, size) {
    const i = get(k, n);
    if (!i) return -EBADF;
    if (i.type === "dir") return -EISDIR;
    if (i.type !== "file") return 0; // O_TRUNC on a device does nothing
    if (size > MAX_FILE_SIZE) return -EFBIG;
    const held = allocatedBytes(i);
    truncateFile(i, size); // growing adds a hole; shrinking drops blocks
    tmpfsResize(k, held, allocatedBytes(i));
    i.mtime = k.state.clock;
    return 0;
  },

  entries(k, _p, dir): DirEnt[] | number {
    const d = get(k, dir);
    if (!d) return -EBADF;
    if (d.type !== "dir") return -ENOTDIR;
    const out: DirEnt[] = [[".", DT_DIR, d.ino], ["..", DT_DIR, d.parent]];
    for (const e of d.entries) {
      const c = k.state.inodes.get(e.ino);
      out.push([e.name, c ? DT[c.type] : 0, e.ino]);
    }
    return out;
  },

  create(k, dir, name, type, mode) {
    const d = get(k, dir);
    if (!d) return -ENOENT;
    if (d.type !== "dir") return -ENOTDIR;
    const n = createIn(k, d, name, type, mode);
    return typeof n === "number" ? n : { fs: "tmpfs", ino: n.ino };
  },

  remove(k, dir, name, rmdir) {
    const d = get(k, dir);
    if (!d) return -ENOENT;
    const r = dirLookup(k, d, name);
    if (r < 0) return r;
    const n = k.state.inodes.get(r)!;
    if (rmdir) {
      if (n.type !== "dir") return -ENOTDIR;
      if (n.mount.kind !== "none" || n.ino === k.state.rootIno) return -EBUSY;
      if (n.entries.length > 0) return -ENOTEMPTY;
      dirRemove(k, d, name);
      d.nlink--;
      n.nlink = 0;
      maybeFree(k, n);
      return 0;
    }
    if (n.type === "dir") return -EISDIR;
    dirRemove(k, d, name);
    n.nlink--;
    maybeFree(k, n);
    return 0;
  },

  rename(k, from, fromName, to, toName, noReplace) {
    const src = get(k, from);
    const dst = get(k, to);
    if (!src || !dst) return -ENOENT;
    const r = dirLookup(k, src, fromName);
    if (r < 0) return r;
    const n = k.state.inodes.get(r)!;
    if (n.mount.kind !== "none") return -EBUSY;
    if (dst.nlink === 0) return -ENOENT; // no new names in a removed directory
    const existing = dirLookup(k, dst, toName);
    if (existing === r) return 0;
    if (n.type === "dir" && isAncestor(k, r, dst.ino)) return -EINVAL;
    if (existing >= 0) {
      if (noReplace) return -EEXIST;
      const old = k.state.inodes.get(existing)!;
      if (old.mount.kind !== "none") return -EBUSY;
      if (n.type === "dir" && old.type !== "dir") return -ENOTDIR;
      if (n.type !== "dir" && old.type === "dir") return -EISDIR;
      if (old.type === "dir" && old.entries.length > 0) return -ENOTEMPTY;
      dirRemove(k, dst, toName);
      if (old.type === "dir") {
        dst.nlink--;
        old.nlink = 0;
      } else old.nlink--;
      maybeFree(k, old);
    }
    dirRemove(k, src, fromName);
    dirAdd(k, dst, toName, r);
    if (n.type === "dir") {
      src.nlink--;
      dst.nlink++;
      n.parent = dst.ino;
    }
    return 0;
  },

  // A symbolic link keeps its target as its contents, in one block of its own: it counts against
  // the tmpfs limit as file data does (tmpfs-space.ts), and the inode table bounds how many there are.
  symlink(k, dir, name, target) {
    const d = get(k, dir);
    if (!d) return -ENOENT;
    if (d.type !== "dir") return -ENOTDIR;
    if (!tmpfsResize(k, 0, BLOCK)) return -ENOSPC;
    const n = createIn(k, d, name, "symlink", 0o777);
    if (typeof n === "number") {
      tmpfsResize(k, BLOCK, 0);
      return n;
    }
    writeFile(n, 0, utf8.encode(target)); // 1 to PATH_MAX − 1 bytes, no NUL (sys-links.ts): one block
    return { fs: "tmpfs", ino: n.ino };
  },

  readlink(k, n) {
    const i = get(k, n);
    if (!i) return -ENOENT;
    if (i.type !== "symlink") return -EINVAL;
    return fromUtf8.decode(readFile(i, 0, i.size));
  },

  link(k, n, dir, name) {
    const d = get(k, dir);
    const i = get(k, n);
    if (!d || !i) return -ENOENT;
    if (d.type !== "dir") return -ENOTDIR;
    if (d.nlink === 0 || i.nlink === 0) return -ENOENT; // a removed directory; a file reached through a descriptor after its last unlink
    if (dirLookup(k, d, name) >= 0) return -EEXIST;
    if (i.type === "dir") return -EPERM; // a directory has one name
    if (!linkRoom(k)) return -ENOSPC;
    dirAdd(k, d, name, i.ino);
    i.nlink++;
    return 0;
  },

  chmod(k, n, mode) {
    const i = get(k, n);
    if (!i) return -ENOENT;
    i.mode = mode & 0o7777;
    return 0;
  },

  opened(k, n) {
    const i = get(k, n);
    if (i) i.opens++;
  },

  closed(k, n) {
    const i = get(k, n);
    if (i) {
      i.opens--;
      maybeFree(k, i);
    }
  },
};
