// Atomic replacement of a snapshot file on the host (the one Node-only file of
// snapshot/). A checkpoint is written to a temporary file in the same
// directory, flushed to disk, renamed over the target (atomic on POSIX
// filesystems), and the directory is flushed so the rename itself survives a
// power failure. A crash at any point leaves either the old file or the new
// one, never a mix; SCENARIOS 24.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Test hooks: simulate a crash at a step (the step throws, as a dying process would stop). */
export interface AtomicWriteHooks {
  /** after the temporary file is written and flushed, before the rename */
  beforeRename?: (tmpPath: string) => void;
}

let counter = 0;

/** Replace `path` with `bytes` atomically: temp file in the same directory, fsync, rename, fsync the directory. */
export function writeFileAtomic(path: string, bytes: Uint8Array, hooks: AtomicWriteHooks = {}): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${counter++}`);
  let renamed = false;
  try {
    const fd = openSync(tmp, "wx", 0o644);
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    hooks.beforeRename?.(tmp);
    renameSync(tmp, path);
    renamed = true;
    syncDirectory(dir);
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone (or never created): nothing to clean up
      }
    }
  }
}

/** Flush a directory's entries (the rename); some platforms cannot, and then the rename is all we get. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR on filesystems that do not support fsync on directories
  } finally {
    closeSync(fd);
  }
}
