// The signal mask of ppoll and pselect6 (kernel/sys-poll.ts), as Linux applies
// it: in force for the call only, atomically with the wait. A pending signal
// the call's mask lets through interrupts at once (EINTR), its handler runs
// under the call's mask and sigreturn gives back the caller's; a signal the
// call's mask blocks waits out the call and is delivered as it returns; a
// checkpoint taken during the wait keeps both masks. (user/tests/sockets.c
// compares the first case with qemu-riscv32; qemu-user loses the signal of
// the second, so that one is checked here only.)

import { describe, expect, it } from "vitest";
import { bareKernel, call, CODE, prepareForCalls, SCRATCH } from "../kernel/helpers.js";
import { checkpoint, restore } from "../../snapshot/index.js";
import { sendSignal } from "../../kernel/signal.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";

const PPOLL = 414, PSELECT = 413, SIGPROCMASK = 135, SIGACTION = 134;
const SIGUSR1 = 10, SIGUSR2 = 12;
const EINTR = -4, EINVAL = -22;
const bit = (sig: number): number => (1 << (sig - 1)) >>> 0;
const PFD = SCRATCH + 0x100, SET = SCRATCH + 0x180, DATA = SCRATCH + 0x1c0, TS = SCRATCH + 0x200, ACT = SCRATCH + 0x280;

/** A handler (the spin at CODE + 4) for sig, with sa_mask `mask`. */
function handle(k: Kernel, p: ProcState, sig: number, mask = 0): void {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, CODE + 4, true);
  dv.setUint32(8, mask, true);
  k.mem(p).poke(ACT, b);
  expect(call(k, p, SIGACTION, sig, ACT, 0, 8)).toBe(0);
}

/** A 64-bit sigset at SET. */
function sigset(k: Kernel, p: ProcState, mask: number): number {
  k.mem(p).poke(SET, new Uint8Array(new Uint32Array([mask, 0]).buffer));
  return SET;
}

function timeout(k: Kernel, p: ProcState, ms: number): number {
  k.mem(p).poke(TS, new Uint8Array(new Uint32Array([Math.floor(ms / 1000), 0, (ms % 1000) * 1_000_000, 0]).buffer));
  return TS;
}

/** The a0, pc and mask saved in the signal frame at p's sp. */
function frame(k: Kernel, p: ProcState): { a0: number; pc: number; mask: number } {
  const sp = p.hart.x[2]! >>> 0;
  const m = k.mem(p);
  return { a0: m.load32(sp + 128 + 40)! | 0, pc: m.load32(sp + 128 + 128)! >>> 0, mask: m.load32(sp + 128 + 132)! >>> 0 };
}

function pipe(k: Kernel, p: ProcState): [number, number] {
  expect(call(k, p, 59, SCRATCH, 0)).toBe(0);
  return [k.mem(p).load32(SCRATCH)!, k.mem(p).load32(SCRATCH + 4)!];
}

