// The operator console's debugging commands (docs/console.md "Look, step and
// go back"): examine/deposit, step, break/watch/delete and continue-to-stop,
// trace, and the timeline (back, goto). The console keeps one DebugSession;
// everything here is host-side and never machine state.
//
//   examine PID REG|ADDR [COUNT] [x|b|a|i]   registers / memory (hex words, bytes, ASCII, disassembly)
//   examine proc PID | pipe ID | ttyN        a kernel object, as the snapshot declares it
//   deposit PID REG|ADDR VALUE               change a register or a memory word
//   step [N] [PID]                           N ticks of the machine, or N instructions of PID
//   break PID ADDR|SYMBOL · break syscall NAME [PID] · break exit PID
//   watch PID ADDR · delete N|all · show breaks · go [TICKS]   (run until a stop)
//   trace PID|all|off
//   timeline on [EVERY]|off · back TICKS · goto TICK · show timeline

import { readElf } from "../cpu/asm/elf-read.js";
import { decode as decodeInsn } from "../cpu/asm/isa.js";
import { formatInsn } from "../cpu/asm/disasm.js";
import { programImage } from "../kernel/exec.js";
import { KernelState } from "../kernel/state.js";
import type { KernelObserver, SyscallOutcome } from "../kernel/observer.js";
import type { ProcState } from "../kernel/state.js";
import { toPlain } from "../state/index.js";
import { Debugger } from "./debug.js";
import type { Machine } from "./machine.js";
import { Timeline } from "./timeline.js";
import { SyscallTracer } from "./trace.js";

/** A refused debugging command: one line for the operator. */
export class DebugCommandError extends Error {
  override name = "DebugCommandError";
}

type Break =
  | { kind: "pc"; pid: number; pc: number; label: string }
  | { kind: "syscall"; name: string; pid: number | null }
  | { kind: "exit"; pid: number }
  | { kind: "watch"; pid: number; addr: number };

const REGS = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];
const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

function num(s: string | undefined, what: string): number {
  if (s === undefined) throw new DebugCommandError(`${what} expected`);
  const v = Number(s.replace(/_/g, ""));
  if (!Number.isSafeInteger(v) || v < 0) throw new DebugCommandError(`bad ${what}: ${s}`);
  return v;
}

/** Host-side debugging state of one console. */
export class DebugSession {
  private breaks: (Break | null)[] = [];
  private traceLines: string[] = [];
  private tracer: SyscallTracer | null = null;
  private syscallHit: string | null = null;
  timeline: Timeline | null = null;

  /** Lines trace produced since they were last taken (the console prints them with its next reply). */
  takeTrace(): string[] {
    const out = this.traceLines;
    this.traceLines = [];
    return out;
  }

  /** Run one debugging command; returns the text to print and the machine to use from now on. */
  command(m: Machine, name: string, args: string[]): { text: string; machine: Machine } {
    switch (name) {
      case "examine":
        return { text: this.examine(m, args), machine: m };
      case "deposit":
        return { text: this.deposit(m, args), machine: m };
      case "step":
        return this.step(m, args);
      case "break":
      case "watch":
        return { text: this.addBreak(m, name, args), machine: m };
      case "delete":
        return { text: this.deleteBreak(args), machine: m };
      case "go":
        return this.go(m, args);
      case "trace":
        return { text: this.trace(m, args), machine: m };
      case "timeline":
        return this.timelineCmd(m, args);
      case "back":
      case "goto":
        return this.travel(m, name, args);
      default:
        throw new DebugCommandError(`unknown debugging command ${name}`);
    }
  }

  /** `show breaks` */
  showBreaks(): string {
    const rows = this.breaks.flatMap((b, i) => (b ? [`${i + 1}  ${describe(b)}`] : []));
    return rows.length ? rows.join("\n") : "no breakpoints";
  }

  /** `show timeline` */
  showTimeline(): string {
    const t = this.timeline;
    if (!t) return "no timeline (timeline on [EVERY] starts one)";
    return `timeline: now ${t.now()}, reaches back to ${t.start}, ${t.pointTimes().length} points, ${t.recordedInputs().length} inputs recorded`;
  }

  private proc(m: Machine, pid: number): ProcState {
    const p = m.kernel.state.procs.get(pid);
    if (!p) throw new DebugCommandError(`no process ${pid}`);
    return p;
  }

