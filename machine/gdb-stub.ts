// The GDB remote serial protocol for one process of the box (docs/gdb.md):
// registers, memory, software breakpoints, step, continue, and reverse-step /
// reverse-continue built on the timeline (machine/timeline.ts). Pure protocol
// logic — packets in, packets out; the TCP side is host-gdb.ts. While gdb holds
// the process the whole machine is stopped, so time does not run away.

import { Debugger, type StopReason } from "./debug.js";
import type { Timeline } from "./timeline.js";

const REG_NAMES = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];

/** The target description gdb asks for: RV32 integer registers and pc. */
export const TARGET_XML = `<?xml version="1.0"?><!DOCTYPE target SYSTEM "gdb-target.dtd"><target version="1.0"><architecture>riscv:rv32</architecture><feature name="org.gnu.gdb.riscv.cpu">${REG_NAMES.map((n, i) => `<reg name="${n}" bitsize="32" type="${i === 1 ? "code_ptr" : i === 2 ? "data_ptr" : "int"}" regnum="${i}"/>`).join("")}<reg name="pc" bitsize="32" type="code_ptr" regnum="32"/></feature></target>`;

const hex8 = (v: number) => {
  const b = v >>> 0;
  return [b & 255, (b >>> 8) & 255, (b >>> 16) & 255, b >>> 24].map((x) => x.toString(16).padStart(2, "0")).join("");
};
const fromHex8 = (s: string) => (parseInt(s.slice(0, 2), 16) | (parseInt(s.slice(2, 4), 16) << 8) | (parseInt(s.slice(4, 6), 16) << 16) | (parseInt(s.slice(6, 8), 16) << 24)) >>> 0;
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** One gdb session on one process. `handle` takes a packet's payload and returns the reply payload (null = none, end). */
export class GdbSession {
  readonly dbg: Debugger;
  private ended = false;

  constructor(
    private readonly timeline: Timeline,
    readonly pid: number,
  ) {
    this.dbg = new Debugger(() => timeline.machine, pid);
  }

  get done(): boolean {
    return this.ended;
  }

  handle(packet: string): string | null {
    try {
      return this.dispatch(packet);
    } catch (e) {
      if (e instanceof RangeError || (e instanceof Error && e.name === "NoSuchProcess")) return "E01";
      throw e;
    }
  }

  private dispatch(p: string): string | null {
    const c = p[0];
    if (p.startsWith("qSupported")) return "PacketSize=4000;qXfer:features:read+;ReverseStep+;ReverseContinue+";
    if (p.startsWith("qXfer:features:read:target.xml:")) {
      const [off, len] = p.slice("qXfer:features:read:target.xml:".length).split(",").map((x) => parseInt(x, 16));
      const chunk = TARGET_XML.slice(off!, off! + len!);
      return (off! + len! >= TARGET_XML.length ? "l" : "m") + chunk;
    }
    if (p === "qAttached") return "1";
    if (p === "qC") return "QC1";
    if (p === "qfThreadInfo") return "m1";
    if (p === "qsThreadInfo") return "l";
    if (p === "?") return "S05";
    if (c === "H" || p.startsWith("T")) return "OK";
    if (p === "g") return this.dbg.registers().map(hex8).join("");
    if (c === "G") {
      const body = p.slice(1);
      for (let i = 0; i < 33 && (i + 1) * 8 <= body.length; i++) this.dbg.setRegister(i, fromHex8(body.slice(i * 8, i * 8 + 8)));
      return "OK";
    }
    if (c === "p") {
      const i = parseInt(p.slice(1), 16);
      const regs = this.dbg.registers();
      return i < regs.length ? hex8(regs[i]!) : "E01";
    }
    if (c === "P") {
      const [i, v] = p.slice(1).split("=");
      this.dbg.setRegister(parseInt(i!, 16), fromHex8(v!));
      return "OK";
    }
    if (c === "m") {
      const [addr, len] = p.slice(1).split(",").map((x) => parseInt(x, 16));
      const b = this.dbg.read(addr!, Math.min(len!, 0x1000));
      return b ? toHex(b) : "E14";
    }
    if (c === "M") {
      const [where, data] = p.slice(1).split(":");
      const [addr] = where!.split(",").map((x) => parseInt(x, 16));
      const bytes = new Uint8Array((data ?? "").length / 2).map((_, i) => parseInt(data!.slice(i * 2, i * 2 + 2), 16));
      return this.dbg.write(addr!, bytes) ? "OK" : "E14";
    }
    if (p.startsWith("Z0,") || p.startsWith("z0,")) {
      const addr = parseInt(p.split(",")[1]!, 16) >>> 0;
      if (c === "Z") this.dbg.breaks.add(addr);
      else this.dbg.breaks.delete(addr);
      return "OK";
    }
    if (p.startsWith("Z2,") || p.startsWith("z2,")) {
      const addr = parseInt(p.split(",")[1]!, 16) >>> 0;
      if (c === "Z") this.dbg.watches.add(addr & ~3);
      else this.dbg.watches.delete(addr & ~3);
      return "OK";
    }
    if (c === "s") return this.stopReply(this.dbg.step(1));
    if (c === "c") return this.stopReply(this.dbg.continue());
    if (p === "bs") return this.reverseStep();
    if (p === "bc") return this.reverseContinue();
    if (c === "k") {
      this.ended = true;
      return null;
    }
    if (c === "D") {
      this.ended = true;
      return "OK";
    }
    return ""; // not supported: gdb falls back
  }

