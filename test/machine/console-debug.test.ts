// The debugging commands through the console language: parsed, executed, printed; back/goto
// replace the console's machine; trace lines come with the reply of the command that ran.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Console } from "../../machine/console.js";
import { Machine } from "../../machine/machine.js";
import { packageRoot } from "../../state/root.js";

const elf = new Uint8Array(readFileSync(join(packageRoot(), "test/machine/fixtures/gdbdemo")));
const host = { readFile: () => new Uint8Array(), writeFileAtomic: () => {} };

function ok(c: Console, line: string): string {
  const r = c.executeLine(line);
  if (!r || r.kind !== "ok") throw new Error(`${line}: ${JSON.stringify(r)}`);
  return r.text;
}

describe("console debugging commands", () => {
  it("trace, break, go, examine, timeline, goto and back from the console", () => {
    const m = Machine.boot({ ttys: 1, files: [{ path: "/bin/gdbdemo", mode: 0o755, data: elf }] });
    const c = new Console(m, host);
    ok(c, "run");
    expect(ok(c, "timeline on 1M")).toMatch(/^timeline on at \d+, a point every 1000000 ticks$/);
    const t0 = m.now();
    ok(c, 'send tty0 "gdbdemo\\n"');
    ok(c, "trace all");
    const out = ok(c, "run 20M");
    expect(out).toMatch(/\d+ write\(1, "x=32 total=30\\n", 14\) = 14/);
    ok(c, "trace off");
    expect(ok(c, "show timeline")).toMatch(/^timeline: now \d+, reaches back to \d+, \d+ points, 1 inputs recorded$/);
    ok(c, `goto ${t0 + 10}`); // just after the line was typed: gdbdemo not yet run
    expect(c.machine!.now()).toBe(t0 + 10);
    expect(c.machine).not.toBe(m);
    expect([...c.machine!.kernel.state.procs.values()].some((p) => p.comm === "gdbdemo")).toBe(false);
    ok(c, "run 20M"); // the same future again, without typing: the recorded line is replayed
    expect(c.machine!.tty(0).output()).toContain("x=32 total=30");
    expect(c.executeLine("examine 99999")).toEqual({ kind: "failed", message: "no process 99999" });
    expect(c.executeLine("back 1k")!.kind).toBe("ok");
    expect(ok(c, "show breaks")).toBe("no breakpoints");
    expect(ok(c, "help examine")).toMatch(/^usage: examine PID/);
  });
});