  private examine(m: Machine, args: string[]): string {
    const [what, a1] = args;
    if (what === "proc") return JSON.stringify(toPlain(KernelState.fields.procs.of, this.proc(m, num(a1, "pid"))), null, 1);
    if (what === "pipe") {
      const p = m.kernel.state.pipes.get(num(a1, "pipe id"));
      if (!p) throw new DebugCommandError(`no pipe ${a1}`);
      return JSON.stringify(toPlain(KernelState.fields.pipes.of, p), null, 1);
    }
    if (what && /^tty\d+$/.test(what)) {
      const t = m.kernel.state.ttys[Number(what.slice(3))];
      if (!t) throw new DebugCommandError(`no terminal ${what}`);
      return JSON.stringify(toPlain(KernelState.fields.ttys.of, t), null, 1);
    }
    const pid = num(what, "pid");
    const dbg = new Debugger(() => m, pid);
    this.proc(m, pid);
    const target = args[1];
    if (target === undefined || target === "regs") {
      const r = dbg.registers();
      const rows = REGS.map((n, i) => `${n.padStart(4)} ${hex(r[i]!)}`);
      const lines: string[] = [];
      for (let i = 0; i < 32; i += 4) lines.push(rows.slice(i, i + 4).join("   "));
      return [...lines, `  pc ${hex(r[32]!)}`].join("\n");
    }
    const reg = regIndex(target);
    if (reg >= 0) return `${target} ${hex(dbg.registers()[reg]!)}`;
    const addr = this.address(m, pid, target);
    const count = args[2] !== undefined ? num(args[2], "count") : 4;
    const fmt = args[3] ?? "x";
    if (count > 4096) throw new DebugCommandError("examine at most 4096 units at a time");
    const size = fmt === "x" || fmt === "i" ? 4 * count : count;
    const bytes = dbg.read(addr, size);
    if (!bytes) throw new DebugCommandError(`${hex(addr)}: not mapped in process ${pid}`);
    if (fmt === "b") return chunks(bytes, 16).map((c, i) => `${hex(addr + i * 16)}: ${Array.from(c, (x) => x.toString(16).padStart(2, "0")).join(" ")}`).join("\n");
    if (fmt === "a") return `${hex(addr)}: ${JSON.stringify(new TextDecoder().decode(bytes))}`;
    const words = Array.from({ length: count }, (_, i) => (bytes[i * 4]! | (bytes[i * 4 + 1]! << 8) | (bytes[i * 4 + 2]! << 16) | (bytes[i * 4 + 3]! << 24)) >>> 0);
    if (fmt === "i") {
      const syms = this.symbols(m, pid);
      return words.map((w, i) => {
        const pc = addr + i * 4;
        const d = decodeInsn(w);
        const label = syms.get(pc);
        const text = d ? (({ mnemonic, operands }) => `${mnemonic} ${operands}`.trim())(formatInsn(d, pc)) : `.word ${hex(w)}`;
        return `${label ? `<${label}>\n` : ""}${hex(pc)}: ${hex(w).slice(2)}  ${text}`;
      }).join("\n");
    }
    if (fmt !== "x") throw new DebugCommandError(`unknown format ${fmt} (x, b, a or i)`);
    const rows: string[] = [];
    for (let i = 0; i < words.length; i += 4) rows.push(`${hex(addr + i * 4)}: ${words.slice(i, i + 4).map(hex).join(" ")}`);
    return rows.join("\n");
  }

  private deposit(m: Machine, args: string[]): string {
    const pid = num(args[0], "pid");
    this.proc(m, pid);
    const dbg = new Debugger(() => m, pid);
    const target = args[1];
    if (target === undefined) throw new DebugCommandError("register or address expected");
    const value = num(args[2], "value") >>> 0;
    const reg = regIndex(target);
    if (reg >= 0) {
      dbg.setRegister(reg, value);
      return `${target} = ${hex(value)}`;
    }
    const addr = this.address(m, pid, target);
    const b = new Uint8Array([value & 255, (value >>> 8) & 255, (value >>> 16) & 255, value >>> 24]);
    if (!dbg.write(addr, b)) throw new DebugCommandError(`${hex(addr)}: not mapped in process ${pid}`);
    return `${hex(addr)} = ${hex(value)}`;
  }

