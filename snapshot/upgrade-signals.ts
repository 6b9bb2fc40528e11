// Section upgrades for the conformance work (#15):
//   procs v4 → v5: ProcState.posix (kernel/proc-posix.ts) — real-time signal
//     mask and siginfo queue, alternate stack, interval timers, ids, nice. A
//     v4 process gets the values a new process has (root, nothing queued);
//     its pending standard signals keep their bits and get a plain siginfo
//     when delivered.
//   timers v1 → v2: a timer record may be an ITIMER_REAL "alarm" beside the
//     "wake" of a sleep; v1 held wakes only.
// Old schemas are spelled out as they were written.

import { t } from "../state/index.js";
import { HartState } from "../cpu/hart.js";
import { MemoryState } from "../cpu/memory.js";
import { FdSlot, SigAction } from "../kernel/state.js";
import { WaitChan } from "../kernel/wait-channel.js";
import { blankPosix } from "../kernel/proc-posix.js";
import { type UpgradeStep, upgradeRows } from "./sections.js";

/** ProcState as procs v4 wrote it (ppoll/pselect6's saved mask, #11). */
const ProcStateV4 = t.struct({
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
});

export const PROCS_V4_TO_V5: UpgradeStep = {
  from: 4,
  schema: t.map(ProcStateV4),
  upgrade: (old) => {
    return upgradeRows<object>(old, (p) => ({ ...p, posix: blankPosix() }));
  },
};

const TimerV1 = t.struct({ time: t.uint, kind: t.enum("wake"), target: t.u32 });

/** timers v1 → v2: the same records (every v1 timer is a wake). */
export const TIMERS_V1_TO_V2: UpgradeStep = { from: 1, schema: t.array(TimerV1), upgrade: (old) => old };
