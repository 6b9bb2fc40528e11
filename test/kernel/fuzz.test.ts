// Guest failures are values: random system calls with random arguments
// injected at the trap, and random instruction words, never raise a host
// exception, and the kernel state still conforms to KernelState afterwards
// (and still passes Kernel.fromState's invariant checks).

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assertConforms, clone } from "../../state/index.js";
import { Kernel, KernelState } from "../../kernel/kernel.js";
import { SYSCALLS } from "../../kernel/syscalls.js";
import { PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { CODE, CONFIG, SCRATCH, bareKernel, call, park, prepareForCalls } from "./helpers.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const NUMBERS = SYSCALLS.map(([n]) => n);
const argArb = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, -1, -100, 0x200, 0x1000, 8, 17, 19, 9, 0x5401, 0x5410, 0x40086d01),
  fc.constantFrom(SCRATCH, SCRATCH + 0x100, SCRATCH + 0xfff0, CODE, 0x10000, 0xfffffff0 | 0),
  fc.integer({ min: -10, max: 70 }),
  fc.integer(),
);
const callArb = fc.record({
  num: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 500 }) }),
  args: fc.array(argArb, { minLength: 6, maxLength: 6 }),
  scratch: fc.uint8Array({ minLength: 0, maxLength: 64 }),
});

/** Scratch bytes that look like useful arguments: a path, small structs. */
const SEEDS = [
  "/tmp/x\0", "/dev/tty0\0", "/dev/null\0", "/proc/self/stat\0", "/tmp\0", "/dev/rmt0\0", "/\0", "\0",
].map((s) => new TextEncoder().encode(s));

describe("fuzzing the kernel from the guest", () => {
  it("random system calls never throw and keep the state declared", () => {
    fc.assert(
      fc.property(fc.array(callArb, { minLength: 1, maxLength: 25 }), fc.nat(SEEDS.length - 1), (calls, seed) => {
        const { k, p } = bareKernel();
        // a child to receive the calls, so that pid 1 (whose death panics the machine) stays parked
        const child = call(k, p, 220, 17, 0, 0, 0, 0) as number;
        park(p);
        let target = k.state.procs.get(child)!;
        for (const c of calls) {
          if (!target || target.state === "zombie") break;
          prepareForCalls(k, target);
          k.mem(target).poke(SCRATCH, SEEDS[seed]!);
          k.mem(target).poke(SCRATCH + 0x100, c.scratch);
          call(k, target, c.num, ...c.args.map((a) => a | 0));
          k.run(20_000); // deliver signals, run forked children, fire timers
          target = k.state.procs.get(child)!;
        }
        assertConforms(KernelState, k.state);
        Kernel.fromState(CONFIG, clone(KernelState, k.state));
      }),
      { numRuns: LONG ? 3000 : 150 },
    );
  });

  it("random instruction words become signals, never host exceptions", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 64 }), (ws) => {
        const { k, p } = bareKernel();
        const child = call(k, p, 220, 17, 0, 0, 0, 0) as number;
        park(p);
        const c = k.state.procs.get(child)!;
        const mem = k.mem(c);
        mem.map(0x50000000, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC, "fuzz");
        const b = new Uint8Array(ws.length * 4);
        ws.forEach((w, i) => new DataView(b.buffer).setInt32(i * 4, w, true));
        mem.poke(0x50000000, b);
        c.hart.pc = 0x50000000;
        c.inSyscall = false;
        k.run(200_000);
        assertConforms(KernelState, k.state);
        expect(k.state.panic).toBe("");
      }),
      { numRuns: LONG ? 3000 : 200 },
    );
  });
});
