// `cryobox run [options] FILE [ARGS...]`: option parsing, messages and exit
// statuses. The machine is the full kernel (kernel/run-single.ts: the program
// is pid 1, the kernel implements every system call); host stdio is
// cli/run-host.ts, in-memory stdio for tests cli/run-buffers.ts.

import { readFileSync, writeSync } from "node:fs";
import { Cause } from "../cpu/hart.js";
import { type CpuStats, defaultCpuOptions, newCpuStats, setJitDefault } from "../cpu/stats.js";
import { ElfError } from "../cpu/elf.js";
import type { HostIO, RootFile } from "../kernel/kernel.js";
import { TICKS_PER_SECOND } from "../kernel/param.js";
import { runSingleProcess } from "../kernel/run-single.js";
import { defaultImage } from "../machine/host-image.js";
import { hostStdio } from "./run-host.js";
import { signalName } from "../kernel/signals-def.js";
import { parseCount } from "../machine/console-parse.js";

const USAGE = `usage: cryobox run [options] FILE [ARGS...]

Runs a static RV32IMAC ELF executable with the host's stdin/stdout/stderr as its
fds 0/1/2. Options must come before FILE; everything after FILE is passed to
the program unchanged.

  --max-instructions N  stop the program after N instructions (status 124)
  --stats               print instructions, virtual time, host time, MIPS and CPU counters
                        (misaligned accesses emulated, pages translated) to stderr
  --no-jit              interpret every instruction (no translation to JavaScript;
                        same results, slower; also CRYOBOX_JIT=0 in the environment)
  --env NAME=VALUE      add to the program's environment (repeatable; default: empty)
  --argv0 NAME          argv[0] for the program (default: FILE as given)
  --seed N              seed for getrandom and AT_RANDOM (default 1)
  --help                this text

The program runs as pid 1 of a fresh kernel (fork, pipes, signals, a tmpfs
root with /bin = cryobox's userland, /dev, /proc and /tmp).

Exit status: the program's exit status; 128+N when killed by signal N;
124 when --max-instructions stopped it or when no process can ever run
again; 2 for a usage error or a file that cannot be loaded.
`;

/** What `cryobox run` needs from the host; tests pass their own. */
export interface RunHost {
  io: HostIO;
  stdout(text: string): void; // for --help
  stderr(text: string): void;
  readFile(path: string): Uint8Array; // throws with a `code` like ENOENT
  clock(): number; // host milliseconds, for --stats only
  rootfs?(): RootFile[]; // files of the guest's root filesystem (default: none, only /dev, /proc, /tmp)
}

/** What to run and how. */
export interface RunOptions {
  argv: string[]; // argv[0] included
  envp: string[];
  maxInstructions?: number; // stop after this much virtual time (ticks: instructions + 1 per system call)
  seed?: number; // seeds getrandom and AT_RANDOM (default 1)
  rootfs?: RootFile[]; // root filesystem files besides /dev, /proc, /tmp
}

/** How the guest ended. `instret`: instructions pid 1 retired; `ticks`: the virtual time reached. */
export type RunEnd = (
  | { kind: "exit"; status: number }
  | { kind: "signal"; signal: number; name: string; message: string }
  | { kind: "limit" }
  | { kind: "deadlock" } // nothing can run and no timer is pending (it waits for itself)
) & { instret: number; ticks: number };

/** Signal names come from the kernel's one table (kernel/signals-def.ts). */

/** Parsed command line, or a usage error message. */
export type RunArgs =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "run"; file: string; args: string[]; env: string[]; argv0?: string; max?: number; stats: boolean; seed: number; jit?: boolean };

/** Split `args` into options (before FILE) and the guest's argv (FILE and after, untouched). */
export function parseRunArgs(args: string[]): RunArgs {
  const env: string[] = [];
  let argv0: string | undefined;
  let max: number | undefined;
  let stats = false;
  let seed = 1;
  let jit: boolean | undefined;
  let i = 0;
  const value = (name: string): string | undefined => {
    const a = args[i]!;
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
    i++;
    return args[i];
  };
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    const name = a.split("=")[0]!;
    if (name === "--help" || name === "-h") return { kind: "help" };
    if (name === "--stats") {
      stats = true;
      continue;
    }
    if (name === "--no-jit") {
      jit = false;
      continue;
    }
    if (name === "--kernel") continue; // accepted for old scripts: the kernel is the only back end
    if (name !== "--max-instructions" && name !== "--env" && name !== "--argv0" && name !== "--seed") {
      return { kind: "error", message: `unknown option '${a}' (options go before FILE; see --help)` };
    }
    const v = value(name);
    if (v === undefined) return { kind: "error", message: `option ${name} needs a value` };
    if (name === "--env") {
      if (!v.includes("=")) return { kind: "error", message: `--env wants NAME=VALUE, got '${v}'` };
      env.push(v);
    } else if (name === "--argv0") {
      argv0 = v;
    } else {
      // The console's number syntax everywhere: 100M, 1_000_000, 0x10, 5k.
      const n = parseCount(v);
      if (n === null) return { kind: "error", message: `${name} wants a non-negative integer (100M, 1_000_000, 0x10 …), got '${v}'` };
      if (name === "--seed") seed = n >>> 0;
      else max = n;
    }
  }
  const file = args[i];
  if (file === undefined) return { kind: "error", message: "no FILE to run (see --help)" };
  return { kind: "run", file, args: args.slice(i + 1), env, argv0, max, stats, seed, ...(jit === undefined ? {} : { jit }) };
}

