// The console's debugging commands as a DebugSession: examine, deposit, step, break/watch/go,
// trace, and back/goto on a timeline, on a box running the gdbdemo fixture (symbols, -O0).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { DebugCommandError, DebugSession } from "../../machine/debug-console.js";
import { packageRoot } from "../../state/root.js";

const elf = new Uint8Array(readFileSync(join(packageRoot(), "test/machine/fixtures/gdbdemo")));

function box(): { m: Machine; pid: number } {
  const m = Machine.boot({ ttys: 1, files: [{ path: "/bin/gdbdemo", mode: 0o755, data: elf }] });
  m.run();
  m.tty(0).send("gdbdemo\n");
  m.runUntil(() => [...m.kernel.state.procs.values()].some((p) => p.comm === "gdbdemo"), 100_000_000, 1);
  return { m, pid: [...m.kernel.state.procs.values()].find((p) => p.comm === "gdbdemo")!.pid };
}

describe("debugging at the console", () => {
  it("break at a symbol, go, examine registers and disassembly, step one instruction", () => {
    const { m, pid } = box();
    const d = new DebugSession();
    expect(d.command(m, "break", [String(pid), "square"]).text).toMatch(/^1 {2}break process \d+ at square \(0x[0-9a-f]{8}\)$/);
    const stop = d.command(m, "go", []).text;
    expect(stop).toMatch(/^break: process \d+ at square/);
    const pc = m.kernel.state.procs.get(pid)!.hart.pc;
    expect(d.command(m, "examine", [String(pid), "pc"]).text).toBe(`pc 0x${pc.toString(16).padStart(8, "0")}`);
    expect(d.command(m, "examine", [String(pid)]).text).toMatch(/^zero 0x00000000 {3}\s*ra 0x/);
    expect(d.command(m, "examine", [String(pid), "square", "2", "i"]).text).toMatch(/^<square>\n0x[0-9a-f]{8}: [0-9a-f]{8} {2}addi sp, sp, -\d+/);
    const before = m.kernel.state.procs.get(pid)!.hart.instret;
    d.command(m, "step", ["1", String(pid)]);
    expect(m.kernel.state.procs.get(pid)!.hart.instret).toBe(before + 1);
    expect(d.showBreaks()).toContain("break process");
    d.command(m, "delete", ["1"]);
    expect(d.showBreaks()).toBe("no breakpoints");
  });

  it("deposit changes what the program computes; watch stops when a word changes", () => {
    const { m, pid } = box();
    const d = new DebugSession();
    d.command(m, "watch", [String(pid), "total"]);
    const w = d.command(m, "go", []).text;
    expect(w).toMatch(/^watch: process \d+ 0x[0-9a-f]{8}: 0x00000000 → 0x00000001/); // total += square(1)
    d.command(m, "delete", ["all"]);
    d.command(m, "deposit", [String(pid), "total", "1000"]);
    expect(d.command(m, "examine", [String(pid), "total", "1", "x"]).text).toMatch(/: 0x000003e8$/);
    m.run(50_000_000);
    expect(m.tty(0).output()).toContain("x=32 total=1029"); // 1000 + 1 + 4 + 9 + 16 − … : 1000 + 29 after square(1)
  });

  it("trace prints the program's system calls; break syscall stops at write", () => {
    const { m, pid } = box();
    const d = new DebugSession();
    d.command(m, "trace", [String(pid)]);
    d.command(m, "break", ["syscall", "write", String(pid)]);
    expect(d.command(m, "go", []).text).toMatch(/^break: process \d+ called write/);
    expect(d.takeTrace().join("\n")).toMatch(new RegExp(`${pid} write\\(1, "x=32 total=30\\\\n", 14\\) = 14$`)); // stops after the call
    expect(() => d.command(m, "examine", ["99999"])).toThrow(DebugCommandError);
  });

  it("timeline: back and goto return to earlier states exactly", () => {
    const { m, pid } = box();
    const d = new DebugSession();
    let cur = d.command(m, "timeline", ["on", "100000"]).machine;
    cur = d.command(cur, "step", ["3000"]).machine;
    const t1 = cur.now();
    const digest = cur.digest();
    cur = d.command(cur, "step", ["800000"]).machine;
    expect(cur.kernel.state.procs.has(pid)).toBe(false);
    expect(cur.tty(0).output()).toContain("x=32 total=30"); // the program finished meanwhile
    cur = d.command(cur, "goto", [String(t1)]).machine;
    expect(cur.now()).toBe(t1);
    expect(cur.digest()).toBe(digest);
    cur = d.command(cur, "back", ["1000"]).machine;
    expect(cur.now()).toBe(t1 - 1000);
    expect(d.showTimeline()).toMatch(/^timeline: now \d+, reaches back to \d+/);
    expect(cur.kernel.state.procs.has(pid)).toBe(true);
  });
});
