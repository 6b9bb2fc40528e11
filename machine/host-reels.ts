// Opening a reel that is a host file (SIMH .tap): the host-* adapter behind
// Machine.mount, `--tape` and the console's `mount`. Reads and writes go
// straight to the file with positioned I/O, so a crash of the host process
// loses nothing the guest already wrote.
//
// Only a regular file holding a tape image is opened: a FIFO (which would
// hang), a directory, a device (/dev/null), a file over MAX_REEL_BYTES, or a
// file that is not a SIMH image (README.md) is refused with one line before
// anything is read or written. The file is opened non-blocking and checked
// again on the descriptor (fstat), so it cannot be swapped in between.

import { closeSync, constants, fstatSync, ftruncateSync, fsyncSync, openSync, readSync, statSync, type Stats, writeSync } from "node:fs";
import { resolve } from "node:path";
import { MAX_REEL_BYTES, type ReelMedia, ReelError, checkReelSize, reelIdentity } from "../devices/tape/media.js";
import { tapImageProblem } from "../devices/tape/verify.js";
import type { Reel } from "./reels.js";

class FileReel implements ReelMedia {
  constructor(private fd: number) {}
  size(): number {
    return fstatSync(this.fd).size;
  }
  read(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.size() - offset));
    const buf = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  }
  write(offset: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
  }
  truncate(length: number): void {
    ftruncateSync(this.fd, length);
  }
  close(): void {
    if (this.fd < 0) return;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/** What kind of host object `st` is, for a refusal. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Open host file `path` as a reel. A missing file is created empty (a fresh reel) only when
 * `create` and writable. Throws ReelError (one line naming the file) for anything else that is not
 * a regular file holding a SIMH tape image of at most MAX_REEL_BYTES.
 */
export function openHostReelFile(path: string, opts: { readOnly: boolean; create: boolean }): Reel {
  const abs = resolve(path);
  let st: Stats | null = null;
  try {
    st = statSync(abs);
  } catch (e) {
    if (code(e) !== "ENOENT") throw new ReelError(`reel ${path}: ${code(e)}`);
  }
  if (st === null && (opts.readOnly || !opts.create)) throw new ReelError(`reel ${path}: no such file`);
  if (st !== null && !st.isFile()) throw new ReelError(`reel ${path}: ${kindOf(st)}, not a tape image`);
  if (st !== null) checkReelSize(path, st.size);
  const flags =
    (opts.readOnly ? constants.O_RDONLY : constants.O_RDWR) | constants.O_NONBLOCK | constants.O_NOCTTY | (st === null ? constants.O_CREAT | constants.O_EXCL : 0);
  let fd: number;
  try {
    fd = openSync(abs, flags, 0o644);
  } catch (e) {
    throw new ReelError(`reel ${path}: ${code(e)}`);
  }
  const media = new FileReel(fd);
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) throw new ReelError(`reel ${path}: ${kindOf(now)}, not a tape image`);
    if (now.size > MAX_REEL_BYTES) checkReelSize(path, now.size);
    const problem = tapImageProblem(media);
    if (problem !== null) throw new ReelError(`reel ${path}: ${problem}`);
    return { loaded: { media, source: abs, close: () => media.close() }, identity: reelIdentity(abs, media), writable: !opts.readOnly };
  } catch (e) {
    closeSync(fd);
    if (e instanceof ReelError) throw e;
    throw new ReelError(`reel ${path}: ${code(e)}`);
  }
}
