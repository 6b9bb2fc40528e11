// POSIX per-process timers (kernel/posix-timers.ts) driven by hand-made system calls on a bare
// kernel: ids and limits, the EINVAL/EFAULT/EOPNOTSUPP cases, exact virtual times (gettime, one-shot,
// periodic, TIMER_ABSTIME on both clocks, CPU time), SI_TIMER siginfo, overruns counted while the
// signal is blocked (and cheaply: a 1 µs timer is looked at once per RECHECK), fork and exit; a
// fast-check model of expiries across checkpoints; and the restart test: a machine checkpointed
// while cf_ptimers has a periodic timer armed restores and goes on exactly as the uninterrupted one.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bareKernel, call, CONFIG, prepareForCalls, SCRATCH } from "./helpers.js";
import { Kernel } from "../../kernel/kernel.js";
import { checkpoint, restore } from "../../snapshot/checkpoint.js";
import { RECHECK } from "../../kernel/posix-timers.js";
import { realtimeAt } from "../../kernel/realtime.js";
import type { ProcState } from "../../kernel/state.js";
import { Machine } from "../../machine/machine.js";
import { checkpointJob } from "../../snapshot/job.js";
import { restartJob } from "../../snapshot/job-restore.js";
import { packageRoot } from "../../state/root.js";

const SYS = { create: 107, getoverrun: 109, delete: 111, gettime: 408, settime: 409, sigprocmask: 135, sigtimedwait: 137, clone: 220, exit: 93 };
const EINVAL = -22, EAGAIN = -11, EFAULT = -14, EOPNOTSUPP = -95;
const SIGRT = 40;
const SIGALRM = 14;
const TICKS_PER_MS = 100_000;
const NS_PER_TICK = 10;
const SET = SCRATCH, TS = SCRATCH + 0x10, INFO = SCRATCH + 0x100, SEV = SCRATCH + 0x200, NEW = SCRATCH + 0x300, CUR = SCRATCH + 0x340, ID = SCRATCH + 0x400;

function bytes(...words: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(words).buffer);
}
/** A struct sigevent {value, signo, notify, tid}. */
function sigevent(k: Kernel, p: ProcState, notify: number, signo: number, value: number, tid = 0): number {
  k.mem(p).poke(SEV, bytes(value, signo, notify, tid));
  return SEV;
}
function create(k: Kernel, p: ProcState, clock: number, sev = 0): number {
  const r = call(k, p, SYS.create, clock, sev, ID) as number;
  if (r < 0) return r;
  return new DataView(k.mem(p).copyIn(ID, 4)!.buffer).getInt32(0, true);
}
/** timer_settime with (interval, value) in ticks (whole ticks: 10 ns each). */
function settime(k: Kernel, p: ProcState, id: number, intervalTicks: number, valueTicks: number, flags = 0, old = 0): number {
  const ts = (ticks: number): number[] => {
    const ns = ticks * NS_PER_TICK;
    const sec = Math.floor(ns / 1e9);
    return [sec, 0, ns % 1e9, 0];
  };
  k.mem(p).poke(NEW, bytes(...ts(intervalTicks), ...ts(valueTicks)));
  return call(k, p, SYS.settime, id, flags, NEW, old) as number;
}
/** timer_gettime as [interval, value] in ns. */
function gettime(k: Kernel, p: ProcState, id: number): [number, number] | number {
  const r = call(k, p, SYS.gettime, id, CUR) as number;
  if (r < 0) return r;
  const dv = new DataView(k.mem(p).copyIn(CUR, 32)!.buffer);
  return [dv.getUint32(0, true) * 1e9 + dv.getUint32(8, true), dv.getUint32(16, true) * 1e9 + dv.getUint32(24, true)];
}
function block(k: Kernel, p: ProcState, ...sigs: number[]): void {
  let lo = 0, hi = 0;
  for (const s of sigs) if (s <= 32) lo |= 1 << (s - 1); else hi |= 1 << (s - 33);
  k.mem(p).poke(SET, bytes(lo, hi));
  expect(call(k, p, SYS.sigprocmask, 0, SET, 0, 8)).toBe(0);
}
/** sigtimedwait with a zero timeout for `sig`: the siginfo fields, or null (EAGAIN). */
function take(k: Kernel, p: ProcState, sig: number): { signo: number; code: number; timerid: number; overrun: number; value: number } | null {
  k.mem(p).poke(SET, sig <= 32 ? bytes(1 << (sig - 1), 0) : bytes(0, 1 << (sig - 33)));
  k.mem(p).poke(TS, new Uint8Array(16));
  const r = call(k, p, SYS.sigtimedwait, SET, INFO, TS, 8);
  if (r === EAGAIN) return null;
  expect(r).toBe(sig);
  const dv = new DataView(k.mem(p).copyIn(INFO, 128)!.buffer);
  return { signo: dv.getInt32(0, true), code: dv.getInt32(8, true), timerid: dv.getInt32(12, true), overrun: dv.getInt32(16, true), value: dv.getInt32(20, true) };
}
/** Run the (spinning) bare process for `ticks`, then make it ready for calls again. */
function run(k: Kernel, p: ProcState, ticks: number): void {
  k.run(ticks);
  prepareForCalls(k, p);
}

