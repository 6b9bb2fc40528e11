// Kernel behaviour checked against what Linux does (the review of signals,
// wait, job control and pipes): each case here failed before its fix.

import { describe, expect, it } from "vitest";
import { bareKernel, call, ktestImage, park, prepareForCalls, SCRATCH, CODE } from "./helpers.js";
import { execImage } from "../../kernel/exec.js";
import { sendSignal } from "../../kernel/signal.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";

const SA_NOCLDSTOP = 0x1;
const SA_RESTART = 0x10000000;
const EINTR = 4;
const SIGHUP = 1;
const SIGUSR1 = 10;
const SIGCHLD = 17;
const SIGCONT = 18;
const SIGSTOP = 19;
const SIGTSTP = 20;
const bit = (sig: number): number => (1 << (sig - 1)) >>> 0;

/** rt_sigaction(sig, {handler, flags, mask 0}); the handler spins at CODE + 4. */
function handle(k: Kernel, p: ProcState, sig: number, flags: number, handler = CODE + 4): void {
  const act = SCRATCH + 0x100;
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, handler, true);
  dv.setUint32(4, flags >>> 0, true);
  k.mem(p).poke(act, b);
  expect(call(k, p, 134, sig, act, 0, 8)).toBe(0);
}

/** The a0 and pc saved in the signal frame at p's sp (what rt_sigreturn will restore). */
function savedFrame(k: Kernel, p: ProcState): { a0: number; pc: number } {
  const sp = p.hart.x[2]! >>> 0;
  return { a0: k.mem(p).load32(sp + 128 + 40)! | 0, pc: k.mem(p).load32(sp + 128 + 128)! >>> 0 };
}

function fork(k: Kernel, p: ProcState): ProcState {
  const pid = call(k, p, 220, 17, 0, 0, 0, 0) as number;
  const c = k.state.procs.get(pid)!;
  prepareForCalls(k, c);
  return c;
}

describe("a handler interrupting a blocked call (SA_RESTART)", () => {
  it("nanosleep is never restarted: -EINTR and the time left, as Linux", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, SA_RESTART);
    const req = SCRATCH + 0x200;
    const rem = SCRATCH + 0x210;
    k.mem(p).poke(req, new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0])); // 5 s
    expect(call(k, p, 101, req, rem)).toBe("blocked");
    k.run(100_000_000); // 1 s passes
    sendSignal(k, p.pid, SIGUSR1, false);
    k.run(10);
    expect(p.hart.pc).toBe(CODE + 4); // in the handler
    expect(savedFrame(k, p)).toEqual({ a0: -EINTR, pc: CODE + 4 });
    expect([k.mem(p).load32(rem), k.mem(p).load32(rem + 4)]).toEqual([4, 0]); // 5 s − 1 s
    expect(k.state.timers.length).toBe(0);
    expect(p.deadline).toBe(0);
  });

  it("clock_nanosleep TIMER_ABSTIME does not write the remaining time", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, 0);
    const req = SCRATCH + 0x200;
    const rem = SCRATCH + 0x210;
    k.mem(p).poke(req, new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]));
    k.mem(p).poke(rem, new Uint8Array([0xaa, 0xaa, 0xaa, 0xaa]));
    expect(call(k, p, 115, 1, 1, req, rem)).toBe("blocked"); // CLOCK_MONOTONIC, absolute 5 s
    k.run(100_000_000);
    sendSignal(k, p.pid, SIGUSR1, false);
    k.run(10);
    expect(savedFrame(k, p)).toEqual({ a0: -EINTR, pc: CODE + 4 });
    expect(k.mem(p).load32(rem)! >>> 0).toBe(0xaaaaaaaa);
  });

  it("a pipe write larger than PIPE_BUF returns the bytes already written (not restarted, not duplicated)", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, SA_RESTART);
    expect(call(k, p, 59, SCRATCH, 0)).toBe(0);
    const w = k.mem(p).load32(SCRATCH + 4)!;
    const buf = SCRATCH + 0x9000;
    expect(call(k, p, 64, w, buf, 10000)).toBe("blocked");
    expect(p.progress).toBe(4096);
    sendSignal(k, p.pid, SIGUSR1, false);
    k.run(10);
    expect(savedFrame(k, p)).toEqual({ a0: 4096, pc: CODE + 4 });
    expect(p.progress).toBe(0);
  });

  it("a blocked read with SA_RESTART is restarted (pc back at the ecall)", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, SA_RESTART);
    expect(call(k, p, 59, SCRATCH, 0)).toBe(0);
    const r = k.mem(p).load32(SCRATCH)!;
    expect(call(k, p, 63, r, SCRATCH + 0x9000, 10)).toBe("blocked");
    sendSignal(k, p.pid, SIGUSR1, false);
    k.run(10);
    expect(savedFrame(k, p)).toEqual({ a0: r, pc: CODE });
  });
});

