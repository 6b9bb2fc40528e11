// Open-file descriptions (shared by fork and dup: offset and status flags)
// and per-process fd tables. Reads and writes are dispatched on the target
// kind: tmpfs inode, pipe end, terminal, tape, null, zero, procfs.

import type { Kernel } from "./kernel.js";
import type { FileTarget, OpenFile, ProcState } from "./state.js";
import { EAGAIN, EBADF, EFBIG, EINVAL, EIO, EISDIR, EMFILE, ENFILE, EPIPE } from "./errno.js";
import { MAX_FILE_SIZE, NFILE, NOFILE } from "./param.js";
import { maybeFree } from "./vfs.js";
import { pipeRead, pipeWrite } from "./pipe.js";
import { wakeup } from "./proc.js";
import { ttyRead, ttyWrite } from "./tty.js";
import { tapeClose, tapeRead, tapeWrite } from "./tape.js";
import { procRead } from "./procfs.js";
import { sendSignal } from "./signal.js";
import { SIGPIPE } from "./signals-def.js";
import type { Block } from "./result.js";

export const O_ACCMODE = 3;
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DIRECTORY = 0o200000;
export const O_CLOEXEC = 0o2000000;
/** Status flags F_SETFL may change. */
export const SETFL_MASK = O_APPEND | O_NONBLOCK;

/** Create an open-file description with one reference; its id or −ENFILE. */
export function allocFile(k: Kernel, target: FileTarget, flags: number): number {
  const s = k.state;
  if (s.openFiles.size >= NFILE) return -ENFILE;
  let id = s.nextFile;
  while (s.openFiles.has(id)) id = (id + 1) % 0x7fffffff;
  s.nextFile = (id + 1) % 0x7fffffff;
  s.openFiles.set(id, { id, refs: 1, offset: 0, flags: flags & ~O_CLOEXEC, target });
  if (target.kind === "inode") {
    const n = s.inodes.get(target.ino);
    if (n) n.opens++;
  } else if (target.kind === "pipeRead") s.pipes.get(target.pipe)!.readers++;
  else if (target.kind === "pipeWrite") s.pipes.get(target.pipe)!.writers++;
  else if (target.kind === "tape") {
    const d = s.drives[target.unit];
    if (d) d.openCount++;
  }
  return id;
}

/** One more reference to open file `id` (fork, dup). */
export function fileDup(k: Kernel, id: number): void {
  const f = k.state.openFiles.get(id);
  if (f) f.refs++;
}

/** Drop a reference; the last one releases the target (pipe end, inode, tape rewind). */
export function fileClose(k: Kernel, id: number): void {
  const s = k.state;
  const f = s.openFiles.get(id);
  if (!f) return;
  if (--f.refs > 0) return;
  s.openFiles.delete(id);
  const t = f.target;
  if (t.kind === "inode") {
    const n = s.inodes.get(t.ino);
    if (n) {
      n.opens--;
      maybeFree(k, n);
    }
  } else if (t.kind === "pipeRead" || t.kind === "pipeWrite") {
    const pipe = s.pipes.get(t.pipe);
    if (!pipe) return;
    if (t.kind === "pipeRead") pipe.readers--;
    else pipe.writers--;
    wakeup(k, `pipe:${pipe.id}:r`);
    wakeup(k, `pipe:${pipe.id}:w`);
    if (pipe.readers === 0 && pipe.writers === 0) s.pipes.delete(pipe.id);
  } else if (t.kind === "tape") {
    tapeClose(k, t.unit, t.rewind);
  }
}

/** Put open file `file` in the lowest free fd ≥ from; the fd or −EMFILE. Takes over the caller's reference. */
export function fdAlloc(p: ProcState, file: number, from = 0, cloexec = false): number {
  for (let fd = Math.max(0, from); fd < NOFILE; fd++) {
    const slot = p.fds[fd]!;
    if (slot.file < 0) {
      slot.file = file;
      slot.cloexec = cloexec;
      return fd;
    }
  }
  return -EMFILE;
}

/** The open file behind fd, or null (EBADF). */
export function fdFile(k: Kernel, p: ProcState, fd: number): OpenFile | null {
  if (!Number.isInteger(fd) || fd < 0 || fd >= NOFILE) return null;
  const id = p.fds[fd]!.file;
  if (id < 0) return null;
  return k.state.openFiles.get(id) ?? null;
}