describe("timer_create and timer_delete", () => {
  it("hands out ids from 0, not reusing a deleted one at once, 32 per process, then EAGAIN", () => {
    const { k, p } = bareKernel();
    const ids = Array.from({ length: 32 }, () => create(k, p, 1));
    expect(ids).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(create(k, p, 1)).toBe(EAGAIN);
    expect(call(k, p, SYS.delete, 5)).toBe(0);
    expect(call(k, p, SYS.delete, 5)).toBe(EINVAL);
    expect(create(k, p, 1)).toBe(32);
    expect(create(k, p, 1)).toBe(EAGAIN);
  });

  it("refuses bad clocks, sigevents and addresses as Linux does", () => {
    const { k, p } = bareKernel();
    expect(create(k, p, 12345)).toBe(EINVAL);
    expect(create(k, p, -1)).toBe(EINVAL);
    expect(create(k, p, 4)).toBe(EOPNOTSUPP); // MONOTONIC_RAW has no timers
    expect(create(k, p, 1, sigevent(k, p, 99, SIGRT, 0))).toBe(EINVAL);
    expect(create(k, p, 1, sigevent(k, p, 0, 0, 0))).toBe(EINVAL);
    expect(create(k, p, 1, sigevent(k, p, 0, 65, 0))).toBe(EINVAL);
    expect(create(k, p, 1, sigevent(k, p, 4, SIGRT, 0, 999))).toBe(EINVAL); // SIGEV_THREAD_ID of another thread
    expect(call(k, p, SYS.create, 1, 0x10, ID)).toBe(EFAULT);
    expect(call(k, p, SYS.create, 1, 0, 0x10)).toBe(EFAULT);
    expect(p.posix.timers).toEqual([]); // nothing was created by the failures
    expect(create(k, p, 1, sigevent(k, p, 1, 0, 0))).toBe(0); // SIGEV_NONE needs no signal
    expect(create(k, p, 1, sigevent(k, p, 4, SIGRT, 0, p.pid))).toBe(1);
    expect(create(k, p, 2, sigevent(k, p, 2, SIGRT, 0))).toBe(2); // SIGEV_THREAD reaching the kernel signals
    const id = create(k, p, 1);
    expect(settime(k, p, id, 0, 0)).toBe(0);
    k.mem(p).poke(NEW, bytes(0, 0, 0, 0, 0, 0, 1e9, 0));
    expect(call(k, p, SYS.settime, id, 0, NEW, 0)).toBe(EINVAL);
    k.mem(p).poke(NEW, bytes(-1, -1, 0, 0, 0, 0, 5, 0));
    expect(call(k, p, SYS.settime, id, 0, NEW, 0)).toBe(EINVAL);
    expect(call(k, p, SYS.settime, id, 0, 0, 0)).toBe(EINVAL);
    expect(call(k, p, SYS.settime, id, 0, 0x10, 0)).toBe(EFAULT);
    expect(call(k, p, SYS.settime, 77, 0, NEW, 0)).toBe(EINVAL);
    expect(call(k, p, SYS.gettime, 77, CUR)).toBe(EINVAL);
    expect(call(k, p, SYS.gettime, id, 0x10)).toBe(EFAULT);
    expect(call(k, p, SYS.getoverrun, 77)).toBe(EINVAL);
  });
});

