// Guest programs for the split-run tests (test/kernel/split-runs.test.ts), written in assembly
// and built with cryobox's own assembler: a CPU loop with an ITIMER_REAL alarm (the case that
// broke run(a); run(b) ≡ run(a + b)), and random workloads of several processes — CPU loops,
// pipes, sleeps, interval timers (REAL/VIRTUAL/PROF), POSIX timers on virtual and CPU time
// (one-shot and periodic), signals between processes, masks, fork, wait and exit — drawn by
// fast-check and turned into straight-line code, one block per process.

import fc from "fast-check";
import { assemble } from "../../cpu/asm/assemble.js";
import { writeElf } from "../../cpu/asm/elf-write.js";
import type { RootFile } from "../../kernel/kernel.js";

const SYS = { pipe2: 59, read: 63, write: 64, exit: 93, nanosleep: 101, setitimer: 103, timerCreate: 107, yield: 124 } as const;
const SYS2 = { kill: 129, sigaction: 134, sigprocmask: 135, getppid: 173, clone: 220, wait4: 260, ppoll: 73, timerSettime: 409 } as const;
/** Signals the workloads use; every process handles all of them (the handler counts them). */
export const SIGNALS = [10, 12, 14, 17, 26, 27, 40] as const; // USR1 USR2 ALRM CHLD VTALRM PROF RTMIN+6
const SA_RESTART = 0x10000000;

export type Action =
  | { op: "loop"; n: number }
  | { op: "sleep"; ticks: number }
  | { op: "itimer"; which: number; value: number; interval: number } // ticks
  | { op: "ptimer"; clock: number; signo: number; value: number; interval: number } // ticks
  | { op: "write"; n: number }
  | { op: "read"; n: number }
  | { op: "kill"; target: "parent" | "self"; signo: number }
  | { op: "mask"; how: 0 | 1; set: number }
  | { op: "yield" }
  | { op: "wait"; nohang: boolean }
  | { op: "fork"; child: Action[] };

export interface Workload {
  init: Action[];
  /** pipe2 flags: 0 (blocking) or O_NONBLOCK */
  pipeFlags: number;
  /** SA_RESTART on the handlers or not */
  restart: boolean;
  /** what init does when its actions are done: spin on the CPU, or reap and then sleep in ppoll */
  tail: "spin" | "reap";
}

