// The HostDir on node:fs: one host directory, and nothing outside it.
//
// Confinement (docs/disk.md): every relative path is checked (checkRelPath: no
// "." / "..", no NUL, no over-long names), the directory holding the entry is
// resolved with realpath and must be exactly where the path says it is inside
// the root (so no symlink anywhere on the way — planted by someone on the host
// or not — and no swapped root), and the entry itself is opened with
// O_NOFOLLOW and must be a regular file or a directory. Every host error comes
// back as a negative Linux errno; nothing here throws once constructed.

import * as fs from "node:fs";
import * as path from "node:path";
import { DIR_ERRNO as E, DiskDirError, type DirStat, type HostDir, checkRelPath, splitRel } from "./dir.js";

export { DiskDirError }; // declared in dir.ts, so code that only catches it reaches no Node built-in

const C = fs.constants;

/** A node:fs error as a negative Linux errno (EIO for anything unexpected). */
export function hostErrno(e: unknown): number {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code in E) return -E[code as keyof typeof E];
  if (code === "EDQUOT") return -E.ENOSPC;
  if (code === "ENAMETOOLONG") return -E.ENAMETOOLONG;
  return -E.EIO;
}

function guard<T>(f: () => T): T | number {
  try {
    return f();
  } catch (e) {
    return hostErrno(e);
  }
}

export class NodeHostDir implements HostDir {
  /** The real path of the directory (symlinks resolved once, when the operator names it). */
  readonly root: string;

