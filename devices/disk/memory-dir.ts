// A HostDir kept in memory: the disk of tests (a model to compare the host
// adapter against) and, later, of the browser. Bounded: past `capacity` bytes
// of file contents a write answers −ENOSPC, so no guest can grow it without
// limit.

import { DIR_ERRNO as E, type DirStat, type HostDir, checkRelPath, splitRel } from "./dir.js";

type MemNode = { type: "file"; data: Uint8Array; mode: number; mtimeMs: number; ino: number }
  | { type: "dir"; entries: Map<string, MemNode>; mode: number; mtimeMs: number; ino: number };

export class MemoryDir implements HostDir {
  private readonly root: MemNode;
  private nextIno = 2;
  private used = 0;
  /** A fake host clock: bumped by every change, so mtimes differ as on a host. */
  private tick = 1;

  constructor(
    readonly identity = "memory",
    private readonly capacity = 64 * 1024 * 1024,
  ) {
    this.root = { type: "dir", entries: new Map(), mode: 0o755, mtimeMs: 0, ino: 1 };
  }

  /** Test helper: the whole tree as { path: contents | null (a directory) }, sorted by path. */
  snapshot(): Record<string, Uint8Array | null> {
    const out: Record<string, Uint8Array | null> = {};
    const walk = (n: MemNode, at: string) => {
      if (n.type === "file") out[at] = n.data.slice();
      else {
        if (at !== "") out[at] = null;
        for (const name of [...n.entries.keys()].sort()) walk(n.entries.get(name)!, at === "" ? name : `${at}/${name}`);
      }
    };
    walk(this.root, "");
    return out;
  }

  private find(path: string): MemNode | number {
    const bad = checkRelPath(path);
    if (bad < 0) return bad;
    let n: MemNode = this.root;
    if (path === "") return n;
    for (const c of path.split("/")) {
      if (n.type !== "dir") return -E.ENOTDIR;
      const next = n.entries.get(c);
      if (!next) return -E.ENOENT;
      n = next;
    }
    return n;
  }

  private parentOf(path: string): { dir: Extract<MemNode, { type: "dir" }>; name: string } | number {
    if (path === "") return -E.EBUSY;
    const { parent, name } = splitRel(path);
    const d = this.find(parent);
    if (typeof d === "number") return d;
    if (d.type !== "dir") return -E.ENOTDIR;
    return { dir: d, name };
  }

  stat(path: string): DirStat | number {
    const n = this.find(path);
    if (typeof n === "number") return n;
    return { type: n.type, size: n.type === "file" ? n.data.length : 0, mtimeMs: n.mtimeMs, ino: n.ino, mode: n.mode };
  }

  read(path: string, offset: number, len: number): Uint8Array | number {
    const n = this.find(path);
    if (typeof n === "number") return n;
    if (n.type !== "file") return -E.EISDIR;
    return n.data.slice(Math.min(offset, n.data.length), Math.min(offset + len, n.data.length));
  }

  write(path: string, offset: number, data: Uint8Array): number {
    const n = this.find(path);
    if (typeof n === "number") return n;
    if (n.type !== "file") return -E.EISDIR;
    const end = offset + data.length;
    if (end > n.data.length) {
      const r = this.resize(n, end);
      if (r < 0) return r;
    }
    n.data.set(data, offset);
    n.mtimeMs = this.tick++;
    return data.length;
  }

  private resize(n: Extract<MemNode, { type: "file" }>, size: number): number {
    if (this.used - n.data.length + size > this.capacity) return -E.ENOSPC;
    const d = new Uint8Array(size);
    d.set(n.data.subarray(0, Math.min(size, n.data.length)));
    this.used += size - n.data.length;
    n.data = d;
    return 0;
  }

  truncate(path: string, size: number): number {
    const n = this.find(path);
    if (typeof n === "number") return n;
    if (n.type !== "file") return -E.EISDIR;
    const r = this.resize(n, size);
    if (r < 0) return r;
    n.mtimeMs = this.tick++;
    return 0;
  }

  create(path: string, mode: number, exclusive: boolean): number {
    const p = this.parentOf(path);
    if (typeof p === "number") return p;
    const old = p.dir.entries.get(p.name);
    if (old) return exclusive ? -E.EEXIST : old.type === "dir" ? -E.EISDIR : 0;
    p.dir.entries.set(p.name, { type: "file", data: new Uint8Array(0), mode: mode & 0o7777, mtimeMs: this.tick++, ino: this.nextIno++ });
    p.dir.mtimeMs = this.tick++;
    return 0;
  }

  readdir(path: string): string[] | number {
    const n = this.find(path);
    if (typeof n === "number") return n;
    if (n.type !== "dir") return -E.ENOTDIR;
    return [...n.entries.keys()].sort();
  }

  mkdir(path: string, mode: number): number {
    const p = this.parentOf(path);
    if (typeof p === "number") return p === -E.EBUSY ? -E.EEXIST : p;
    if (p.dir.entries.has(p.name)) return -E.EEXIST;
    p.dir.entries.set(p.name, { type: "dir", entries: new Map(), mode: mode & 0o7777, mtimeMs: this.tick++, ino: this.nextIno++ });
    p.dir.mtimeMs = this.tick++;
    return 0;
  }

  rmdir(path: string): number {
    const p = this.parentOf(path);
    if (typeof p === "number") return p;
    const n = p.dir.entries.get(p.name);
    if (!n) return -E.ENOENT;
    if (n.type !== "dir") return -E.ENOTDIR;
    if (n.entries.size > 0) return -E.ENOTEMPTY;
    p.dir.entries.delete(p.name);
    p.dir.mtimeMs = this.tick++;
    return 0;
  }

  unlink(path: string): number {
    const p = this.parentOf(path);
    if (typeof p === "number") return p;
    const n = p.dir.entries.get(p.name);
    if (!n) return -E.ENOENT;
    if (n.type === "dir") return -E.EISDIR;
    p.dir.entries.delete(p.name);
    this.used -= n.data.length;
    p.dir.mtimeMs = this.tick++;
    return 0;
  }

  rename(from: string, to: string, noReplace: boolean): number {
    const src = this.parentOf(from);
    if (typeof src === "number") return src;
    const dst = this.parentOf(to);
    if (typeof dst === "number") return dst;
    const n = src.dir.entries.get(src.name);
    if (!n) return -E.ENOENT;
    if (from === to) return 0;
    if (n.type === "dir" && (to + "/").startsWith(from + "/")) return -E.EINVAL;
    const old = dst.dir.entries.get(dst.name);
    if (old) {
      if (noReplace) return -E.EEXIST;
      if (n.type === "dir" && old.type !== "dir") return -E.ENOTDIR;
      if (n.type !== "dir" && old.type === "dir") return -E.EISDIR;
      if (old.type === "dir" && old.entries.size > 0) return -E.ENOTEMPTY;
      if (old.type === "file") this.used -= old.data.length;
    }
    src.dir.entries.delete(src.name);
    dst.dir.entries.set(dst.name, n);
    src.dir.mtimeMs = dst.dir.mtimeMs = this.tick++;
    return 0;
  }
}