const ticks = (max: number): fc.Arbitrary<number> => fc.integer({ min: 1, max });
const signo = fc.constantFrom(...SIGNALS.filter((s) => s !== 17));
const leaf: fc.Arbitrary<Action>[] = [
  fc.record({ op: fc.constant("loop" as const), n: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({ op: fc.constant("sleep" as const), ticks: ticks(2_000_000) }),
  fc.record({ op: fc.constant("itimer" as const), which: fc.integer({ min: 0, max: 2 }), value: ticks(1_500_000), interval: fc.oneof(fc.constant(0), fc.integer({ min: 1_000, max: 800_000 })) }),
  fc.record({ op: fc.constant("ptimer" as const), clock: fc.constantFrom(1, 2), signo: fc.constantFrom(12, 40), value: ticks(1_500_000), interval: fc.oneof(fc.constant(0), fc.integer({ min: 500, max: 800_000 })) }),
  fc.record({ op: fc.constant("write" as const), n: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ op: fc.constant("read" as const), n: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ op: fc.constant("kill" as const), target: fc.constantFrom("parent" as const, "self" as const), signo }),
  fc.record({ op: fc.constant("mask" as const), how: fc.constantFrom(0 as const, 1 as const), set: fc.integer({ min: 0, max: (1 << SIGNALS.length) - 1 }) }),
  fc.record({ op: fc.constant("yield" as const) }),
  fc.record({ op: fc.constant("wait" as const), nohang: fc.boolean() }),
];
const actions = (depth: number): fc.Arbitrary<Action[]> =>
  fc.array(
    depth <= 0
      ? fc.oneof(...leaf)
      : fc.oneof({ arbitrary: fc.oneof(...leaf), weight: 6 }, { arbitrary: fc.record({ op: fc.constant("fork" as const), child: actions(depth - 1) }), weight: 1 }),
    { minLength: 1, maxLength: 8 },
  );

/** Random workloads: init's actions (forks two levels deep), the pipe's mode, SA_RESTART, init's tail. */
export function workloadArb(): fc.Arbitrary<Workload> {
  return fc.record({
    init: actions(2),
    pipeFlags: fc.constantFrom(0, 0x800),
    restart: fc.boolean(),
    tail: fc.constantFrom("spin" as const, "spin" as const, "reap" as const), // mostly busy: a machine that idles early tests less
  });
}

/** Assembles the program text; `data` collects .data lines. */
class Gen {
  readonly text: string[] = [];
  readonly data: string[] = [];
  private n = 0;
  label(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }
  sys(num: number, ...args: (number | string)[]): void {
    args.forEach((a, i) => this.text.push(typeof a === "number" ? `\tli\ta${i}, ${a}` : `\t${a.startsWith("%") ? "mv" : "la"}\ta${i}, ${a.replace("%", "")}`));
    this.text.push(`\tli\ta7, ${num}`, "\tecall");
  }
  words(...w: number[]): string {
    const l = this.label("d");
    this.data.push(`${l}:\t.word\t${w.map((x) => x | 0).join(", ")}`);
    return l;
  }
}

const usec = (t: number): [number, number] => {
  const us = Math.max(1, Math.round(t / 100));
  return [Math.floor(us / 1e6), us % 1e6];
};
const ts64 = (t: number): number[] => {
  const ns = t * 10;
  return [Math.floor(ns / 1e9), 0, ns % 1e9, 0];
};
const sigset = (set: number): number => SIGNALS.reduce((m, s, i) => ((set >> i) & 1 ? m | (1 << (s - 1)) : m), 0);

function emit(g: Gen, acts: Action[], depth: number): void {
  for (const a of acts) {
    switch (a.op) {
      case "loop": {
        const l = g.label("loop");
        g.text.push(`\tli\tt0, ${a.n}`, `${l}:\taddi\tt0, t0, -1`, "\tsw\tt0, 0(gp)", `\tbnez\tt0, ${l}`);
        break;
      }
      case "sleep": {
        const ns = a.ticks * 10;
        g.sys(SYS.nanosleep, g.words(Math.floor(ns / 1e9), ns % 1e9), 0);
        break;
      }
      case "itimer":
        g.sys(SYS.setitimer, a.which, g.words(...(a.interval > 0 ? usec(a.interval) : [0, 0]), ...usec(a.value)), 0);
        break;
      case "ptimer": {
        // timer_create(clock, {value, signo, SIGEV_SIGNAL}, &id) then timer_settime64(id, 0, {interval, value}, NULL)
        g.sys(SYS.timerCreate, a.clock, g.words(7, a.signo, 0, 0), "timerid");
        g.text.push("\tla\tt1, timerid", "\tlw\ts1, 0(t1)");
        g.sys(SYS2.timerSettime, "%s1", 0, g.words(...ts64(a.interval), ...ts64(a.value)), 0);
        break;
      }
      case "write":
        g.text.push("\tla\tt1, fds", "\tlw\ts1, 4(t1)");
        g.sys(SYS.write, "%s1", "buf", a.n);
        break;
      case "read":
        g.text.push("\tla\tt1, fds", "\tlw\ts1, 0(t1)");
        g.sys(SYS.read, "%s1", "buf", a.n);
        break;
      case "kill":
        if (a.target === "parent") {
          g.sys(SYS2.getppid);
          g.text.push("\tmv\ts1, a0");
        } else g.text.push("\tmv\ts1, s2");
        g.sys(SYS2.kill, "%s1", a.signo);
        break;
      case "mask":
        g.sys(SYS2.sigprocmask, a.how, g.words(sigset(a.set), 0), 0, 8);
        break;
      case "yield":
        g.sys(SYS.yield);
        break;
      case "wait":
        g.sys(SYS2.wait4, -1, 0, a.nohang ? 1 : 0, 0);
        break;
      case "fork": {
        const child = g.label("child");
        const after = g.label("after");
        g.sys(SYS2.clone, 17, 0);
        g.text.push(`\tbeqz\ta0, ${child}`, `\tj\t${after}`, `${child}:`);
        g.sys(172); // getpid: s2 is the own pid (kill self)
        g.text.push("\tmv\ts2, a0");
        emit(g, a.child, depth + 1);
        g.sys(SYS.exit, depth + 1);
        g.text.push(`${after}:`);
        break;
      }
    }
  }
}

/** A program and where its `counts` array is (counts[sig] signals taken, counts[64 + sig] the rdtime of the last). */
export interface GuestImage {
  files: RootFile[];
  counts: number;
}

/** The workload as init's program (pid 1). */
export function workloadProgram(w: Workload): GuestImage {
  const g = start();
  for (const s of SIGNALS) handle(g, s, w.restart ? SA_RESTART : 0);
  g.sys(SYS.pipe2, "fds", w.pipeFlags);
  emit(g, w.init, 0);
  if (w.tail === "spin") g.text.push("spin:\taddi\tt0, t0, 1", "\tsw\tt0, 0(gp)", "\tj\tspin");
  else {
    g.text.push("reap:");
    g.sys(SYS2.wait4, -1, 0, 0, 0);
    g.text.push("\tbgez\ta0, reap", "idle:");
    g.sys(SYS2.ppoll, 0, 0, 0, 0);
    g.text.push("\tj\tidle");
  }
  return image(g);
}

function start(): Gen {
  const g = new Gen();
  g.text.push("\t.text", "\t.globl\t_start", "_start:", "\tla\tgp, counter", "\tli\ts2, 1");
  return g;
}

/** rt_sigaction(sig, {handler, flags, 0}, NULL, 8); the handler's address is stored at run time. */
function handle(g: Gen, sig: number, flags: number): void {
  const act = g.words(0, flags, 0, 0);
  g.text.push(`\tla\tt1, ${act}`, "\tla\tt2, handler", "\tsw\tt2, 0(t1)");
  g.sys(SYS2.sigaction, sig, act, 0, 8);
}

/** The handler: counts each signal at counts[signo] and notes when the last one arrived (rdtime). */
const HANDLER = [
  "handler:",
  "\trdtime\tt2",
  "\tla\tt0, counts",
  "\tslli\tt1, a0, 2",
  "\tadd\tt0, t0, t1",
  "\tlw\tt1, 0(t0)",
  "\taddi\tt1, t1, 1",
  "\tsw\tt1, 0(t0)",
  "\tsw\tt2, 256(t0)",
  "\tret",
];

function image(g: Gen): GuestImage {
  const src = [
    ...g.text,
    ...HANDLER,
    "\t.data",
    "\t.align\t2",
    "fds:\t.word\t0, 0",
    "timerid:\t.word\t0",
    "counter:\t.word\t0",
    ...g.data,
    "\t.bss",
    "\t.align\t2",
    "counts:\t.space\t512",
    "buf:\t.space\t8192",
  ].join("\n");
  const prog = assemble(src, "split.s");
  const counts = prog.symbols.find((s) => s.name === "counts");
  if (!counts) throw new Error("split.s: no counts symbol");
  return { files: [{ path: "/bin/init", mode: 0o755, data: writeElf(prog) }], counts: counts.value };
}

/** init alone on the CPU: a SIGALRM handler, setitimer(ITIMER_REAL, `alarmTicks`), then an endless loop. */
export function alarmLoop(alarmTicks: number): GuestImage {
  const g = start();
  handle(g, 14, 0);
  g.sys(SYS.setitimer, 0, g.words(0, 0, ...usec(alarmTicks)), 0);
  g.text.push("spin:\taddi\tt0, t0, 1", "\tsw\tt0, 0(gp)", "\tj\tspin");
  return image(g);
}
