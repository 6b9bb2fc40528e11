// `cryobox run --kernel`: the same command on the full kernel
// (kernel/run-single.ts) instead of the small stand-in of cli/run-syscalls.ts,
// so a lone program also gets fork, pipes, tmpfs, signals. Adapts the kernel's
// result to run's RunEnd; the stand-in stays the default until the two agree
// on everything the guest test programs check.

import { runSingleProcess } from "../kernel/run-single.js";
import { faultMessage, type RunEnd, type RunOptions, SIGNAL_NAMES } from "./run-machine.js";
import { type HostIO } from "./run-syscalls.js";

/** Run `bytes` as pid 1 of a fresh kernel (throws ElfError for a bad file). */
export function runOnKernel(bytes: Uint8Array, opts: RunOptions, io: HostIO): RunEnd {
  // The kernel bounds virtual time, which is instructions plus a fixed cost per system call.
  const r = runSingleProcess(bytes, opts.argv, opts.envp, io, { maxTicks: opts.maxInstructions });
  const counts = { instret: r.instructions, ticks: r.ticks };
  switch (r.kind) {
    case "exit":
      return { kind: "exit", status: r.status, ...counts };
    case "signal": {
      const name = SIGNAL_NAMES[r.signal] ?? `signal ${r.signal}`;
      // SIGPIPE stays quiet, as in the stand-in and in shells.
      const message = r.signal === 13 ? "" : faultMessage(r.signal, r.cause, r.pc, r.tval);
      return { kind: "signal", signal: r.signal, name, message, ...counts };
    }
    case "limit":
      return { kind: "limit", ...counts };
    case "deadlock":
      return { kind: "deadlock", ...counts };
  }
}
