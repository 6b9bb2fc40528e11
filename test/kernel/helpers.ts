// Shared helpers for the kernel tests: booting a machine on the committed
// ktest fixture and driving system calls by hand.

import { readFileSync } from "node:fs";
import { runnableNow } from "../../kernel/run-queue.js";
import { join } from "node:path";
import { packageRoot } from "../../state/root.js";
import { Kernel, type KernelConfig, type RootFile } from "../../kernel/kernel.js";
import { PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import type { ProcState } from "../../kernel/state.js";
import { dispatchSyscall } from "../../kernel/syscalls.js";
import { emptyState, populateRoot } from "../../kernel/boot.js";
import { addProc, blankProc } from "../../kernel/proc.js";
import { noChan, timerChan } from "../../kernel/wait-channel.js";

export const CONFIG: KernelConfig = { ttys: 2, drives: 1, memoryLimit: 64 << 20 };

/** The committed ktest image (test/kernel/fixtures/ktest). */
export function ktestImage(): Uint8Array {
  return new Uint8Array(readFileSync(join(packageRoot(), "test/kernel/fixtures/ktest")));
}

/** A machine whose /bin/init is ktest. */
export function bootKtest(extra: RootFile[] = []): Kernel {
  const data = ktestImage();
  return Kernel.boot(CONFIG, [
    { path: "/bin/init", mode: 0o755, data },
    { path: "/bin/ktest", mode: 0o755, data },
    ...extra,
  ]);
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Where hand-made calls "execute": an ecall, then a jump-to-self (a woken process re-runs the ecall). */
export const CODE = 0x60000000;
/** Scratch memory for hand-made syscall arguments. */
export const SCRATCH = 0x60001000;

/** Make p ready to take hand-made system calls: runnable, not in a syscall, scratch mapped. */
export function prepareForCalls(k: Kernel, p: ProcState): void {
  p.state = "runnable";
  p.chan = noChan();
  runnableNow(k, p); // as every kernel path that makes a process runnable does (kernel/run-queue.ts)
  p.inSyscall = false;
  p.progress = 0;
  p.deadline = 0;
  const mem = k.mem(p);
  if (!mem.regionAt(CODE)) {
    mem.map(CODE, 0x10000, PROT_READ | PROT_WRITE | PROT_EXEC, "scratch");
    mem.poke(CODE, new Uint8Array([0x73, 0, 0, 0, 0x6f, 0, 0, 0]));
  }
}

/** Run syscall `num` for p with `args` (strings are copied into scratch memory); returns a0, or "blocked". */
export function call(k: Kernel, p: ProcState, num: number, ...args: (number | string)[]): number | "blocked" | "done" {
  const mem = k.mem(p);
  let at = SCRATCH + 0x8000;
  const regs = args.map((a) => {
    if (typeof a === "number") return a;
    const b = new TextEncoder().encode(a + "\0");
    mem.poke(at, b);
    const addr = at;
    at += b.length + 8;
    return addr;
  });
  const pc = (p.hart.pc = CODE);
  for (let i = 0; i < 6; i++) p.hart.x[10 + i] = (regs[i] ?? 0) | 0;
  p.hart.x[17] = num;
  dispatchSyscall(k, p);
  if (p.state === "sleeping" || (p.inSyscall && p.hart.pc === pc)) return "blocked";
  if (p.hart.pc !== pc + 4) return "done";
  return p.hart.x[10]!;
}

/**
 * Put p to sleep on a channel nothing wakes, so the scheduler leaves it alone: its own
 * timer channel with no timer armed (a real channel, so Kernel.fromState accepts the state).
 */
export function park(p: ProcState): void {
  p.state = "sleeping";
  p.chan = timerChan(p.pid);
}

/**
 * A kernel with an empty tmpfs (/dev, /proc, /tmp) and one process (pid 1)
 * that has no program: only the scratch code page, ready for hand-made calls.
 */
export function bareKernel(): { k: Kernel; p: ProcState } {
  const k = new Kernel(CONFIG, emptyState(CONFIG));
  populateRoot(k, CONFIG, []);
  const p = blankProc(1, 0);
  k.state.nextPid = 2;
  addProc(k, p);
  prepareForCalls(k, p);
  p.hart.pc = CODE + 4; // spinning on the jump-to-self
  p.hart.x[2] = SCRATCH + 0x4000; // a stack for signal frames
  return { k, p };
}
