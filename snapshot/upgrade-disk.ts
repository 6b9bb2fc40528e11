// Section upgrades for the disk issue (#9): the mount layer and disk working
// directories changed two kernel tables.
//   inodes v1 → v2: a directory may have a file system mounted on it
//     (Inode.mount); /proc, which was an inode of its own type "procdir", is a
//     plain directory with procfs mounted on it.
//   procs v1 → v2: a process's cwd may be inside a disk (ProcState.cwdPath).
// The old schemas are spelled out as v0.1.0 wrote them, not derived from the
// current ones, so a later change to a nested schema cannot silently change
// what a v1 file is decoded with.

import { t } from "../state/index.js";
import { HartState } from "../cpu/hart.js";
import { MemoryState } from "../cpu/memory.js";
import { DirEntry, FdSlot, SigAction } from "../kernel/state.js";
import { type UpgradeStep, upgradeRows } from "./sections.js";

const InodeV1 = t.struct({
  ino: t.u32,
  type: t.enum("file", "dir", "chr", "procdir"),
  mode: t.u32,
  nlink: t.u32,
  opens: t.u32,
  data: t.bytes,
  entries: t.array(DirEntry),
  parent: t.u32,
  dev: t.string,
  unit: t.u32,
  mtime: t.uint,
});

type InodeV1 = { type: string; nlink: number; [k: string]: unknown };

/** inodes v1 → v2: "procdir" becomes a directory (2 links, as every directory) with procfs mounted on it. */
export const INODES_V1_TO_V2: UpgradeStep = {
  from: 1,
  schema: t.map(InodeV1),
  upgrade: (old) => {
    return upgradeRows<InodeV1>(old, (n) => (n.type === "procdir" ? { ...n, type: "dir", nlink: n.nlink + 1, mount: { kind: "proc" } } : { ...n, mount: { kind: "none" } }));
  },
};

/** The hart as v0.1.0 saved it (RV32IM: no LR/SC reservation). */
const HartStateV1 = t.struct({ x: t.i32array(32), pc: t.u32, instret: t.uint });

const ProcStateV1 = t.struct({
  pid: t.u32,
  ppid: t.u32,
  pgid: t.u32,
  sid: t.u32,
  ctty: t.int,
  state: t.enum("runnable", "sleeping", "stopped", "zombie"),
  chan: t.string,
  inSyscall: t.bool,
  progress: t.uint,
  deadline: t.uint,
  exitStatus: t.u32,
  waitEvent: t.enum("none", "stopped", "continued"),
  stopSig: t.u8,
  hart: HartStateV1,
  mem: MemoryState,
  sigActions: t.array(SigAction),
  sigMask: t.u32,
  sigPending: t.u32,
  fds: t.array(FdSlot),
  cwd: t.u32,
  argv: t.array(t.string),
  comm: t.string,
  brkBase: t.u32,
  brk: t.u32,
  mmapNext: t.u32,
  tidAddress: t.u32,
  utime: t.uint,
  startTime: t.uint,
  umask: t.u32,
});

type ProcV1 = { hart: Record<string, unknown>; [k: string]: unknown };

/**
 * procs v1 → v2: cwdPath "" (every v1 cwd is a tmpfs directory). Shared with the
 * CPU issue (#12), whose hart gained an LR/SC reservation: when the current
 * HartState declares `resv`, a v1 hart gets "none" (−1), which is what a trap
 * or a restart leaves anyway.
 */
export const PROCS_V1_TO_V2: UpgradeStep = {
  from: 1,
  schema: t.map(ProcStateV1),
  upgrade: (old) => {
    const withResv = "resv" in HartState.fields;
    // the codec writes fields in declared order, not key order
    return upgradeRows<ProcV1>(old, (p) => ({ ...p, hart: withResv ? { ...p.hart, resv: -1 } : p.hart, cwdPath: "" }));
  },
};

/** The open-file targets of openFiles v1 (before disk files, and the network issue's sockets). */
const FileTargetV1 = t.union("kind", {
  inode: t.struct({ ino: t.u32 }),
  pipeRead: t.struct({ pipe: t.u32 }),
  pipeWrite: t.struct({ pipe: t.u32 }),
  tty: t.struct({ n: t.u32 }),
  tape: t.struct({ unit: t.u32, rewind: t.bool }),
  null: t.struct({}),
  zero: t.struct({}),
  proc: t.struct({ path: t.string }),
  host: t.struct({ fd: t.u8 }),
});

const OpenFileV1 = t.struct({ id: t.u32, refs: t.u32, offset: t.uint, flags: t.u32, target: FileTargetV1 });

/** openFiles v1 → v2: new target kinds only; every v1 description is a valid v2 one. */
export const OPEN_FILES_V1_TO_V2: UpgradeStep = { from: 1, schema: t.map(OpenFileV1), upgrade: (old) => old };
