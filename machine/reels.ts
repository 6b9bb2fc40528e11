// Reels as the Machine API takes them: a host path (`vol.tap`, `vol.tap:ro`)
// or in-memory media. Resolves either into the media the kernel reads, the
// identity a snapshot records, and whether the drive may write. Reels are
// outside the machine: nothing here is machine state.

import { type ReelMedia, reelIdentity } from "../devices/tape/media.js";
import type { ReelIdentity } from "../kernel/kernel.js";
import { openHostReelFile } from "./host-reels.js";

/** A reel to mount: a host path (`:ro` suffix = read-only) or media with a name for its identity. */
export type ReelSpec = string | { media: ReelMedia; name?: string; readOnly?: boolean };

/** A mounted reel. */
export interface Reel {
  media: ReelMedia;
  identity: ReelIdentity;
  writable: boolean;
  /** flush and release host resources */
  close?(): void;
}

/** Open `spec`; `readOnly` forces read-only on top of what the spec says. Throws with a one-line message. */
export function openReelSpec(spec: ReelSpec, readOnly: boolean): Reel {
  if (typeof spec === "string") {
    const ro = spec.endsWith(":ro");
    const path = ro ? spec.slice(0, -3) : spec;
    return openHostReelFile(path, readOnly || ro);
  }
  const name = spec.name ?? "memory";
  return { media: spec.media, identity: reelIdentity(name, spec.media), writable: !(readOnly || spec.readOnly === true) };
}
