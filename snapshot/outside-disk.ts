// The disk half of the outside records (DESIGN rule 5, issue #9): at a
// checkpoint, every disk file or directory the machine depends on — held open
// by a process, or a process's working directory — with its identity (size,
// host mtime, SHA-256) and who uses it how (pid, command, fd, offset, flags).
// With `withFiles` the contents of open regular files travel in the snapshot,
// so a restart may put them back (policy "replace"). Restart-time checking
// lives in machine/disk-restart.ts; this file only records and compares.

import type { Kernel } from "../kernel/kernel.js";
import { diskHosts } from "../kernel/fs-disk.js";
import { mounts } from "../kernel/mount.js";
import { ENOENT } from "../kernel/errno.js";
import { pathOf } from "../kernel/vfs.js";
import type { HostDir } from "../devices/disk/dir.js";
import { type Infer, sha256Stream, t } from "../state/index.js";

/** One use of a disk file by a process. */
export const DiskUse = t.struct({
  use: t.enum("open", "cwd"),
  pid: t.u32,
  comm: t.string,
  fd: t.int, // −1 for a cwd
  offset: t.uint,
  flags: t.u32, // open flags (O_ACCMODE | O_APPEND …)
});
export type DiskUse = Infer<typeof DiskUse>;

export const DiskFileRecord = t.struct({
  path: t.string, // inside the disk ("" = its root)
  type: t.enum("file", "dir", "missing"), // "missing": already gone from the host when checkpointed
  size: t.uint,
  mtimeMs: t.uint, // host modification time (shown, not compared: copies change it)
  sha256: t.string, // hex, regular files only
  uses: t.array(DiskUse),
  contents: t.optional(t.bytes), // with --with-files: the bytes, for policy "replace"
});
export type DiskFileRecord = Infer<typeof DiskFileRecord>;

export const DiskRecord = t.struct({
  at: t.string, // the mount point in the machine ("/mnt")
  dev: t.u32,
  host: t.string, // the host directory as the operator named it at boot or attach
  files: t.array(DiskFileRecord),
});
export type DiskRecord = Infer<typeof DiskRecord>;

/** Most bytes hashed per host read. */
const CHUNK = 1 << 20;

/** Size and SHA-256 of the first `limit` bytes (all when omitted) of a disk file, read in bounded pieces. */
export function hashDiskFile(dir: HostDir, path: string, limit?: number): { size: number; sha256: string } | number {
  const st = dir.stat(path);
  if (typeof st === "number") return st;
  const end = Math.min(st.size, limit ?? st.size);
  const h = sha256Stream();
  for (let at = 0; at < end; ) {
    const part = dir.read(path, at, Math.min(CHUNK, end - at));
    if (typeof part === "number") return part;
    if (part.length === 0) break;
    h.update(part);
    at += part.length;
  }
  return { size: end, sha256: h.hex() };
}

/** Every use of every disk file, by mount point, from the kernel state. */
function usesOf(k: Kernel): Map<number, Map<string, DiskUse[]>> {
  const out = new Map<number, Map<string, DiskUse[]>>();
  const add = (at: number, path: string, u: DiskUse) => {
    let m = out.get(at);
    if (!m) out.set(at, (m = new Map()));
    const list = m.get(path) ?? [];
    list.push(u);
    m.set(path, list);
  };
  for (const p of [...k.state.procs.values()].sort((a, b) => a.pid - b.pid)) {
    if (p.state === "zombie") continue;
    if (k.state.inodes.get(p.cwd)?.mount.kind === "disk") add(p.cwd, p.cwdPath, { use: "cwd", pid: p.pid, comm: p.comm, fd: -1, offset: 0, flags: 0 });
    p.fds.forEach((slot, fd) => {
      const f = slot.file >= 0 ? k.state.openFiles.get(slot.file) : undefined;
      if (f?.target.kind === "disk") add(f.target.at, f.target.path, { use: "open", pid: p.pid, comm: p.comm, fd, offset: f.offset, flags: f.flags });
    });
  }
  return out;
}

/** The disk records of a checkpoint: every mounted disk and the files the machine holds on it. */
export function diskRecords(k: Kernel, withFiles = false): DiskRecord[] {
  const uses = usesOf(k);
  const hosts = diskHosts(k);
  const out: DiskRecord[] = [];
  for (const m of mounts(k)) {
    if (m.mount.kind !== "disk") continue;
    const dir = hosts.get(m.at);
    const files: DiskFileRecord[] = [];
    for (const [path, u] of [...(uses.get(m.at) ?? new Map<string, DiskUse[]>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      files.push(fileRecord(dir, path, u, withFiles));
    }
    out.push({ at: pathOf(k, m.at), dev: m.mount.dev, host: m.mount.host, files });
  }
  return out;
}

function fileRecord(dir: HostDir | undefined, path: string, uses: DiskUse[], withFiles: boolean): DiskFileRecord {
  const missing: DiskFileRecord = { path, type: "missing", size: 0, mtimeMs: 0, sha256: "", uses, contents: null };
  if (!dir) return missing;
  const st = dir.stat(path);
  if (typeof st === "number") return missing;
  if (st.type === "dir") return { path, type: "dir", size: 0, mtimeMs: st.mtimeMs, sha256: "", uses, contents: null };
  const h = hashDiskFile(dir, path);
  if (typeof h === "number") return missing;
  let contents: Uint8Array | null = null;
  if (withFiles && uses.some((u) => u.use === "open")) {
    const b = dir.read(path, 0, st.size);
    contents = typeof b === "number" ? null : b;
  }
  return { path, type: "file", size: h.size, mtimeMs: st.mtimeMs, sha256: h.sha256, uses, contents };
}

/** What changed in a disk file since its record, or null when it is the same (by size and content). */
export function diskFileChange(dir: HostDir | null, rec: DiskFileRecord): { what: string; grown: boolean; missing: boolean } | null {
  if (rec.type === "missing") return null; // nothing was there to compare with
  if (!dir) return { what: "disk not attached", grown: false, missing: true };
  const st = dir.stat(rec.path);
  if (typeof st === "number") return { what: st === -ENOENT ? "missing" : `cannot be read (error ${-st})`, grown: false, missing: true };
  if (rec.type === "dir") return st.type === "dir" ? null : { what: "replaced by a file", grown: false, missing: false };
  if (st.type === "dir") return { what: "replaced by a directory", grown: false, missing: false };
  if (st.size !== rec.size) {
    const grown = st.size > rec.size && samePrefix(dir, rec);
    return { what: `size ${fmt(rec.size)} → ${fmt(st.size)}${grown ? " (grown; the first " + fmt(rec.size) + " bytes unchanged)" : ""}`, grown, missing: false };
  }
  const h = hashDiskFile(dir, rec.path);
  if (typeof h === "number") return { what: `cannot be read (error ${-h})`, grown: false, missing: true };
  return h.sha256 === rec.sha256 ? null : { what: "content changed (SHA-256 differs, same size)", grown: false, missing: false };
}

function samePrefix(dir: HostDir, rec: DiskFileRecord): boolean {
  const h = hashDiskFile(dir, rec.path, rec.size);
  return typeof h !== "number" && h.size === rec.size && h.sha256 === rec.sha256;
}

/** 1234567 → "1,234,567". */
export function fmt(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "pid 7 (writer) fd 3 at 812, pid 1 (sh) cwd". */
export function holders(uses: readonly DiskUse[]): string {
  return uses.map((u) => `pid ${u.pid} (${u.comm}) ${u.use === "cwd" ? "cwd" : `fd ${u.fd} at ${fmt(u.offset)}`}`).join(", ");
}
