// A disk as a FileSystem: a host directory outside the machine, reached through
// the HostDir interface (devices/disk/dir.ts). The machine state holds only the
// mount (on a tmpfs directory inode: the disk number and the host directory's
// identity) and, in open-file descriptions and cwds, paths inside the disk.
// Writes go straight to the host, so they outlive a crash or a kill.
//
// What the guest cannot do here (docs/disk.md): remove or rename a file or
// directory that an open-file description or a cwd uses (EBUSY: the disk keeps
// no inode alive after its last name, as NFS's "silly rename" would).
//
// Nor symbolic links, hard links or chmod (EPERM, as a Linux file system
// without them): the FileSystem methods are left out on purpose. A guest
// symlink written into the host folder would be followed by the host — by
// programs the operator runs there, by node:fs calls that follow links, by a
// later restore — to any host path the guest chose; chmod through node:fs
// follows links too (Linux has no lchmod). Host symlinks stay invisible
// (host-dir.ts: ELOOP, left out of listings). Symbolic links in tmpfs may
// point into a disk: the kernel resolves them itself, name by name through
// the mount layer, so what reaches the host is a checked path inside the disk.

import type { Kernel } from "./kernel.js";
import type { HostDir } from "../devices/disk/dir.js";
import { EBUSY, EFBIG, EIO, EISDIR, ENOENT, EXDEV } from "./errno.js";
import { DT_DIR, DT_REG, type DirEnt, type FileSystem, type Node, type NodeInfo } from "./fs-types.js";

/** Largest disk file the guest may make (its offsets are 64-bit, its host's disk is not ours to fill). */
export const DISK_FILE_MAX = 2 ** 32 - 1;

/** Transient: the host directory behind each mounted disk, by mount-point inode (outside the machine). */
const hosts = new WeakMap<Kernel, Map<number, HostDir>>();

/** The host directories of k's disks, by mount-point inode. */
export function diskHosts(k: Kernel): Map<number, HostDir> {
  let m = hosts.get(k);
  if (!m) {
    m = new Map();
    hosts.set(k, m);
  }
  return m;
}

function at(n: Node): { host: number; path: string } {
  if (n.fs !== "disk") throw new Error(`kernel bug: a ${n.fs} node reached the disk`);
  return { host: n.at, path: n.path };
}

function join(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** The host directory of the disk holding n, or null when it is offline (restored without it). */
function host(k: Kernel, n: Node): HostDir | null {
  return diskHosts(k).get(at(n).host) ?? null;
}

/** Is `path` (or anything below it) used by an open-file description or a cwd on disk `mount`? */
export function diskPathBusy(k: Kernel, mount: number, path: string): boolean {
  const under = (q: string) => q === path || q.startsWith(path + "/") || path === "";
  for (const f of k.state.openFiles.values()) {
    if (f.target.kind === "disk" && f.target.at === mount && under(f.target.path)) return true;
  }
  for (const p of k.state.procs.values()) {
    if (p.state !== "zombie" && p.cwd === mount && under(p.cwdPath)) return true;
  }
  return false;
}

export const diskfs: FileSystem = {
  lookup(k, _p, dir, name) {
    const h = host(k, dir);
    if (!h) return -EIO;
    const path = join(at(dir).path, name);
    const st = h.stat(path);
    if (typeof st === "number") return st;
    return { fs: "disk", at: at(dir).host, path };
  },

  parent(_k, dir) {
    const { host: mount, path } = at(dir);
    if (path === "") return null;
    const i = path.lastIndexOf("/");
    return { fs: "disk", at: mount, path: i < 0 ? "" : path.slice(0, i) };
  },

  info(k, _p, n): NodeInfo | number {
    const h = host(k, n);
    if (!h) return -EIO;
    const st = h.stat(at(n).path);
    if (typeof st === "number") return st;
    const type = st.type === "dir" ? "dir" : "file";
    return { type, mode: st.mode, ino: st.ino, nlink: st.type === "dir" ? 2 : 1, size: st.size, mtime: 0, hostSeconds: Math.floor(st.mtimeMs / 1000), dev: "none", unit: 0 };
  },

  read(k, _p, n, offset, len) {
    const h = host(k, n);
    if (!h) return -EIO;
    return h.read(at(n).path, offset, len);
  },

  write(k, n, offset, data, append) {
    const h = host(k, n);
    if (!h) return -EIO;
    let where = offset;
    if (append) {
      const st = h.stat(at(n).path);
      if (typeof st === "number") return st;
      where = st.size;
    }
    if (where + data.length > DISK_FILE_MAX) return -EFBIG;
    const r = h.write(at(n).path, where, data);
    return r < 0 ? r : where + r;
  },

  truncate(k, n, size) {
    const h = host(k, n);
    if (!h) return -EIO;
    if (size > DISK_FILE_MAX) return -EFBIG;
    const st = h.stat(at(n).path);
    if (typeof st === "number") return st;
    if (st.type === "dir") return -EISDIR;
    return h.truncate(at(n).path, size);
  },

  entries(k, _p, dir): DirEnt[] | number {
    const h = host(k, dir);
    if (!h) return -EIO;
    const { host: mount, path } = at(dir);
    const names = h.readdir(path);
    if (typeof names === "number") return names;
    const self = h.stat(path);
    const up = path === "" ? (k.state.inodes.get(mount)?.parent ?? k.state.rootIno) : h.stat(path.slice(0, Math.max(0, path.lastIndexOf("/"))));
    const out: DirEnt[] = [[".", DT_DIR, typeof self === "number" ? 0 : self.ino], ["..", DT_DIR, typeof up === "number" ? up : up.ino]];
    for (const name of names) {
      const st = h.stat(join(path, name));
      if (typeof st === "number") continue; // gone meanwhile, or something the guest may not see
      out.push([name, st.type === "dir" ? DT_DIR : DT_REG, st.ino]);
    }
    return out;
  },

  create(k, dir, name, type, mode) {
    const h = host(k, dir);
    if (!h) return -EIO;
    const path = join(at(dir).path, name);
    const r = type === "dir" ? h.mkdir(path, mode) : h.create(path, mode, true);
    if (r < 0) return r;
    return { fs: "disk", at: at(dir).host, path };
  },

  remove(k, dir, name, rmdir) {
    const h = host(k, dir);
    if (!h) return -EIO;
    const path = join(at(dir).path, name);
    const st = h.stat(path);
    if (typeof st === "number") return st;
    if (diskPathBusy(k, at(dir).host, path)) return -EBUSY;
    return rmdir ? h.rmdir(path) : h.unlink(path);
  },

  rename(k, from, fromName, to, toName, noReplace) {
    const h = host(k, from);
    if (!h) return -EIO;
    if (at(from).host !== at(to).host) return -EXDEV; // two disks
    const src = join(at(from).path, fromName);
    const dst = join(at(to).path, toName);
    if (src === dst) return typeof h.stat(src) === "number" ? -ENOENT : 0;
    if (diskPathBusy(k, at(from).host, src) || diskPathBusy(k, at(to).host, dst)) return -EBUSY;
    return h.rename(src, dst, noReplace);
  },

  opened() {},
  closed() {},
};
