// Signals to init (issue 7): as on Linux, init receives only the signals it
// has a handler for — `kill -9 1`, `kill -HUP 1`, every default-fatal or
// stopping signal is ignored instead of panicking the kernel — while a fault
// of init's own code (SIGSEGV from the CPU) still ends the machine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { packageRoot } from "../../state/root.js";
import { bootedMachine } from "../snapshot/workload.js";

describe("signals to init", () => {
  it("kill -9 1, kill -HUP 1 and kill -STOP 1 do nothing; the shell goes on", () => {
    const m = bootedMachine();
    m.tty(0).send("kill -9 1; kill -HUP 1; kill -STOP 1; echo alive $?\n");
    const r = m.run(50_000_000);
    expect(r.panic).toBe("");
    expect(m.tty(0).output()).toContain("alive 0");
    expect(m.kernel.state.procs.get(1)!.state).not.toBe("zombie");
    expect(m.kernel.state.procs.get(1)!.state).not.toBe("stopped");
  });

  it("every signal 1..64 sent to pid 1 leaves init alive and the machine usable", () => {
    const m = bootedMachine();
    const sigs = Array.from({ length: 64 }, (_, i) => i + 1);
    m.tty(0).send(sigs.map((s) => `kill -${s} 1`).join("; ") + "; echo done\n");
    const r = m.run(200_000_000);
    expect(r.panic).toBe("");
    expect(m.tty(0).output()).toContain("done");
    m.tty(0).send("echo still here\n");
    m.run(20_000_000);
    expect(m.tty(0).output()).toContain("still here");
    // init still reaps and respawns: a new machine checkpoint restores
    expect(Machine.restore(m.checkpoint()).digest()).toBe(m.digest());
  });

  it("a fault in init's own code still panics the kernel", () => {
    const segv = new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin/segv")));
    const m = Machine.boot({ image: [{ path: "/bin/init", mode: 0o755, data: segv }], ttys: 1 });
    const r = m.run(10_000_000);
    expect(r.panic).not.toBe("");
  });
});
