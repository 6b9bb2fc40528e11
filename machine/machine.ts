// The `Machine` library API (CONTRACT.md "Library"): boot, run, terminals,
// checkpoint/restore, digest, tapes — a thin, synchronous layer over the
// kernel and the snapshot format. It owns one thing the kernel does not: the
// log of everything each terminal displayed since this object attached, which
// is host-side (outside) data and never part of a snapshot. Output is drained
// from the kernel after every step, so the kernel's output queues are empty
// whenever a checkpoint or digest is taken through this API.

import { Kernel, type KernelConfig, type RootFile } from "../kernel/kernel.js";
import { type Outside, checkpoint as writeSnapshot, digest as snapshotDigest, restore as readAndBuild } from "../snapshot/index.js";
import { type ChainCheckpointOptions, CheckpointTracker, type ParentResolver } from "../snapshot/index.js";
import { driveRefreshIdentity } from "../devices/tape/drive.js";
import type { MountReport } from "../kernel/tape.js";
import { platform } from "./platform.js";
import type { ReelSpec } from "./reels.js";
import { type MountedReel, mountOnDrive, mountedReels, reattachReels } from "./restart-reels.js";
import { OutputLog } from "./output-log.js";
import type { HostDir } from "../devices/disk/dir.js";
import { MountError, diskAt, mountDisk, mounts, unmountDisk } from "../kernel/mount.js";
import { pathOf } from "../kernel/vfs.js";
import { type DiskSpec, assignMountPoints, defaultMountPoint, openDiskSpecs } from "./disks.js";
import { type FilesOption, restartDisks } from "./disk-restart.js";
import { setTmpfsSize, tmpfsUsage } from "../kernel/tmpfs-space.js";
import { SnapshotError } from "../snapshot/errors.js";
import { safeText } from "../snapshot/escape.js";
import { type LinePolicy, restartNetwork } from "../kernel/net-line.js";
import { installJobs } from "./jobs.js";
import { setRealtime } from "../kernel/realtime.js";
import { resizeTty, winchTty } from "../kernel/tty-winsize.js";
import { setCpuOptions } from "../kernel/cpu-port.js";

/** Default number of terminals, tape drives, and the default memory limit (bytes of guest RAM). */
export const DEFAULT_TTYS = 4;
export const DEFAULT_DRIVES = 2;
/** Most tape drives a machine may have. */
export const MAX_DRIVES = 16;
export const DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024;
/** Upper bound of `run()` without a count: a machine that never idles stops here (10 virtual seconds). */
export const UNTIL_IDLE_LIMIT = 1_000_000_000;
/** Ticks per kernel.run call while running until idle or until a condition holds. */
export const SLICE_TICKS = 200_000;

export interface BootOptions {
  /** number of terminals tty0..ttyN−1 (default 4) */
  ttys?: number;
  /** bytes of guest memory the kernel may hand out in total */
  memoryLimit?: number;
  /** number of tape drives (default 2, at most 16); `tapes` may only name units below it */
  drives?: number;
  /** reels mounted at boot: unit → host path (`"vol.tap"`, `"vol.tap:ro"`) or in-memory media */
  tapes?: Record<number, ReelSpec>;
  /** extra files in the root filesystem: path → contents (string = UTF-8), or RootFile entries */
  files?: Record<string, string | Uint8Array> | RootFile[];
  /** replace the default image (`user/bin/*` as /bin) entirely */
  image?: RootFile[];
  /** translate hot guest code to JavaScript (default true; false = interpreter only, same results), docs/cpu.md */
  jit?: boolean;
  /** CLOCK_REALTIME at boot, Unix milliseconds (default: 2026-01-01T00:00:00Z, deterministic); see kernel/realtime.ts */
  realtime?: number;
  /** disks: host directories mounted in the machine ("DIR" or "DIR:PATH"; default /mnt, /mnt1, …), docs/disk.md */
  disks?: DiskSpec[];
  /** bytes all tmpfs files together may hold (default 64 MiB); past it writes fail with ENOSPC */
  tmpfsSize?: number;
}