describe("ppoll's signal mask", () => {
  it("a pending signal the call's mask lets through interrupts at once; the handler runs under the call's mask; sigreturn gives back the caller's", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, bit(SIGUSR2));
    p.sigMask = bit(SIGUSR1);
    sendSignal(k, p.pid, SIGUSR1, false);
    expect(p.sigPending & bit(SIGUSR1)).toBe(bit(SIGUSR1)); // blocked: waits
    expect(call(k, p, PPOLL, 0, 0, timeout(k, p, 1000), sigset(k, p, 0), 8)).toBe("blocked");
    k.run(100);
    expect(p.hart.pc).toBe(CODE + 4); // in the handler, at once (no second of waiting)
    expect(k.state.clock).toBeLessThan(1000);
    expect(frame(k, p)).toEqual({ a0: EINTR, pc: CODE + 4, mask: bit(SIGUSR1) }); // the caller's mask is what sigreturn restores
    expect(p.sigMask).toBe((bit(SIGUSR1) | bit(SIGUSR2)) >>> 0); // the call's (empty) | sa_mask | the signal itself
    expect(p.sigSavedSet).toBe(false);
    expect(k.state.timers).toEqual([]);
  });

  it("a signal the call's mask blocks waits out the call and is delivered as it returns", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1);
    const [r, w] = pipe(k, p);
    const child = k.state.procs.get(call(k, p, 220, 17, 0, 0, 0, 0) as number)!;
    prepareForCalls(k, child);
    k.mem(p).poke(PFD, new Uint8Array([r, 0, 0, 0, 1, 0, 0, 0]));
    expect(call(k, p, PPOLL, PFD, 1, timeout(k, p, 1000), sigset(k, p, bit(SIGUSR1)), 8)).toBe("blocked");
    expect(p.sigMask).toBe(bit(SIGUSR1)); // the call's mask, during the wait
    sendSignal(k, p.pid, SIGUSR1, false);
    k.run(10_000);
    expect(p.state).toBe("sleeping"); // not interrupted
    expect(p.sigPending & bit(SIGUSR1)).toBe(bit(SIGUSR1));

    // A checkpoint during the wait keeps both masks.
    const k2 = restore(checkpoint(k)).kernel;
    const p2 = k2.state.procs.get(p.pid)!;
    expect([p2.sigMask, p2.sigSaved, p2.sigSavedSet]).toEqual([bit(SIGUSR1), 0, true]);

    for (const [kk, pp] of [[k, p], [k2, p2]] as const) {
      const c = kk.state.procs.get(child.pid)!;
      prepareForCalls(kk, c);
      kk.mem(c).poke(SCRATCH + 0x900, new Uint8Array([33]));
      expect(call(kk, c, 64, w, SCRATCH + 0x900, 1)).toBe(1);
      kk.run(300_000);
      expect(pp.hart.pc).toBe(CODE + 4); // the handler runs now, the call done
      expect(frame(kk, pp)).toEqual({ a0: 1, pc: CODE + 4, mask: 0 }); // ppoll returned 1; the caller's mask is back
      expect(pp.sigSavedSet).toBe(false);
    }
  });

  it("without a pending signal the call's mask is only for the call; a bad sigset size is EINVAL and changes nothing", () => {
    const { k, p } = bareKernel();
    p.sigMask = bit(SIGUSR2);
    expect(call(k, p, PPOLL, 0, 0, timeout(k, p, 0), sigset(k, p, bit(SIGUSR1)), 8)).toBe(0);
    expect([p.sigMask, p.sigSavedSet]).toEqual([bit(SIGUSR2), false]);
    expect(call(k, p, PPOLL, 0, 0, timeout(k, p, 0), sigset(k, p, bit(SIGUSR1)), 4)).toBe(EINVAL);
    expect(call(k, p, PPOLL, 0, 0, timeout(k, p, 0), 0x10, 8)).toBe(-14); // EFAULT
    expect([p.sigMask, p.sigSavedSet]).toEqual([bit(SIGUSR2), false]);
    // SIGKILL and SIGSTOP cannot be blocked, by a call's mask either.
    expect(call(k, p, PPOLL, 0, 0, timeout(k, p, 10), sigset(k, p, 0xffffffff), 8)).toBe("blocked");
    expect(p.sigMask).toBe((0xffffffff & ~(bit(9) | bit(19))) >>> 0);
  });
});

describe("pselect6's signal mask", () => {
  it("is read from its { sigset, size } pair: a pending signal it lets through gives EINTR", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1);
    expect(call(k, p, SIGPROCMASK, 0, sigset(k, p, bit(SIGUSR1)), 0, 8)).toBe(0);
    sendSignal(k, p.pid, SIGUSR1, false);
    k.mem(p).poke(DATA, new Uint8Array(new Uint32Array([sigset(k, p, 0), 8]).buffer));
    expect(call(k, p, PSELECT, 0, 0, 0, 0, timeout(k, p, 1000), DATA)).toBe("blocked");
    k.run(100);
    expect(frame(k, p)).toEqual({ a0: EINTR, pc: CODE + 4, mask: bit(SIGUSR1) });
    k.mem(p).poke(DATA, new Uint8Array(new Uint32Array([SET, 7]).buffer));
    prepareForCalls(k, p);
    expect(call(k, p, PSELECT, 0, 0, 0, 0, timeout(k, p, 0), DATA)).toBe(EINVAL);
  });
});
