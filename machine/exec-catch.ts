// Stop the machine the moment the next program starts on a terminal: the
// debugger's "catch exec", which `cryobox boot --gdb PORT` uses to hand a
// program to gdb before its first instruction runs (as `qemu-riscv32 -g` and
// xv6's `make qemu-gdb` do). Host-side and transient: it watches the kernel
// through the observer slot and asks the kernel to pause (Kernel.pauseRequested),
// which ends the run at that tick exactly as a shorter run would, so a machine
// watched this way has the same digests as one that is not.

import type { Kernel } from "../kernel/kernel.js";
import type { KernelObserver, SyscallOutcome } from "../kernel/observer.js";
import type { ProcState } from "../kernel/state.js";

/** The process caught: its pid and the program it runs. */
export interface Caught {
  pid: number;
  comm: string;
}

/**
 * Catches the first successful execve by a process of terminal `tty`'s session other than the session
 * leader (the login shell): the first program a user starts there. After the catch the machine is paused
 * until `release()`.
 */
export class ExecCatcher implements KernelObserver {
  private caughtProc: Caught | null = null;
  private readonly previous: KernelObserver | null;

  constructor(
    private readonly kernel: Kernel,
    private readonly tty = 0,
  ) {
    this.previous = kernel.observer;
    kernel.observer = this;
  }

  /** The process caught, or null while still waiting. */
  get caught(): Caught | null {
    return this.caughtProc;
  }

  syscall(p: ProcState, num: number, name: string, args: readonly number[], rerun: boolean, outcome: SyscallOutcome): void {
    this.previous?.syscall(p, num, name, args, rerun, outcome);
    if (this.caughtProc || name !== "execve") return;
    if (outcome.kind === "block" || (outcome.kind === "return" && outcome.value < 0)) return; // not (yet) a new program
    const sid = this.kernel.state.ttys[this.tty]?.sid ?? -1;
    if (p.sid !== sid || p.pid === p.sid) return;
    this.caughtProc = { pid: p.pid, comm: p.comm };
    this.kernel.pauseRequested = true;
    this.detach();
  }

  /** Let the machine run again (and stop watching, if still waiting). */
  release(): void {
    this.detach();
    this.kernel.pauseRequested = false;
  }

  private detach(): void {
    if (this.kernel.observer === this) this.kernel.observer = this.previous;
  }
}
