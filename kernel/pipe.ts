// Pipes: a bounded buffer (PIPE_SIZE bytes) plus reader and writer counts.
// Reads block on "pipe:<id>:r" while empty and writers remain; writes block on
// "pipe:<id>:w" while full. Writes of at most PIPE_BUF bytes are atomic; larger
// ones record their progress in the process (a declared field) and re-run.

import { pipeChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { FileTarget, PipeState, ProcState } from "./state.js";
import { EAGAIN, EPIPE } from "./errno.js";
import { PIPE_BUF, PIPE_SIZE } from "./param.js";
import { wakeup } from "./proc.js";
import { sendSignal } from "./signal.js";
import { SIGPIPE } from "./signals-def.js";
import { block, type Block } from "./result.js";

/**
 * The ends of a pipe an open file holds, by its target and flags: a read end, a write end, or both
 * for a FIFO opened O_RDWR (a pipeRead target whose access mode is O_RDWR, kernel/fifo.ts).
 */
export function pipeEnds(t: FileTarget, flags: number): { r: number; w: number } {
  if (t.kind === "pipeRead") return { r: 1, w: (flags & 3) === 2 ? 1 : 0 };
  return { r: 0, w: t.kind === "pipeWrite" ? 1 : 0 };
}

/** Read up to `len` bytes: the bytes (empty = EOF), −EAGAIN, or a Block. */
export function pipeRead(k: Kernel, pipe: PipeState, len: number, nonblock: boolean): Uint8Array | number | Block {
  if (pipe.buf.length > 0) {
    const n = Math.min(len, pipe.buf.length);
    const out = pipe.buf.slice(0, n);
    // A view of the rest, not a copy: a byte-at-a-time reader of a full pipe cost a 64 KiB copy per byte.
    // Nothing writes into pipe.buf in place (append builds a new buffer), so the view cannot change under us.
    pipe.buf = pipe.buf.subarray(n);
    wakeup(k, pipeChan(pipe.id, "w"));
    return out;
  }
  if (pipe.writers === 0 || len === 0) return new Uint8Array(0);
  if (nonblock) return -EAGAIN;
  return block(pipeChan(pipe.id, "r"));
}

function append(pipe: PipeState, bytes: Uint8Array): void {
  const b = new Uint8Array(pipe.buf.length + bytes.length);
  b.set(pipe.buf);
  b.set(bytes, pipe.buf.length);
  pipe.buf = b;
}

/** Write `data` (the whole request; p.progress bytes of it are already in): count, −errno or a Block. */
export function pipeWrite(k: Kernel, p: ProcState, pipe: PipeState, data: Uint8Array, nonblock: boolean): number | Block {
  if (data.length === 0) return 0; // Linux: a null write succeeds, even with no reader left
  if (pipe.readers === 0) {
    sendSignal(k, p.pid, SIGPIPE, false);
    return p.progress > 0 ? p.progress : -EPIPE;
  }
  const space = PIPE_SIZE - pipe.buf.length;
  if (data.length <= PIPE_BUF) {
    if (space < data.length) return nonblock ? -EAGAIN : block(pipeChan(pipe.id, "w"));
    append(pipe, data);
    wakeup(k, pipeChan(pipe.id, "r"));
    return data.length;
  }
  const n = Math.min(space, data.length - p.progress);
  if (n > 0) {
    append(pipe, data.subarray(p.progress, p.progress + n));
    p.progress += n;
    wakeup(k, pipeChan(pipe.id, "r"));
  }
  if (p.progress === data.length || (nonblock && p.progress > 0)) {
    const done = p.progress;
    p.progress = 0;
    return done;
  }
  if (nonblock) return -EAGAIN;
  return block(pipeChan(pipe.id, "w"));
}
