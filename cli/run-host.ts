// Host stdio as the guest's fds 0, 1 and 2 for `cryobox run`: synchronous,
// byte for byte, no terminal processing. Works for files, pipes and ttys; a
// non-blocking fd that says EAGAIN is waited on and retried.

import { fstatSync, readSync, writeSync } from "node:fs";
import type { HostIO } from "../kernel/kernel.js";

const ERRNO: Record<string, number> = { EBADF: 9, EISDIR: 21, EINVAL: 22, EPIPE: 32, ENOSPC: 28, EFBIG: 27 };
const EIO = 5;
const pause = new Int32Array(new SharedArrayBuffer(4));

function errnoOf(err: unknown): number | "again" {
  const code = (err as { code?: string }).code ?? "";
  if (code === "EAGAIN" || code === "EWOULDBLOCK" || code === "EINTR") return "again";
  return -(ERRNO[code] ?? EIO);
}

/** Wait a little before retrying a non-blocking fd (host time only; the guest sees none of it). */
function waitABit(): void {
  Atomics.wait(pause, 0, 0, 5);
}

/** fds 0..2 of this host process. */
export function hostStdio(): HostIO {
  return {
    read(fd, max) {
      const buf = new Uint8Array(Math.min(max, 65536));
      for (;;) {
        try {
          const n = readSync(fd, buf, 0, buf.length, null);
          return buf.subarray(0, n);
        } catch (err) {
          const e = errnoOf(err);
          if (e !== "again") return (err as { code?: string }).code === "EOF" ? new Uint8Array(0) : e;
          waitABit();
        }
      }
    },
    write(fd, bytes) {
      let done = 0;
      while (done < bytes.length) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (err) {
          const e = errnoOf(err);
          if (e !== "again") return done > 0 ? done : e;
          waitABit();
        }
      }
      return done;
    },
    kind(fd) {
      try {
        const st = fstatSync(fd);
        return st.isFile() ? "file" : st.isFIFO() || st.isSocket() ? "pipe" : st.isCharacterDevice() ? "tty" : "other";
      } catch {
        return "other";
      }
    },
    size(fd) {
      try {
        return fstatSync(fd).size;
      } catch {
        return 0;
      }
    },
  };
}
