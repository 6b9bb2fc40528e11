// Helpers for the forged-snapshot tests (test/safety/snapshot-*.test.ts): a
// small real machine to start from, forging (decode, edit the KernelState,
// re-encode with valid checksums, as an attacker with the format in hand
// would), and the two outcomes a forgery may have — refused with one line, or
// a machine that runs and checkpoints without a host exception.

import { expect } from "vitest";
import { Machine } from "../../machine/machine.js";
import { defaultImage } from "../../machine/host-image.js";
import { SnapshotError, readSnapshot } from "../../snapshot/index.js";
import { writeSnapshotFile } from "../../snapshot/snapshot.js";
import { KERNEL_SNAPSHOT } from "../../snapshot/spec.js";
import type { KernelConfig } from "../../kernel/kernel.js";
import type { KernelState, ProcState } from "../../kernel/state.js";
import type { Outside } from "../../snapshot/outside.js";
import { noChan } from "../../kernel/wait-channel.js";

/** A machine with a shell, a background sleeper, a pipeline waiting on a pipe, a /tmp file and a half-typed line. */
export function sampleMachine(): Machine {
  const image = defaultImage().filter((f) => ["/bin/init", "/bin/sh", "/bin/cat", "/bin/echo", "/bin/sleep", "/bin/mkdir", "/bin/ls"].includes(f.path));
  const m = Machine.boot({ ttys: 2, drives: 1, image });
  m.run();
  m.tty(0).send("echo hi > /tmp/f; sleep 100 & cat | cat &\n");
  m.run(3_000_000);
  m.tty(0).send("partial");
  return m;
}

/** Decode `good`, let `edit` change its state (and config/outside), re-encode with valid checksums. */
export function forge(good: Uint8Array, edit: (s: KernelState, c: KernelConfig, o: Outside) => void): Uint8Array {
  const d = readSnapshot(good);
  edit(d.state, d.config, d.outside);
  return writeSnapshotFile(KERNEL_SNAPSHOT, d.config, d.outside, d.state);
}

/** The one-line SnapshotError message restoring `bytes` gives, or "(restored)". Any other exception fails the test. */
export function refusal(bytes: Uint8Array): string {
  try {
    Machine.restore(bytes);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    expect(e.message).not.toMatch(/[\n\r\x1b]/);
    return e.message;
  }
  return "(restored)";
}

/** Restore, run, type at the shell, run, checkpoint, restore that checkpoint: no host exception anywhere. */
export function survives(bytes: Uint8Array, typed = "\n echo x | cat > /tmp/y; mkdir /tmp/d; ls /tmp\n"): Machine {
  const m = Machine.restore(bytes);
  m.run(2_000_000);
  m.tty(0).send(typed);
  m.run(5_000_000);
  const again = m.checkpoint();
  const m2 = Machine.restore(again);
  m2.run(1_000_000);
  m2.checkpoint();
  return m2;
}

export const procs = (s: KernelState): ProcState[] => [...s.procs.values()];
export function proc(s: KernelState, f: (p: ProcState) => boolean): ProcState {
  const p = procs(s).find(f);
  if (!p) throw new Error("no such process in the fixture");
  return p;
}
export const init = (s: KernelState) => s.procs.get(1)!;
export const sh = (s: KernelState) => proc(s, (p) => p.comm === "sh" && p.state !== "zombie" && p.ctty === 0);
export const cat = (s: KernelState) => proc(s, (p) => p.comm === "cat" && p.state === "sleeping");
export const sleeper = (s: KernelState) => proc(s, (p) => p.comm === "sleep");

/**
 * Make `p` an exited process the way the kernel does, keeping every count
 * consistent: its fds closed (open files, pipe ends, inode opens released),
 * off the run queue and the timers, its memory freed.
 */
export function exitProc(s: KernelState, p: ProcState): void {
  for (const slot of p.fds) {
    if (slot.file < 0) continue;
    const f = s.openFiles.get(slot.file)!;
    slot.file = -1;
    if (--f.refs > 0) continue;
    s.openFiles.delete(f.id);
    const t = f.target;
    if (t.kind === "pipeRead" || t.kind === "pipeWrite") {
      const pipe = s.pipes.get(t.pipe)!;
      if (t.kind === "pipeRead") pipe.readers--;
      else pipe.writers--;
      if (pipe.readers === 0 && pipe.writers === 0) s.pipes.delete(pipe.id);
    } else if (t.kind === "inode") s.inodes.get(t.ino)!.opens--;
    else if (t.kind === "tape") s.drives[t.unit]!.openCount--;
  }
  p.state = "zombie";
  p.chan = noChan();
  p.inSyscall = false;
  p.deadline = 0;
  p.mem = { regions: [], pages: new Map() };
  s.runQueue = s.runQueue.filter((q) => q !== p.pid);
  s.timers = s.timers.filter((t) => t.target !== p.pid);
  if (s.current === p.pid) s.current = -1;
}
