// poll/select and non-blocking I/O through hand-made system calls: readiness
// of pipes and terminals, virtual-time timeouts, wake-ups from another
// process, a poll blocked across checkpoint/restore, and a property: poll's
// answer always agrees with what a non-blocking read or write then does.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bareKernel, call, prepareForCalls, SCRATCH } from "../kernel/helpers.js";
import { checkpoint, restore } from "../../snapshot/index.js";
import type { Kernel } from "../../kernel/kernel.js";
import { sendSignal } from "../../kernel/signal.js";
import type { ProcState } from "../../kernel/state.js";

const PPOLL = 414;
const PSELECT = 413;
const PFD = SCRATCH + 0x100;
const TS = SCRATCH + 0x200;
const SETS = SCRATCH + 0x300;
const BUF = SCRATCH + 0x800;
const POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 0x10, POLLNVAL = 0x20;

/** Write pollfd entries at PFD. */
function pollfds(k: Kernel, p: ProcState, fds: [number, number][]): void {
  const b = new Uint8Array(8 * fds.length);
  const dv = new DataView(b.buffer);
  fds.forEach(([fd, ev], i) => {
    dv.setInt32(8 * i, fd, true);
    dv.setUint16(8 * i + 4, ev, true);
    dv.setUint16(8 * i + 6, 0xffff, true); // garbage the kernel must overwrite
  });
  k.mem(p).poke(PFD, b);
}
const revents = (k: Kernel, p: ProcState, i: number): number => k.mem(p).load32(PFD + 8 * i + 4)! >>> 16;

/** A 64-bit timespec of `ms` milliseconds at TS; returns its address. */
function timeout(k: Kernel, p: ProcState, ms: number): number {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, Math.floor(ms / 1000), true);
  dv.setUint32(8, (ms % 1000) * 1_000_000, true);
  k.mem(p).poke(TS, b);
  return TS;
}

function pipe(k: Kernel, p: ProcState, flags = 0): [number, number] {
  expect(call(k, p, 59, SCRATCH, flags)).toBe(0);
  return [k.mem(p).load32(SCRATCH)!, k.mem(p).load32(SCRATCH + 4)!];
}

function write(k: Kernel, p: ProcState, fd: number, text: string): number | "blocked" | "done" {
  k.mem(p).poke(BUF, new TextEncoder().encode(text));
  return call(k, p, 64, fd, BUF, text.length);
}

describe("poll readiness", () => {
  it("pipes: empty, data, hang-up, a closed reader; bad fds are POLLNVAL, negative fds ignored", () => {
    const { k, p } = bareKernel();
    const [r, w] = pipe(k, p);
    pollfds(k, p, [[r, POLLIN], [w, POLLOUT], [40, POLLIN], [-1, POLLIN]]);
    expect(call(k, p, PPOLL, PFD, 4, timeout(k, p, 0))).toBe(2);
    expect([revents(k, p, 0), revents(k, p, 1), revents(k, p, 2), revents(k, p, 3)]).toEqual([0, POLLOUT, POLLNVAL, 0]);
    expect(write(k, p, w, "hi")).toBe(2);
    pollfds(k, p, [[r, POLLIN]]);
    expect(call(k, p, PPOLL, PFD, 1, timeout(k, p, 0))).toBe(1);
    expect(revents(k, p, 0) & POLLIN).toBe(POLLIN);
    expect(call(k, p, 57, w)).toBe(0);
    pollfds(k, p, [[r, 0]]);
    expect(call(k, p, PPOLL, PFD, 1, timeout(k, p, 0))).toBe(1);
    expect(revents(k, p, 0)).toBe(POLLHUP); // reported though not asked for
    const [r2, w2] = pipe(k, p);
    expect(call(k, p, 57, r2)).toBe(0);
    pollfds(k, p, [[w2, POLLOUT]]);
    expect(call(k, p, PPOLL, PFD, 1, 0)).toBe(1);
    expect(revents(k, p, 0) & POLLERR).toBe(POLLERR);
  });

  it("bad arguments: EINVAL for too many fds, EFAULT for unmapped memory or timespec", () => {
    const { k, p } = bareKernel();
    expect(call(k, p, PPOLL, PFD, 5000, 0)).toBe(-22);
    expect(call(k, p, PPOLL, 0x100, 1, 0)).toBe(-14);
    pollfds(k, p, [[0, POLLIN]]);
    expect(call(k, p, PPOLL, PFD, 1, 0x100)).toBe(-14);
    k.mem(p).poke(TS, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]));
    expect(call(k, p, PPOLL, PFD, 1, TS)).toBe(-22); // nsec ≥ 10⁹
  });

  it("terminals: readable after input, writable while the output queue has room", () => {
    const { k, p } = bareKernel();
    const fd = call(k, p, 56, -100, "/dev/tty1", 2 | 0o400, 0) as number;
    pollfds(k, p, [[fd, POLLIN | POLLOUT]]);
    expect(call(k, p, PPOLL, PFD, 1, timeout(k, p, 0))).toBe(1);
    expect(revents(k, p, 0)).toBe(POLLOUT); // POLLWRNORM holds too, but was not asked for
    k.ttyInput(1, new TextEncoder().encode("line\n"));
    expect(call(k, p, PPOLL, PFD, 1, timeout(k, p, 0))).toBe(1);
    expect(revents(k, p, 0) & POLLIN).toBe(POLLIN);
  });
});

