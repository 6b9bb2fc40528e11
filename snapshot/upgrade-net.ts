// Section upgrades for the network issue (#11): openFiles v2 → v3 (open files
// gained the "socket" target; every v2 target is still valid, so the step is
// the identity), procs v3 → v4 (the saved signal mask of ppoll/pselect6),
// sockets v1 → v2 and inodes v4 → v5 (named unix sockets became socket files),
// with the schemas of the old versions they decode with.

import { t } from "../state/index.js";
import { MemoryState } from "../cpu/memory.js";
import { HartState } from "../cpu/hart.js";
import { DevKind, DirEntry, FdSlot, Mount, SigAction } from "../kernel/state.js";
import { WaitChan } from "../kernel/wait-channel.js";
import { type UpgradeStep, upgradeRows } from "./sections.js";

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
    return upgradeRows<object>(old, (p) => ({ ...p, sigSaved: 0, sigSavedSet: false }));
  },
};

/** SocketState as sockets v1 wrote it: a unix name lived in the socket table only (an absolute path). */
const SocketStateV1 = t.struct({
  id: t.u32,
  domain: t.enum("unix", "inet"),
  state: t.enum("new", "listening", "connecting", "connected", "closed"),
  refs: t.u32,
  port: t.u32,
  path: t.string,
  peer: t.int,
  peerPort: t.u32,
  peerPath: t.string,
  rx: t.bytes,
  rxShut: t.bool,
  txShut: t.bool,
  error: t.u32,
  backlog: t.array(t.u32),
  backlogMax: t.u32,
  outside: t.enum("no", "host", "forward"),
  hostPort: t.u32,
  tx: t.bytes,
  options: t.u32,
  rcvbuf: t.u32,
  sndbuf: t.u32,
});

/** sockets v1 → v2: SocketState.ino, the socket file of a bound unix socket; a v1 name has none and is found by its path. */
export const SOCKETS_V1_TO_V2: UpgradeStep = {
  from: 1,
  schema: t.map(SocketStateV1),
  upgrade: (old) => {
    return upgradeRows<object>(old, (s) => ({ ...s, ino: 0 }));
  },
};

/** Inode as inodes v4 wrote it (contents in 4 KiB blocks, #7), before socket files. */
const InodeV4 = t.struct({
  ino: t.u32,
  type: t.enum("file", "dir", "chr"),
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

/** inodes v4 → v5: an inode may be a socket file ("sock", #11); every v4 inode is still valid as it is. */
export const INODES_V4_TO_V5: UpgradeStep = { from: 4, schema: t.map(InodeV4), upgrade: (old) => old };
