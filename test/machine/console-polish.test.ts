// The console as a person uses it: commands in any case, help COMMAND, quit,
// kill, ~ in paths, operator mistakes told apart from bugs in cryobox, and a
// `run` done in slices (interactive, interruptible) that leaves the machine
// exactly where one `run` would.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Console, type ConsoleHost } from "../../machine/console.js";
import { parseLine } from "../../machine/console-parse.js";
import { expandHome } from "../../machine/host-console.js";
import { isCryoboxBug } from "../../machine/console-errors.js";
import { bootToPrompt } from "../scenarios/helpers.js";
import { catMachine } from "./helpers.js";

function memoryHost(over: Partial<ConsoleHost> = {}): ConsoleHost & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    readFile: (p) => {
      const f = files.get(p);
      if (!f) throw new Error(`${p}: no such file`);
      return f;
    },
    writeFileAtomic: (p, b) => void files.set(p, b.slice()),
    ...over,
  };
}

describe("console polish", () => {
  it("takes commands in any case; EXIT is quit", () => {
    expect(parseLine("HALT")!.op).toBe("halt");
    expect(parseLine("Run 5M")).toMatchObject({ op: "run", ticks: 5_000_000 });
    expect(parseLine("show TTYS")).toMatchObject({ op: "show", what: "ttys" });
    expect(parseLine("exit")!.op).toBe("quit");
  });

  it("help COMMAND explains one command; help of an unknown one fails naming it", () => {
    const con = new Console(catMachine(), memoryHost());
    const r = con.executeLine("help RUN");
    expect(r).toMatchObject({ kind: "ok" });
    expect((r as { text: string }).text).toMatch(/^usage: run \[TICKS\]\n.*Ctrl-C/s);
    expect(con.executeLine("help frobnicate")).toEqual({ kind: "failed", message: "no command 'frobnicate' (help lists them)" });
    expect((con.executeLine("help") as { text: string }).text).toMatch(/kill \[-SIGNAL\] PID/);
  });

  it("kill sends a signal by name or number; a missing pid or signal is the operator's mistake", () => {
    const s = bootToPrompt({ ttys: 1 });
    const con = new Console(s.m, memoryHost());
    s.type("sleep 100\n");
    s.m.run(10_000_000);
    const sleeper = [...s.m.kernel.state.procs.values()].find((p) => p.comm === "sleep")!;
    expect(con.executeLine(`kill -kill ${sleeper.pid}`)).toEqual({ kind: "ok", text: `SIGKILL sent to pid ${sleeper.pid}` });
    s.expect("$ ");
    expect(s.m.kernel.state.procs.has(sleeper.pid)).toBe(false);
    expect(con.executeLine("kill 999")).toEqual({ kind: "failed", message: "no process 999" });
    expect(con.executeLine("kill -NOPE 1")).toMatchObject({ kind: "failed", message: expect.stringMatching(/'-NOPE' is not a signal/) });
  });

  it("quit stops the machine like halt (scripts: no question asked)", () => {
    const con = new Console(catMachine(), memoryHost());
    expect(con.executeLine("quit")).toMatchObject({ kind: "halt" });
    expect(con.machine).toBeNull();
  });

  it("~ in a FILE is the home directory", () => {
    expect(expandHome("~/a/b.ckpt", "/home/u")).toBe("/home/u/a/b.ckpt");
    expect(expandHome("~", "/home/u")).toBe("/home/u");
    expect(expandHome("x/~/y", "/home/u")).toBe("x/~/y");
    const host = memoryHost({ resolvePath: (p) => expandHome(p, "/h") });
    const con = new Console(catMachine(), host);
    expect(con.executeLine("checkpoint-system ~/box.ckpt")).toMatchObject({ kind: "ok" });
    expect([...host.files.keys()]).toEqual(["/h/box.ckpt"]);
  });

  it("a terminal that does not exist is the operator's mistake; a built-in exception is a bug and says so", () => {
    const con = new Console(catMachine(), memoryHost({ readFile: () => { throw new TypeError("x is not a function"); } }));
    expect(con.executeLine('send tty7 "x"')).toEqual({ kind: "failed", message: "no terminal tty7 (this machine has tty0..tty1)" });
    const r = con.executeLine("restart-system a.ckpt") as { kind: string; message: string; bug?: string };
    expect(r.kind).toBe("failed");
    expect(r.message).toMatch(/^internal error \(a bug in cryobox.*TypeError: x is not a function/);
    expect(r.bug).toMatch(/TypeError/);
    expect(isCryoboxBug(new RangeError("r"))).toBe(true);
    expect(isCryoboxBug(Object.assign(new Error("ENOENT"), { code: "ENOENT" }))).toBe(false);
  });

  it("a run done in slices, or interrupted and run again, ends where one run ends (same digest)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).map((n) => n * 1_000_000), fc.integer({ min: 50_000, max: 9_000_000 }), (total, slice) => {
        const a = bootToPrompt({ ttys: 1 });
        const b = bootToPrompt({ ttys: 1 });
        for (const s of [a, b]) s.type("seq 1 300 | wc\n");
        const ca = new Console(a.m, memoryHost());
        const cb = new Console(b.m, memoryHost());
        const whole = ca.executeLine(`run ${total}`);
        cb.runSlice = slice;
        let r = cb.executeLine(`run ${total}`);
        let n = 0;
        while (r?.kind === "running") {
          r = cb.executeLine(`run ${total}`);
          n++;
        }
        expect(r).toEqual(whole);
        expect(n).toBe(Math.ceil(total / slice) - 1);
        expect(b.m.digest()).toBe(a.m.digest());
      }),
      { numRuns: 8 },
    );
  });

  it("interrupting a sliced run reports the ticks done and leaves the console ready", () => {
    const s = bootToPrompt({ ttys: 1 });
    const con = new Console(s.m, memoryHost());
    con.runSlice = 1_000_000;
    const before = s.m.now();
    expect(con.executeLine("run 100G")).toEqual({ kind: "running" });
    expect(con.running).toBe(true);
    const r = con.interruptRun() as { text: string };
    expect(r.text).toMatch(/^interrupted after 1000000 ticks/);
    expect(s.m.now() - before).toBe(1_000_000);
    expect(con.running).toBe(false);
    expect(con.executeLine("ps")).toMatchObject({ kind: "ok" });
  });
});

describe("checkpoint-system report", () => {
  it("is the same line whether counted from the state just saved or decoded from the bytes", async () => {
    const { describeCheckpoint } = await import("../../machine/console.js");
    const s = bootToPrompt({ ttys: 1 });
    s.type("seq 1 5 | wc\n");
    s.m.run(3_000_000);
    const bytes = s.m.checkpoint();
    expect(describeCheckpoint("f", bytes, s.m.kernel.state)).toBe(describeCheckpoint("f", bytes));
  });
});
