// Reels as the Machine API takes them: a host path (`vol.tap`, `vol.tap:ro`)
// or in-memory media. Resolves either into what the kernel loads on a drive
// (LoadedReel), the identity verification compares, and whether the drive may
// write. Reels are outside the machine: nothing here is machine state, and
// nothing here keeps a list of mounted reels (the kernel's ReelSlots does).

import { type ReelMedia, ReelError, reelIdentity } from "../devices/tape/media.js";
import { tapImageProblem } from "../devices/tape/verify.js";
import type { ReelIdentity } from "../kernel/kernel.js";
import type { LoadedReel } from "../kernel/tape-media.js";
import { platform } from "./platform.js";

/** A reel to mount: a host path (`:ro` suffix = read-only) or media with a name for its identity. */
export type ReelSpec = string | { media: ReelMedia; name?: string; readOnly?: boolean };

/** A reel opened for mounting, not yet on a drive. */
export interface Reel {
  loaded: LoadedReel;
  identity: ReelIdentity;
  writable: boolean;
}

/** How a host path may be opened: `create` makes a fresh empty reel when the file does not exist. */
export interface OpenOptions {
  readOnly: boolean;
  create: boolean;
}

/** Open `spec`. Throws ReelError with a one-line message (not a tape image, not a regular file, too large, …). */
export function openReelSpec(spec: ReelSpec, opts: OpenOptions): Reel {
  if (typeof spec === "string") {
    const ro = spec.endsWith(":ro");
    const path = ro ? spec.slice(0, -3) : spec;
    if (path === "") throw new ReelError("a reel needs a file name");
    return platform(`reel ${path}`).openReelFile(path, { readOnly: opts.readOnly || ro, create: opts.create });
  }
  const name = spec.name ?? "memory";
  const problem = tapImageProblem(spec.media);
  if (problem !== null) throw new ReelError(`reel ${name}: ${problem}`);
  return { loaded: { media: spec.media, source: name }, identity: reelIdentity(name, spec.media), writable: !(opts.readOnly || spec.readOnly === true) };
}