describe("blocking poll", () => {
  it("times out in virtual time, exactly at its deadline", () => {
    const { k, p } = bareKernel();
    const [r] = pipe(k, p);
    pollfds(k, p, [[r, POLLIN]]);
    const start = k.now();
    expect(call(k, p, PPOLL, PFD, 1, timeout(k, p, 10))).toBe("blocked");
    expect(p.chan).toEqual({ kind: "poll", pid: p.pid });
    k.run(500_000);
    expect(p.state).toBe("sleeping"); // 5 ms of 10
    k.run(2_000_000);
    expect(p.hart.x[10]).toBe(0);
    expect(p.hart.pc).toBe(0x60000004);
    expect(k.state.timers).toEqual([]);
    expect(k.now()).toBeGreaterThanOrEqual(start + 1_000_000);
  });

  it("wakes when another process writes, and leaves no timer behind", () => {
    const { k, p } = bareKernel();
    const [r, w] = pipe(k, p);
    const c = k.state.procs.get(call(k, p, 220, 17, 0, 0, 0, 0) as number)!;
    pollfds(k, p, [[r, POLLIN]]);
    expect(call(k, p, PPOLL, PFD, 1, timeout(k, p, 5000))).toBe("blocked");
    k.run(1000);
    expect(p.state).toBe("sleeping");
    prepareForCalls(k, c);
    expect(write(k, c, w, "x")).toBe(1);
    k.run(300_000); // the child's quantum, then p
    expect(p.hart.x[10]).toBe(1);
    expect(revents(k, p, 0) & POLLIN).toBe(POLLIN);
    expect(k.state.timers.some((t) => t.target === p.pid)).toBe(false);
  });

  it("a poll blocked at checkpoint time is plain data: restored, it waits and then wakes", () => {
    const { k, p } = bareKernel();
    const [r, w] = pipe(k, p);
    const cpid = call(k, p, 220, 17, 0, 0, 0, 0) as number;
    pollfds(k, p, [[r, POLLIN]]);
    expect(call(k, p, PPOLL, PFD, 1, 0)).toBe("blocked"); // no timeout: forever
    k.run(1000);
    const { kernel } = restore(checkpoint(k));
    const p2 = kernel.state.procs.get(p.pid)!;
    expect(p2.state).toBe("sleeping");
    expect(p2.chan).toEqual({ kind: "poll", pid: p.pid });
    kernel.run(50_000);
    expect(p2.state).toBe("sleeping");
    const c2 = kernel.state.procs.get(cpid)!;
    prepareForCalls(kernel, c2);
    expect(write(kernel, c2, w, "wake")).toBe(4);
    kernel.run(300_000); // the child's quantum, then the poller
    expect(p2.hart.x[10]).toBe(1);
    expect(revents(kernel, p2, 0) & POLLIN).toBe(POLLIN);
  });

  it("a signal handler interrupts poll with EINTR even with SA_RESTART", () => {
    const { k, p } = bareKernel();
    const [r] = pipe(k, p);
    const act = SCRATCH + 0x600;
    // handler at CODE+4 (the spin), flags SA_RESTART (0x10000000)
    k.mem(p).poke(act, new Uint8Array([4, 0, 0, 0x60, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(call(k, p, 134, 10, act, 0, 8)).toBe(0);
    pollfds(k, p, [[r, POLLIN]]);
    expect(call(k, p, PPOLL, PFD, 1, 0)).toBe("blocked");
    sendSignal(k, p.pid, 10, false);
    k.run(1000);
    const sp = p.hart.x[2]! >>> 0;
    expect(k.mem(p).load32(sp + 128 + 4 * 10)! | 0).toBe(-4); // the frame's a0: EINTR
    expect(k.mem(p).load32(sp + 128 + 128)).toBe(0x60000004); // resumes after the ecall, not at it
  });
});

describe("select", () => {
  it("reports readable and writable fds in place and counts bits; EBADF for a closed fd in a set", () => {
    const { k, p } = bareKernel();
    const [r, w] = pipe(k, p);
    write(k, p, w, "data");
    const words = (v: number) => new Uint8Array(new Uint32Array([v]).buffer);
    k.mem(p).poke(SETS, words((1 << r) | (1 << w)));
    k.mem(p).poke(SETS + 4, words((1 << r) | (1 << w)));
    expect(call(k, p, PSELECT, 10, SETS, SETS + 4, 0, timeout(k, p, 0), 0)).toBe(2);
    expect(k.mem(p).load32(SETS)).toBe(1 << r);
    expect(k.mem(p).load32(SETS + 4)).toBe(1 << w);
    k.mem(p).poke(SETS, words(1 << 20));
    expect(call(k, p, PSELECT, 21, SETS, 0, 0, timeout(k, p, 0), 0)).toBe(-9);
  });

  it("blocks until the timeout, clears the sets and writes back no time left", () => {
    const { k, p } = bareKernel();
    const [r] = pipe(k, p);
    k.mem(p).poke(SETS, new Uint8Array(new Uint32Array([1 << r]).buffer));
    expect(call(k, p, PSELECT, r + 1, SETS, 0, 0, timeout(k, p, 2), 0)).toBe("blocked");
    k.run(1_000_000);
    expect(p.hart.x[10]).toBe(0);
    expect(k.mem(p).load32(SETS)).toBe(0);
    expect(k.mem(p).load32(TS)).toBe(0);
    expect(k.mem(p).load32(TS + 8)).toBe(0);
  });
});

describe("non-blocking I/O", () => {
  it("O_NONBLOCK via pipe2 and F_SETFL gives EAGAIN; F_GETFL shows it", () => {
    const { k, p } = bareKernel();
    const [r, w] = pipe(k, p);
    expect(call(k, p, 25, r, 4, 0o4000)).toBe(0);
    expect((call(k, p, 25, r, 3) as number) & 0o4000).toBe(0o4000);
    expect(call(k, p, 63, r, BUF, 10)).toBe(-11);
    expect(call(k, p, 25, w, 4, 0o4000)).toBe(0);
    expect(write(k, p, w, "z".repeat(4096))).toBe(4096);
    expect(write(k, p, w, "more")).toBe(-11);
    const fd = call(k, p, 56, -100, "/dev/tty1", 2 | 0o4000 | 0o400, 0) as number;
    expect(call(k, p, 63, fd, BUF, 10)).toBe(-11);
  });
});

describe("property: poll agrees with what a non-blocking read or write then does", () => {
  it("holds over random pipe traffic", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.constant(-1), fc.constant(0)), { maxLength: 25 }), (ops) => {
        const { k, p } = bareKernel();
        const [r, w] = pipe(k, p, 0o4000);
        let writerOpen = true;
        for (const op of ops) {
          pollfds(k, p, [[r, POLLIN], [w, POLLOUT]]);
          call(k, p, PPOLL, PFD, writerOpen ? 2 : 1, timeout(k, p, 0));
          const canRead = (revents(k, p, 0) & (POLLIN | POLLHUP)) !== 0;
          const got = call(k, p, 63, r, BUF, 1);
          expect(got === -11).toBe(!canRead); // readable ⇔ the read does not say EAGAIN
          if (got === 1) write(k, p, w, "x"); // put it back (order does not matter: all bytes alike)
          if (op === -1 && writerOpen) {
            call(k, p, 57, w);
            writerOpen = false;
          } else if (op > 0 && writerOpen) {
            const canWrite = (revents(k, p, 1) & POLLOUT) !== 0;
            const n = write(k, p, w, "y".repeat(Math.min(op, 1)));
            expect(n === -11).toBe(!canWrite);
            write(k, p, w, "y".repeat(op));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