/** Readable/writable by its access mode? */
export function canRead(f: OpenFile): boolean {
  return (f.flags & O_ACCMODE) !== O_WRONLY;
}
export function canWrite(f: OpenFile): boolean {
  return (f.flags & O_ACCMODE) !== O_RDONLY;
}

/** Read up to len bytes from f at its offset: the bytes, −errno or a Block. */
export function fileRead(k: Kernel, p: ProcState, f: OpenFile, len: number): Uint8Array | number | Block {
  if (!canRead(f)) return -EBADF;
  const nonblock = (f.flags & O_NONBLOCK) !== 0;
  const t = f.target;
  switch (t.kind) {
    case "inode": {
      const n = k.state.inodes.get(t.ino);
      if (!n) return -EBADF;
      if (n.type === "dir" || n.type === "procdir") return -EISDIR;
      const out = n.data.slice(Math.min(f.offset, n.data.length), Math.min(f.offset + len, n.data.length));
      f.offset += out.length;
      return out;
    }
    case "pipeRead":
      return pipeRead(k, k.state.pipes.get(t.pipe)!, len, nonblock);
    case "pipeWrite":
      return -EBADF;
    case "tty":
      return ttyRead(k, p, t.n, len, nonblock);
    case "tape":
      return tapeRead(k, t.unit, len);
    case "null":
      return new Uint8Array(0);
    case "zero":
      return new Uint8Array(len);
    case "host":
      return k.host ? k.host.read(t.fd, len) : -EIO;
    case "proc": {
      const r = procRead(k, p, t.path, f.offset, len);
      if (typeof r !== "number") f.offset += r.length;
      return r;
    }
  }
}

/**
 * File contents grown to `size` bytes, new bytes zero. The declared state is the
 * view (its length is the file size, so snapshots stay canonical); the buffer
 * behind it keeps spare capacity that doubles, so a file written by many small
 * appends (`primes > /tmp/p`) costs amortised O(1) per byte instead of a copy
 * of the whole file per write.
 */
export function growFile(data: Uint8Array, size: number): Uint8Array {
  // Only a buffer this function allocated is known to be the file's alone (a decoded snapshot's
  // bytes, say, may be a view into something shared).
  const capacity = fileBuffers.has(data.buffer) ? data.buffer.byteLength - data.byteOffset : data.length;
  if (size <= capacity) {
    const view = new Uint8Array(data.buffer, data.byteOffset, size);
    view.fill(0, data.length); // the spare room may hold bytes of an earlier, longer life
    return view;
  }
  const buffer = new ArrayBuffer(Math.min(MAX_FILE_SIZE, Math.max(size, 2 * data.length, 256)));
  fileBuffers.add(buffer);
  const grown = new Uint8Array(buffer, 0, size);
  grown.set(data);
  return grown;
}

/** Transient: the buffers growFile allocated (spare capacity that no one else sees). */
const fileBuffers = new WeakSet<ArrayBufferLike>();

/** Write `data` to f (at its offset, or the end with O_APPEND): count, −errno or a Block. */
export function fileWrite(k: Kernel, p: ProcState, f: OpenFile, data: Uint8Array): number | Block {
  if (!canWrite(f)) return -EBADF;
  const nonblock = (f.flags & O_NONBLOCK) !== 0;
  const t = f.target;
  switch (t.kind) {
    case "inode": {
      const n = k.state.inodes.get(t.ino);
      if (!n) return -EBADF;
      if (n.type !== "file") return -EISDIR;
      const at = (f.flags & O_APPEND) !== 0 ? n.data.length : f.offset;
      const end = at + data.length;
      if (end > MAX_FILE_SIZE) return -EFBIG;
      if (end > n.data.length) n.data = growFile(n.data, end);
      n.data.set(data, at);
      n.mtime = k.state.clock;
      f.offset = end;
      return data.length;
    }
    case "pipeWrite":
      return pipeWrite(k, p, k.state.pipes.get(t.pipe)!, data, nonblock);
    case "pipeRead":
      return -EBADF;
    case "tty": {
      const r = ttyWrite(k, p, t.n, data);
      return nonblock && typeof r !== "number" && r.block === `tty:${t.n}:out` ? -EAGAIN : r; // full queue
    }
    case "tape":
      return tapeWrite(k, t.unit, data);
    case "null":
    case "zero":
      return data.length;
    case "host": {
      const n = k.host ? k.host.write(t.fd, data) : -EIO;
      if (n === -EPIPE) sendSignal(k, p.pid, SIGPIPE, false); // the host reader has gone, as for a pipe
      return n;
    }
    case "proc":
      return -EINVAL;
  }
}
