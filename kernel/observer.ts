// A window into the kernel for tools outside the machine (the console's
// `trace`, teaching views): the kernel tells an observer what it did. An
// observer only looks; it is host-side, transient (never state, never in a
// snapshot), and a machine with no observer runs exactly as one with it.

import type { ProcState } from "./state.js";

/** How a system call ended this time: a result in a0, or a sleep (the call re-runs on wake-up). */
export type SyscallOutcome = { kind: "return"; value: number } | { kind: "block"; chan: string } | { kind: "other" };

export interface KernelObserver {
  /**
   * A system call ran: its number and name, the argument registers a0..a5 as they were on entry,
   * whether this was a re-run after a sleep, and how it ended.
   */
  syscall(p: ProcState, num: number, name: string, args: readonly number[], rerun: boolean, outcome: SyscallOutcome): void;
}
