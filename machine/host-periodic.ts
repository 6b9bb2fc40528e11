// Periodic checkpoints on the host (`cryobox boot --checkpoint-every DURATION
// --keep K DIR`): the box checkpoints itself whenever its virtual clock passes
// the next multiple of DURATION (checked after every slice the Machine runs,
// through Machine.afterSlice), writes the point crash-safely into DIR
// (temporary file, fsync, rename, fsync of the folder: writeFileAtomic), and
// only then deletes points older than the last K. Points are named so that
// they sort (periodic-schedule.ts). After a host crash, newestPoint() takes
// the newest point that restores, skipping damaged or partial ones with a
// one-line note each. The pause the guest sees (encode + write, host
// milliseconds) is measured here and shown by `show checkpoints`.
//
// Points are incremental (docs/checkpoints.md): each stores only the pages its
// chain lacks and names the previous point as its parent. Every K-th point
// (and the first after a start, a restart or a foreign checkpoint) is full, so
// a chain is at most K long; pruning keeps the newest K points and every
// ancestor they need (at most 2K−1 files), so each kept point restarts.
// PointWriter hides the encoding (fullPoints: every point complete).

import { mkdirSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { basename, join } from "node:path";
import { folderResolver } from "./host-chain.js";
import { writeFileAtomic } from "../snapshot/host-file.js";
import { SnapshotError } from "../snapshot/errors.js";
import { formatTime } from "./console.js";
import type { Machine } from "./machine.js";
import { PauseStats, PeriodicError, nextDue, pointName, pointSeq } from "./periodic-schedule.js";

/** How a point is encoded. */
export interface PointWriter {
  /** shown by `show checkpoints` */
  readonly kind: string;
  /**
   * The point's bytes, as chunks written before the machine runs again (page data are the machine's own
   * pages: no 64 MiB copy); `full`: it must not need a parent; returns the file's identity when it can be a parent.
   */
  encode(m: Machine, name: string, full: boolean): { chunks: Uint8Array[]; id: string | null };
}

/** Whole-system checkpoints, each one complete on its own. */
export const fullPoints: PointWriter = { kind: "full", encode: (m) => ({ chunks: m.checkpointChunks(), id: null }) };

/** Incremental checkpoints whose parent is the previous point (snapshot/incremental.ts). */
export const incrementalPoints: PointWriter = {
  kind: "incremental",
  encode: (m, name, full) => {
    if (full) m.checkpoints.forget();
    const chunks = m.checkpointChunks({ incremental: true, name });
    return { chunks, id: m.checkpoints.last?.id ?? null };
  },
};

export interface PeriodicOptions {
  /** the folder of the points (created when missing) */
  dir: string;
  /** virtual ticks between two points */
  every: number;
  /** points kept (older ones are deleted once a newer one is safely written) */
  keep: number;
  writer?: PointWriter;
  /** where a failed write is reported (one line); the box keeps running */
  log?: (line: string) => void;
  /** host milliseconds (tests may fake it); default performance.now */
  clock?: () => number;
}

/** The points in `dir`, newest first (sequence number and file name). */
export function listPoints(dir: string): { seq: number; name: string }[] {
  return readdirSync(dir)
    .map((name) => ({ seq: pointSeq(name), name }))
    .filter((p): p is { seq: number; name: string } => p.seq !== null)
    .sort((a, b) => b.seq - a.seq);
}

export class PeriodicCheckpoints {
  readonly stats = new PauseStats();
  private machine: Machine | null = null;
  private due = 0;
  private seq: number;
  private readonly writer: PointWriter;
  private readonly clock: () => number;
  /** points this process wrote, oldest first: sequence number and the sequence number of its chain's full point */
  private readonly written: { seq: number; head: number }[] = [];
  /** identity of the last point written on the attached machine (its next point's parent), or null: the next is full */
  private lastId: string | null = null;

  constructor(readonly options: PeriodicOptions) {
    try {
      mkdirSync(options.dir, { recursive: true });
      this.seq = (listPoints(options.dir)[0]?.seq ?? 0) + 1; // after a restart: go on after the newest name
    } catch (e) {
      throw new PeriodicError(`cannot use checkpoint folder ${options.dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    this.writer = options.writer ?? incrementalPoints;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Checkpoint `m` on the schedule from now on (a machine the console switched to replaces the old one). */
  attach(m: Machine): void {
    if (this.machine === m) return;
    if (this.machine && this.machine.afterSlice === this.hook) this.machine.afterSlice = null;
    this.machine = m;
    this.lastId = null; // a new machine: its first point is full
    m.afterSlice = this.hook;
    this.due = nextDue(m.now(), this.options.every);
  }

  /** Stop checkpointing (the machine leaves this process). */
  detach(): void {
    if (this.machine && this.machine.afterSlice === this.hook) this.machine.afterSlice = null;
    this.machine = null;
  }

  private readonly hook = (): void => {
    const m = this.machine;
    if (!m || m.now() < this.due || m.kernel.state.panic !== "") return;
    this.take(m);
    this.due = nextDue(m.now(), this.options.every);
  };

  /** Write one point now; a failure is reported and counted, never thrown (the box keeps running). */
  take(m: Machine): string | null {
    const t0 = this.clock();
    const file = join(this.options.dir, pointName(this.seq));
    let size = 0;
    const prev = this.written.at(-1);
    // Full at the start of a chain: the first point, every K-th, or when something else checkpointed this machine meanwhile.
    const full = !prev || this.lastId === null || m.checkpoints.last?.id !== this.lastId || this.seq - prev.head >= this.options.keep;
    try {
      const w = this.writer.encode(m, pointName(this.seq), full);
      size = w.chunks.reduce((n, c) => n + c.length, 0);
      writeFileAtomic(file, w.chunks);
      this.lastId = w.id;
    } catch (e) {
      this.lastId = null;
      this.stats.failures++;
      this.stats.lastError = `${formatTime(m.now())}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      this.options.log?.(`cryobox: periodic checkpoint ${file} failed: ${this.stats.lastError}`);
      return null;
    }
    this.written.push({ seq: this.seq, head: full || !prev ? this.seq : prev.head });
    if (this.written.length > this.options.keep) this.written.shift();
    this.seq++;
    this.prune();
    this.stats.add(this.clock() - t0, size);
    return file;
  }

  /**
   * Delete the points no newest-K point needs: older than the full point that starts the chain of the
   * oldest of the newest K (only after the newest is durable: a crash here loses nothing). Until this
   * process has written K points, older ones (from before a restart) are kept.
   */
  private prune(): void {
    if (this.written.length < this.options.keep) return;
    const head = this.written[0]!.head;
    for (const p of listPoints(this.options.dir).filter((x) => x.seq < head)) {
      try {
        unlinkSync(join(this.options.dir, p.name));
      } catch {
        // gone already, or not ours to delete: the next prune tries again
      }
    }
  }

  /** What `show checkpoints` prints. */
  describe(): string {
    const o = this.options;
    let kept: string[];
    try {
      kept = listPoints(o.dir).map((p) => p.name);
    } catch {
      kept = [];
    }
    return [
      `periodic checkpoints (${this.writer.kind}) every ${formatTime(o.every)} into ${o.dir}, keeping ${o.keep}`,
      `  ${this.stats.describe()}`,
      ...(this.stats.failures > 0 ? [`  ${this.stats.failures} failed, last: ${this.stats.lastError}`] : []),
      `  next at ${formatTime(this.due)}`,
      `  kept: ${kept.length > 0 ? kept.join(" ") : "none yet"}`,
    ].join("\n");
  }
}

/** The restore options of point `name` of folder `dir`: its ancestors are looked for in that folder only. */
export function pointOptions(dir: string, name: string): { parents: ReturnType<typeof folderResolver>; name: string } {
  return { parents: folderResolver([dir]), name };
}

/**
 * The newest point of `dir` that restores (an incremental one with its whole chain): `restore` is tried on each, newest first; a point that
 * cannot be read or is refused as damaged (SnapshotError) is skipped with a one-line note. Any other
 * refusal (an outside resource the operator must provide) is thrown: an older point would not fix it.
 */
export function newestPoint<T>(dir: string, restore: (bytes: Uint8Array, name: string) => T): { value: T; file: string; notes: string[] } {
  let points: { seq: number; name: string }[];
  try {
    points = listPoints(dir);
  } catch (e) {
    throw new PeriodicError(`cannot read checkpoint folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const notes: string[] = [];
  for (const p of points) {
    const file = join(dir, p.name);
    try {
      const b = readFileSync(file);
      return { value: restore(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), basename(file)), file, notes };
    } catch (e) {
      if (!(e instanceof SnapshotError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      notes.push(`skipped ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  throw new PeriodicError(`no restartable point in ${dir}${points.length === 0 ? " (it holds no point-*.ckpt file)" : ` (${points.length} damaged)`}`);
}
