// The Kernel: owns KernelState and the transient helpers around it, runs the
// scheduler loop (virtual time, round-robin quanta counted in instructions),
// turns CPU traps into system calls or signals, and is the API the machine,
// console and snapshot layers use (docs/INTERFACES.md).

import { Cause, type HartState } from "../cpu/hart.js";
import { Memory, PAGE_SIZE } from "../cpu/memory.js";
import { PageStore } from "../cpu/page-store.js";
import { unshareFileBlocks } from "./file-blocks.js";
import { assertConforms } from "../state/index.js";
import { cpuRun } from "./cpu-port.js";
import { emptyState, populateRoot, startInit } from "./boot.js";
import { validateState } from "./validate.js";
import { KernelState, type ProcState } from "./state.js";
import { QUANTUM, SYSCALL_TICKS } from "./param.js";
import { dispatchSyscall } from "./syscalls.js";
import type { KernelObserver } from "./observer.js";
import { MAX_CLOCK } from "./validate-limits.js";
import { deliverSignals, sendSignal } from "./signal.js";
import { SIGBUS, SIGILL, SIGSEGV, SIGTRAP } from "./signals-def.js";
import { fireTimers } from "./timers.js";
import { sampleLoad, ticksToSample } from "./loadavg.js";
import { firstRunnable, otherRunnable, rotate as rotateRunQueue } from "./run-queue.js";
import { checkCpuTimers } from "./itimer.js";
import { cpuTimerDue } from "./posix-timers.js";
import { faultInfo } from "./signals-queue.js";
import { ttyInputBytes, ttyKernelWrite, ttyTake } from "./tty.js";
import type { ReelIdentity, ReelMedia } from "./tape-state.js";
import { type MountReport, tapeMount, tapeUnmount } from "./tape.js";
import { type LoadedReel, ReelSlots } from "./tape-media.js";

export { KernelState } from "./state.js";

/** Most instructions per call into the CPU when a lone process runs through quantum ends. */
const MAX_SLICE = 1 << 22;
export type { ReelIdentity, ReelMedia } from "./tape-state.js";

/** Host side of fds 0..2 for runSingleProcess: byte counts / data, or a negative errno. */
export interface HostIO {
  read(fd: number, max: number): Uint8Array | number; // empty = EOF
  write(fd: number, bytes: Uint8Array): number;
  kind(fd: number): "file" | "pipe" | "tty" | "other";
  size(fd: number): number;
}

export interface KernelConfig {
  ttys: number;
  drives: number;
  memoryLimit: number;
}

/** One file of the root filesystem image ("/bin/sh", 0o755, bytes). */
export interface RootFile {
  path: string;
  mode: number;
  data: Uint8Array;
}

/** What one call to `run` did. */
export interface KernelRunResult {
  ticks: number;
  idle: boolean;
  exited: { pid: number; status: number }[];
}

export class Kernel {
  /** Transient: the machine's pages, shared copy-on-write, bounded by memoryLimit (cpu/page-store.ts). */
  readonly pageStore: PageStore;
  /** Transient: one Memory wrapper per live process, rebuilt from state on demand. */
  private mems = new Map<number, Memory>();
  /** Transient: the reels loaded on the drives (outside media; their one owner, kernel/tape-media.ts). */
  readonly reels: ReelSlots;
  /** Transient: processes that exited during the current `run`. */
  exitedLog: { pid: number; status: number }[] = [];
  /** Transient: host stdio behind "host" open files (runSingleProcess only; outside the machine). */
  host: HostIO | null = null;
  /** Transient diagnostics: the last CPU fault of each pid (cause, pc, tval), for messages. */
  faults = new Map<number, { cause: number; pc: number; tval: number; mapped: boolean }>();
  /**
   * Transient: the host end of the terminals (Machine's output logs), or null. With a consumer the
   * lines transmit at once: a write that fills a tty's output queue hands the queue over and goes
   * on, so no writer ever waits on when the host drains (which would depend on how runs are split).
   */
  ttyConsumer: ((n: number, bytes: Uint8Array) => void) | null = null;
  /** Transient: a tool outside the machine watching what the kernel does (trace), or null. */
  observer: KernelObserver | null = null;
  /**
   * Transient: a tool outside the machine (the debugger catching an exec) asked the machine to stop
   * at the current tick. run() ends there, as if its end had been now — so run(a); run(b) ≡ run(a+b)
   * still holds — and runs nothing until the tool clears the flag.
   */
  pauseRequested = false;

