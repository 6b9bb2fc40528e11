// Named pipes (FIFOs): a tmpfs inode of type "fifo" (made by mknod/mkfifo)
// whose opens meet in one pipe of the kernel's pipe table (kernel/pipe.ts), so
// that reads, writes, PIPE_BUF atomicity, EOF, SIGPIPE, poll and FIONREAD are
// exactly pipe(2)'s. The pipe exists while any end is open (PipeState.fifo
// names the inode, which it keeps alive like an open file); when the last end
// closes it goes, with whatever was left unread, as on Linux.
//
// Opening (Linux fifo_open): a reader waits for a writer and a writer for a
// reader; O_NONBLOCK makes a reader's open succeed at once and a writer's fail
// with ENXIO when there is no reader. A waiting open is a process asleep on the
// channel fifo:INO:r (a reader) or fifo:INO:w (a writer), with its openat still
// in its registers. It holds nothing: a signal or SIGKILL ends it with nothing
// to undo, SA_RESTART simply runs the open again (and a stop clears the channel:
// SIGCONT re-runs it). The partner's open completes it: it makes the waiter's
// open-file description and fd, puts the fd in its a0 and steps its pc past the
// ecall, then wakes it. Completing in the partner (rather than waking the waiter
// to re-run its open) leaves no moment in which the waiter is woken but not yet
// open — a writer that opened, wrote and closed in that moment would otherwise
// see no reader (SIGPIPE) or leave no pipe to read from.
//
// O_RDWR (Linux: never waits, holds both ends, completes waiters of either end)
// is a pipeRead target whose access mode is O_RDWR: pipe.ts's pipeEnds counts it
// as a reader and a writer, and file.ts writes through it.

import type { Kernel } from "./kernel.js";
import type { FileTarget, Inode, PipeState, ProcState } from "./state.js";
import { ENFILE, ENXIO } from "./errno.js";
import { NPIPE } from "./param.js";
import { fifoChan, sameChan } from "./wait-channel.js";
import { O_ACCMODE, O_APPEND, O_CLOEXEC, O_NONBLOCK, O_RDONLY, O_RDWR, allocFile, fdAlloc, fileClose } from "./file.js";
import { wakeup } from "./proc.js";
import { nextFreeId } from "./ids.js";
import { tmpfs } from "./fs-tmpfs.js";
import { block, type Block } from "./result.js";

type End = "r" | "w";
/** What an open is for: one end, or both (O_RDWR). */
type Want = End | "rw";

/** The pipe FIFO `ino` is open on, if any end is open. */
export function fifoPipe(k: Kernel, ino: number): PipeState | undefined {
  for (const pipe of k.state.pipes.values()) if (pipe.fifo === ino) return pipe;
  return undefined;
}

/** Processes asleep in an open of FIFO `ino` for `end` (waiting for their partner). */
function waiters(k: Kernel, ino: number, end: End): ProcState[] {
  const chan = fifoChan(ino, end);
  const out: ProcState[] = [];
  for (const p of k.state.procs.values()) if (p.state === "sleeping" && sameChan(p.chan, chan)) out.push(p);
  return out;
}

/** A new pipe for FIFO `ino` (it holds the inode open), or −ENFILE when the pipe table is full. */
function newFifoPipe(k: Kernel, ino: number): PipeState | number {
  const s = k.state;
  if (s.pipes.size >= NPIPE) return -ENFILE;
  const { id, next } = nextFreeId(s.nextPipe, 1, s.pipes);
  s.nextPipe = next;
  const pipe: PipeState = { id, buf: new Uint8Array(0), readers: 0, writers: 0, fifo: ino };
  s.pipes.set(id, pipe);
  tmpfs.opened(k, { fs: "tmpfs", ino });
  return pipe;
}

/** The last end of a FIFO's pipe closed: the pipe (and its unread bytes) goes, and its hold on the inode. */
export function fifoPipeGone(k: Kernel, pipe: PipeState): void {
  if (pipe.fifo !== 0) tmpfs.closed(k, { fs: "tmpfs", ino: pipe.fifo });
}

const target = (pipe: PipeState, end: End): FileTarget => (end === "r" ? { kind: "pipeRead", pipe: pipe.id } : { kind: "pipeWrite", pipe: pipe.id });

/** An open-file description of `end` of `pipe` (both: a read target with O_RDWR) in p's lowest free fd: the fd or −errno (nothing left behind). */
function openEnd(k: Kernel, p: ProcState, pipe: PipeState, end: Want, flags: number): number {
  const id = allocFile(k, target(pipe, end === "w" ? "w" : "r"), flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
  if (id < 0) return id;
  const fd = fdAlloc(p, id, 0, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) fileClose(k, id); // the last reference of a fresh pipe takes the pipe with it
  return fd;
}

/** Finish q's waiting openat of `end` (its flags are still in a2): its fd or −errno in a0, pc past the ecall. */
function complete(k: Kernel, q: ProcState, pipe: PipeState, end: End): void {
  q.hart.x[10] = openEnd(k, q, pipe, end, q.hart.x[12]!) | 0;
  q.hart.pc = (q.hart.pc + 4) >>> 0;
  q.inSyscall = false;
  q.progress = 0;
  q.deadline = 0;
}

/**
 * openat of FIFO inode `n` by p with `flags`: the fd, −errno, or a Block (wait for the partner;
 * the partner's open completes this one).
 */
export function fifoOpen(k: Kernel, p: ProcState, n: Inode, flags: number): number | Block {
  const acc = flags & O_ACCMODE;
  const end: Want = acc === O_RDWR ? "rw" : acc === O_RDONLY ? "r" : "w";
  let pipe = fifoPipe(k, n.ino);
  // The waiters this open completes: those of the other end (of both ends for O_RDWR).
  const waiting = (end === "rw" ? ["r", "w"] as const : [end === "r" ? "w" : "r"] as const).map((e) => ({ e, qs: waiters(k, n.ino, e) }));
  const partners = (pipe ? (end === "r" ? pipe.writers : pipe.readers) : 0) + waiting.reduce((m, w) => m + w.qs.length, 0);
  if (end !== "rw" && partners === 0 && (end === "w" || (flags & O_NONBLOCK) === 0)) {
    if (flags & O_NONBLOCK) return -ENXIO; // a writer with no reader
    return block(fifoChan(n.ino, end));
  }
  if (!pipe) {
    const made = newFifoPipe(k, n.ino);
    if (typeof made === "number") return made;
    pipe = made;
  }
  const fd = openEnd(k, p, pipe, end, flags); // first: the pipe now has an end, whatever the waiters get
  if (fd < 0) {
    if (pipe.readers === 0 && pipe.writers === 0 && k.state.pipes.delete(pipe.id)) fifoPipeGone(k, pipe); // a fresh pipe nobody got
    return fd;
  }
  for (const { e, qs } of waiting) {
    for (const q of qs) complete(k, q, pipe, e);
    if (qs.length > 0) wakeup(k, fifoChan(n.ino, e));
  }
  return fd;
}
