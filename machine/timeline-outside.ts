// What the timeline keeps of the world outside the machine, so that going back
// gives the machine its outside as it was: the bytes of every reel on a drive
// (a copy per kept point, shared while unchanged) and the operator's reel
// mounts and unmounts as recorded inputs. Disks are host directories: they are
// handed to the restored machine as they are now (docs/debugging.md says what
// that means). Host-side bookkeeping, never machine state.

import { MemoryReel } from "../devices/tape/media.js";
import type { HostDir } from "../devices/disk/dir.js";
import { diskHosts } from "../kernel/fs-disk.js";
import { mounts } from "../kernel/mount.js";
import { pathOf } from "../kernel/vfs.js";
import type { Machine } from "./machine.js";
import type { ReelSpec } from "./reels.js";

/** A reel as the timeline keeps it: its bytes at one time, how it was mounted, and the identity they had. */
export interface ReelCopy {
  source: string;
  writable: boolean;
  bytes: Uint8Array;
  /** the drive's reel identity (size, SHA-256) when the copy was taken: an equal identity later means equal bytes */
  size: number;
  sha256: string;
}

/**
 * The bytes of every reel on a drive of `m` now; a reel unchanged since `previous` shares its copy
 * without being read. Unchanged is decided by the drive's reel identity, which `Machine.settle`
 * (run by every checkpoint) recomputes for any reel the guest wrote (a drive written since is
 * "dirty" and always copied), so the caller settles `m` first: then an unchanged 1 GiB reel costs nothing per kept point instead of a full read and
 * compare. A change made to a mounted host reel file behind the machine's back is not seen here
 * (nor by the drive's identity until restart verifies it): docs/debugging.md.
 */
export function copyReels(m: Machine, previous: ReadonlyMap<number, ReelCopy> | undefined): Map<number, ReelCopy> {
  const out = new Map<number, ReelCopy>();
  for (const [unit, r] of m.mounted()) {
    const media = m.kernel.reels.media(unit);
    const drive = m.kernel.state.drives[unit]?.drive;
    const identity = drive?.reel;
    if (!media || !drive || !identity) continue;
    // An identity not yet retaken after a write says nothing about the bytes: never share on it, never record it.
    const sha256 = drive.dirty ? "" : identity.sha256;
    const old = previous?.get(unit);
    if (sha256 !== "" && old && old.source === r.source && old.writable === r.writable && old.size === identity.size && old.sha256 === sha256) {
      out.set(unit, old);
      continue;
    }
    out.set(unit, { source: r.source, writable: r.writable, bytes: media.read(0, media.size()), size: identity.size, sha256 });
  }
  return out;
}

/** Bytes held by `copies` that `counted` does not already hold (a shared copy counts once). */
export function newBytes(copies: ReadonlyMap<number, ReelCopy>, counted: Set<Uint8Array>): number {
  let n = 0;
  for (const c of copies.values()) {
    if (counted.has(c.bytes)) continue;
    counted.add(c.bytes);
    n += c.bytes.length;
  }
  return n;
}

/** Restore options giving each drive a fresh in-memory reel holding `copies`' bytes (the host file is not touched). */
export function reelSpecs(copies: ReadonlyMap<number, ReelCopy>): Record<number, ReelSpec> {
  const tapes: Record<number, ReelSpec> = {};
  for (const [unit, c] of copies) tapes[unit] = { media: new MemoryReel(c.bytes), name: c.source, readOnly: !c.writable };
  return tapes;
}

/** The disks mounted in `m` now, as restore options (the same host directories, at the same paths). */
export function diskSpecs(m: Machine): { dir: HostDir; at: string }[] {
  const hosts = diskHosts(m.kernel);
  return mounts(m.kernel).flatMap((x) => {
    const dir = x.mount.kind === "disk" ? hosts.get(x.at) : undefined;
    return dir ? [{ dir, at: pathOf(m.kernel, x.at) }] : [];
  });
}