/** Run `bytes` as pid 1 of a fresh kernel with `io` as fds 0..2 (throws ElfError for a bad file). */
export function runProgram(bytes: Uint8Array, opts: RunOptions, io: HostIO): RunEnd {
  const r = runSingleProcess(bytes, opts.argv, opts.envp, io, { maxTicks: opts.maxInstructions, seed: opts.seed ?? 1, rootfs: opts.rootfs });
  const counts = { instret: r.instructions, ticks: r.ticks };
  switch (r.kind) {
    case "exit":
      return { kind: "exit", status: r.status, ...counts };
    case "signal": {
      const name = signalName(r.signal);
      // SIGPIPE stays quiet, as in shells.
      const message = r.signal === 13 ? "" : faultMessage(r.signal, r.cause, r.pc, r.tval, r.mapped);
      return { kind: "signal", signal: r.signal, name, message, ...counts };
    }
    case "limit":
      return { kind: "limit", ...counts };
    case "deadlock":
      return { kind: "deadlock", ...counts };
  }
}

/**
 * The stderr line (without program name) for a guest killed by `signal`; `cause` −1 means a signal
 * that was not a fault. `mapped`: whether the faulting address lay in a mapped region (protected) or not.
 */
export function faultMessage(signal: number, cause: number, pc: number, tval: number, mapped: boolean): string {
  const name = signalName(signal);
  if (cause < 0) return `killed by ${name}`;
  return `killed by ${name} at pc ${hex(pc)}: ${describeFault(cause, tval, mapped)}`;
}

function describeFault(cause: number, tval: number, mapped: boolean): string {
  const where = (what: string): string => `${what} ${mapped ? "protected" : "unmapped"} address ${hex(tval)}`;
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

/** `cryobox run` against a given host; resolves to the exit status. */
export function runWithHost(args: string[], host: RunHost): number {
  const parsed = parseRunArgs(args);
  if (parsed.kind === "help") {
    host.stdout(USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    host.stderr(`cryobox run: ${parsed.message}\n`);
    return 2;
  }
  const { file } = parsed;
  let bytes: Uint8Array;
  try {
    bytes = host.readFile(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : String(code ?? err);
    host.stderr(`cryobox run: ${file}: ${why}\n`);
    return 2;
  }
  const started = host.clock();
  let end: RunEnd;
  // The kernel runSingleProcess builds uses the process-wide CPU options: give this run its own.
  const savedCpu = { jit: defaultCpuOptions.jit, stats: defaultCpuOptions.stats };
  defaultCpuOptions.jit = parsed.jit ?? savedCpu.jit;
  defaultCpuOptions.stats = newCpuStats();
  const cpuStats = defaultCpuOptions.stats;
  try {
    const opts = { argv: [parsed.argv0 ?? file, ...parsed.args], envp: parsed.env, maxInstructions: parsed.max, seed: parsed.seed, rootfs: host.rootfs?.() };
    end = runProgram(bytes, opts, host.io);
  } catch (err) {
    if (!(err instanceof ElfError)) throw err;
    host.stderr(`cryobox run: ${file}: ${err.message}\n`);
    return 2;
  } finally {
    defaultCpuOptions.jit = savedCpu.jit;
    defaultCpuOptions.stats = savedCpu.stats;
  }
  if (parsed.stats) host.stderr(statsLine(end, host.clock() - started) + cpuLine(cpuStats, parsed.jit ?? savedCpu.jit));
  switch (end.kind) {
    case "exit":
      return end.status;
    case "limit":
      host.stderr(`cryobox run: ${file}: stopped after ${end.instret} instructions (--max-instructions)\n`);
      return 124;
    case "deadlock":
      host.stderr(`cryobox run: ${file}: stopped: no process can run and no timer is pending\n`);
      return 124;
    case "signal":
      if (end.message) host.stderr(`cryobox run: ${file}: ${end.message}\n`);
      return 128 + end.signal;
  }
}

function statsLine(end: RunEnd, hostMs: number): string {
  const mips = hostMs > 0 ? end.instret / hostMs / 1000 : 0;
  return (
    `cryobox run: ${end.instret} instructions retired, ` +
    `virtual time ${end.ticks} ticks (${(end.ticks / TICKS_PER_SECOND).toFixed(8)} s), ` +
    `host time ${(hostMs / 1000).toFixed(3)} s, ${mips.toFixed(1)} MIPS\n`
  );
}

function cpuLine(s: CpuStats, jit: boolean): string {
  return (
    `cryobox run: ${s.misaligned} misaligned accesses emulated, ` +
    (jit ? `${s.translated} pages translated, ${s.invalidated} dropped, ${s.jitRetired} instructions in translated code\n` : "translator off\n")
  );
}

/** `cryobox run` on this host process's stdio; resolves to the exit status. */
export async function runCommand(args: string[]): Promise<number> {
  if (process.env.CRYOBOX_JIT === "0") setJitDefault(false);
  return runWithHost(args, {
    io: hostStdio(),
    // Synchronous, like the guest's own writes, so messages and guest output keep their order.
    stdout: (text) => void writeSync(1, text),
    stderr: (text) => void writeSync(2, text),
    readFile: (path) => new Uint8Array(readFileSync(path)),
    clock: () => performance.now(),
    rootfs: defaultImage,
  });
}