  constructor(readonly identity: string) {
    let real: string;
    try {
      real = fs.realpathSync.native(identity);
    } catch (e) {
      throw new DiskDirError(`disk ${JSON.stringify(identity)}: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!fs.statSync(real).isDirectory()) throw new DiskDirError(`disk ${JSON.stringify(identity)}: not a directory`);
    this.root = real;
  }

  /**
   * The host path of `rel`, after checking that the directory holding it is really
   * inside the root (realpath equals the lexical path: no symlink on the way).
   */
  private hostPath(rel: string): string | number {
    const bad = checkRelPath(rel);
    if (bad < 0) return bad;
    const { parent } = splitRel(rel);
    const want = parent === "" ? this.root : path.join(this.root, parent);
    const real = guard(() => fs.realpathSync.native(want));
    if (typeof real === "number") return real;
    if (real !== want) return -E.ELOOP; // a symlink somewhere between the root and the entry
    const st = guard(() => fs.lstatSync(real));
    if (typeof st === "number") return st;
    if (!st.isDirectory()) return -E.ENOTDIR;
    return rel === "" ? this.root : path.join(this.root, rel);
  }

  /** lstat of the entry itself: a file or a directory, else −ELOOP (symlink) / −EACCES (fifo, device, socket). */
  private entry(rel: string): { host: string; st: fs.Stats } | number {
    const host = this.hostPath(rel);
    if (typeof host === "number") return host;
    const st = guard(() => fs.lstatSync(host));
    if (typeof st === "number") return st;
    if (st.isSymbolicLink()) return -E.ELOOP;
    if (!st.isFile() && !st.isDirectory()) return -E.EACCES;
    return { host, st };
  }

  /** Open a regular file without following a symlink and without blocking on a FIFO. */
  private openFile(rel: string, flags: number): number {
    const host = this.hostPath(rel);
    if (typeof host === "number") return host;
    const fd = guard(() => fs.openSync(host, flags | C.O_NOFOLLOW | C.O_NONBLOCK));
    if (typeof fd === "number" && fd < 0) return fd;
    const st = guard(() => fs.fstatSync(fd));
    if (typeof st === "number" || !st.isFile()) {
      fs.closeSync(fd);
      return typeof st === "number" ? st : st.isDirectory() ? -E.EISDIR : -E.EACCES;
    }
    return fd;
  }

  private withFile<T>(rel: string, flags: number, f: (fd: number) => T): T | number {
    const fd = this.openFile(rel, flags);
    if (fd < 0) return fd;
    try {
      return f(fd);
    } catch (e) {
      return hostErrno(e);
    } finally {
      guard(() => fs.closeSync(fd));
    }
  }

  stat(rel: string): DirStat | number {
    const e = this.entry(rel);
    if (typeof e === "number") return e;
    const { st } = e;
    return { type: st.isDirectory() ? "dir" : "file", size: st.isDirectory() ? 0 : st.size, mtimeMs: Math.floor(st.mtimeMs), ino: st.ino, mode: st.mode & 0o7777 };
  }

  read(rel: string, offset: number, len: number): Uint8Array | number {
    return this.withFile(rel, C.O_RDONLY, (fd) => {
      const buf = new Uint8Array(len);
      let got = 0;
      while (got < len) {
        const n = fs.readSync(fd, buf, got, len - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return buf.slice(0, got);
    });
  }

  write(rel: string, offset: number, data: Uint8Array): number {
    return this.withFile(rel, C.O_WRONLY, (fd) => {
      let done = 0;
      while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, offset + done);
      return done;
    });
  }

  truncate(rel: string, size: number): number {
    const r = this.withFile(rel, C.O_WRONLY, (fd) => fs.ftruncateSync(fd, size));
    return typeof r === "number" ? r : 0;
  }

  create(rel: string, mode: number, exclusive: boolean): number {
    const host = this.hostPath(rel);
    if (typeof host === "number") return host;
    if (rel === "") return exclusive ? -E.EEXIST : -E.EISDIR;
    const flags = C.O_CREAT | C.O_WRONLY | C.O_NOFOLLOW | C.O_NONBLOCK | (exclusive ? C.O_EXCL : 0);
    const fd = guard(() => fs.openSync(host, flags, mode & 0o777));
    if (fd < 0) return fd === -E.ELOOP && exclusive ? -E.EEXIST : fd;
    const st = guard(() => fs.fstatSync(fd));
    guard(() => fs.closeSync(fd));
    if (typeof st === "number") return st;
    return st.isFile() ? 0 : -E.EACCES;
  }

  readdir(rel: string): string[] | number {
    const e = this.entry(rel);
    if (typeof e === "number") return e;
    if (!e.st.isDirectory()) return -E.ENOTDIR;
    const list = guard(() => fs.readdirSync(e.host, { withFileTypes: true }));
    if (typeof list === "number") return list;
    return list.filter((d) => d.isFile() || d.isDirectory()).map((d) => d.name).sort();
  }

  mkdir(rel: string, mode: number): number {
    const host = this.hostPath(rel);
    if (typeof host === "number") return host;
    if (rel === "") return -E.EEXIST;
    const r = guard(() => fs.mkdirSync(host, { mode: mode & 0o777 }));
    return typeof r === "number" ? r : 0;
  }

  rmdir(rel: string): number {
    if (rel === "") return -E.EBUSY;
    const e = this.entry(rel);
    if (typeof e === "number") return e;
    if (!e.st.isDirectory()) return -E.ENOTDIR;
    const r = guard(() => fs.rmdirSync(e.host));
    return typeof r === "number" ? r : 0;
  }

  unlink(rel: string): number {
    if (rel === "") return -E.EISDIR;
    const host = this.hostPath(rel);
    if (typeof host === "number") return host;
    const st = guard(() => fs.lstatSync(host));
    if (typeof st === "number") return st;
    if (st.isDirectory()) return -E.EISDIR;
    if (!st.isFile()) return -E.EACCES; // only what the guest can see may go
    const r = guard(() => fs.unlinkSync(host));
    return typeof r === "number" ? r : 0;
  }

  rename(from: string, to: string, noReplace: boolean): number {
    if (from === "" || to === "") return -E.EBUSY;
    const src = this.entry(from);
    if (typeof src === "number") return src;
    const dst = this.hostPath(to);
    if (typeof dst === "number") return dst;
    const old = guard(() => fs.lstatSync(dst));
    if (typeof old !== "number") {
      if (noReplace) return -E.EEXIST;
      if (!old.isFile() && !old.isDirectory()) return -E.EACCES;
    } else if (old !== -E.ENOENT) return old;
    if (from === to) return 0;
    if (src.st.isDirectory() && (to + "/").startsWith(from + "/")) return -E.EINVAL;
    const r = guard(() => fs.renameSync(src.host, dst));
    return typeof r === "number" ? r : 0;
  }
}
