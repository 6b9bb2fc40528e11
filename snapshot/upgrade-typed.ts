// Section upgrades for the code review's typed values (#8):
//   procs v2 → v3: ProcState.chan, the wait channel, was text ("pipe:3:r") and
//     is a declared union (kernel/wait-channel.ts);
//   inodes v2 → v3: Inode.dev, a device node's kind, was free text ("tty", ""
//     for no device) and is an enum (kernel/state.ts DevKind).
// The v2 schemas are spelled out as they were written, not derived from the
// current ones, so a later change cannot silently change what a v2 file is
// decoded with. Text that names no channel or device is refused with the path
// of the field (a v2 restore validated channels against a regex, so a machine
// that once restored still does; "tty:N:line" and "tape:N", which that regex
// forgot, are accepted now).

import { t, StateError } from "../state/index.js";
import { MemoryState } from "../cpu/memory.js";
import { DEV_KINDS, DirEntry, FdSlot, Mount, SigAction } from "../kernel/state.js";
import { parseChanText } from "../kernel/wait-channel.js";
import { type UpgradeStep, upgradeRows } from "./sections.js";
import { safeText } from "./escape.js";

/** The hart as procs v2 wrote it (RV32IMAC: the LR/SC reservation). */
const HartStateV2 = t.struct({ x: t.i32array(32), pc: t.u32, instret: t.uint, resv: t.int });

const ProcStateV2 = t.struct({
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
  hart: HartStateV2,
  mem: MemoryState,
  sigActions: t.array(SigAction),
  sigMask: t.u32,
  sigPending: t.u32,
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
});

/** procs v2 → v3: the text channel becomes the typed one. */
export const PROCS_V2_TO_V3: UpgradeStep = {
  from: 2,
  schema: t.map(ProcStateV2),
  upgrade: (old) => {
    return upgradeRows<{ chan: string }>(old, (p, pid) => {
      const chan = parseChanText(p.chan);
      if (!chan) throw new StateError(`$.procs[${pid}].chan`, `is "${safeText(p.chan.slice(0, 40))}", which is not a wait channel`);
      return { ...p, chan };
    });
  },
};

const InodeV2 = t.struct({
  ino: t.u32,
  type: t.enum("file", "dir", "chr"),
  mode: t.u32,
  nlink: t.u32,
  opens: t.u32,
  data: t.bytes,
  entries: t.array(DirEntry),
  parent: t.u32,
  dev: t.string,
  unit: t.u32,
  mtime: t.uint,
  mount: Mount,
});

/** inodes v2 → v3: dev "" (no device) becomes "none"; the device kinds keep their names. */
export const INODES_V2_TO_V3: UpgradeStep = {
  from: 2,
  schema: t.map(InodeV2),
  upgrade: (old) => {
    return upgradeRows<{ dev: string }>(old, (n, ino) => {
      const dev = n.dev === "" ? "none" : n.dev;
      if (!(DEV_KINDS as readonly string[]).includes(dev)) throw new StateError(`$.inodes[${ino}].dev`, `is "${safeText(n.dev.slice(0, 40))}", which is not a device kind`);
      return { ...n, dev };
    });
  },
};
