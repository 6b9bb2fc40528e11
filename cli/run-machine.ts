// The machine behind `cryobox run`: one process from an ELF image, run until it
// exits, dies of a fault, or uses up its instruction limit. No host APIs here:
// the host is reached only through HostIO, so tests run programs in-process
// with byte buffers and the result is deterministic for the same input bytes.

import { run } from "../cpu/execute.js";
import { Cause, newHart } from "../cpu/hart.js";
import { Memory } from "../cpu/memory.js";
import { buildInitialStack, loadElf, MMAP_TOP, parseElf } from "../cpu/elf.js";
import { SYSCALL_TICKS } from "../kernel/param.js";
import { type HostIO, type RunProc, randomBytes, syscall } from "./run-syscalls.js";

/** What to run and how. */
export interface RunOptions {
  argv: string[]; // argv[0] included
  envp: string[];
  maxInstructions?: number; // stop after this many retired instructions
  seed?: number; // seeds getrandom and AT_RANDOM (default 1)
}

/** How the guest ended. `instret` counts ecalls too; `ticks` is the virtual time reached. */
export type RunEnd = (
  | { kind: "exit"; status: number }
  | { kind: "signal"; signal: number; name: string; message: string }
  | { kind: "limit" }
  | { kind: "deadlock" } // --kernel only: nothing can run and no timer is pending
) & { instret: number; ticks: number };

export const SIGNAL_NAMES: Record<number, string> = {
  1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
  9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
};

/** Instructions per call into the CPU: big enough to amortise the call, small enough to stop on time. */
const SLICE = 1 << 22;

/** Load an ELF image into a fresh process (throws ElfError for a bad file). */
export function newProcess(bytes: Uint8Array, opts: RunOptions): RunProc {
  const elf = parseElf(bytes);
  const mem = new Memory();
  const image = loadElf(elf, mem);
  const sys = { brkStart: image.brk, brk: image.brk, mmapNext: MMAP_TOP, closed: 0, rng: (opts.seed ?? 1) >>> 0 || 1, ticks: 0 };
  const sp = buildInitialStack(mem, opts.argv, opts.envp, image, randomBytes(sys, 16));
  const hart = newHart(image.entry);
  hart.x[2] = sp | 0;
  return { hart, mem, sys };
}

/** Run `proc` to its end. Never throws for anything the guest does. */
export function runProcess(proc: RunProc, io: HostIO, maxInstructions = Infinity): RunEnd {
  const { hart, mem, sys } = proc;
  const end = (): { instret: number; ticks: number } => ({ instret: hart.instret, ticks: sys.ticks });
  for (;;) {
    const left = maxInstructions - hart.instret;
    if (left <= 0) return { kind: "limit", ...end() };
    const r = run(hart, mem, Math.min(SLICE, left), sys.ticks);
    sys.ticks += r.retired;
    if (r.stop.kind === "budget") continue;
    const { cause, pc, tval } = r.stop;
    if (cause !== Cause.EcallFromU) {
      const signal = signalOf(cause);
      return { kind: "signal", signal, name: SIGNAL_NAMES[signal]!, message: faultMessage(signal, cause, pc, tval, mem), ...end() };
    }
    // The ecall retires once the kernel has done its work.
    hart.pc = (pc + 4) >>> 0;
    hart.instret += 1;
    sys.ticks += SYSCALL_TICKS;
    const out = syscall(proc, io);
    if (out.kind === "exit") return { kind: "exit", status: out.status, ...end() };
    if (out.kind === "signal") {
      const name = SIGNAL_NAMES[out.signal] ?? `signal ${out.signal}`;
      return { kind: "signal", signal: out.signal, name, message: out.detail, ...end() };
    }
  }
}

/** Load and run in one go (throws ElfError for a bad file). */
export function runProgram(bytes: Uint8Array, opts: RunOptions, io: HostIO): RunEnd {
  return runProcess(newProcess(bytes, opts), io, opts.maxInstructions);
}

/** The Unix signal a trap cause is delivered as. */
export function signalOf(cause: number): number {
  switch (cause) {
    case Cause.IllegalInstruction:
      return 4;
    case Cause.Breakpoint:
      return 5;
    case Cause.InstructionMisaligned:
    case Cause.LoadMisaligned:
    case Cause.StoreMisaligned:
      return 7;
    default:
      return 11;
  }
}

/**
 * The stderr line (without program name) for a guest killed by `signal`; `cause` −1 means a signal
 * that was not a fault. With `mem`, an address fault says whether the address was mapped at all.
 */
export function faultMessage(signal: number, cause: number, pc: number, tval: number, mem?: Memory): string {
  const name = SIGNAL_NAMES[signal] ?? `signal ${signal}`;
  if (cause < 0) return `killed by ${name}`;
  return `killed by ${name} at pc ${hex(pc)}: ${describeFault(cause, tval, mem)}`;
}

function describeFault(cause: number, tval: number, mem: Memory | undefined): string {
  const kind = mem === undefined ? "" : mem.regionAt(tval) ? "protected " : "unmapped ";
  const where = (what: string): string => `${what} ${kind}address ${hex(tval)}`;
  switch (cause) {
    case Cause.IllegalInstruction:
      return `illegal instruction ${hex(tval)}`;
    case Cause.Breakpoint:
      return "ebreak";
    case Cause.InstructionMisaligned:
      return `jump to misaligned address ${hex(tval)}`;
    case Cause.LoadMisaligned:
      return `misaligned load at ${hex(tval)}`;
    case Cause.StoreMisaligned:
      return `misaligned store at ${hex(tval)}`;
    case Cause.InstructionAccessFault:
    case Cause.InstructionPageFault:
      return where("instruction fetch from");
    case Cause.LoadAccessFault:
    case Cause.LoadPageFault:
      return where("load from");
    default:
      return where("store to");
  }
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
