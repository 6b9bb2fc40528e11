// Section upgrades for the network issue (#11): openFiles v2 → v3 (open files
// gained the "socket" target; every v2 target is still valid, so the step is
// the identity) and procs v3 → v4 (the saved signal mask of ppoll/pselect6),
// with the schemas of the old versions they decode with.

import { t } from "../state/index.js";
import { MemoryState } from "../cpu/memory.js";
import { HartState } from "../cpu/hart.js";
import { FdSlot, SigAction } from "../kernel/state.js";
import { WaitChan } from "../kernel/wait-channel.js";
import type { UpgradeStep } from "./sections.js";

/** The open-file targets of openFiles v2 (disk targets, before sockets). */
const FileTargetV2 = t.union("kind", {
  inode: t.struct({ ino: t.u32 }),
  pipeRead: t.struct({ pipe: t.u32 }),
  pipeWrite: t.struct({ pipe: t.u32 }),
  tty: t.struct({ n: t.u32 }),
  tape: t.struct({ unit: t.u32, rewind: t.bool }),
  null: t.struct({}),
  zero: t.struct({}),
  proc: t.struct({ path: t.string }),
  disk: t.struct({ at: t.u32, path: t.string }),
  host: t.struct({ fd: t.u8 }),
});

const OpenFileV2 = t.struct({ id: t.u32, refs: t.u32, offset: t.uint, flags: t.u32, target: FileTargetV2 });

/** openFiles v2 → v3: sockets became a target kind; nothing else changed. */
export const OPEN_FILES_V2_TO_V3: UpgradeStep = { from: 2, schema: t.map(OpenFileV2), upgrade: (old) => old };

/** ProcState as procs v3 wrote it (typed wait channels, #8), before the saved signal mask of ppoll/pselect6. */
const ProcStateV3 = t.struct({
  pid: t.u32,
  ppid: t.u32,
  pgid: t.u32,
  sid: t.u32,
  ctty: t.int,
  state: t.enum("runnable", "sleeping", "stopped", "zombie"),
  chan: WaitChan,
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

/** procs v3 → v4: ProcState.sigSaved/sigSavedSet (ppoll/pselect6 masks, #11); a v3 machine had none in force. */
export const PROCS_V3_TO_V4: UpgradeStep = {
  from: 3,
  schema: t.map(ProcStateV3),
  upgrade: (old) => {
    const out = new Map<number, unknown>();
    for (const [pid, p] of old as Map<number, object>) out.set(pid, { ...p, sigSaved: 0, sigSavedSet: false });
    return out;
  },
};
