// The console executor over the cat-as-init machine, with an in-memory host:
// expect's cursor semantics and failures, checkpoint/restart through files,
// crash/halt, print, and the ps/show views.
import { describe, expect, it } from "vitest";
import { Console, type ConsoleHost, type ConsoleOutcome } from "../../machine/console.js";
import { parseScript } from "../../machine/console-parse.js";
import { catMachine } from "./helpers.js";

function memoryHost(): ConsoleHost & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    readFile: (p) => {
      const f = files.get(p);
      if (!f) throw new Error(`${p}: no such file`);
      return f;
    },
    writeFileAtomic: (p, b) => void files.set(p, b.slice()),
  };
}

/** Run a script; the outcomes in order, stopping at the first failure like `--script` does. */
function runScript(con: Console, text: string): ConsoleOutcome[] {
  const out: ConsoleOutcome[] = [];
  for (const cmd of parseScript(text)) {
    const r = con.execute(cmd);
    out.push(r);
    if (r.kind !== "ok") break;
  }
  return out;
}

describe("console", () => {
  it("expect finds text in order, each match consuming output up to its end", () => {
    const con = new Console(catMachine(), memoryHost());
    const r = runScript(con, 'send tty0 "one\\n"\nexpect tty0 "one"\nexpect tty0 "one"\nexpect tty0 "one" 1M');
    expect(r.map((x) => x.kind)).toEqual(["ok", "ok", "ok", "failed"]); // echo + cat: two copies, not three
    const f = r[3] as { message: string };
    expect(f.message).toMatch(/expect tty0 "one": machine idle/);
  });

  it("expect on a busy machine fails after its bound", () => {
    const con = new Console(catMachine(), memoryHost());
    // nothing to read → idle: the bound is not even needed
    expect(con.executeLine('expect tty1 "x" 5000')).toMatchObject({ kind: "failed" });
  });

  it("checkpoint-system writes a snapshot and restart-system brings it back", () => {
    const host = memoryHost();
    const con = new Console(catMachine(), host);
    const r = runScript(con, 'send tty0 "abc"\nrun\ncheckpoint-system /snap\nsend tty0 "def\\n"\nrun\nrestart-system /snap\nsend tty0 "xyz\\n"\nexpect tty0 "abcxyz"');
    expect(r.every((x) => x.kind === "ok")).toBe(true);
    expect((r[2] as { text: string }).text).toMatch(/^checkpoint \/snap: time .*ticks\), 1 processes, 0 pipes, \d+ pages, \d+ bytes, sha256 [0-9a-f]{64}$/);
    expect(host.files.get("/snap")!.length).toBeGreaterThan(0);
    expect(con.executeLine("print tty0")).toEqual({ kind: "ok", text: "xyz\r\nabcxyz\r\n" });
  });

  it("restart-system of a missing or damaged file keeps the running machine", () => {
    const host = memoryHost();
    host.files.set("/bad", new TextEncoder().encode("garbage"));
    const con = new Console(catMachine(), host);
    const m = con.machine;
    expect(con.executeLine("restart-system /nope")).toMatchObject({ kind: "failed" });
    expect(con.executeLine("restart-system /bad")).toMatchObject({ kind: "failed" });
    expect(con.machine).toBe(m);
  });

  it("crash stops the machine; later commands fail until a restart", () => {
    const host = memoryHost();
    const con = new Console(catMachine(), host);
    expect(con.executeLine("checkpoint-system /s")).toMatchObject({ kind: "ok" });
    expect(con.executeLine("crash")).toMatchObject({ kind: "crash" });
    expect(con.executeLine("ps")).toMatchObject({ kind: "failed", message: expect.stringMatching(/stopped/) });
    expect(con.executeLine("restart-system /s")).toMatchObject({ kind: "ok" });
    expect(con.executeLine("halt")).toMatchObject({ kind: "halt" });
  });

  it("ps and show print the machine in kernel terms", () => {
    const con = new Console(catMachine(), memoryHost());
    con.executeLine("run");
    const ps = con.executeLine("ps") as { kind: string; text: string };
    expect(ps.text).toMatch(/PID[\s\S]*\n1 .*init/);
    for (const what of ["ttys", "pipes", "tapes", "mem"]) expect(con.executeLine(`show ${what}`)).toMatchObject({ kind: "ok" });
    expect((con.executeLine("show ttys") as { text: string }).text).toMatch(/tty1/);
  });

  it("reports syntax errors and bad operands as failures, not exceptions", () => {
    const con = new Console(catMachine(), memoryHost());
    expect(con.executeLine('send tty9 "x"')).toMatchObject({ kind: "failed", message: expect.stringMatching(/tty9/) });
    expect(con.executeLine("bogus")).toMatchObject({ kind: "failed", message: expect.stringMatching(/column 1/) });
    expect(con.executeLine("mount 0 /definitely/not/here.tap ro")).toMatchObject({ kind: "failed" });
    expect(con.executeLine("help")).toMatchObject({ kind: "ok", text: expect.stringMatching(/checkpoint-system FILE/) });
    expect(con.executeLine("   # just a comment")).toBeNull();
  });
});
