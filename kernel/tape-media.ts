// The one owner of the reels loaded on the drives (outside media). The drive
// state (declared, saved) says which volume each drive holds or waits for and
// where its head is; this registry (transient, never saved) holds the bytes
// behind it. Only the kernel's tape code puts and releases entries — on an
// operator mount/unmount, and when the guest unloads a reel (MTOFFL) — so the
// machine never keeps a second list that could drift from the drives.

import type { ReelMedia } from "../devices/tape/media.js";

/** A reel loaded on a drive: its bytes, where it came from, how to let it go. */
export interface LoadedReel {
  media: ReelMedia;
  /** the host path or name it was mounted from (messages, `show tapes`) */
  source: string;
  /** flush and release host resources; called once, when the reel leaves the drive */
  close?(): void;
}

/** Loaded reels by drive unit. */
export class ReelSlots {
  private readonly slots: (LoadedReel | null)[];

  constructor(drives: number) {
    this.slots = new Array<LoadedReel | null>(drives).fill(null);
  }

  get(unit: number): LoadedReel | null {
    return this.slots[unit] ?? null;
  }

  /** The bytes of drive `unit`'s reel, null when nothing is loaded. */
  media(unit: number): ReelMedia | null {
    return this.slots[unit]?.media ?? null;
  }

  /** Load `reel` on `unit`, releasing whatever was there. */
  put(unit: number, reel: LoadedReel): void {
    if (this.slots[unit] === reel) return;
    this.release(unit);
    this.slots[unit] = reel;
  }

  /** Unload `unit` (closing its host file, if any). */
  release(unit: number): void {
    const r = this.slots[unit];
    this.slots[unit] = null;
    r?.close?.();
  }

  /** Unload everything (the machine is being dropped). */
  releaseAll(): void {
    for (let u = 0; u < this.slots.length; u++) this.release(u);
  }

  /** Units with a reel loaded, ascending. */
  units(): number[] {
    return this.slots.flatMap((r, u) => (r ? [u] : []));
  }
}
