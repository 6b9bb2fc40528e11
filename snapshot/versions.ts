// Section versions and upgrade steps for the kernel's tables (and the
// snapshot's own sections). Rule: any change to a section's schema bumps its
// version here, adds an UpgradeStep from the old version when old snapshots
// can be carried forward, and regenerates snapshot/schemas.lock.txt
// (CRYOBOX_UPDATE_LOCK=1 npx vitest run test/snapshot/schemas-lock.test.ts).
// test/snapshot/schemas-lock.test.ts fails on a schema change without a bump.

import type { UpgradeStep, VersionTable } from "./sections.js";
import { OUTSIDE_V1_TO_V2 } from "./upgrade-disk-outside.js";
import { INODES_V1_TO_V2, OPEN_FILES_V1_TO_V2, PROCS_V1_TO_V2 } from "./upgrade-disk.js";
import { INODES_V4_TO_V5, OPEN_FILES_V2_TO_V3, PROCS_V3_TO_V4, SOCKETS_V1_TO_V2 } from "./upgrade-net.js";
import { INODES_V2_TO_V3, PROCS_V2_TO_V3 } from "./upgrade-typed.js";
import { INODES_V3_TO_V4 } from "./upgrade-file-blocks.js";
import { EPOCH_SECONDS } from "../kernel/realtime.js";
import { t } from "../state/index.js";
import { DRIVES_SECTION } from "./upgrade-drives.js";
import { PROCS_V4_TO_V5, TIMERS_V1_TO_V2 } from "./upgrade-signals.js";
import { PROCS_V5_TO_V6, TIMERS_V2_TO_V3 } from "./upgrade-ptimers.js";
import { INODES_V6_TO_V7 } from "./upgrade-links.js";
import { GLOBALS_V2_TO_V3, INODES_V5_TO_V6, PIPES_V1_TO_V2, PROCS_V6_TO_V7 } from "./upgrade-fifo.js";

/** globals v1 as written before the settable wall clock (declared order of KernelState's scalars then). */
const GLOBALS_V1 = t.struct({
  clock: t.uint,
  current: t.int,
  quantumLeft: t.uint,
  nextPid: t.u32,
  nextFile: t.u32,
  nextPipe: t.u32,
  nextIno: t.u32,
  rootIno: t.u32,
  random: t.u32,
  panic: t.string,
});

/** Current version of each KernelState section (see sectionsOf); a section not listed is version 1. */
export const KERNEL_SECTION_VERSIONS: VersionTable = {
  globals: {
    version: 3, // the scalar fields: clock, next ids, random, panic, wall-clock offset, host name, load average
    // v1 → v2: the wall clock became settable (kernel/realtime.ts); v1 machines ran on the fixed epoch.
    // v2 → v3: sethostname's name and the load average (snapshot/upgrade-fifo.ts).
    upgrades: [{ from: 1, schema: GLOBALS_V1, upgrade: (old) => ({ ...(old as object), realtimeSeconds: EPOCH_SECONDS, realtimeTicks: 0 }) }, GLOBALS_V2_TO_V3],
  },
  procs: { version: 7, upgrades: [PROCS_V1_TO_V2, PROCS_V2_TO_V3, PROCS_V3_TO_V4, PROCS_V4_TO_V5, PROCS_V5_TO_V6, PROCS_V6_TO_V7] }, // v2: cwdPath, a cwd inside a disk (#9); v3: typed wait channels (#8); v4: ppoll/pselect6 saved mask (#11); v5: ProcState.posix, real-time signals, siginfo, itimers, ids (#15); v6: POSIX timers (posix.timers, SI_TIMER siginfo); v7: the "fifo" wait channel (a FIFO open waiting for its partner)
  openFiles: { version: 3, upgrades: [OPEN_FILES_V1_TO_V2, OPEN_FILES_V2_TO_V3] }, // v2: disk targets (#9); v3: socket targets (#11)
  pipes: { version: 2, upgrades: [PIPES_V1_TO_V2] }, // v2: PipeState.fifo, the FIFO inode a pipe serves
  inodes: { version: 7, upgrades: [INODES_V1_TO_V2, INODES_V2_TO_V3, INODES_V3_TO_V4, INODES_V4_TO_V5, INODES_V5_TO_V6, INODES_V6_TO_V7] }, // v2: Inode.mount; /proc is a directory with procfs mounted (#9); v3: Inode.dev an enum (#8); v4: contents in 4 KiB blocks through the page store, holes free (#7); v5: socket files (#11); v6: FIFOs (named pipes); v7: symbolic links (snapshot/upgrade-links.ts)
  ttys: { version: 1 },
  drives: DRIVES_SECTION, // v2: reel volume (VOL1 serial or file name) and forced mounts
  timers: { version: 3, upgrades: [TIMERS_V1_TO_V2, TIMERS_V2_TO_V3] }, // v2: ITIMER_REAL alarms beside sleep wake-ups (#15); v3: "ptimer" looks at POSIX timers
  runQueue: { version: 1 },
  sockets: { version: 2, optional: true, upgrades: [SOCKETS_V1_TO_V2] }, // new in #11: absent from older snapshots = no sockets; v2: ino, the socket file of a unix name
  netPorts: { version: 1, optional: true },
  netLines: { version: 1, optional: true },
  locks: { version: 1, optional: true }, // new in #15: absent from older snapshots = no locks
};

/** Versions of the snapshot's own sections. */
export const CONFIG_VERSION = 1;
export const OUTSIDE_VERSION = 2;
/** outside v1 → v2: disk records (#9); a v1 machine had no disks. */
export const OUTSIDE_UPGRADES: readonly UpgradeStep[] = [OUTSIDE_V1_TO_V2];