export interface RestoreOptions {
  /** terminal lines that had a TCP connection: hang them up (default) or hold them for their token (docs/network.md) */
  lines?: LinePolicy | "keep"; // keep: the same machine's past (the timeline), nothing was down: no line or connection is dropped
  /** reels to mount after restore, by unit (any path or media: checked by content against the volume the drive expects) */
  tapes?: Record<number, ReelSpec>;
  /** also reopen the host paths the snapshot recorded for the other drives (never by default: a snapshot may be someone else's) */
  trustReelPaths?: boolean;
  /** leave every drive not in `tapes` offline, waiting for its volume (the default unless trustReelPaths) */
  noReels?: boolean;
  /** translate hot guest code to JavaScript (default true), docs/cpu.md */
  jit?: boolean;
  /** set CLOCK_REALTIME to this Unix time (ms) at the restored virtual time; default: keep the recorded clock */
  realtime?: number;
  /** the host directories of the recorded disks (none is opened unless named here), docs/disk.md */
  disks?: DiskSpec[];
  /** what to do with disk files that changed since the checkpoint (default "refuse") */
  files?: FilesOption;
  /** the tmpfs size limit of the restored machine (a host-side setting, not in the snapshot; default 64 MiB) */
  tmpfsSize?: number;
  /** an incremental snapshot's ancestors by identity (machine/host-chain.ts finds them in a folder), docs/checkpoints.md */
  parents?: ParentResolver;
  /** the restored file's name: the parent name recorded by the next incremental checkpoint */
  name?: string;
}

/** Machine.checkpoint options: without any but withFiles, a plain full snapshot that is no chain's parent. */
export interface CheckpointOptions extends Omit<ChainCheckpointOptions, "outside"> {
  /** record the disk files' contents (docs/disk.md) */
  withFiles?: boolean;
}

/** What one `run` did. */
export interface RunReport {
  /** virtual ticks that elapsed */
  ticks: number;
  /** true when no process can run and no timer is pending (everyone waits for input) */
  idle: boolean;
  /** processes that exited during the run, with their Linux wait status */
  exited: { pid: number; status: number }[];
  /** non-empty when the kernel stopped the machine (init died, …) */
  panic: string;
}

/** One terminal as the library sees it. */
export interface TtyHandle {
  /** Type `text` (a string is sent as UTF-8) at the current virtual time. */
  send(text: string | Uint8Array): void;
  /** Everything this terminal displayed since the Machine attached, decoded as UTF-8. */
  output(): string;
  /** The same as bytes. */
  outputBytes(): Uint8Array;
  /** Number of bytes displayed so far (a cursor for `outputSince`). */
  outputLength(): number;
  /** Bytes displayed from `offset` on. */
  outputSince(offset: number): Uint8Array;
  /** The terminal's window changed size (outside input): SIGWINCH to its foreground group when it differs. */
  resize(rows: number, cols: number, xpixel?: number, ypixel?: number): boolean;
  /** Ask the foreground program to repaint (SIGWINCH), e.g. on a new screen after a restart. */
  redraw(): void;
}

const utf8 = new TextEncoder();

export class Machine {
  /** The kernel underneath, for power users (its `state` is what a snapshot saves). */
  readonly kernel: Kernel;
  private readonly logs: OutputLog[];
  /** The restart report: each reel re-attached, refused or awaited (machine/restart-reels.ts), one line each. */
  readonly notes: string[] = [];
  /** Host-side: the parent of the next incremental checkpoint and the page hash cache (snapshot/incremental.ts); never state. */
  readonly checkpoints = new CheckpointTracker();
  /** Host-side: told of every byte typed into a terminal before the kernel sees it (the timeline records them), or null. */
  inputHook: ((tty: number, bytes: Uint8Array) => void) | null = null;
  /** Host-side: called after every slice `run`/`runUntil` runs (periodic checkpoints: machine/host-periodic.ts), or null. */
  afterSlice: (() => void) | null = null;
  /** Host-side: told of every reel the operator mounts or unmounts (the timeline records them), or null. */
  reelHook: ((unit: number, change: { mounted: boolean; readOnly: boolean; force: boolean }) => void) | null = null;

