// gdb against a process in the box (machine/gdb-stub.ts, host-gdb.ts), with a
// real client: Debian's gdb-multiarch in batch mode on a C program built with
// symbols — break at a function, continue, print variables, reverse-continue
// and reverse-step (built on the timeline) and see the earlier values.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { Timeline } from "../../machine/timeline.js";
import { serveGdb } from "../../machine/host-gdb.js";
import { GdbSession, PacketReader, checksum, frame } from "../../machine/gdb-stub.js";
import { packageRoot } from "../../state/root.js";
import { connect } from "node:net";
import { Console } from "../../machine/console.js";

const elfPath = join(packageRoot(), "test/machine/fixtures/gdbdemo");
const hasGdb = spawnSync("gdb-multiarch", ["--version"]).status === 0;
if (!hasGdb) console.warn("gdb.test.ts: gdb-multiarch not installed; the real-client test is skipped (apt-get install gdb-multiarch)");

/** A box running gdbdemo, stopped just after its exec, under a timeline. */
function boxAtExec(): { t: Timeline; pid: number } {
  const m = Machine.boot({ ttys: 1, files: [{ path: "/bin/gdbdemo", mode: 0o755, data: new Uint8Array(readFileSync(elfPath)) }] });
  m.run();
  m.tty(0).send("gdbdemo\n");
  const r = m.runUntil(() => [...m.kernel.state.procs.values()].some((p) => p.comm === "gdbdemo"), 100_000_000, 1);
  expect(r.done).toBe(true);
  const pid = [...m.kernel.state.procs.values()].find((p) => p.comm === "gdbdemo")!.pid;
  return { t: new Timeline(m, { every: 200_000 }), pid };
}

describe("gdb remote protocol", () => {
  it("frames, checksums and unescapes packets; a bad checksum is reported", () => {
    expect(frame("OK")).toBe("$OK#9a");
    expect(checksum("OK")).toBe(0x9a);
    const r = new PacketReader();
    expect(r.feed("+$g#67$m10,4#00")).toEqual([{ packet: "g" }, { bad: true }]);
    expect(r.feed("$qSup")).toEqual([]);
    expect(r.feed(`ported#${checksum("qSupported").toString(16)}\x03`)).toEqual([{ packet: "qSupported" }, { interrupt: true }]);
  });

  it("registers, memory, a breakpoint and a step in protocol terms", () => {
    const { t, pid } = boxAtExec();
    const s = new GdbSession(t, pid);
    const regs = s.handle("g")!;
    expect(regs).toHaveLength(33 * 8);
    const pc = s.dbg.registers()[32]!;
    expect(s.handle("m" + pc.toString(16) + ",4")).toMatch(/^[0-9a-f]{8}$/);
    expect(s.handle("m0,4")).toBe("E14");
    expect(s.handle("s")).toBe("S05");
    expect(s.dbg.registers()[32]).not.toBe(pc);
    expect(s.handle("bs")).toBe("S05"); // reverse-step: back where we were
    expect(s.dbg.registers()[32]).toBe(pc);
    expect(s.handle("vMustReplyEmpty")).toBe("");
  });

  it.skipIf(!hasGdb)("gdb-multiarch: break, continue, print, reverse-continue, reverse-step", async () => {
    const { t, pid } = boxAtExec();
    const server = await serveGdb(t, pid, 0);
    const gdb = spawn("gdb-multiarch", [
      "-batch", "-nx",
      "-ex", `file ${elfPath}`,
      "-ex", `target remote 127.0.0.1:${server.port}`,
      "-ex", "break square",
      "-ex", "continue",
      "-ex", "print v",
      "-ex", "continue",
      "-ex", "continue",
      "-ex", "print v",
      "-ex", "print total",
      "-ex", "reverse-continue",
      "-ex", "print v",
      "-ex", "print total",
      "-ex", "next",
      "-ex", "print r",
      "-ex", "reverse-step",
      "-ex", "print r",
      "-ex", "kill",
    ]);
    let out = "";
    gdb.stdout.on("data", (d) => (out += d));
    gdb.stderr.on("data", (d) => (out += d));
    await new Promise<void>((resolve) => gdb.on("close", () => resolve()));
    server.close();
    if (process.env.SHOW_GDB) console.log(out);
    const prints = [...out.matchAll(/^\$(\d+) = (-?\d+)$/gm)].map((m) => Number(m[2]));
    // v at the 1st and 3rd call (2); total after square(0) and square(1) (1); reverse-continue lands in the
    // 2nd call again (v = 1, total = 0); `next` computes r = 1; reverse-step undoes it (r = 0 again).
    expect(prints, out).toEqual([0, 2, 1, 1, 0, 1, 0]);
    expect(out.match(/square \(v=1\) at gdbdemo.c:8/g), out).toHaveLength(3);
    expect(out).toMatch(/Breakpoint 1, square \(v=0\)/);
    expect(out).toMatch(/square \(v=1\)/);
  }, 120_000);
});

describe("gdb from the console", () => {
  it("gdb PORT PID serves the process; the console follows the timeline gdb moves back", async () => {
    const { t, pid } = boxAtExec();
    const m0 = t.machine;
    let served: Promise<{ port: number; close(): void }> | null = null;
    const host = {
      readFile: () => new Uint8Array(),
      writeFileAtomic: () => {},
      startGdb: (tl: Timeline, p: number, port: number) => {
        served = serveGdb(tl, p, port);
        return `serving ${p}`;
      },
    };
    const c = new Console(m0, host);
    expect(c.executeLine(`gdb 0 ${pid}`)).toEqual({ kind: "ok", text: `serving ${pid}` });
    const server = await served!;
    const sock = connect(server.port, "127.0.0.1");
    await new Promise<void>((r) => sock.once("connect", () => r()));
    let got = "";
    let waiting: ((s: string) => void) | null = null;
    sock.on("data", (d) => {
      got += d.toString("latin1");
      if (waiting && /\$[^#]*#[0-9a-f]{2}$/.test(got)) {
        const w = waiting;
        waiting = null;
        const out = got;
        got = "";
        w(out);
      }
    });
    const reply = (packet: string) =>
      new Promise<string>((resolve) => {
        waiting = resolve;
        sock.write(frame(packet));
      });
    expect(await reply("s")).toBe(`+${frame("S05")}`);
    const stepped = c.machine!.now();
    expect(await reply("bs")).toBe(`+${frame("S05")}`); // reverse-step: a restored machine
    expect(c.machine).not.toBe(m0);
    expect(c.machine!.now()).toBeLessThan(stepped);
    sock.end();
    server.close();
    expect(new Console(m0, { readFile: host.readFile, writeFileAtomic: host.writeFileAtomic }).executeLine(`gdb 1234 ${pid}`)!.kind).toBe("failed");
  });
});
