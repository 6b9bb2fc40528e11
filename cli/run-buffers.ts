// In-memory stdio for `cryobox run`'s machine: stdin from a byte array, stdout
// and stderr collected. Used by tests and by anyone running a guest program
// in-process (no host fds involved).

import type { HostIO } from "../kernel/kernel.js";

/** HostIO over buffers, plus what the guest wrote to fds 1 and 2. */
export interface BufferIO {
  io: HostIO;
  stdout(): Uint8Array;
  stderr(): Uint8Array;
}

/** Stdin is `input` (then EOF); a `brokenStdout` makes writes to fd 1 fail with EPIPE. */
export function bufferIO(input: Uint8Array = new Uint8Array(0), brokenStdout = false): BufferIO {
  let pos = 0;
  const out: Uint8Array[][] = [[], [], []];
  const join = (parts: Uint8Array[]): Uint8Array => {
    const all = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
    let o = 0;
    for (const b of parts) {
      all.set(b, o);
      o += b.length;
    }
    return all;
  };
  return {
    io: {
      read(fd, max) {
        if (fd !== 0) return -9; // EBADF: 1 and 2 are write-only here
        const chunk = input.slice(pos, pos + max);
        pos += chunk.length;
        return chunk;
      },
      write(fd, bytes) {
        if (fd === 0) return -9;
        if (fd === 1 && brokenStdout) return -32; // EPIPE
        out[fd]!.push(bytes.slice());
        return bytes.length;
      },
      kind: (fd) => (fd === 0 ? "file" : "pipe"),
      size: (fd) => (fd === 0 ? input.length : 0),
    },
    stdout: () => join(out[1]!),
    stderr: () => join(out[2]!),
  };
}