  private constructor(kernel: Kernel) {
    this.kernel = kernel;
    this.logs = Array.from({ length: kernel.config.ttys }, () => new OutputLog());
    kernel.ttyConsumer = (n, bytes) => this.logs[n]?.append(bytes);
    installJobs(kernel); // the chkpnt/restart system calls (machine/jobs.ts)
    this.drain();
  }

  /** Boot the default system: init on pid 1, a shell on each terminal. */
  static boot(options: BootOptions = {}): Machine {
    const tapes = options.tapes ?? {};
    const drives = options.drives ?? DEFAULT_DRIVES;
    if (!Number.isInteger(drives) || drives < 0 || drives > MAX_DRIVES) throw new RangeError(`drives must be 0..${MAX_DRIVES}, not ${drives}`);
    for (const u of Object.keys(tapes)) {
      if (!(Number(u) >= 0 && Number(u) < drives)) throw new RangeError(`no tape unit ${u} (this machine has ${drives} drive${drives === 1 ? "" : "s"})`);
    }
    const config: KernelConfig = {
      ttys: options.ttys ?? DEFAULT_TTYS,
      drives,
      memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    };
    if (!Number.isInteger(config.ttys) || config.ttys < 1 || config.ttys > 64) throw new RangeError(`ttys must be 1..64, not ${config.ttys}`);
    const image = mergeFiles(options.image ?? platform("booting the default image").defaultImage(), options.files);
    const m = new Machine(Kernel.boot(config, image));
    setCpuOptions(m.kernel, { jit: options.jit });
    if (options.realtime !== undefined) m.setRealtime(options.realtime);
    for (const [unit, spec] of Object.entries(tapes)) m.mount(Number(unit), spec);
    for (const d of assignMountPoints(openDiskSpecs(options.disks ?? []))) mountDisk(m.kernel, d.at, d.dir);
    if (options.tmpfsSize !== undefined) setTmpfsSize(m.kernel, options.tmpfsSize);
    return m;
  }

  /** Rebuild a machine from `checkpoint()` bytes; throws SnapshotError for a damaged snapshot. */
  static restore(bytes: Uint8Array, options: RestoreOptions = {}): Machine {
    const { kernel, outside } = readAndBuild(bytes, options.parents);
    const m = Machine.adopt(kernel, outside, options);
    m.checkpoints.adopt(bytes, options.name ?? "", options.parents, kernel); // the next incremental checkpoint's parent (its maps are the file's)
    return m;
  }

  /** A machine around a kernel rebuilt from saved state by other means (live migration: machine/host-migrate*.ts), as restore does. */
  static adopt(kernel: Kernel, outside: Outside, options: RestoreOptions = {}): Machine {
    const diskReport = restartDisks(kernel, outside, options.disks ?? [], options.files); // may refuse: nothing started
    const m = new Machine(kernel);
    m.notes.push(...diskReport.map(safeText)); // notes quote paths, volumes and peers from the snapshot: escaped (#7)
    if (options.tmpfsSize !== undefined) setTmpfsSize(kernel, options.tmpfsSize);
    const tmpfs = tmpfsUsage(kernel);
    if (tmpfs.used > tmpfs.limit) {
      throw new SnapshotError(`section inodes: $.inodes: the files hold ${tmpfs.used} bytes of blocks, more than the tmpfs size limit (${tmpfs.limit}); restore with --tmpfs-size`, "inodes", "$.inodes");
    }
    setCpuOptions(kernel, { jit: options.jit });
    if (options.realtime !== undefined) m.setRealtime(options.realtime);
    m.notes.push(...reattachReels(kernel, options).map(safeText));
    if (options.lines !== "keep") m.notes.push(...restartNetwork(kernel, options.lines ?? "hangup").map(safeText)); // connections cannot survive a restart (docs/network.md)
    return m;
  }