  private stopReply(r: StopReason): string {
    switch (r.kind) {
      case "exited":
        this.ended = true;
        return `W${((r.status >> 8) & 255).toString(16).padStart(2, "0")}`;
      case "watch":
        return `T05watch:${r.addr.toString(16)};`;
      case "break":
      case "step":
        return "S05";
      default:
        return "S05"; // limit or idle: stopped, gdb shows where
    }
  }

  private instret(): number {
    return this.timeline.machine.kernel.state.procs.get(this.pid)?.hart.instret ?? -1;
  }

  /**
   * The latest tick before now at which `hit(instret, pc)` held for this process, replaying from the
   * oldest kept point one tick at a time (exact: a run split at any tick is the same run).
   */
  private latestTick(hit: (instret: number, pc: number, prev: number) => boolean, now: number): number | null {
    const t = this.timeline;
    t.goto(t.start);
    let found: number | null = null;
    let prev = this.instret();
    while (t.now() < now) {
      const p = t.machine.kernel.state.procs.get(this.pid);
      if (p && p.state !== "zombie" && hit(p.hart.instret, p.hart.pc >>> 0, prev)) found = t.now();
      if (p) prev = p.hart.instret;
      t.run(1);
    }
    return found;
  }

  private reverseStep(): string {
    const now = this.timeline.now();
    const target = this.instret() - 1;
    if (target < 0) return "S05";
    const t = this.latestTick((i) => i === target, now);
    this.timeline.goto(t ?? this.timeline.start);
    return "S05";
  }

  private reverseContinue(): string {
    const now = this.timeline.now();
    const current = this.instret();
    const t = this.latestTick((i, pc, prev) => i !== prev && i < current && this.dbg.breaks.has(pc), now);
    this.timeline.goto(t ?? this.timeline.start);
    return "S05";
  }
}

/** Split a byte stream into gdb packets: `$payload#cs`; acks and ^C (0x03) are reported as such. */
export class PacketReader {
  private buf = "";

  /** Feed bytes; returns complete items: {packet} with a valid checksum, {bad} otherwise, {interrupt}. */
  feed(text: string): ({ packet: string } | { bad: true } | { interrupt: true })[] {
    this.buf += text;
    if (this.buf.length > 1 << 20) this.buf = this.buf.slice(-4096); // a flood without packets: keep memory bounded
    const out: ({ packet: string } | { bad: true } | { interrupt: true })[] = [];
    for (;;) {
      const i = this.buf.search(/[$\x03]/);
      if (i < 0) {
        this.buf = "";
        return out;
      }
      if (this.buf[i] === "\x03") {
        out.push({ interrupt: true });
        this.buf = this.buf.slice(i + 1);
        continue;
      }
      const end = this.buf.indexOf("#", i);
      if (end < 0 || end + 2 >= this.buf.length) {
        this.buf = this.buf.slice(i);
        return out;
      }
      const payload = this.buf.slice(i + 1, end);
      const sum = parseInt(this.buf.slice(end + 1, end + 3), 16);
      this.buf = this.buf.slice(end + 3);
      out.push(checksum(payload) === sum ? { packet: unescape(payload) } : { bad: true });
    }
  }
}

function unescape(s: string): string {
  return s.replace(/}(.)/g, (_, ch: string) => String.fromCharCode(ch.charCodeAt(0) ^ 0x20));
}

/** The protocol's modulo-256 sum of the payload's bytes. */
export function checksum(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + s.charCodeAt(i)) & 255;
  return sum;
}

/** Frame a reply payload: `$payload#cs` (with #, $, } escaped). */
export function frame(payload: string): string {
  const esc = payload.replace(/[#$}*]/g, (ch) => `}${String.fromCharCode(ch.charCodeAt(0) ^ 0x20)}`);
  return `$${esc}#${checksum(esc).toString(16).padStart(2, "0")}`;
}