describe("SIGCHLD and SA_NOCLDSTOP", () => {
  it("SA_NOCLDSTOP suppresses SIGCHLD for a stop and for a continue", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGCHLD, SA_NOCLDSTOP);
    p.sigMask = bit(SIGCHLD); // keep it pending where the test can see it
    const c = fork(k, p);
    expect(call(k, p, 129, c.pid, SIGSTOP)).toBe(0);
    park(p);
    k.run(1_000_000); // every runnable process gets a quantum
    expect(c.state).toBe("stopped");
    expect(p.sigPending & bit(SIGCHLD)).toBe(0);
    prepareForCalls(k, p);
    expect(call(k, p, 129, c.pid, SIGCONT)).toBe(0);
    expect(c.state).toBe("runnable");
    expect(p.sigPending & bit(SIGCHLD)).toBe(0);
    // without the flag, both are reported
    handle(k, p, SIGCHLD, 0);
    expect(call(k, p, 129, c.pid, SIGSTOP)).toBe(0);
    park(p);
    k.run(1_000_000); // every runnable process gets a quantum
    expect(p.sigPending & bit(SIGCHLD)).toBe(bit(SIGCHLD));
    p.sigPending = 0;
    prepareForCalls(k, p);
    expect(call(k, p, 129, c.pid, SIGCONT)).toBe(0);
    expect(p.sigPending & bit(SIGCHLD)).toBe(bit(SIGCHLD));
  });
});

