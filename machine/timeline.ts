// Time travel (docs/timeline.md): a Machine that remembers its past. Every
// `every` ticks the timeline keeps a snapshot (a bounded ring), and every
// outside input — terminal bytes, and the operator's reel mounts with the
// reel's bytes — is recorded with the virtual time it entered at, and every
// kept point holds a copy of the reels on the drives (machine/timeline-outside.ts). `goto(T)` restores the newest snapshot
// at or before T and replays the recorded input up to exactly T: since the
// machine is deterministic and run(a); run(b) ≡ run(a+b), that is the machine
// as it was at T, bit for bit. Typing after going back forks the timeline: the
// old future (its inputs, snapshots and terminal output) is dropped and the
// new one is kept, as an editor's undo does.
//
// The timeline is host-side bookkeeping, never machine state: snapshots and
// the input log are outside data, like the console's output log.

import { MemoryReel } from "../devices/tape/media.js";
import { Machine } from "./machine.js";
import { type ReelCopy, copyReels, diskSpecs, newBytes, reelSpecs } from "./timeline-outside.js";
import { type NetEvent, applyNetEvent, setNetHook } from "./net-input.js";

/** One recorded input at a virtual time: bytes typed into a terminal, or a reel the operator mounted or took off. */
export type TimelineInput =
  | { kind: "keys"; time: number; tty: number; bytes: Uint8Array }
  | { kind: "mount"; time: number; unit: number; reel: ReelCopy; readOnly: boolean; force: boolean }
  | { kind: "unmount"; time: number; unit: number; force: boolean }
  | { kind: "net"; time: number; event: NetEvent }; // network input (machine/net-input.ts: a client, bytes, a line)

/** An input without its time (what the machine's hooks report). */
type Input = TimelineInput extends infer I ? (I extends TimelineInput ? Omit<I, "time"> : never) : never;

/** One kept point of the past. */
interface Point {
  time: number;
  snapshot: Uint8Array;
  /** transcript lengths per terminal at this point */
  transcript: number[];
  /** inputs recorded before this point */
  inputs: number;
  /** the reels on the drives at this point (their bytes then) */
  reels: Map<number, ReelCopy>;
}

export interface TimelineOptions {
  /** ticks between automatic snapshots (default 10,000,000 = 0.1 virtual second) */
  every?: number;
  /** most snapshot bytes kept; the oldest points are dropped beyond it (default 256 MiB) */
  maxBytes?: number;
}

/** goto/back asked for a time the timeline cannot reach. */
export class TimelineError extends Error {
  override name = "TimelineError";
}