  private step(m: Machine, args: string[]): { text: string; machine: Machine } {
    const n = args[0] !== undefined ? num(args[0], "count") : 1;
    if (args[1] === undefined) {
      this.advance(m, n);
      return { text: `time ${m.now()}`, machine: m };
    }
    const pid = num(args[1], "pid");
    this.proc(m, pid);
    const r = new Debugger(() => m, pid).step(n);
    const p = m.kernel.state.procs.get(pid);
    return { text: `${r.kind === "step" ? "stepped" : r.kind}: process ${pid} pc ${p ? hex(p.hart.pc) : "-"}, time ${m.now()}`, machine: m };
  }

  // Let n ticks pass, through the timeline when one is on (so the past stays reachable).
  private advance(m: Machine, n: number): void {
    if (this.timeline && this.timeline.machine === m) this.timeline.run(n);
    else m.run(n);
  }

  private addBreak(m: Machine, name: string, args: string[]): string {
    let b: Break;
    if (name === "watch") {
      const pid = num(args[0], "pid");
      this.proc(m, pid);
      b = { kind: "watch", pid, addr: this.address(m, pid, args[1]) & ~3 };
    } else if (args[0] === "syscall") {
      if (!args[1]) throw new DebugCommandError("system call name expected");
      b = { kind: "syscall", name: args[1], pid: args[2] !== undefined ? num(args[2], "pid") : null };
    } else if (args[0] === "exit") {
      b = { kind: "exit", pid: num(args[1], "pid") };
    } else {
      const pid = num(args[0], "pid");
      this.proc(m, pid);
      if (!args[1]) throw new DebugCommandError("address or symbol expected");
      b = { kind: "pc", pid, pc: this.address(m, pid, args[1]), label: args[1] };
    }
    this.breaks.push(b);
    return `${this.breaks.length}  ${describe(b)}`;
  }

  private deleteBreak(args: string[]): string {
    if (args[0] === "all") {
      this.breaks = [];
      return "all breakpoints deleted";
    }
    const i = num(args[0], "breakpoint number") - 1;
    if (!this.breaks[i]) throw new DebugCommandError(`no breakpoint ${args[0]}`);
    this.breaks[i] = null;
    return `breakpoint ${i + 1} deleted`;
  }

  /** Run tick by tick until a breakpoint or watch fires (or TICKS, default 10 virtual seconds). */
  private go(m: Machine, args: string[]): { text: string; machine: Machine } {
    const limit = args[0] !== undefined ? num(args[0], "ticks") : 1_000_000_000;
    const live = this.breaks.filter((b): b is Break => b !== null);
    if (live.length === 0) throw new DebugCommandError("no breakpoints: use run, or set one with break/watch");
    const state = m.kernel.state;
    const watched = live.filter((b) => b.kind === "watch").map((b) => ({ b, v: this.word(m, b.pid, b.addr) }));
    const startInstret = new Map([...state.procs.values()].map((p) => [p.pid, p.hart.instret]));
    this.syscallHit = null;
    const restore = this.hookSyscalls(m, live);
    let why = "";
    try {
      const r = m.runUntil(() => {
        if (this.syscallHit) return (why = this.syscallHit), true;
        for (const b of live) {
          if (b.kind === "pc") {
            const p = state.procs.get(b.pid);
            if (p && !p.inSyscall && p.hart.pc >>> 0 === b.pc && p.hart.instret !== startInstret.get(b.pid)) return (why = `break: process ${b.pid} at ${b.label} (${hex(b.pc)})`), true;
          } else if (b.kind === "exit") {
            const p = state.procs.get(b.pid);
            if (!p || p.state === "zombie") return (why = `break: process ${b.pid} exited`), true;
          }
        }
        for (const w of watched) {
          const now = this.word(m, w.b.pid, w.b.addr);
          if (now !== w.v) return (why = `watch: process ${w.b.pid} ${hex(w.b.addr)}: ${w.v === null ? "-" : hex(w.v)} → ${now === null ? "-" : hex(now)}`), true;
        }
        return false;
      }, limit, 1);
      if (!why) why = r.idle ? "idle: nothing can run" : `no stop within ${limit} ticks`;
    } finally {
      restore();
    }
    return { text: `${why}; time ${m.now()}`, machine: m };
  }

  // Break on system calls: a temporary observer that notes the first matching call (and keeps trace going).
  private hookSyscalls(m: Machine, live: Break[]): () => void {
    const calls = live.filter((b): b is Extract<Break, { kind: "syscall" }> => b.kind === "syscall");
    if (calls.length === 0) return () => {};
    const k = m.kernel;
    const previous = k.observer;
    const hook: KernelObserver = {
      syscall: (p: ProcState, nr: number, name: string, a: readonly number[], rerun: boolean, o: SyscallOutcome) => {
        previous?.syscall(p, nr, name, a, rerun, o);
        if (!rerun && !this.syscallHit && calls.some((b) => b.name === name && (b.pid === null || b.pid === p.pid))) this.syscallHit = `break: process ${p.pid} called ${name}`;
      },
    };
    k.observer = hook;
    return () => {
      k.observer = previous;
    };
  }

