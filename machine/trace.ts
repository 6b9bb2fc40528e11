// `trace PID|all` (docs/console.md): every system call of a process, or of the
// whole machine, printed strace-style with decoded arguments, the result and
// the virtual time — "why does my pipeline hang?" answered in one view:
//
//   [0.004512] 7 read(0, 0x7ffffe40, 4096) ... blocked on pipe:3:r
//   [0.004980] 7 read(0, "hello\n", 4096) = 6
//
// Host-side and transient (a KernelObserver): tracing never changes the machine.

import type { Kernel } from "../kernel/kernel.js";
import type { KernelObserver, SyscallOutcome } from "../kernel/observer.js";
import type { ProcState } from "../kernel/state.js";
import * as E from "../kernel/errno.js";
import { signalName } from "../kernel/signals-def.js";
import { TICKS_PER_SECOND } from "../kernel/param.js";

/** How each argument is shown: a number, hex, an fd, a path or string, a buffer (length in another argument or the result), a signal. */
type Arg = "int" | "hex" | "fd" | "str" | "out" | "in" | "sig" | "oct";

// Argument kinds by system call name; a call not listed shows its first three arguments in hex.
// "in" = a buffer the call reads (shown at entry, length in the next argument); "out" = a buffer it
// fills (shown at return, length = the result).
const ARGS: Record<string, Arg[]> = {
  read: ["fd", "out", "int"], write: ["fd", "in", "int"], readv: ["fd", "hex", "int"], writev: ["fd", "hex", "int"],
  openat: ["fd", "str", "hex", "oct"], close: ["fd"], pipe2: ["hex", "hex"], dup: ["fd"], dup3: ["fd", "fd", "hex"],
  fcntl64: ["fd", "int", "hex"], ioctl: ["fd", "hex", "hex"], llseek: ["fd", "int", "int", "hex", "int"],
  getdents64: ["fd", "hex", "int"], mkdirat: ["fd", "str", "oct"], unlinkat: ["fd", "str", "hex"],
  renameat: ["fd", "str", "fd", "str"], renameat2: ["fd", "str", "fd", "str", "hex"], faccessat: ["fd", "str", "oct"],
  faccessat2: ["fd", "str", "oct", "hex"], chdir: ["str"], newfstatat: ["fd", "str", "hex", "hex"], fstat: ["fd", "hex"],
  statx: ["fd", "str", "hex", "hex", "hex"], exit: ["int"], exit_group: ["int"], wait4: ["int", "hex", "hex", "hex"],
  waitid: ["int", "int", "hex", "hex"], kill: ["int", "sig"], rt_sigaction: ["sig", "hex", "hex", "int"],
  rt_sigprocmask: ["int", "hex", "hex", "int"], setpgid: ["int", "int"], getpgid: ["int"], getsid: ["int"],
  execve: ["str", "hex", "hex"], clone: ["hex", "hex"], brk: ["hex"], mmap: ["hex", "int", "hex", "hex", "fd", "int"],
  munmap: ["hex", "int"], mprotect: ["hex", "int", "hex"], nanosleep: ["hex", "hex"], clock_nanosleep: ["int", "hex", "hex", "hex"],
  clock_nanosleep_time64: ["int", "hex", "hex", "hex"], umask: ["oct"], getcwd: ["out", "int"],
};
const NO_ARGS = new Set(["getpid", "getppid", "getuid", "geteuid", "getgid", "getegid", "gettid", "setsid", "sched_yield", "rt_sigreturn"]);

const ERRNO_NAMES = new Map<number, string>(Object.entries(E).filter(([, v]) => typeof v === "number").map(([k, v]) => [v as number, k]));
const SHOW_BYTES = 32;

/** A guest buffer as a C string literal, cut at SHOW_BYTES. */
function quote(bytes: Uint8Array, total: number): string {
  let s = '"';
  for (const b of bytes.subarray(0, SHOW_BYTES)) {
    if (b === 0x0a) s += "\\n";
    else if (b === 0x0d) s += "\\r";
    else if (b === 0x09) s += "\\t";
    else if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return `${s}"${total > SHOW_BYTES ? "..." : ""}`;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** Formats system calls for one kernel; lines go to `sink`. */
export class SyscallTracer implements KernelObserver {
  constructor(
    private readonly kernel: Kernel,
    /** the pid traced, or "all" */
    readonly target: number | "all",
    private readonly sink: (line: string) => void,
  ) {}

  syscall(p: ProcState, _num: number, name: string, args: readonly number[], rerun: boolean, outcome: SyscallOutcome): void {
    if (this.target !== "all" && p.pid !== this.target) return;
    if (outcome.kind === "block" && rerun) return; // still asleep: said once already
    // a successful execve sets the registers itself (the new image's entry): it returned 0
    if (name === "execve" && outcome.kind === "other" && p.state !== "zombie") outcome = { kind: "return", value: 0 };
    const time = `[${(this.kernel.state.clock / TICKS_PER_SECOND).toFixed(6)}]`;
    const shown = this.formatArgs(p, name, args, outcome);
    const end = outcome.kind === "return" ? ` = ${this.result(name, outcome.value)}` : outcome.kind === "block" ? ` ... blocked on ${outcome.chan}` : " = ?";
    this.sink(`${time} ${p.pid} ${name}(${shown})${end}`);
  }

  private result(name: string, v: number): string {
    if (v < 0 && v >= -4095) return `-1 ${ERRNO_NAMES.get(-v) ?? `E${-v}`}`;
    return name === "brk" || name === "mmap" ? hex(v) : String(v);
  }

  private formatArgs(p: ProcState, name: string, args: readonly number[], outcome: SyscallOutcome): string {
    if (NO_ARGS.has(name)) return "";
    // a successful execve replaced the memory the path and argv were read from: show the new image's argv
    if (name === "execve" && outcome.kind === "return" && outcome.value === 0) return p.argv.map((a) => quote(new TextEncoder().encode(a), a.length)).join(", ");
    const kinds = ARGS[name] ?? ["hex", "hex", "hex"];
    const mem = this.kernel.state.procs.has(p.pid) && p.state !== "zombie" ? this.kernel.mem(p) : null;
    return kinds
      .map((kind, i) => {
        const v = args[i]!;
        switch (kind) {
          case "int":
          case "fd":
            return String(v | 0);
          case "oct":
            return `0${(v >>> 0).toString(8)}`;
          case "sig":
            return signalName(v) || String(v);
          case "str": {
            const s = mem?.readCString(v >>> 0, 256);
            return typeof s === "string" && s !== "fault" && s !== "toolong" ? quote(new TextEncoder().encode(s), s.length) : hex(v);
          }
          case "in": {
            const len = Math.max(0, args[i + 1]! | 0);
            const b = mem?.copyIn(v >>> 0, Math.min(len, SHOW_BYTES));
            return b ? quote(b, len) : hex(v);
          }
          case "out": {
            if (outcome.kind !== "return" || outcome.value <= 0) return hex(v);
            const b = mem?.copyIn(v >>> 0, Math.min(outcome.value, SHOW_BYTES));
            return b ? quote(b, outcome.value) : hex(v);
          }
          default:
            return hex(v);
        }
      })
      .join(", ");
  }
}

/** Trace `target` (a pid or "all") on `kernel`, lines to `sink`; null stops tracing. Returns the tracer. */
export function setTrace(kernel: Kernel, target: number | "all" | null, sink: (line: string) => void): SyscallTracer | null {
  kernel.observer = target === null ? null : new SyscallTracer(kernel, target, sink);
  return kernel.observer as SyscallTracer | null;
}
