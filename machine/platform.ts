// What the machine core needs from the computer it runs on, handed in by the
// host side instead of imported: the default root image (user/bin on disk),
// reels named by a host path, and disks named by a host directory. The core
// (machine/machine.ts and below) reaches no Node built-in, so the same code can
// run where there is no file system (a browser passes an image, MemoryReel
// media and HostDir objects, and never needs a platform).
//
// On Node, importing machine/host-platform.ts installs the Node pieces; the
// Node entry points do (index.ts, cli/main.ts, testing/, bench/run.ts, the test
// setup). This is host wiring, not machine state: it never enters a snapshot,
// and a machine behaves the same whichever platform opened its files.

import type { RootFile } from "../kernel/kernel.js";
import type { HostDir } from "../devices/disk/dir.js";
import type { OpenOptions, Reel } from "./reels.js";

export interface Platform {
  readonly name: string;
  /** The default root filesystem (every committed guest program as /bin/NAME). */
  defaultImage(): RootFile[];
  /** A reel from a host file (ReelError with one line when it is not a tape image, …). */
  openReelFile(path: string, opts: OpenOptions): Reel;
  /** A host directory to mount as a disk (DiskDirError naming it when it is not one). */
  openDir(path: string): HostDir;
}

/** Host files were asked for where no platform is installed: a mistake of the embedding program. */
export class NoPlatformError extends Error {
  constructor(what: string) {
    super(`${what} needs the host's files, and no host platform is installed: import "cryobox" on Node, or pass the data itself (image, reel media, a HostDir)`);
    this.name = "NoPlatformError";
  }
}

let installed: Platform | null = null;

/** Install `p` (null: none); returns the one it replaces. */
export function usePlatform(p: Platform | null): Platform | null {
  const prev = installed;
  installed = p;
  return prev;
}

/** The installed platform, for `what` (named in the error when there is none). */
export function platform(what: string): Platform {
  if (installed === null) throw new NoPlatformError(what);
  return installed;
}