  private trace(m: Machine, args: string[]): string {
    const a = args[0];
    if (a === undefined) throw new DebugCommandError("trace PID|all|off");
    if (a === "off") {
      m.kernel.observer = null;
      this.tracer = null;
      return "trace off";
    }
    const target = a === "all" ? "all" : num(a, "pid");
    if (target !== "all") this.proc(m, target);
    this.tracer = new SyscallTracer(m.kernel, target, (l) => {
      if (this.traceLines.length < 10_000) this.traceLines.push(l); // bounded between two console replies
    });
    m.kernel.observer = this.tracer;
    return `tracing ${target === "all" ? "every process" : `process ${target}`}`;
  }

  private timelineCmd(m: Machine, args: string[]): { text: string; machine: Machine } {
    if (args[0] === "off") {
      this.timeline?.close();
      this.timeline = null;
      return { text: "timeline off", machine: m };
    }
    if (args[0] !== "on") throw new DebugCommandError("timeline on [EVERY] | off");
    const every = args[1] !== undefined ? num(args[1], "tick interval") : undefined;
    this.timeline?.close();
    this.timeline = new Timeline(m, { every });
    return { text: `timeline on at ${m.now()}${every ? `, a point every ${every} ticks` : ""}`, machine: m };
  }

  private travel(m: Machine, name: string, args: string[]): { text: string; machine: Machine } {
    const t = this.timeline;
    if (!t || t.machine !== m) throw new DebugCommandError("no timeline on this machine (timeline on starts one)");
    if (name === "back") t.back(num(args[0], "ticks"));
    else t.goto(num(args[0], "tick"));
    const next = t.machine;
    if (this.tracer) this.trace(next, [String(this.tracer.target)]);
    return { text: `time ${next.now()}`, machine: next };
  }

  /** An address: a number, or a symbol of the process's program (its ELF symbol table). */
  private address(m: Machine, pid: number, s: string | undefined): number {
    if (s === undefined) throw new DebugCommandError("address expected");
    if (/^(0x[0-9a-f_]+|\d[\d_]*)$/i.test(s)) return Number(s.replace(/_/g, "")) >>> 0;
    for (const [addr, name] of this.symbols(m, pid)) if (name === s) return addr;
    throw new DebugCommandError(`no symbol ${s} in process ${pid}'s program`);
  }

  private symbols(m: Machine, pid: number): Map<number, string> {
    const p = this.proc(m, pid);
    const path = p.argv[0]?.includes("/") ? p.argv[0] : `/bin/${p.comm.replace(/^-/, "")}`;
    const bytes = programImage(m.kernel, p, path);
    const out = new Map<number, string>();
    if (typeof bytes === "number") return out;
    try {
      for (const s of readElf(bytes).symbols) if (s.name && s.shndx !== 0 && (s.type === 2 || s.type === 1 || s.type === 0)) out.set(s.value >>> 0, s.name);
    } catch {
      // not an ELF we can read: no symbols
    }
    return out;
  }

  private word(m: Machine, pid: number, addr: number): number | null {
    const p = m.kernel.state.procs.get(pid);
    if (!p || p.state === "zombie") return null;
    const b = m.kernel.mem(p).copyIn(addr, 4);
    return b ? (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0 : null;
  }
}

function regIndex(s: string): number {
  if (s === "pc") return 32;
  if (/^x\d+$/.test(s)) {
    const i = Number(s.slice(1));
    return i < 32 ? i : -1;
  }
  if (s === "fp") return 8;
  return REGS.indexOf(s);
}

function chunks(a: Uint8Array, n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < a.length; i += n) out.push(a.subarray(i, i + n));
  return out;
}

function describe(b: Break): string {
  switch (b.kind) {
    case "pc":
      return `break process ${b.pid} at ${b.label} (${hex(b.pc)})`;
    case "syscall":
      return `break on ${b.name}${b.pid === null ? "" : ` in process ${b.pid}`}`;
    case "exit":
      return `break when process ${b.pid} exits`;
    case "watch":
      return `watch process ${b.pid} word at ${hex(b.addr)}`;
  }
}
