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

/** A reel as the timeline keeps it: its bytes at one time and how it was mounted. */
export interface ReelCopy {
  source: string;
  writable: boolean;
  bytes: Uint8Array;
}

/** The bytes of every reel on a drive of `m` now; an unchanged reel shares `previous`'s copy. */
export function copyReels(m: Machine, previous: ReadonlyMap<number, ReelCopy> | undefined): Map<number, ReelCopy> {
  const out = new Map<number, ReelCopy>();
  for (const [unit, r] of m.mounted()) {
    const media = m.kernel.reels.media(unit);
    if (!media) continue;
    const bytes = media.read(0, media.size());
    const old = previous?.get(unit);
    const same = old && old.source === r.source && old.writable === r.writable && equalBytes(old.bytes, bytes);
    out.set(unit, same ? old : { source: r.source, writable: r.writable, bytes });
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

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