describe("timer times on virtual time", () => {
  it("a one-shot: gettime counts down exactly, the signal carries SI_TIMER, id and value, then it reads disarmed", () => {
    const { k, p } = bareKernel();
    block(k, p, SIGRT);
    const id = create(k, p, 1, sigevent(k, p, 0, SIGRT, 77));
    expect(settime(k, p, id, 0, 5 * TICKS_PER_MS)).toBe(0);
    expect(gettime(k, p, id)).toEqual([0, 5e6]);
    run(k, p, 2 * TICKS_PER_MS);
    expect(gettime(k, p, id)).toEqual([0, 3e6]);
    run(k, p, 3 * TICKS_PER_MS - 1);
    expect(take(k, p, SIGRT)).toBeNull();
    run(k, p, 1);
    expect(take(k, p, SIGRT)).toEqual({ signo: SIGRT, code: -2, timerid: id, overrun: 0, value: 77 });
    expect(gettime(k, p, id)).toEqual([0, 0]);
  });

  it("a NULL sigevent sends SIGALRM with the timer id as its value", () => {
    const { k, p } = bareKernel();
    block(k, p, SIGALRM);
    create(k, p, 1);
    const id = create(k, p, 1);
    settime(k, p, id, 0, 1000);
    run(k, p, 1000);
    expect(take(k, p, SIGALRM)).toEqual({ signo: SIGALRM, code: -2, timerid: id, overrun: 0, value: id });
  });

  it("periodic with the signal blocked: the expiries become si_overrun and timer_getoverrun, and the timer is looked at once per RECHECK", () => {
    const { k, p } = bareKernel();
    block(k, p, SIGRT);
    const id = create(k, p, 1, sigevent(k, p, 0, SIGRT, 1));
    const t0 = k.state.clock;
    settime(k, p, id, 100, 100); // every microsecond
    run(k, p, 100);
    expect(take(k, p, SIGRT)).toEqual({ signo: SIGRT, code: -2, timerid: id, overrun: 0, value: 1 });
    run(k, p, 150);
    // pending again since t0+200 (seen at the end of the slice): the next look is RECHECK later, not at the next period
    const look = k.state.timers.find((t) => t.kind === "ptimer" && t.target === p.pid)!;
    expect(look.time).toBeGreaterThanOrEqual(t0 + 200 + RECHECK);
    expect(look.time).toBeLessThanOrEqual(k.state.clock + RECHECK);
    run(k, p, 10 * TICKS_PER_MS - 250);
    const info = take(k, p, SIGRT)!;
    expect(info.overrun).toBe((10 * TICKS_PER_MS) / 100 - 2); // expiries 2..10000: one signal, the rest overruns
    expect(call(k, p, SYS.getoverrun, id)).toBe(info.overrun);
    expect(gettime(k, p, id)).toEqual([1000, 1000]);
  });

  it("an SI_TIMER siginfo sent by rt_sigqueueinfo comes back as sent and leaves the timer alone", () => {
    const { k, p } = bareKernel();
    block(k, p, SIGRT);
    const id = create(k, p, 1, sigevent(k, p, 0, SIGRT, 0));
    settime(k, p, id, 1000, 1000);
    run(k, p, 3500);
    expect(take(k, p, SIGRT)?.overrun).toBe(2);
    const info = new DataView(new ArrayBuffer(128));
    info.setInt32(0, SIGRT, true);
    info.setInt32(8, -2, true); // SI_TIMER
    info.setInt32(12, id, true);
    info.setInt32(16, 99, true);
    info.setInt32(20, 7, true);
    k.mem(p).poke(SCRATCH + 0x600, new Uint8Array(info.buffer));
    expect(call(k, p, 138, p.pid, SIGRT, SCRATCH + 0x600)).toBe(0);
    const next = p.posix.timers[0]!.next;
    expect(take(k, p, SIGRT)).toEqual({ signo: SIGRT, code: -2, timerid: id, overrun: 99, value: 7 });
    expect(call(k, p, SYS.getoverrun, id)).toBe(2);
    expect(p.posix.timers[0]!.next).toBe(next);
  });

  it("settime returns the old setting and resets the overrun; a zero value disarms and drops the interval", () => {
    const { k, p } = bareKernel();
    block(k, p, SIGRT);
    const id = create(k, p, 1, sigevent(k, p, 0, SIGRT, 0));
    settime(k, p, id, 1000, 1000);
    run(k, p, 5500);
    take(k, p, SIGRT);
    expect(call(k, p, SYS.getoverrun, id)).toBe(4);
    expect(settime(k, p, id, 0, 0, 0, CUR)).toBe(0);
    const dv = new DataView(k.mem(p).copyIn(CUR, 32)!.buffer);
    expect([dv.getUint32(8, true), dv.getUint32(24, true)]).toEqual([10000, 5000]);
    expect(call(k, p, SYS.getoverrun, id)).toBe(0);
    expect(gettime(k, p, id)).toEqual([0, 0]);
    run(k, p, 10_000);
    expect(take(k, p, SIGRT)).toBeNull();
  });

  it("TIMER_ABSTIME on CLOCK_MONOTONIC and CLOCK_REALTIME fires at that tick; a past time at once", () => {
    const { k, p } = bareKernel();
    block(k, p, SIGRT);
    const mono = create(k, p, 1, sigevent(k, p, 0, SIGRT, 1));
    const at = k.state.clock + 3000;
    settime(k, p, mono, 0, at, 1);
    run(k, p, 2999);
    expect(take(k, p, SIGRT)).toBeNull();
    run(k, p, 1);
    expect(take(k, p, SIGRT)?.value).toBe(1);
    const real = create(k, p, 0, sigevent(k, p, 0, SIGRT, 2));
    const wall = realtimeAt(k.state, k.state.clock + 2000);
    k.mem(p).poke(NEW, bytes(0, 0, 0, 0, wall.sec, 0, wall.nsec, 0));
    expect(call(k, p, SYS.settime, real, 1, NEW, 0)).toBe(0);
    run(k, p, 1999);
    expect(take(k, p, SIGRT)).toBeNull();
    run(k, p, 1);
    expect(take(k, p, SIGRT)?.value).toBe(2);
    settime(k, p, mono, 0, 1, 1); // 10 ns after boot: long past
    run(k, p, 1);
    expect(take(k, p, SIGRT)?.value).toBe(1);
  });

  it("a CPU-time timer counts the process's own instructions; SIGEV_NONE never signals but its time runs", () => {
    const { k, p } = bareKernel();
    block(k, p, SIGRT);
    const cpu = create(k, p, 2, sigevent(k, p, 0, SIGRT, 3));
    const u0 = p.utime;
    settime(k, p, cpu, 0, 5000);
    expect(gettime(k, p, cpu)).toEqual([0, 50_000]);
    run(k, p, 10_000);
    expect(p.utime - u0).toBeGreaterThanOrEqual(5000);
    // CPU-time timers are looked at where the slice ends — the quantum end — not where a run ends
    expect(take(k, p, SIGRT)).toBeNull();
    expect(k.state.quantumLeft).toBeGreaterThan(0);
    run(k, p, k.state.quantumLeft);
    expect(take(k, p, SIGRT)?.value).toBe(3);
    const none = create(k, p, 1, sigevent(k, p, 1, 0, 0));
    settime(k, p, none, 300, 1000);
    run(k, p, 1100);
    expect(gettime(k, p, none)).toEqual([3000, 2000]); // expiries at 1000, 1300: the next is 200 ticks away
    expect(k.state.timers.some((t) => t.kind === "ptimer")).toBe(false);
    expect(p.sigPending).toBe(0);
    expect(p.posix.queue).toEqual([]);
  });
});

