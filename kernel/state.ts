// The kernel's whole state as one declared value (KernelState). Every kernel
// object lives in a table keyed by an integer id; objects refer to each other
// by id only, so any subset (one job's processes, pipes and files) can be
// written and read on its own. Nothing here is a cache: Kernel.fromState
// rebuilds the transient helpers (Memory wrappers, …) from this value.

import { MemoryState } from "../cpu/memory.js";
import { HartState } from "../cpu/hart.js";
import { type Infer, t } from "../state/index.js";
import { TtyDevState } from "./tty-state.js";
import { TapeDevState } from "./tape-state.js";
import { NFILE, NINODE, NPIPE, NPROC } from "./param.js";
import { NetLine, NetPort, SocketState } from "./socket-state.js";
import { FileLock, ProcPosix } from "./proc-posix.js";
import { WaitChan } from "./wait-channel.js";

/** One signal's disposition (Linux struct sigaction). handler 0 = SIG_DFL, 1 = SIG_IGN. */
export const SigAction = t.struct({ handler: t.u32, flags: t.u32, mask: t.u32, restorer: t.u32 });
export type SigAction = Infer<typeof SigAction>;

/** One fd slot: the open-file id (−1 = closed) and close-on-exec. */
export const FdSlot = t.struct({ file: t.int, cloexec: t.bool });
export type FdSlot = Infer<typeof FdSlot>;

export const ProcState = t.struct({
  pid: t.u32,
  ppid: t.u32,
  pgid: t.u32,
  sid: t.u32,
  ctty: t.int, // controlling tty number, −1 = none
  state: t.enum("runnable", "sleeping", "stopped", "zombie"),
  chan: WaitChan, // what the process sleeps on (kernel/wait-channel.ts); kind "none" unless sleeping
  inSyscall: t.bool, // blocked inside a syscall: pc is at its ecall, which re-runs on wake-up
  progress: t.uint, // bytes already moved by the blocked syscall (pipe writes larger than PIPE_BUF)
  deadline: t.uint, // wake-up time of a blocked sleep, 0 = none
  exitStatus: t.u32, // Linux wait status of a zombie
  waitEvent: t.enum("none", "stopped", "continued"), // a stop/continue not yet reported to wait
  stopSig: t.u8,
  hart: HartState,
  mem: MemoryState,
  sigActions: t.array(SigAction), // index = signal number, 0 unused
  sigMask: t.u32, // bit (sig−1) for signals 1..32
  sigPending: t.u32,
  sigSaved: t.u32, // ppoll/pselect6 with a mask: the caller's own mask, put back when the call ends (kernel/sys-poll.ts)
  sigSavedSet: t.bool, // sigSaved holds a mask to put back (Linux TIF_RESTORE_SIGMASK)
  fds: t.array(FdSlot),
  cwd: t.u32, // inode number
  cwdPath: t.string, // below a mount on inode cwd: the path inside that file system ("" = its root, or cwd is plain tmpfs)
  argv: t.array(t.string),
  comm: t.string,
  brkBase: t.u32,
  brk: t.u32,
  mmapNext: t.u32, // anonymous mmaps are placed just below this, growing down
  tidAddress: t.u32,
  utime: t.uint, // instructions retired
  startTime: t.uint,
  umask: t.u32,
  posix: ProcPosix, // real-time signals and siginfo, alternate stack, itimers, ids, nice (kernel/proc-posix.ts, #15)
});
export type ProcState = Infer<typeof ProcState>;

/** What an open-file description points at. */
export const FileTarget = t.union("kind", {
  inode: t.struct({ ino: t.u32 }),
  pipeRead: t.struct({ pipe: t.u32 }),
  pipeWrite: t.struct({ pipe: t.u32 }),
  tty: t.struct({ n: t.u32 }),
  tape: t.struct({ unit: t.u32, rewind: t.bool }),
  null: t.struct({}),
  zero: t.struct({}),
  proc: t.struct({ path: t.string }), // a procfs file or directory, generated on read
  disk: t.struct({ at: t.u32, path: t.string }), // a file or directory on the disk mounted on inode `at` (kernel/fs-disk.ts)
  socket: t.struct({ sock: t.u32 }), // a socket (kernel/socket.ts)
  host: t.struct({ fd: t.u8 }), // a host stdio stream (runSingleProcess only; outside the machine)
});
export type FileTarget = Infer<typeof FileTarget>;

export const OpenFile = t.struct({
  id: t.u32,
  refs: t.u32,
  offset: t.uint,
  flags: t.u32, // O_ACCMODE | O_APPEND | O_NONBLOCK …
  target: FileTarget,
});
export type OpenFile = Infer<typeof OpenFile>;

