// Readiness of one open file for poll/select: which of POLLIN, POLLOUT,
// POLLERR, POLLHUP hold right now. Pure: it looks at declared state only, so a
// poll that re-runs after a wake-up (or after a restore) sees the same answer.

import type { Kernel } from "./kernel.js";
import type { OpenFile } from "./state.js";
import { PIPE_SIZE } from "./param.js";
import { ttyCanRead } from "../devices/tty/read.js";
import { ttyWritable } from "../devices/tty/output.js";
import { socketPollMask } from "./socket.js";

export const POLLIN = 0x1;
export const POLLPRI = 0x2;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLNVAL = 0x20;
export const POLLRDNORM = 0x40;
export const POLLRDBAND = 0x80;
export const POLLWRNORM = 0x100;
export const POLLRDHUP = 0x2000;

/** The poll/select system call numbers (signal.ts: a handler makes them return EINTR, never restart). */
export const POLL_SYSCALLS: readonly number[] = [72, 73, 413, 414];

/** Is syscall `num` one of the poll/select family (sys-poll.ts)? */
export function isPollCall(num: number): boolean {
  return POLL_SYSCALLS.includes(num);
}

/** Readable: POLLIN with its normal-data twin (Linux reports both). */
const IN = POLLIN | POLLRDNORM;
/** Writable: POLLOUT with its normal-data twin. */
const OUT = POLLOUT | POLLWRNORM;

/** The events that hold for open file f (POLLERR/POLLHUP are always reported, asked for or not). */
export function pollMask(k: Kernel, f: OpenFile): number {
  const t = f.target;
  switch (t.kind) {
    case "pipeRead": {
      const pipe = k.state.pipes.get(t.pipe);
      if (!pipe) return POLLNVAL;
      const rw = (f.flags & 3) === 2 && pipe.buf.length < PIPE_SIZE ? OUT : 0; // a FIFO opened O_RDWR writes too
      return (pipe.buf.length > 0 ? IN : 0) | rw | (pipe.writers === 0 ? POLLHUP : 0);
    }
    case "pipeWrite": {
      const pipe = k.state.pipes.get(t.pipe);
      if (!pipe) return POLLNVAL;
      if (pipe.readers === 0) return OUT | POLLERR;
      return pipe.buf.length < PIPE_SIZE ? OUT : 0;
    }
    case "tty": {
      const tty = k.state.ttys[t.n];
      if (!tty) return POLLNVAL;
      return (ttyCanRead(tty.ld) ? IN : 0) | (ttyWritable(tty.ld) ? OUT : 0);
    }
    case "socket":
      return socketPollMask(k, t.sock);
    default:
      // Regular files, devices, procfs, tapes: always ready, as Linux's default poll says.
      return IN | OUT;
  }
}
