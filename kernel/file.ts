// Open-file descriptions (shared by fork and dup: offset and status flags)
// and per-process fd tables. Reads and writes are dispatched on the target
// kind: a file on some file system (tmpfs inode, procfs, disk: through the
// mount layer), pipe end, terminal, tape, null, zero.

import { pipeChan, sameChan, ttyChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { FileTarget, OpenFile, ProcState } from "./state.js";
import { EAGAIN, EBADF, EIO, EMFILE, ENFILE, EPIPE } from "./errno.js";
import { NFILE, NOFILE } from "./param.js";
import { fsOf, targetNode } from "./mount.js";
import { pipeEnds, pipeRead, pipeWrite } from "./pipe.js";
import { fifoPipeGone } from "./fifo.js";
import { wakeup } from "./proc.js";
import { ttyRead, ttyWrite } from "./tty.js";
import { tapeClose, tapeRead, tapeWrite } from "./tape.js";
import { sock, socketRecv, socketRef, socketSend, socketUnref } from "./socket.js";
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
  const node = targetNode(k, target);
  if (node) fsOf(node).opened(k, node);
  else if (target.kind === "pipeRead" || target.kind === "pipeWrite") {
    const pipe = s.pipes.get(target.pipe)!;
    const ends = pipeEnds(target, flags); // a FIFO opened O_RDWR holds both ends
    pipe.readers += ends.r;
    pipe.writers += ends.w;
  }
  else if (target.kind === "tape") {
    const d = s.drives[target.unit];
    if (d) d.openCount++;
  } else if (target.kind === "socket") socketRef(k, target.sock);
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
  const node = targetNode(k, t);
  if (node) fsOf(node).closed(k, node);
  else if (t.kind === "pipeRead" || t.kind === "pipeWrite") {
    const pipe = s.pipes.get(t.pipe);
    if (!pipe) return;
    const ends = pipeEnds(t, f.flags);
    pipe.readers -= ends.r;
    pipe.writers -= ends.w;
    wakeup(k, pipeChan(pipe.id, "r"));
    wakeup(k, pipeChan(pipe.id, "w"));
    if (pipe.readers === 0 && pipe.writers === 0) {
      s.pipes.delete(pipe.id);
      fifoPipeGone(k, pipe); // a FIFO's pipe lets go of its inode (kernel/fifo.ts)
    }
  } else if (t.kind === "tape") {
    tapeClose(k, t.unit, t.rewind);
  } else if (t.kind === "socket") socketUnref(k, t.sock);
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
    case "inode":
    case "disk":
    case "proc": {
      const node = targetNode(k, t)!;
      const r = fsOf(node).read(k, p, node, f.offset, len);
      if (typeof r !== "number") f.offset += r.length;
      return r;
    }
    case "pipeRead":
      return pipeRead(k, k.state.pipes.get(t.pipe)!, len, nonblock);
    case "pipeWrite":
      return -EBADF;
    case "tty":
      return ttyRead(k, p, t.n, len, nonblock);
    case "tape":
      return tapeRead(k, p, t.unit, len);
    case "null":
      return new Uint8Array(0);
    case "zero":
      return new Uint8Array(len);
    case "host":
      return k.host ? k.host.read(t.fd, len) : -EIO;
    case "socket":
      return socketRecv(k, sock(k, t.sock), len, nonblock, 0);
  }
}

/** Write `data` to f (at its offset, or the end with O_APPEND): count, −errno or a Block. */
export function fileWrite(k: Kernel, p: ProcState, f: OpenFile, data: Uint8Array): number | Block {
  if (!canWrite(f)) return -EBADF;
  const nonblock = (f.flags & O_NONBLOCK) !== 0;
  const t = f.target;
  switch (t.kind) {
    case "inode":
    case "disk":
    case "proc": {
      const node = targetNode(k, t)!;
      const end = fsOf(node).write(k, node, f.offset, data, (f.flags & O_APPEND) !== 0);
      if (end < 0) return end;
      f.offset = end;
      return data.length;
    }
    case "pipeWrite":
    case "pipeRead": // only a FIFO opened O_RDWR gets here (canWrite above refuses a read end)
      return pipeWrite(k, p, k.state.pipes.get(t.pipe)!, data, nonblock);
    case "tty": {
      const r = ttyWrite(k, p, t.n, data);
      return nonblock && typeof r !== "number" && sameChan(r.block, ttyChan(t.n, "out")) ? -EAGAIN : r; // full queue
    }
    case "tape":
      return tapeWrite(k, p, t.unit, data);
    case "null":
    case "zero":
      return data.length;
    case "socket":
      return socketSend(k, p, sock(k, t.sock), data, nonblock, 0);
    case "host": {
      const n = k.host ? k.host.write(t.fd, data) : -EIO;
      if (n === -EPIPE) sendSignal(k, p.pid, SIGPIPE, false); // the host reader has gone, as for a pipe
      return n;
    }
  }
}
