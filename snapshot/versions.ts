// Section versions and upgrade steps for the kernel's tables (and the
// snapshot's own sections). Rule: any change to a section's schema bumps its
// version here, adds an UpgradeStep from the old version when old snapshots
// can be carried forward, and regenerates snapshot/schemas.lock.txt
// (CRYOBOX_UPDATE_LOCK=1 npx vitest run test/snapshot/schemas-lock.test.ts).
// test/snapshot/schemas-lock.test.ts fails on a schema change without a bump.

import type { VersionTable } from "./sections.js";

/** Current version of each KernelState section (see sectionsOf); a section not listed is version 1. */
export const KERNEL_SECTION_VERSIONS: VersionTable = {
  globals: { version: 1 }, // the scalar fields: clock, next ids, random, panic
  procs: { version: 1 },
  openFiles: { version: 1 },
  pipes: { version: 1 },
  inodes: { version: 1 },
  ttys: { version: 1 },
  drives: { version: 1 },
  timers: { version: 1 },
  runQueue: { version: 1 },
};

/** Versions of the snapshot's own sections. */
export const CONFIG_VERSION = 1;
export const OUTSIDE_VERSION = 1;