  /** Run `ticks` of virtual time (stopping early when idle); without a count, run until idle (bounded by UNTIL_IDLE_LIMIT). */
  run(ticks?: number): RunReport {
    const limit = ticks ?? UNTIL_IDLE_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`run: bad tick count ${ticks}`);
    const report = this.runUntil(() => false, limit);
    // `run N` lets N ticks of virtual time pass even when everyone waits for input (CONTRACT.md);
    // `run` without a count stops at idle.
    if (ticks !== undefined && report.idle && report.panic === "" && report.ticks < limit) {
      this.kernel.idleFor(limit - report.ticks);
      report.ticks = limit;
      this.afterSlice?.();
    }
    return report;
  }

  /**
   * Run in slices until `done()` holds (checked after each slice and once before starting), the machine
   * idles, or `limit` ticks have passed. Deterministic: slices are a fixed size.
   */
  runUntil(done: () => boolean, limit: number, slice = SLICE_TICKS): RunReport & { done: boolean } {
    const report: RunReport & { done: boolean } = { ticks: 0, idle: false, exited: [], panic: "", done: done() };
    while (!report.done && report.ticks < limit) {
      // The kernel runs exactly what it is asked unless everything goes idle (a system call costs
      // one tick, so none straddles the end), which keeps run(N) + run(M) equal to run(N + M).
      const r = this.kernel.run(Math.min(slice, limit - report.ticks));
      this.drain();
      this.afterSlice?.();
      report.ticks += r.ticks;
      report.exited.push(...r.exited);
      report.done = done();
      report.panic = this.kernel.state.panic;
      if (r.idle || report.panic !== "") {
        // The drain just above may have woken a writer that waited on a full output queue: not idle.
        if (report.panic === "" && !this.kernel.isIdle()) continue;
        report.idle = r.idle;
        break;
      }
      if (r.ticks === 0) break; // no progress and not idle would be a kernel bug: never spin the host
    }
    return report;
  }

  /** Terminal `n` (0-based). */
  tty(n: number): TtyHandle {
    const log = this.logs[n];
    if (!log) throw new RangeError(`no terminal tty${n} (this machine has ${this.logs.length})`);
    return {
      send: (text) => {
        const bytes = typeof text === "string" ? utf8.encode(text) : text;
        this.inputHook?.(n, bytes);
        this.kernel.ttyInput(n, bytes);
        this.drain(); // echo appears at once, as on a real terminal
      },
      output: () => log.text(),
      outputBytes: () => log.bytes(),
      outputLength: () => log.length,
      outputSince: (offset) => log.since(offset),
      resize: (rows, cols, xpixel = 0, ypixel = 0) => resizeTty(this.kernel, n, { rows, cols, xpixel, ypixel }),
      redraw: () => winchTty(this.kernel, n),
    };
  }

  /** Each terminal's scrollback (offset of the first byte kept, and the bytes): live migration carries it. */
  terminalLogs(): { start: number; bytes: Uint8Array }[] {
    return this.logs.map((l) => ({ start: l.start, bytes: l.bytes() }));
  }

  /** Go on with the scrollback of a machine that came from elsewhere (live migration), before anyone reads it. */
  resumeTerminalLogs(logs: readonly { start: number; bytes: Uint8Array }[]): void {
    logs.forEach((l, n) => {
      if (n < this.logs.length) this.logs[n] = OutputLog.resume(l.start, l.bytes);
    });
  }

  /** Number of terminals. */
  get ttyCount(): number {
    return this.logs.length;
  }

  /** The whole-system snapshot bytes (the same bytes `checkpoint-system` writes). */
  checkpoint(options: CheckpointOptions = {}): Uint8Array {
    this.settle();
    const { withFiles, ...chain } = options;
    // Untracked (timeline, digest-like uses) unless a chain option is given: docs/checkpoints.md.
    if (Object.values(chain).every((v) => v === undefined)) return writeSnapshot(this.kernel, { withFiles });
    return this.checkpoints.write(this.kernel, { ...chain, outside: { withFiles } });
  }

  /**
   * The same snapshot as `checkpoint(options)`, as chunks to write one after the other without
   * assembling one buffer (writeFileAtomic takes them). The page data are the machine's own pages:
   * write the chunks before the machine runs again (docs/checkpoints.md).
   */
  checkpointChunks(options: CheckpointOptions = {}): Uint8Array[] {
    this.settle();
    const { withFiles, ...chain } = options;
    const untracked = Object.values(chain).every((v) => v === undefined);
    return this.checkpoints.writeChunks(this.kernel, { ...chain, track: untracked ? false : chain.track, outside: { withFiles } });
  }

  /** Mount host directory `dir` (a path or a HostDir) as a disk at `at` (default the next of /mnt, /mnt1, …). */
  attachDisk(dir: string | HostDir, at?: string): string {
    const [d] = openDiskSpecs([{ dir, at }]);
    const taken = new Set(mounts(this.kernel).map((x) => pathOf(this.kernel, x.at)));
    let i = 0;
    while (!d!.at && taken.has(defaultMountPoint(i))) i++;
    const path = d!.at ?? defaultMountPoint(i);
    mountDisk(this.kernel, path, d!.dir);
    return path;
  }

  /** Unmount the disk at `at`; a MountError while a file on it is open or it is someone's cwd. */
  detachDisk(at: string): void {
    const ino = diskAt(this.kernel, at);
    if (ino < 0) throw new MountError(`no disk is mounted at ${at}`);
    unmountDisk(this.kernel, ino);
  }

  /** Hex digest of every piece of state a snapshot holds: equal digests mean equal machines. */
  digest(): string {
    this.settle();
    return snapshotDigest(this.kernel);
  }

  /** Virtual time in ticks. */
  now(): number {
    return this.kernel.now();
  }

  /**
   * Set the guest's wall clock (CLOCK_REALTIME) to `unixMs` at the current virtual time: outside input,
   * recorded in the state (so it changes the digest). Monotonic time, timers and sleeps do not move.
   */
  setRealtime(unixMs: number): void {
    setRealtime(this.kernel.state, unixMs);
  }

  /**
   * Put a reel on drive `unit`: a host path (`:ro` suffix = read-only) or in-memory media. On a drive
   * waiting for its volume the reel is verified and positioned (`force` accepts a changed one); throws
   * ReelError / ReelRefused / RangeError with one line, leaving the drive as it was.
   */
  mount(unit: number, reel: ReelSpec, options: { readOnly?: boolean; force?: boolean } = {}): MountReport {
    const report = mountOnDrive(this.kernel, unit, reel, options);
    this.reelHook?.(unit, { mounted: true, readOnly: options.readOnly ?? false, force: options.force ?? false });
    return report;
  }

  /** Take the reel off drive `unit` (flushing it to the host); refused while a process holds the drive, unless forced. */
  unmount(unit: number, options: { force?: boolean } = {}): void {
    this.kernel.detachReel(unit, options.force ?? false);
    this.reelHook?.(unit, { mounted: false, readOnly: false, force: options.force ?? false });
  }

  /** The reels loaded now, by unit (the kernel's registry is the one list). */
  mounted(): ReadonlyMap<number, MountedReel> {
    return mountedReels(this.kernel);
  }

  /** Release host resources (reel files). The machine must not be used afterwards. */
  close(): void {
    this.kernel.reels.releaseAll();
  }

  /**
   * Bring the outside-facing state up to date before it is saved or hashed: terminal output drained,
   * and the identity (size, hash) of every reel written since it was last taken recomputed, so the
   * snapshot records the reel as it is now and a restart can check it.
   */
  settle(): void {
    this.drain();
    this.kernel.state.drives.forEach((d, unit) => {
      const media = this.kernel.reels.media(unit);
      if (media && d.drive.dirty) driveRefreshIdentity(d.drive, media);
    });
  }

  private drain(): void {
    for (let n = 0; n < this.logs.length; n++) {
      const b = this.kernel.ttyTakeOutput(n);
      if (b.length > 0) this.logs[n]!.append(b);
    }
  }
}

function mergeFiles(image: RootFile[], extra: BootOptions["files"]): RootFile[] {
  if (!extra) return image;
  const list: RootFile[] = Array.isArray(extra)
    ? extra
    : Object.entries(extra).map(([path, data]) => ({ path, mode: 0o644, data: typeof data === "string" ? utf8.encode(data) : data }));
  const byPath = new Map(image.map((f) => [f.path, f]));
  for (const f of list) byPath.set(f.path, f);
  return [...byPath.values()];
}