export const PipeState = t.struct({
  id: t.u32,
  buf: t.bytes, // the bytes in flight, oldest first, at most PIPE_SIZE
  readers: t.u32,
  writers: t.u32,
  fifo: t.u32, // the FIFO inode this pipe serves while it is open (kernel/fifo.ts); 0 = a pipe(2)
});
export type PipeState = Infer<typeof PipeState>;

export const DirEntry = t.struct({ name: t.string, ino: t.u32 });
export type DirEntry = Infer<typeof DirEntry>;

/**
 * What is mounted on a directory inode (kernel/mount.ts): nothing, procfs, or a
 * disk — a host directory outside the machine, named here by the identity the
 * operator gave it (`dev` numbers disks for stat's st_dev).
 */
export const Mount = t.union("kind", {
  none: t.struct({}),
  proc: t.struct({}),
  disk: t.struct({ dev: t.u32, host: t.string }),
});
export type Mount = Infer<typeof Mount>;

/** A device node's kind ("none" for every other inode): what open(2) of a chr inode reaches. */
export const DEV_KINDS = ["none", "tty", "ctty", "console", "null", "zero", "tape", "ntape"] as const;
export const DevKind = t.enum(...DEV_KINDS);
export type DevKind = Infer<typeof DevKind>;

export const Inode = t.struct({
  ino: t.u32,
  type: t.enum("file", "dir", "chr", "sock", "fifo", "symlink"), // sock: a named AF_UNIX socket (kernel/socket-name.ts); fifo: a named pipe (kernel/fifo.ts); symlink: its target is its contents (kernel/namei.ts)
  mode: t.u32, // permission bits
  nlink: t.u32,
  opens: t.u32, // open-file descriptions pointing here (an unlinked file lives while > 0)
  size: t.uint, // a file's length in bytes
  blocks: t.pages, // its contents in 4 KiB blocks by number; absent = a hole of zeros (kernel/file-blocks.ts)
  entries: t.array(DirEntry), // directory entries, without "." and ".."
  parent: t.u32, // a directory's parent
  dev: DevKind, // device kind of a chr node, "none" otherwise
  unit: t.u32, // device unit
  mtime: t.uint,
  mount: Mount, // a directory with a file system mounted on it (the mount point); kind "none" otherwise
});
export type Inode = Infer<typeof Inode>;

/** A timer: a sleep's wake-up, an ITIMER_REAL expiry ("alarm", kernel/itimer.ts), or the next look at the process's POSIX timers ("ptimer", kernel/posix-timers.ts). */
export const Timer = t.struct({ time: t.uint, kind: t.enum("wake", "alarm", "ptimer"), target: t.u32 });
export type Timer = Infer<typeof Timer>;

export const KernelState = t.struct({
  clock: t.uint, // virtual time in ticks
  // Table bounds (the kernel's own limits) are checked by the decoder before a row is built (#7).
  procs: t.map(ProcState, NPROC),
  openFiles: t.map(OpenFile, NFILE),
  pipes: t.map(PipeState, NPIPE),
  inodes: t.map(Inode, NINODE),
  ttys: t.array(TtyDevState),
  drives: t.array(TapeDevState),
  timers: t.array(Timer), // sorted by time, then target
  runQueue: t.array(t.u32), // round-robin order of pids
  sockets: t.map(SocketState), // kernel/socket.ts (a section added after v0.1.0: older snapshots have none)
  netPorts: t.array(NetPort), // host ports the operator opened to this machine (boot --net, --forward)
  netLines: t.array(NetLine), // terminal lines attached over TCP (boot --listen) and their restart tokens
  locks: t.array(FileLock, 4096), // POSIX record locks (kernel/locks.ts; a section added in #15: older snapshots have none)
  current: t.int, // pid whose quantum is in progress (a run may end mid-quantum), −1 = none
  quantumLeft: t.uint, // ticks left in the current pid's quantum
  nextPid: t.u32,
  nextFile: t.u32,
  nextPipe: t.u32,
  nextIno: t.u32,
  rootIno: t.u32,
  random: t.u32, // state of the deterministic getrandom generator
  panic: t.string, // non-empty once the machine has stopped (init died, …)
  realtimeSeconds: t.uint, // CLOCK_REALTIME at virtual tick 0: whole Unix seconds (kernel/realtime.ts)
  realtimeTicks: t.uint, // … plus these ticks (< TICKS_PER_SECOND)
  hostname: t.boundedBytes(64), // uname's nodename, set by sethostname (kernel/sys-sysinfo.ts)
  load1: t.u32, // load averages over 1, 5, 15 minutes, Linux's fixed point (×2048, kernel/loadavg.ts)
  load5: t.u32,
  load15: t.u32,
  loadNext: t.uint, // virtual time of the next load-average sample
});
export type KernelState = Infer<typeof KernelState>;