describe("CPU-time timers in a long slice", () => {
  // A lone process may run through many quanta in one call into the CPU (kernel.ts sliceBudget);
  // its CPU-time timers still fire at the first quantum end at or after their time, as they would
  // quantum by quantum (and as Linux checks them at each tick), not at the end of that long slice.
  it("a CPU-time timer of a process that never makes a system call fires within a quantum of its time", () => {
    const { k, p } = bareKernel();
    const mem = k.mem(p);
    // the handler at CODE+8: exit(7) — init dies, and the run stops at that tick
    mem.poke(0x60000008, bytes(0x05d00893, 0x00700513, 0x00000073));
    mem.poke(SCRATCH + 0x700, bytes(0x60000008, 0, 0, 0));
    expect(call(k, p, 134, SIGRT, SCRATCH + 0x700, 0, 8)).toBe(0);
    const id = create(k, p, 2, sigevent(k, p, 0, SIGRT, 0));
    const due = p.utime + 2 * TICKS_PER_MS;
    settime(k, p, id, 0, 2 * TICKS_PER_MS);
    p.hart.pc = 0x60000004; // spin
    k.run(200 * TICKS_PER_MS);
    expect(p.state).toBe("zombie");
    expect(p.utime).toBeGreaterThanOrEqual(due);
    expect(p.utime).toBeLessThanOrEqual(due + TICKS_PER_MS + 10);
  });
});