describe("orphaned process groups", () => {
  /** pid 1 → a (session leader of a new session) → b (group b) → d (group b). */
  function family(): { k: Kernel; p: ProcState; a: ProcState; b: ProcState; d: ProcState } {
    const { k, p } = bareKernel();
    const a = fork(k, p);
    expect(call(k, a, 157)).toBe(a.pid); // setsid
    const b = fork(k, a);
    expect(call(k, b, 154, 0, 0)).toBe(0); // own group, parent a in the same session: not orphaned
    const d = fork(k, b);
    for (const q of [p, a]) park(q);
    return { k, p, a, b, d };
  }

  it("a job-control stop signal is discarded in an orphaned group; SIGSTOP still stops", () => {
    const { k, p, a, b } = family();
    prepareForCalls(k, a);
    expect(call(k, a, 93, 0)).toBe("done"); // a exits: group b is orphaned now
    prepareForCalls(k, p);
    expect(call(k, p, 129, b.pid, SIGTSTP)).toBe(0);
    park(p);
    k.run(1_000_000); // every runnable process gets a quantum
    expect(b.state).toBe("runnable");
    prepareForCalls(k, p);
    expect(call(k, p, 129, b.pid, SIGSTOP)).toBe(0);
    park(p);
    k.run(1_000_000); // every runnable process gets a quantum
    expect(b.state).toBe("stopped");
  });

  it("a group that becomes orphaned with a stopped member gets SIGHUP and SIGCONT, grandchildren too", () => {
    const { k, a, b, d } = family();
    prepareForCalls(k, a);
    expect(call(k, a, 129, -b.pid, SIGSTOP)).toBe(0);
    park(a);
    k.run(1_000_000); // every runnable process gets a quantum
    expect([b.state, d.state]).toEqual(["stopped", "stopped"]);
    prepareForCalls(k, a);
    expect(call(k, a, 93, 0)).toBe("done"); // the group's only outside parent goes away
    k.run(1_000_000); // every runnable process gets a quantum
    expect([b.state, d.state]).toEqual(["zombie", "zombie"]);
    expect([b.exitStatus, d.exitStatus]).toEqual([SIGHUP, SIGHUP]);
  });

  it("a stopped child gets nothing when its group stays attached to the session", () => {
    const { k, a, b, d } = family();
    prepareForCalls(k, a);
    const e = fork(k, a);
    expect(call(k, a, 154, e.pid, b.pid)).toBe(0); // e joins group b; its parent a keeps the group attached
    park(a);
    prepareForCalls(k, b);
    expect(call(k, b, 129, d.pid, SIGSTOP)).toBe(0);
    k.run(1_000_000); // every runnable process gets a quantum
    expect(d.state).toBe("stopped");
    prepareForCalls(k, b);
    expect(call(k, b, 93, 0)).toBe("done"); // d goes to init, but group b is not orphaned (e)
    k.run(1_000_000); // every runnable process gets a quantum
    expect(d.state).toBe("stopped");
  });
});

describe("dispositions", () => {
  it("a blocked signal is kept pending even while ignored (Linux: blocked signals are never ignored)", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, 0, 1); // SIG_IGN
    p.sigMask = bit(SIGUSR1);
    expect(call(k, p, 129, p.pid, SIGUSR1)).toBe(0);
    expect(p.sigPending & bit(SIGUSR1)).toBe(bit(SIGUSR1));
    handle(k, p, SIGUSR1, 0); // a handler now
    p.sigMask = 0;
    k.run(10);
    expect(p.hart.x[10]).toBe(SIGUSR1); // the handler runs with a0 = the signal
    expect(p.sigPending).toBe(0);
  });

  it("an unblocked ignored signal is still discarded on arrival", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, 0, 1);
    expect(call(k, p, 129, p.pid, SIGUSR1)).toBe(0);
    expect(p.sigPending).toBe(0);
  });

  it("execve keeps SIG_IGN but clears its flags and mask, as Linux's flush_signal_handlers", () => {
    const { k, p } = bareKernel();
    const act = SCRATCH + 0x100;
    k.mem(p).poke(act, new Uint8Array([1, 0, 0, 0, 1, 0, 0, 0x10, 0, 2, 0, 0, 0, 0, 0, 0])); // SIG_IGN, SA_RESTART|SA_NOCLDSTOP, mask
    expect(call(k, p, 134, SIGCHLD, act, 0, 8)).toBe(0);
    expect(execImage(k, p, ktestImage(), ["ktest"], [], "/bin/ktest")).toBe(0);
    expect(p.sigActions[SIGCHLD]).toEqual({ handler: 1, flags: 0, mask: 0, restorer: 0 });
  });
});

