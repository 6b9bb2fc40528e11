// What the CPU counts beside the machine state, and how it is asked to run.
// These are statistics and host settings, not machine state: they are never
// saved, never digested, and nothing the guest can observe depends on them
// (the machine's architectural effects are identical with the translator on or
// off, and the misaligned-access count only reports work the emulation did).

/** Counters for `cryobox run --stats` and the benchmarks. */
export interface CpuStats {
  /** misaligned loads and stores emulated byte by byte (as Linux's trap handler does) */
  misaligned: number;
  /** pages translated to JavaScript (a recompile for a new entry counts again) */
  translated: number;
  /** translated pages dropped because their bytes or mapping changed */
  invalidated: number;
  /** instructions retired inside translated code */
  jitRetired: number;
}

/** How `run` executes: with the translator (default) or the interpreter alone. */
export interface CpuOptions {
  jit: boolean;
  stats: CpuStats;
}

export function newCpuStats(): CpuStats {
  return { misaligned: 0, translated: 0, invalidated: 0, jitRetired: 0 };
}

/** The process-wide default for `run` calls that pass no options (tests set it from CRYOBOX_JIT). */
export const defaultCpuOptions: CpuOptions = { jit: true, stats: newCpuStats() };

/** Set the default translator switch (host code: the CLI, test setup). */
export function setJitDefault(on: boolean): void {
  defaultCpuOptions.jit = on;
}