describe("CPU-time timers and split runs", () => {
  // run(a); run(b) ≡ run(a + b) for the timers' own accounting: with the signals blocked, the
  // expiry times, the queued signals and the overruns do not depend on where the run was cut.
  // Delivered signals do not depend on it either: test/kernel/split-runs.test.ts.
  it("a periodic CPU-time timer and ITIMER_VIRTUAL count the same whether the run is cut or not", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 150_000 }), (cuts, interval) => {
        const make = (): { k: Kernel; p: ProcState } => {
          const { k, p } = bareKernel();
          block(k, p, SIGRT, 26);
          const id = create(k, p, 2, sigevent(k, p, 0, SIGRT, 0));
          settime(k, p, id, interval, interval);
          k.mem(p).poke(SCRATCH + 0x500, bytes(0, 700, 0, 900)); // ITIMER_VIRTUAL: 900 µs, then every 700 µs
          expect(call(k, p, 103, 1, SCRATCH + 0x500, 0)).toBe(0);
          p.hart.pc = 0x60000004;
          return { k, p };
        };
        const total = cuts.reduce((a, b) => a + b, 0);
        const a = make();
        for (const c of cuts) a.k.run(c);
        const b = make();
        b.k.run(total);
        expect(a.k.state.clock).toBe(b.k.state.clock);
        expect(a.p.posix).toEqual(b.p.posix);
        expect(a.p.sigPending).toBe(b.p.sigPending);
      }),
      { numRuns: 40 },
    );
  });
});

describe("timers and processes", () => {
  it("fork gives the child no timers; exit deletes them and their look, and the machine still restores", () => {
    const { k, p } = bareKernel();
    const id = create(k, p, 1, sigevent(k, p, 0, SIGRT, 0));
    settime(k, p, id, 1000, 1000);
    const pid = call(k, p, SYS.clone, 17, 0) as number;
    expect(pid).toBeGreaterThan(1);
    const c = k.state.procs.get(pid)!;
    expect(c.posix.timers).toEqual([]);
    prepareForCalls(k, c);
    expect(call(k, c, SYS.gettime, id, CUR)).toBe(EINVAL);
    const cid = create(k, c, 1, sigevent(k, c, 0, SIGRT, 0));
    settime(k, c, cid, 1000, 1000);
    expect(k.state.timers.filter((t) => t.kind === "ptimer").map((t) => t.target).sort()).toEqual([1, pid]);
    call(k, c, SYS.exit, 0);
    expect(c.state).toBe("zombie");
    expect(c.posix.timers).toEqual([]);
    expect(k.state.timers.filter((t) => t.kind === "ptimer").map((t) => t.target)).toEqual([1]);
    const r = restore(checkpoint(k)).kernel; // validation: no timer names the zombie
    expect(r.state.procs.get(1)!.posix.timers).toEqual(p.posix.timers);
  });
});

