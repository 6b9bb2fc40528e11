// Section upgrades for POSIX per-process timers (kernel/posix-timers.ts):
//   procs v5 → v6: ProcState.posix gains `timers` and `timerNext`, and each
//     queued siginfo record gains `timerid` and `overrun` (SI_TIMER). A v5
//     process had no POSIX timers; its queued records were sent by no timer.
//   timers v2 → v3: a timer record may be a "ptimer" (the next look at a
//     process's POSIX timers); v2 held wakes and alarms only.
// Old schemas are spelled out as they were written.

import { t } from "../state/index.js";
import { HartState } from "../cpu/hart.js";
import { MemoryState } from "../cpu/memory.js";
import { FdSlot, SigAction } from "../kernel/state.js";
import { WaitChan } from "../kernel/wait-channel.js";
import { type UpgradeStep, upgradeRows } from "./sections.js";

const SigInfoRecV5 = t.struct({ signo: t.u8, code: t.int, pid: t.u32, uid: t.u32, status: t.int, value: t.u32, addr: t.u32 });

const ProcPosixV5 = t.struct({
  maskRt: t.u32,
  queue: t.array(SigInfoRecV5, 64),
  wait: t.u32,
  waitRt: t.u32,
  savedLo: t.u32,
  savedRt: t.int,
  altStack: t.struct({ sp: t.u32, size: t.u32, flags: t.u32 }),
  itimer: t.struct({ real: t.uint, realInterval: t.uint, virt: t.uint, virtInterval: t.uint, prof: t.uint, profInterval: t.uint }),
  creds: t.struct({ uid: t.u32, euid: t.u32, suid: t.u32, gid: t.u32, egid: t.u32, sgid: t.u32 }),
  nice: t.int,
});

/** ProcState as procs v5 wrote it (#15's ProcState.posix, before POSIX timers). */
const ProcStateV5 = t.struct({
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
  posix: ProcPosixV5,
});

interface PosixV5 {
  queue: object[];
}

export const PROCS_V5_TO_V6: UpgradeStep = {
  from: 5,
  schema: t.map(ProcStateV5),
  upgrade: (old) =>
    upgradeRows<{ posix: PosixV5 }>(old, (p) => ({
      ...p,
      posix: { ...p.posix, queue: p.posix.queue.map((r) => ({ ...r, timerid: 0, overrun: 0 })), timers: [], timerNext: 0 },
    })),
};

const TimerV2 = t.struct({ time: t.uint, kind: t.enum("wake", "alarm"), target: t.u32 });

/** timers v2 → v3: the same records (no v2 timer is a ptimer). */
export const TIMERS_V2_TO_V3: UpgradeStep = { from: 2, schema: t.array(TimerV2), upgrade: (old) => old };
