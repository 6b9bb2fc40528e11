// Section upgrades for named pipes and the system-information calls
// (kernel/fifo.ts, kernel/sys-sysinfo.ts, kernel/loadavg.ts):
//   globals v2 → v3: KernelState gains `hostname` (sethostname) and the load
//     average (`load1/5/15`, `loadNext`). A v2 machine was called "cryobox"
//     (uname's fixed nodename then) and had no load history: 0, sampled from
//     its next period on.
//   pipes v1 → v2: PipeState.fifo, the FIFO inode a pipe serves; every v1
//     pipe came from pipe(2) (0).
//   inodes v5 → v6: an inode may be a FIFO ("fifo"); every v5 inode is valid as it is.
//   procs v6 → v7: a process may sleep on a "fifo" channel (an open waiting for
//     its partner); every v6 channel is valid as it is.
// Old schemas are spelled out as they were written.

import { t } from "../state/index.js";
import { HartState } from "../cpu/hart.js";
import { MemoryState } from "../cpu/memory.js";
import { DevKind, DirEntry, FdSlot, Mount, SigAction } from "../kernel/state.js";
import { ProcPosix } from "../kernel/proc-posix.js";
import { DEFAULT_HOSTNAME } from "../kernel/sysinfo-state.js";
import { type UpgradeStep, upgradeRows } from "./sections.js";

/** globals v2: the scalars of KernelState before the host name and load average. */
const GlobalsV2 = t.struct({
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
  realtimeSeconds: t.uint,
  realtimeTicks: t.uint,
});

export const GLOBALS_V2_TO_V3: UpgradeStep = {
  from: 2,
  schema: GlobalsV2,
  upgrade: (old) => ({ ...(old as object), hostname: new TextEncoder().encode(DEFAULT_HOSTNAME), load1: 0, load5: 0, load15: 0, loadNext: 0 }),
};

const PipeStateV1 = t.struct({ id: t.u32, buf: t.bytes, readers: t.u32, writers: t.u32 });

export const PIPES_V1_TO_V2: UpgradeStep = {
  from: 1,
  schema: t.map(PipeStateV1),
  upgrade: (old) => upgradeRows<object>(old, (p) => ({ ...p, fifo: 0 })),
};

/** Inode as inodes v5 wrote it (socket files, #11), before FIFOs. */
const InodeV5 = t.struct({
  ino: t.u32,
  type: t.enum("file", "dir", "chr", "sock"),
  mode: t.u32,
  nlink: t.u32,
  opens: t.u32,
  size: t.uint,
  blocks: t.pages,
  entries: t.array(DirEntry),
  parent: t.u32,
  dev: DevKind,
  unit: t.u32,
  mtime: t.uint,
  mount: Mount,
});

export const INODES_V5_TO_V6: UpgradeStep = { from: 5, schema: t.map(InodeV5), upgrade: (old) => old };

/** The wait channels of procs v6 (before "fifo"). */
const WaitChanV6 = t.union("kind", {
  none: t.struct({}),
  pipe: t.struct({ pipe: t.u32, end: t.enum("r", "w") }),
  child: t.struct({ pid: t.u32 }),
  timer: t.struct({ pid: t.u32 }),
  poll: t.struct({ pid: t.u32 }),
  tty: t.struct({ n: t.u32, end: t.enum("in", "out", "bg", "line") }),
  sock: t.struct({ sock: t.u32 }),
  tape: t.struct({ unit: t.u32 }),
});

/** ProcState as procs v6 wrote it (POSIX timers). */
const ProcStateV6 = t.struct({
  pid: t.u32,
  ppid: t.u32,
  pgid: t.u32,
  sid: t.u32,
  ctty: t.int,
  state: t.enum("runnable", "sleeping", "stopped", "zombie"),
  chan: WaitChanV6,
  inSyscall: t.bool,
  progress: t.uint,
  deadline: t.uint,
  exitStatus: t.u32,
  waitEvent: t.enum("none", "stopped", "continued"),
  stopSig: t.u8,
  hart: HartState,
  mem: MemoryState,
  sigActions: t.array(SigAction),
  sigMask: t.u32,
  sigPending: t.u32,
  sigSaved: t.u32,
  sigSavedSet: t.bool,
  fds: t.array(FdSlot),
  cwd: t.u32,
  cwdPath: t.string,
  argv: t.array(t.string),
  comm: t.string,
  brkBase: t.u32,
  brk: t.u32,
  mmapNext: t.u32,
  tidAddress: t.u32,
  utime: t.uint,
  startTime: t.uint,
  umask: t.u32,
  posix: ProcPosix,
});

export const PROCS_V6_TO_V7: UpgradeStep = { from: 6, schema: t.map(ProcStateV6), upgrade: (old) => old };
