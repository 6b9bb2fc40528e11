// POSIX timer cost (kernel/posix-timers.ts): one spinning process runs 10^7 ticks (0.1 virtual s)
// with no timer, and with a periodic timer whose signal it blocks — every 100 µs, and every
// 10 ns (one tick). While the signal is pending the timer is looked at once per virtual ms
// whatever its interval, so the two periodic cases should cost about the same as each other and
// little more than none; a per-period design would make the 10 ns case ~10^7 timer firings.

import type { Bench } from "tinybench";
import { Kernel } from "../kernel/kernel.js";
import { emptyState, populateRoot } from "../kernel/boot.js";
import { addProc, blankProc } from "../kernel/proc.js";
import { dispatchSyscall } from "../kernel/syscalls.js";
import type { ProcState } from "../kernel/state.js";
import { PROT_EXEC, PROT_READ, PROT_WRITE } from "../cpu/memory.js";

const TICKS = 10_000_000;
const CODE = 0x60000000;
const DATA = 0x60001000;
const SIGRT = 40;

function syscall(k: Kernel, p: ProcState, num: number, ...args: number[]): number {
  p.hart.pc = CODE;
  args.forEach((a, i) => (p.hart.x[10 + i] = a | 0));
  p.hart.x[17] = num;
  dispatchSyscall(k, p);
  return p.hart.x[10]!;
}

/** A kernel whose only process spins on a jump-to-self; with `intervalTicks` > 0 a periodic timer on SIGRT, blocked. */
function spinner(intervalTicks: number): Kernel {
  const config = { ttys: 1, drives: 0, memoryLimit: 64 << 20 };
  const k = new Kernel(config, emptyState(config));
  populateRoot(k, config, []);
  const p = blankProc(1, 0);
  k.state.nextPid = 2;
  addProc(k, p);
  const mem = k.mem(p);
  mem.map(CODE, 0x10000, PROT_READ | PROT_WRITE | PROT_EXEC, "code");
  mem.poke(CODE, new Uint8Array([0x73, 0, 0, 0, 0x6f, 0, 0, 0])); // ecall; j .
  if (intervalTicks > 0) {
    mem.poke(DATA, new Uint8Array(new Int32Array([0, 1 << (SIGRT - 33)]).buffer));
    syscall(k, p, 135, 0, DATA, 0, 8); // block SIGRT
    mem.poke(DATA + 0x100, new Uint8Array(new Int32Array([0, SIGRT, 0, 0]).buffer));
    syscall(k, p, 107, 1, DATA + 0x100, DATA + 0x200); // timer_create(MONOTONIC, SIGRT)
    const ns = intervalTicks * 10;
    mem.poke(DATA + 0x300, new Uint8Array(new Int32Array([0, 0, ns, 0, 0, 0, ns, 0]).buffer));
    syscall(k, p, 409, 0, 0, DATA + 0x300, 0); // every intervalTicks
  }
  p.hart.pc = CODE + 4;
  return k;
}

export function addBenchmarks(bench: Bench): void {
  for (const [name, interval] of [["no timer", 0], ["a 100 µs periodic timer, signal blocked", 10_000], ["a 10 ns periodic timer, signal blocked", 1]] as const) {
    const k = spinner(interval);
    bench.add(`run 10^7 ticks of a spinning process with ${name}`, () => {
      k.run(TICKS);
    });
  }
}