  /** Internal: use boot, fromState or runSingleProcess. `pages`: the counts of `state`'s pages when already made (fromState). */
  constructor(
    readonly config: KernelConfig,
    public state: KernelState,
    pages?: PageStore,
  ) {
    this.reels = new ReelSlots(config.drives);
    if (pages) this.pageStore = pages;
    else {
      this.pageStore = new PageStore(Math.floor(config.memoryLimit / PAGE_SIZE));
      for (const p of state.procs.values()) for (const page of p.mem.pages.values()) this.pageStore.retain(page);
    }
    unshareFileBlocks(state.inodes.values(), (b) => this.pageStore.count(b) > 0); // a restore may share a file's block with memory
  }

  /** Build tmpfs from `rootfs`, create /dev, /proc, /tmp and start /bin/init as pid 1. */
  static boot(config: KernelConfig, rootfs: RootFile[]): Kernel {
    const k = new Kernel(config, emptyState(config));
    populateRoot(k, config, rootfs);
    startInit(k);
    return k;
  }

  /** Adopt a saved state: validates its invariants (StateError naming the field) and rebuilds caches. */
  static fromState(config: KernelConfig, state: KernelState): Kernel {
    assertConforms(KernelState, state);
    const pages = validateState(config, state); // the page counts, made while checking the memory limit
    return new Kernel(config, state, pages);
  }

  /** Virtual time in ticks. */
  now(): number {
    return this.state.clock;
  }

  /** Run for at most `maxTicks` of virtual time; returns early (idle) when nothing can ever run. */
  run(maxTicks: number): KernelRunResult {
    const s = this.state;
    const start = s.clock;
    // Virtual time stops at MAX_CLOCK (2^52 ticks, 1.4 virtual years), the most restore accepts, so a
    // machine's own checkpoint always restores; reaching it stops the machine like any panic.
    if (s.clock >= MAX_CLOCK) this.panic(`virtual time ran out: the clock reached ${MAX_CLOCK} ticks`);
    const end = Math.min(start + Math.max(0, Math.floor(maxTicks)), MAX_CLOCK);
    this.exitedLog = [];
    let idle = false;
    while (s.clock < end && s.panic === "" && !this.pauseRequested) {
      sampleLoad(this); // the load average's samples that fell due (kernel/loadavg.ts)
      fireTimers(this);
      const p = this.pickNext();
      if (!p) {
        const next = s.timers[0];
        if (!next) {
          idle = true;
          break;
        }
        s.clock = Math.min(end, Math.max(s.clock, next.time)); // nothing to do: jump to the next timer
        continue;
      }
      this.runSlice(p, end);
    }
    if (s.panic !== "") idle = true;
    return { ticks: s.clock - start, idle, exited: this.exitedLog };
  }

  /**
   * Let `ticks` of virtual time pass on an idle machine (no runnable process, no
   * pending timer): the clock just moves, as a real machine's would while everyone
   * waits for input. Misuse on a busy machine is a host error, not a guest one.
   */
  idleFor(ticks: number): void {
    if (!this.isIdle()) throw new RangeError("idleFor: the machine is not idle");
    this.state.clock = Math.min(this.state.clock + Math.max(0, Math.floor(ticks)), MAX_CLOCK);
  }

  /** No process can run and no timer is pending (a host drain or keystroke may change that). */
  isIdle(): boolean {
    const s = this.state;
    return s.timers.length === 0 && ![...s.procs.values()].some((p) => p.state === "runnable");
  }