describe("restoring timers", () => {
  it("refuses a snapshot whose timers the kernel could not have made, naming the field", () => {
    const forged = (change: (tm: ProcState["posix"]["timers"][number], all: ProcState["posix"]["timers"]) => void): string => {
      const { k, p } = bareKernel();
      const id = create(k, p, 1, sigevent(k, p, 0, SIGRT, 0));
      create(k, p, 1);
      settime(k, p, id, 1000, 1000);
      const r = restore(checkpoint(k)).kernel;
      const timers = r.state.procs.get(1)!.posix.timers;
      change(timers[0]!, timers);
      try {
        Kernel.fromState(CONFIG, r.state);
        return "accepted";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(forged(() => {})).toBe("accepted");
    expect(forged((tm) => (tm.signo = 0))).toMatch(/posix\.timers\[0\]\.signo.*not a signal/);
    expect(forged((tm, all) => (all[1]!.id = tm.id))).toMatch(/posix\.timers\[1\]\.id.*repeats/);
    expect(forged((tm) => (tm.next = 2 ** 53 - 1))).toMatch(/posix\.timers\[0\]\.next.*beyond/);
    expect(forged((tm) => (tm.interval = 2 ** 52))).toMatch(/posix\.timers\[0\]\.interval/);
    expect(forged((tm) => (tm.clock = "cpu"))).toMatch(/posix\.timers\[0\]\.event.*nobody looks/);
  });
});

describe("a job restarted into another machine", () => {
  it("keeps its POSIX timer and ITIMER_REAL on the new clock: the same time left, and they fire there", () => {
    const { k, p } = bareKernel();
    const pid = call(k, p, SYS.clone, 17, 0) as number;
    const c = k.state.procs.get(pid)!;
    prepareForCalls(k, c);
    block(k, c, SIGRT, SIGALRM);
    const id = create(k, c, 1, sigevent(k, c, 0, SIGRT, 5));
    settime(k, c, id, 2000, 3000);
    k.mem(c).poke(SCRATCH + 0x500, bytes(0, 0, 0, 70)); // ITIMER_REAL in 70 µs
    expect(call(k, c, 103, 0, SCRATCH + 0x500, 0)).toBe(0);
    const leftBefore = gettime(k, c, id);
    const bytesOfJob = checkpointJob(k, { kind: "process", id: pid, caller: 0, cut: false });
    const { k: k2, p: p2 } = bareKernel();
    run(k2, p2, 12_345); // another clock
    const r = restartJob(k2, bytesOfJob, { renumber: true, attach: -1, parent: 1 });
    const c2 = k2.state.procs.get(r.pids.get(pid)!)!;
    prepareForCalls(k2, c2);
    expect(gettime(k2, c2, id)).toEqual(leftBefore);
    expect(k2.state.timers.filter((t) => t.target === c2.pid).map((t) => t.kind).sort()).toEqual(["alarm", "ptimer"]);
    k2.run(7000);
    prepareForCalls(k2, c2);
    expect(take(k2, c2, SIGRT)?.value).toBe(5);
    expect(take(k2, c2, SIGALRM)?.code).toBe(0x80); // the ITIMER_REAL alarm fired too
  });
});

describe("a model of expiries", () => {
  // Every expiry up to now is either the signal that was sent or one of the overruns it carries:
  // Σ (1 + si_overrun) over the signals taken is the number of expiries, whatever the interval, the
  // times at which they are taken, and checkpoints in between; gettime is the next expiry exactly.
  it("signals plus overruns count every expiry, across checkpoints", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("run" as const), ticks: fc.integer({ min: 1, max: 20_000 }) }),
      fc.record({ kind: fc.constant("take" as const) }),
      fc.record({ kind: fc.constant("checkpoint" as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 }), fc.array(step, { maxLength: 12 }), (interval, value, steps) => {
        let { k, p } = bareKernel();
        block(k, p, SIGRT);
        const id = create(k, p, 1, sigevent(k, p, 0, SIGRT, 9));
        const first = k.state.clock + value;
        settime(k, p, id, interval, value);
        let counted = 0;
        const takeOne = (): void => {
          const info = take(k, p, SIGRT);
          if (!info) return;
          expect(info.code).toBe(-2);
          counted += 1 + info.overrun;
          expect(call(k, p, SYS.getoverrun, id)).toBe(info.overrun);
        };
        for (const s of steps) {
          if (s.kind === "run") run(k, p, s.ticks);
          else if (s.kind === "take") takeOne();
          else {
            k = restore(checkpoint(k)).kernel;
            p = k.state.procs.get(1)!;
            prepareForCalls(k, p);
          }
        }
        takeOne();
        const now = k.state.clock;
        const expiries = now < first ? 0 : Math.floor((now - first) / interval) + 1;
        expect(counted).toBe(expiries);
        const next = now < first ? first : first + expiries * interval;
        expect(gettime(k, p, id)).toEqual([interval * NS_PER_TICK, (next - now) * NS_PER_TICK]);
      }),
      { numRuns: process.env.CRYOBOX_LONG ? 500 : 60 },
    );
  });
});