const DEFAULT_EVERY = 10_000_000;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export class Timeline {
  private m: Machine;
  private readonly every: number;
  private readonly maxBytes: number;
  private points: Point[] = [];
  /** recorded inputs, in the order typed (so by time) */
  private inputs: TimelineInput[] = [];
  /** how many of `inputs` the current machine has already been given (the rest is the recorded future) */
  private applied = 0;
  /** everything each terminal displayed since the timeline began, trimmed on goto */
  private transcripts: Uint8Array[][];
  private transcriptLengths: number[];
  private cursors: number[];
  /** every machine this timeline has had (weakly: old ones are garbage once nobody holds them) */
  private readonly machines = new WeakSet<Machine>();
  /** true while replaying recorded input (it must not be recorded again) */
  private replaying = false;

  constructor(machine: Machine, options: TimelineOptions = {}) {
    this.every = options.every ?? DEFAULT_EVERY;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!Number.isSafeInteger(this.every) || this.every < 1) throw new RangeError(`timeline: every must be a positive tick count, not ${options.every}`);
    this.m = machine;
    this.transcripts = Array.from({ length: machine.ttyCount }, () => []);
    this.transcriptLengths = Array.from({ length: machine.ttyCount }, () => 0);
    this.cursors = Array.from({ length: machine.ttyCount }, (_, n) => machine.tty(n).outputLength());
    this.attach(machine);
    this.keepPoint();
  }

  /** Stop recording: the machine's input hook is removed (the timeline can no longer go forward with new input). */
  close(): void {
    this.detach(this.m);
  }

  /** The machine as it is now (a new object after going back). */
  get machine(): Machine {
    return this.m;
  }

  /** Virtual time now. */
  now(): number {
    return this.m.now();
  }

  /** The times of the snapshots kept, oldest first. */
  pointTimes(): number[] {
    return this.points.map((p) => p.time);
  }

  /** The earliest time goto can reach. */
  get start(): number {
    return this.points[0]!.time;
  }

  /** Every input recorded from the earliest kept point on, past and recorded future. */
  recordedInputs(): readonly TimelineInput[] {
    return this.inputs;
  }

  /** Type into terminal `tty` now. Recorded; typing in the past forks the timeline (the old future is dropped). */
  send(tty: number, text: string | Uint8Array): void {
    if (tty < 0 || tty >= this.cursors.length) throw new RangeError(`no terminal tty${tty}`);
    this.m.tty(tty).send(text); // recorded by the machine's input hook (attach below)
    this.collect();
  }

  // Every byte typed into the current machine — through send, the console or the host terminal — is recorded here.
  // Reels mounted or taken off by the operator are recorded the same way, a mounted reel with its bytes.
  private record(input: Input): void {
    if (this.replaying) return;
    this.inputs.length = this.applied; // the new future replaces the recorded one
    this.points = this.points.filter((p) => p.time <= this.now());
    this.inputs.push({ ...input, time: this.now() } as TimelineInput);
    this.applied++;
  }

  private attach(m: Machine): void {
    m.inputHook = (tty, bytes) => this.record({ kind: "keys", tty, bytes: bytes.slice() });
    m.reelHook = (unit, change) => {
      if (!change.mounted) return this.record({ kind: "unmount", unit, force: change.force });
      const reel = copyReels(m, undefined).get(unit);
      if (reel) this.record({ kind: "mount", unit, reel, readOnly: change.readOnly, force: change.force });
    };
    setNetHook(m, (event) => this.record({ kind: "net", event }));
    this.machines.add(m);
  }

  private detach(m: Machine): void {
    m.inputHook = null;
    m.reelHook = null;
    setNetHook(m, null);
  }

  /** Was `m` this timeline's machine at some time (so a holder of it should move to the current one)? */
  owned(m: Machine): boolean {
    return this.machines.has(m);
  }

  /** Let `ticks` of virtual time pass; recorded input in that span (after going back) is typed again. */
  run(ticks: number): void {
    if (!Number.isSafeInteger(ticks) || ticks < 0) throw new RangeError(`timeline: bad tick count ${ticks}`);
    this.advanceTo(this.now() + ticks);
  }

  /** Everything terminal `tty` displayed from the start of the timeline up to now. */
  transcript(tty: number): Uint8Array {
    const parts = this.transcripts[tty];
    if (!parts) throw new RangeError(`no terminal tty${tty}`);
    const out = new Uint8Array(this.transcriptLengths[tty]!);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Go to virtual time `time`, before or after now: the machine exactly as it was (or will be, replaying what was recorded). */
  goto(time: number): void {
    if (!Number.isSafeInteger(time) || time < 0) throw new RangeError(`timeline: bad time ${time}`);
    if (time < this.start) throw new TimelineError(`goto ${time}: the timeline reaches back to tick ${this.start} only (older points were dropped)`);
    const typedAtTime = this.applied > 0 && this.inputs[this.applied - 1]!.time >= time;
    if (time < this.now() || typedAtTime) {
      let i = this.points.length - 1;
      while (this.points[i]!.time > time) i--;
      this.restorePoint(this.points[i]!);
    }
    this.advanceTo(time);
  }

  /** Go back `ticks` of virtual time (to the start of the timeline at most). */
  back(ticks: number): void {
    if (!Number.isSafeInteger(ticks) || ticks < 0) throw new RangeError(`timeline: bad tick count ${ticks}`);
    this.goto(Math.max(this.start, this.now() - ticks));
  }

  /** The latest time anything was recorded at (the end of the recorded future). */
  recordedEnd(): number {
    const lastInput = this.inputs.length > 0 ? this.inputs[this.inputs.length - 1]!.time : 0;
    return Math.max(lastInput, this.points[this.points.length - 1]!.time, this.now());
  }

  // Run to `target`, typing the recorded inputs due before it at their times, keeping points on the way.
  // Input recorded exactly at `target` stays in the future: goto(T) shows the machine before it was typed.
  private advanceTo(target: number): void {
    for (;;) {
      while (this.applied < this.inputs.length && this.inputs[this.applied]!.time <= this.now() && this.now() < target) {
        const x = this.inputs[this.applied++]!;
        this.replaying = true;
        try {
          this.replay(x);
        } finally {
          this.replaying = false;
        }
        this.collect();
      }
      if (this.now() >= target) return;
      const nextPoint = (Math.floor(this.now() / this.every) + 1) * this.every;
      const nextInput = this.applied < this.inputs.length ? this.inputs[this.applied]!.time : Infinity;
      const stop = Math.min(target, nextPoint, Math.max(nextInput, this.now() + 1));
      this.m.run(stop - this.now());
      this.collect();
      if (this.now() % this.every === 0 && !this.points.some((p) => p.time === this.now())) this.keepPoint();
    }
  }

  // A recorded input, given again to the machine (a reel mounted again is a fresh copy of the recorded bytes).
  private replay(x: TimelineInput): void {
    if (x.kind === "keys") this.m.tty(x.tty).send(x.bytes);
    else if (x.kind === "unmount") this.m.unmount(x.unit, { force: x.force });
    else if (x.kind === "net") applyNetEvent(this.m, x.event);
    else {
      const media = new MemoryReel(x.reel.bytes);
      this.m.mount(x.unit, { media, name: x.reel.source, readOnly: !x.reel.writable }, { readOnly: x.readOnly, force: x.force });
    }
  }

  // The machine of point p: its reels are in-memory copies of the bytes they held then (the host files keep
  // what was written later), its disks the host directories mounted now.
  private restorePoint(p: Point): void {
    const kept = p.transcript.map((len, n) => this.transcript(n).slice(0, len));
    const old = this.m;
    let restored: Machine;
    try {
      restored = Machine.restore(p.snapshot, { tapes: reelSpecs(p.reels), noReels: true, disks: diskSpecs(old), lines: "keep" });
    } catch (e) {
      throw new TimelineError(`cannot go back to tick ${p.time}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.detach(old);
    old.close();
    this.m = restored;
    this.attach(this.m);
    this.cursors = Array.from({ length: this.m.ttyCount }, (_, n) => this.m.tty(n).outputLength());
    this.transcripts = kept.map((t) => [t]);
    this.transcriptLengths = [...p.transcript];
    this.applied = p.inputs;
  }

  private collect(): void {
    for (let n = 0; n < this.cursors.length; n++) {
      const fresh = this.m.tty(n).outputSince(this.cursors[n]!);
      if (fresh.length === 0) continue;
      this.transcripts[n]!.push(fresh);
      this.transcriptLengths[n]! += fresh.length;
      this.cursors[n]! += fresh.length;
    }
  }

  // Keep a snapshot of now; beyond maxBytes drop the oldest points and the inputs before the new oldest.
  private keepPoint(): void {
    const at = this.points.findIndex((p) => p.time > this.now());
    const before = this.points[at < 0 ? this.points.length - 1 : at - 1];
    const snapshot = this.m.checkpoint(); // settles first: the reels' identities are current for copyReels
    const reels = copyReels(this.m, before?.reels);
    const point: Point = { time: this.now(), snapshot, transcript: [...this.transcriptLengths], inputs: this.applied, reels };
    if (at < 0) this.points.push(point);
    else this.points.splice(at, 0, point);
    while (this.keptBytes() > this.maxBytes && this.points.length > 1) {
      this.points.shift();
      const drop = this.points[0]!.inputs;
      this.inputs.splice(0, drop);
      this.applied -= drop;
      for (const p of this.points) p.inputs -= drop;
    }
  }

  /** Bytes held by the kept points: snapshots, and reel copies (a copy shared by several points counts once). */
  private keptBytes(): number {
    const counted = new Set<Uint8Array>();
    return this.points.reduce((n, p) => n + p.snapshot.length + newBytes(p.reels, counted), 0);
  }
}
