// Atomic replacement of a snapshot file on the host (the one Node-only file of
// snapshot/). A checkpoint is written to a temporary file in the same
// directory, flushed to disk, renamed over the target (atomic on POSIX
// filesystems), and the directory is flushed so the rename itself survives a
// power failure. A crash at any point leaves either the old file or the new
// one, never a mix; SCENARIOS 24.
//
// Temporary names are `.NAME.tmp-PID-RANDOM` (16 random hex digits, host-side
// randomness: nothing here is machine state), so a stale file left by a killed
// writer whose pid is later reused can never collide with a new one (that made
// a checkpoint fail with EEXIST), and a writer only ever deletes a file it
// created itself. A writer killed by SIGKILL cannot clean up after itself, so
// every write first removes stale temporaries of the same target: only names
// of exactly our pattern, only files at least STALE_MS old, and only when the
// writing process is gone (or the file is older than ORPHAN_MS, for a pid
// reused by someone else). A concurrent writer's temporary file is left alone.

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, unlinkSync, writeSync, writevSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Test hooks: simulate a crash at a step (the step throws, as a dying process would stop). */
export interface AtomicWriteHooks {
  /** after the temporary file is written and flushed, before the rename */
  beforeRename?: (tmpPath: string) => void;
}

/** A temporary file younger than this is never removed by someone else (its writer may be between writes). */
export const STALE_MS = 2_000;
/** A temporary file older than this is removed even when a process with its pid exists (pid reuse). */
export const ORPHAN_MS = 60 * 60 * 1000;

/** Temporary files this process is writing now (never removed as stale). */
const writing = new Set<string>();

/** `.NAME.tmp-PID-SUFFIX`: SUFFIX is 16 hex digits, or a decimal counter (files of cryobox ≤ 0.1). */
function tempPattern(name: string): RegExp {
  const quoted = name.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  return new RegExp(`^\\.${quoted}\\.tmp-([0-9]{1,10})-(?:[0-9a-f]{16}|[0-9]{1,15})$`);
}

/** At most this many chunks per gathered write (Linux's IOV_MAX). */
const IOV_MAX = 1024;

/** Write every byte of `chunks` to `fd`, in order, with gathered writes (a partial write goes on where it stopped). */
function writeChunks(fd: number, chunks: readonly Uint8Array[]): void {
  let i = 0;
  let off = 0; // bytes of chunks[i] already written
  while (i < chunks.length) {
    const batch = chunks.slice(i, i + IOV_MAX);
    if (off > 0) batch[0] = batch[0]!.subarray(off);
    let n = batch.length === 1 ? writeSync(fd, batch[0]!) : writevSync(fd, batch);
    while (i < chunks.length && n >= chunks[i]!.length - off) {
      n -= chunks[i]!.length - off;
      off = 0;
      i++;
    }
    off += n;
  }
}

/**
 * Replace `path` with `bytes` atomically: temp file in the same directory, fsync, rename, fsync the directory.
 * `bytes` may be a file laid out as chunks (snapshot/format.ts layout, CheckpointTracker.writeChunks):
 * they are written with gathered writes, never copied into one buffer.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | readonly Uint8Array[], hooks: AtomicWriteHooks = {}): void {
  const dir = dirname(path);
  removeStaleTemps(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(8).toString("hex")}`);
  let created = false;
  let renamed = false;
  writing.add(tmp);
  try {
    const fd = openSync(tmp, "wx", 0o644);
    created = true;
    try {
      writeChunks(fd, bytes instanceof Uint8Array ? [bytes] : bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    hooks.beforeRename?.(tmp);
    renameSync(tmp, path);
    renamed = true;
    syncDirectory(dir);
  } finally {
    writing.delete(tmp);
    // Only a file this call created is removed (an EEXIST means someone else's file: not ours to delete).
    if (created && !renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone: nothing to clean up
      }
    }
  }
}

/** Is a process with this pid running on this host? (EPERM: it exists, owned by someone else.) */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove temporary files left beside `path` by killed writers. Returns the
 * names removed. Best effort: a directory that cannot be listed, or a file
 * that vanishes meanwhile, is simply skipped (the write itself reports real
 * trouble).
 */
export function removeStaleTemps(path: string, now = Date.now()): string[] {
  const dir = dirname(path);
  const pattern = tempPattern(basename(path));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    if (writing.has(file)) continue;
    try {
      const st = lstatSync(file);
      if (!st.isFile()) continue; // a directory or symlink of that name is not something we wrote
      const age = now - st.mtimeMs;
      if (age < STALE_MS) continue;
      const pid = Number(m[1]);
      const writerGone = pid === process.pid || !processExists(pid); // our own pid: not being written (see `writing`)
      if (!writerGone && age < ORPHAN_MS) continue;
      unlinkSync(file);
      removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
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