describe("reparenting", () => {
  it("a zombie handed to init that ignores SIGCHLD is reaped (Linux reparent_leader → do_notify_parent)", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGCHLD, 0, 1); // SIG_IGN
    const a = fork(k, p);
    handle(k, a, SIGCHLD, 0, 0); // a keeps its zombies
    const b = fork(k, a);
    expect(call(k, b, 93, 3)).toBe("done");
    expect(k.state.procs.get(b.pid)?.state).toBe("zombie"); // a has not waited
    expect(call(k, a, 93, 0)).toBe("done");
    expect(k.state.procs.has(a.pid)).toBe(false);
    expect(k.state.procs.has(b.pid)).toBe(false);
  });

  it("a zombie handed to init sends init SIGCHLD", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGCHLD, 0);
    p.sigMask = bit(SIGCHLD); // keep it pending where the test can see it
    const a = fork(k, p);
    handle(k, a, SIGCHLD, 0, 0);
    const b = fork(k, a);
    expect(call(k, b, 93, 3)).toBe("done");
    a.ppid = 0; // detach a from init: only b's notification can reach init
    expect(p.sigPending & bit(SIGCHLD)).toBe(0);
    expect(call(k, a, 93, 0)).toBe("done");
    expect(b.ppid).toBe(1);
    expect(p.sigPending & bit(SIGCHLD)).toBe(bit(SIGCHLD));
  });
});

describe("wait", () => {
  it("a dead child is never reported as continued or stopped (Linux wait_task_zombie needs WEXITED)", () => {
    const { k, p } = bareKernel();
    const c = fork(k, p);
    expect(call(k, p, 129, c.pid, SIGSTOP)).toBe(0);
    park(p);
    k.run(1_000_000);
    expect(c.state).toBe("stopped");
    prepareForCalls(k, p);
    expect(call(k, p, 129, c.pid, SIGCONT)).toBe(0); // a "continued" event is waiting
    prepareForCalls(k, c);
    expect(call(k, c, 93, 7)).toBe("done");
    const info = SCRATCH + 0x400;
    expect(call(k, p, 95, 0, 0, info, 8 | 1, 0)).toBe(0); // P_ALL, WCONTINUED|WNOHANG
    expect(k.mem(p).load32(info + 12)).toBe(0); // si_pid 0: nothing to report
    expect(call(k, p, 260, -1, info, 8, 0)).toBe(c.pid); // wait4 reports the exit
    expect(k.mem(p).load32(info)).toBe(7 << 8);
  });
});

describe("tcsetpgrp", () => {
  it("TIOCSPGRP: EINVAL for a negative pgid, ESRCH for no such group, EPERM for another session's", () => {
    const { k, p } = bareKernel();
    const fd = call(k, p, 56, -100, "/dev/tty1", 2, 0) as number;
    expect(p.ctty).toBe(1);
    const c = fork(k, p);
    expect(call(k, c, 157)).toBe(c.pid); // c leads another session
    const arg = SCRATCH + 0x300;
    const spgrp = (pgid: number): number | string => {
      k.mem(p).poke(arg, new Uint8Array(new Int32Array([pgid]).buffer));
      return call(k, p, 29, fd, 0x5410, arg);
    };
    expect(spgrp(-5)).toBe(-22);
    expect(spgrp(4242)).toBe(-3);
    expect(spgrp(0)).toBe(-3);
    expect(spgrp(c.pid)).toBe(-1);
    expect(spgrp(1)).toBe(0);
  });
});

describe("pipes", () => {
  it("a zero-length write succeeds even with no reader: no SIGPIPE (Linux: null write succeeds)", () => {
    const { k, p } = bareKernel();
    p.sigActions[13]!.handler = CODE; // p is pid 1, init: it gets only the signals it handles (Linux)
    expect(call(k, p, 59, SCRATCH, 0)).toBe(0);
    const r = k.mem(p).load32(SCRATCH)!;
    const w = k.mem(p).load32(SCRATCH + 4)!;
    expect(call(k, p, 57, r)).toBe(0);
    expect(call(k, p, 64, w, SCRATCH + 0x9000, 0)).toBe(0);
    expect(p.sigPending).toBe(0);
    expect(call(k, p, 64, w, SCRATCH + 0x9000, 1)).toBe(-32); // EPIPE
    expect(p.sigPending).toBe(bit(13));
  });
});