  /** Host keystrokes for tty n, entering at the current virtual time. */
  ttyInput(n: number, bytes: Uint8Array): void {
    if (n < 0 || n >= this.state.ttys.length) throw new RangeError(`No terminal tty${n} (this machine has ${this.state.ttys.length})`);
    ttyInputBytes(this, n, bytes);
  }

  /** The bytes the guest displayed on tty n since the last take. */
  ttyTakeOutput(n: number): Uint8Array {
    if (!this.state.ttys[n]) throw new RangeError(`No terminal tty${n} (this machine has ${this.state.ttys.length})`);
    return ttyTake(this, n);
  }

  /**
   * The operator mounts `reel` on drive `unit`: at BOT on an empty drive; on a drive waiting for its
   * volume, verified and put back at the recorded head (kernel/tape.ts). Throws ReelRefused.
   */
  mountReel(unit: number, reel: LoadedReel, identity: ReelIdentity, writable: boolean, force = false): MountReport {
    return tapeMount(this, unit, reel, identity, writable, force);
  }

  /** Mount in-memory media on drive `unit` (tests). */
  attachReel(unit: number, media: ReelMedia, identity: ReelIdentity, writable: boolean): void {
    tapeMount(this, unit, { media, source: identity.path }, identity, writable);
  }

  /** Unload drive `unit` (it goes empty); refused while a process holds it, unless forced. */
  detachReel(unit: number, force = false): void {
    tapeUnmount(this, unit, force);
  }

  // ---- internal API for the kernel's own modules ----

  /** The Memory wrapper of process p (built lazily: a transient cache). */
  mem(p: ProcState): Memory {
    let m = this.mems.get(p.pid);
    if (!m || m.state !== p.mem) {
      m = new Memory(p.mem, this.pageStore);
      this.mems.set(p.pid, m);
    }
    return m;
  }

  /** Install a new address space for p (fork, exec). */
  setMem(p: ProcState, m: Memory): void {
    if (p.mem !== m.state) this.mem(p).free(); // exec: the old image's pages go
    m.attach(this.pageStore);
    p.mem = m.state;
    this.mems.set(p.pid, m);
  }

  /** Forget p's memory wrapper (exit). */
  dropMem(pid: number): void {
    this.mems.delete(pid);
  }

  /** Stop the machine: a kernel panic is data (a flag and a message on tty0). */
  panic(message: string): void {
    if (this.state.panic !== "") return;
    this.state.panic = message;
    ttyKernelWrite(this, 0, `\nkernel panic: ${message}\n`);
  }

  /** The process whose quantum is in progress, else the first runnable one in round-robin order. */
  private pickNext(): ProcState | undefined {
    const s = this.state;
    const cur = s.current >= 0 ? s.procs.get(s.current) : undefined;
    if (cur && cur.state === "runnable" && s.quantumLeft > 0) return cur;
    if (cur) this.rotate(cur.pid);
    s.current = -1;
    const p = firstRunnable(this); // the first runnable pid in s.runQueue (kernel/run-queue.ts), without a scan
    if (p) {
      s.current = p.pid;
      s.quantumLeft = QUANTUM;
    }
    return p;
  }

  /** Send pid to the back of the run queue. */
  private rotate(pid: number): void {
    rotateRunQueue(this, pid);
  }

