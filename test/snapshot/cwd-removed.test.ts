// `rmdir` of a directory that is some process's cwd: the directory lives on, unlinked and empty,
// while it is anyone's cwd (as in Linux). Found by the restore review: the kernel used to free it,
// so the machine's own checkpoint was refused and the next relative path threw on the host.
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";

describe("a removed working directory", () => {
  it("checkpoints, restores and keeps running; lookups in it fail, cd away frees it", () => {
    const m = Machine.boot({ ttys: 1 });
    m.run();
    m.tty(0).send("mkdir /tmp/d; cd /tmp/d; rm -r /tmp/d\n");
    m.run(50_000_000);
    expect(() => Machine.restore(m.checkpoint())).not.toThrow();
    m.tty(0).send("echo x > y; echo status $?; pwd; cd /tmp; pwd\n");
    expect(() => m.run(50_000_000)).not.toThrow();
    const out = m.tty(0).output();
    expect(out).toMatch(/status [12]\r\n/); // creating a file in the removed directory fails
    expect(out).toContain("/tmp\r\n");
    // After `cd /tmp` no one holds the removed directory: it is freed and the machine restores.
    const inodes = m.kernel.state.inodes.size;
    const r = Machine.restore(m.checkpoint());
    expect(r.kernel.state.inodes.size).toBe(inodes);
    expect([...m.kernel.state.inodes.values()].some((n) => n.nlink === 0 && n.type === "dir")).toBe(false);
  });
});
