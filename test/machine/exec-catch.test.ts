// Catching the next program started on a terminal (machine/exec-catch.ts): the
// machine stops right after the exec, the caught process is at its ELF entry
// point with no instruction of it retired, and a machine watched this way has
// the same digest at every tick as one that is not (the pause only ends a run
// early, as a shorter run would).
import { describe, expect, it } from "vitest";
import { Machine } from "../../index.js";
import { ExecCatcher } from "../../machine/exec-catch.js";

function toPrompt(): Machine {
  const m = Machine.boot({ ttys: 2 });
  m.run(30_000_000);
  return m;
}

describe("ExecCatcher", () => {
  it("stops the machine right after the next program on tty0 execs, before its first instruction", () => {
    const m = toPrompt();
    const shellSid = m.kernel.state.ttys[0]!.sid;
    const c = new ExecCatcher(m.kernel);
    m.tty(1).send("echo other terminal\n"); // tty1's programs are not caught
    m.tty(0).send("echo hi | cat\n");
    m.run(50_000_000);
    expect(c.caught).not.toBeNull();
    const p = m.kernel.state.procs.get(c.caught!.pid)!;
    expect(p.sid).toBe(shellSid);
    expect(p.pid).not.toBe(shellSid);
    expect(["echo", "cat"]).toContain(p.comm);
    expect(p.hart.instret).toBe(0); // nothing of the new program has run
    const at = m.now();
    m.run(10_000_000);
    expect(m.now()).toBe(at); // paused until released
    c.release();
    m.run(30_000_000);
    expect(m.now()).toBe(at + 30_000_000);
    expect(new TextDecoder().decode(m.tty(0).outputBytes())).toContain("hi");
  });

  it("a caught machine is the machine an unwatched run has at that tick", () => {
    const watched = toPrompt();
    const plain = toPrompt();
    const c = new ExecCatcher(watched.kernel);
    for (const m of [watched, plain]) m.tty(0).send("ls /bin > /dev/null; echo done\n");
    watched.run(50_000_000);
    expect(c.caught).not.toBeNull();
    plain.run(watched.now() - plain.now());
    expect(watched.digest()).toBe(plain.digest());
    c.release();
    watched.run(40_000_000);
    plain.run(40_000_000);
    expect(watched.digest()).toBe(plain.digest());
  });

  it("a failed exec is not caught", () => {
    const m = toPrompt();
    const c = new ExecCatcher(m.kernel);
    m.tty(0).send("/no/such/program\n");
    m.run(30_000_000);
    expect(c.caught).toBeNull();
    expect(m.kernel.pauseRequested).toBe(false);
    c.release();
  });
});