describe("restart with an armed periodic timer", () => {
  it("a checkpoint taken while cf_ptimers has a periodic timer armed restores, keeps firing at the same virtual times and ends with the same digest", () => {
    const prog = new Uint8Array(readFileSync(join(packageRoot(), "user/tests/conform/bin/cf_ptimers")));
    const m = Machine.boot({ ttys: 1, files: [{ path: "/bin/cf_ptimers", mode: 0o755, data: prog }] });
    m.run(50 * TICKS_PER_MS);
    m.tty(0).send("cf_ptimers\n");
    // run until the program has a periodic timer armed with its signal delivered by a handler
    const armed = (mm: Machine): ProcState | undefined =>
      [...mm.kernel.state.procs.values()].find((q) => q.comm === "cf_ptimers" && q.posix.timers.some((t) => t.interval > 0 && t.next > 0 && t.notify === "signal"));
    let p: ProcState | undefined;
    for (let i = 0; i < 400 && !(p = armed(m)); i++) m.run(TICKS_PER_MS);
    expect(p).toBeDefined();
    expect(m.kernel.state.timers.some((t) => t.kind === "ptimer" && t.target === p!.pid)).toBe(true);
    const bytesAt = m.checkpoint();
    const shown = m.tty(0).outputLength();
    const tm = p!.posix.timers.find((t) => t.interval > 0)!;
    const nextBefore = tm.next;
    const r = Machine.restore(bytesAt);
    expect(r.digest()).toBe(m.digest());
    const later = tm.interval + 1;
    m.run(later);
    r.run(later);
    // it fired (the expiry moved on by whole periods) the same way in both
    const after = m.kernel.state.procs.get(p!.pid)?.posix.timers.find((t) => t.id === tm.id);
    expect(after && after.next > nextBefore && (after.next - nextBefore) % tm.interval === 0).toBe(true);
    expect(r.digest()).toBe(m.digest());
    // …and both run the program to its end with the same output
    m.run(4000 * TICKS_PER_MS);
    r.run(4000 * TICKS_PER_MS);
    expect(r.digest()).toBe(m.digest());
    const out = m.tty(0).output();
    expect(out).toContain("exec deletes the timers: ok");
    expect(out).not.toContain("FAILED");
    expect(r.tty(0).output()).toBe(new TextDecoder().decode(m.tty(0).outputSince(shown)));
  }, 120_000);
});