describe("SA_RESETHAND", () => {
  it("resets only the handler; the flags and mask stay as Linux's SA_ONESHOT leaves them", () => {
    const { k, p } = bareKernel();
    const SA_RESETHAND = 0x80000000;
    handle(k, p, SIGUSR1, SA_RESETHAND | SA_RESTART);
    expect(call(k, p, 129, p.pid, SIGUSR1)).toBe(0);
    k.run(10);
    expect(p.hart.x[10]).toBe(SIGUSR1); // in the handler
    expect(call(k, p, 134, SIGUSR1, 0, SCRATCH + 0x500, 8)).toBe(0);
    expect(k.mem(p).load32(SCRATCH + 0x500)).toBe(0); // SIG_DFL
    expect(k.mem(p).load32(SCRATCH + 0x504)! >>> 0).toBe((SA_RESETHAND | SA_RESTART) >>> 0);
  });
});

describe("checked and found right (regression guards)", () => {
  it("SIGCONT continues a stopped process even when it blocks and ignores SIGCONT; SIGKILL kills a stopped one", () => {
    const { k, p } = bareKernel();
    const c = fork(k, p);
    handle(k, c, SIGCONT, 0, 1); // SIG_IGN
    c.sigMask = bit(SIGCONT);
    expect(call(k, p, 129, c.pid, SIGSTOP)).toBe(0);
    park(p);
    k.run(1_000_000);
    expect(c.state).toBe("stopped");
    prepareForCalls(k, p);
    expect(call(k, p, 129, c.pid, SIGCONT)).toBe(0);
    expect(c.state).toBe("runnable");
    expect(call(k, p, 129, c.pid, SIGSTOP)).toBe(0);
    park(p);
    k.run(1_000_000);
    expect(c.state).toBe("stopped");
    prepareForCalls(k, p);
    expect(call(k, p, 129, c.pid, 9)).toBe(0);
    park(p);
    k.run(1_000_000);
    expect([c.state, c.exitStatus]).toEqual(["zombie", 9]);
  });

  it("a read stopped while blocked re-runs on SIGCONT and still gets its data", () => {
    const { k, p } = bareKernel();
    expect(call(k, p, 59, SCRATCH, 0)).toBe(0);
    const r = k.mem(p).load32(SCRATCH)!;
    const w = k.mem(p).load32(SCRATCH + 4)!;
    const c = fork(k, p);
    expect(call(k, c, 63, r, SCRATCH + 0x9000, 10)).toBe("blocked");
    expect(call(k, p, 129, c.pid, SIGSTOP)).toBe(0);
    park(p);
    k.run(1_000_000);
    expect(c.state).toBe("stopped");
    prepareForCalls(k, p);
    k.mem(p).poke(SCRATCH + 0x9000, new TextEncoder().encode("hi"));
    expect(call(k, p, 64, w, SCRATCH + 0x9000, 2)).toBe(2);
    expect(call(k, p, 129, c.pid, SIGCONT)).toBe(0);
    park(p);
    k.run(1_000_000);
    expect(c.hart.x[10]).toBe(2);
    expect(c.hart.pc).toBe(CODE + 4);
  });

  it("rt_sigreturn restores every register, the pc and the mask from the frame", () => {
    const { k, p } = bareKernel();
    handle(k, p, SIGUSR1, 0);
    for (let i = 3; i < 32; i++) if (i !== 2) p.hart.x[i] = i * 0x01010101;
    const before = p.hart.x.slice();
    const pc = p.hart.pc;
    p.sigMask = bit(SIGHUP);
    sendSignal(k, p.pid, SIGUSR1, false);
    k.run(1);
    expect(p.sigMask).toBe((bit(SIGHUP) | bit(SIGUSR1)) >>> 0); // the signal is blocked in its handler
    p.hart.x[17] = 139;
    call(k, p, 139);
    expect(p.hart.x.slice(1)).toEqual(before.slice(1));
    expect(p.hart.pc).toBe(pc);
    expect(p.sigMask).toBe(bit(SIGHUP));
  });
});
