// The size limit of tmpfs (issue #7): the blocks all tmpfs files hold together
// (4 KiB each, kernel/file-blocks.ts; holes in sparse files are free, as on
// Linux) may not exceed the limit (default 64 MiB; Machine.boot/restore({
// tmpfsSize }), `cryobox boot --tmpfs-size`), so no guest can grow host memory
// through files; a write past it fails with ENOSPC as on a full Linux tmpfs. The limit
// and the running total are host-side settings beside the kernel (transient:
// the total is recomputed from the inodes when first needed), not machine
// state: a restored machine gets the limit its operator gives it.

import type { Kernel } from "./kernel.js";
import { allocatedBytes } from "./file-blocks.js";

export const DEFAULT_TMPFS_SIZE = 64 * 1024 * 1024;
/** Largest tmpfs limit an operator may set (and the most file blocks a restore accepts): 4 GiB. */
export const MAX_TMPFS_SIZE = 2 ** 32;

const space = new WeakMap<Kernel, { limit: number; used: number | null }>();

function entry(k: Kernel): { limit: number; used: number | null } {
  let e = space.get(k);
  if (!e) space.set(k, (e = { limit: DEFAULT_TMPFS_SIZE, used: null }));
  return e;
}

/** Set k's tmpfs limit in bytes (a positive safe integer). */
export function setTmpfsSize(k: Kernel, bytes: number): void {
  if (!Number.isSafeInteger(bytes) || bytes <= 0 || bytes > MAX_TMPFS_SIZE) throw new RangeError(`tmpfs size must be a positive number of bytes up to 4 GiB, not ${bytes}`);
  entry(k).limit = bytes;
}

/** k's tmpfs limit and the bytes of file blocks it holds now. */
export function tmpfsUsage(k: Kernel): { limit: number; used: number } {
  const e = entry(k);
  if (e.used === null) {
    let used = 0;
    for (const n of k.state.inodes.values()) used += allocatedBytes(n);
    e.used = used;
  }
  return { limit: e.limit, used: e.used };
}

/** A file's blocks go from `from` to `to` bytes: false (ENOSPC) when growing would pass the limit. */
export function tmpfsResize(k: Kernel, from: number, to: number): boolean {
  const u = tmpfsUsage(k);
  if (to > from && u.used - from + to > u.limit) return false;
  entry(k).used = u.used - from + to;
  return true;
}

/** File contents changed outside write/truncate (a job restore): the total is recomputed when next needed. */
export function tmpfsRecount(k: Kernel): void {
  entry(k).used = null;
}