  /**
   * Run p until its quantum ends, it blocks, stops or exits, or the run's end
   * is reached. The quantum left is state, so run(a)+run(b) ≡ run(a+b). A
   * system call whose cost would cross `end` waits for the next run (its
   * ecall traps again: nothing was retired).
   */
  private runSlice(p: ProcState, end: number): void {
    const s = this.state;
    while (s.quantumLeft > 0 && p.state === "runnable" && s.panic === "" && s.clock < end && !this.pauseRequested) {
      deliverSignals(this, p);
      if (p.state !== "runnable") break;
      const r = cpuRun(p.hart, this.mem(p), Math.min(this.sliceBudget(p, end), ticksToSample(this)), s.clock, this); // a slice ends at a load sample
      s.clock += r.retired;
      p.utime += r.retired;
      const trapped = r.stop.kind === "trap";
      this.useQuantum(p, r.retired, trapped);
      // CPU-time timers are looked at where p's slice ends — a quantum end or a trap — as Linux looks at
      // them on its tick; never where a run or a host-sized call into the CPU happens to end.
      if (trapped || s.quantumLeft === 0) checkCpuTimers(this, p);
      if (r.stop.kind === "trap") {
        if (r.stop.cause === Cause.EcallFromU) {
          // SYSCALL_TICKS is 1, so the call always fits: the loop guard ensures clock < end.
          s.clock += SYSCALL_TICKS;
          s.quantumLeft = Math.max(0, s.quantumLeft - SYSCALL_TICKS);
          dispatchSyscall(this, p);
        } else {
          const { cause, pc, tval } = r.stop;
          this.faults.set(p.pid, { cause, pc, tval, mapped: this.mem(p).regionAt(tval) !== undefined });
          this.fault(p, p.hart, r.stop.cause);
        }
      }
      fireTimers(this);
      sampleLoad(this);
    }
    if (p.state !== "runnable" || s.quantumLeft === 0) {
      if (s.procs.has(p.pid)) this.rotate(p.pid);
      s.current = -1;
      s.quantumLeft = 0;
    }
  }

  /**
   * How many instructions p may run in one call into the CPU. A timer fires on its own tick: no call
   * runs past the next timer's time (kernel/timers.ts), nor past the end of the run, so where a run
   * is cut never moves a timer — every other stop of a call changes nothing (see runSlice). Within
   * that, p runs to the end of its quantum; when it is the only runnable process it may run on
   * through quantum ends that would change nothing — p would be rotated and picked again — up to
   * the first quantum end at or after its next CPU-time timer, where quantum-by-quantum running
   * would look at it (see useQuantum), without cutting a lone program into 1 ms calls into the CPU.
   */
  private sliceBudget(p: ProcState, end: number): number {
    const s = this.state;
    const stop = s.timers.length > 0 && s.timers[0]!.time < end ? s.timers[0]!.time : end;
    const budget = Math.max(1, stop - s.clock); // ≥ 1: fireTimers left no timer at or before now
    if (s.quantumLeft >= budget) return budget;
    if (otherRunnable(this, p)) return s.quantumLeft;
    const cpuDue = cpuTimerDue(p) - p.utime; // instructions until p's next CPU-time timer falls due (Infinity: none)
    const first = s.quantumLeft; // quantum ends: first, first + QUANTUM, …
    const k = cpuDue <= first ? 0 : Math.ceil((cpuDue - first) / QUANTUM); // the first quantum end at or after it
    return Math.min(budget, first + k * QUANTUM, MAX_SLICE);
  }

  /**
   * Charge `retired` instructions to the quantum in progress. Past its end (sliceBudget let a lone
   * process run on), the state is what quantum-by-quantum running gives: p rotated to the back of
   * the run queue and picked again, in the quantum holding the next instruction (a trap stopped at
   * an end is the first instruction of the next quantum).
   */
  private useQuantum(p: ProcState, retired: number, trapped: boolean): void {
    const s = this.state;
    const left = s.quantumLeft;
    if (retired < left || (retired === left && !trapped)) {
      s.quantumLeft = left - retired;
      return;
    }
    this.rotate(p.pid);
    const into = (retired - left) % QUANTUM;
    s.quantumLeft = into === 0 && !trapped ? 0 : QUANTUM - into;
  }

  /** A CPU trap that is not a system call becomes a signal to the process. */
  private fault(p: ProcState, _hart: HartState, cause: number): void {
    let sig = SIGSEGV;
    if (cause === Cause.IllegalInstruction) sig = SIGILL;
    else if (cause === Cause.Breakpoint) sig = SIGTRAP;
    else if (cause === Cause.InstructionMisaligned || cause === Cause.LoadMisaligned || cause === Cause.StoreMisaligned) sig = SIGBUS;
    sendSignal(this, p.pid, sig, true, faultInfo(sig, cause, this.faults.get(p.pid)));
  }
}
