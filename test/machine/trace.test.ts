// `trace`: system calls strace-style with decoded arguments, results and
// virtual time; tracing only looks, so a traced machine is the same machine.
import { describe, expect, it } from "vitest";
import { setTrace } from "../../machine/trace.js";
import { applySteps, bootedMachine, type Step } from "../../testing/index.js";

const steps: Step[] = [
  { kind: "send", tty: 0, text: "echo hi > /tmp/x; cat /tmp/x; nosuch\n" },
  { kind: "run", ticks: 5_000_000 },
  { kind: "send", tty: 0, text: "cat\n" },
  { kind: "run", ticks: 3_000_000 },
];

describe("trace", () => {
  it("prints each system call with decoded arguments and its result", () => {
    const m = bootedMachine(2);
    const lines: string[] = [];
    setTrace(m.kernel, "all", (l) => lines.push(l));
    applySteps(m, steps);
    const text = lines.join("\n");
    expect(text).toMatch(/^\[\d+\.\d{6}\] \d+ openat\(-100, "\/tmp\/x", 0x[0-9a-f]+, 0\d+\) = 3$/m);
    expect(text).toMatch(/^\[\d+\.\d{6}\] \d+ write\(1, "hi\\n", 3\) = 3$/m);
    expect(text).toMatch(/ execve\(.*"\/?[a-z/]*nosuch".*\) = -1 ENOENT$/m);
    expect(text).toMatch(/ execve\("cat"\) = 0$/m);
    expect(text).toMatch(/ exit_group\(127\) = \?$/m);
    expect(text).toMatch(/ read\(0, 0x[0-9a-f]+, \d+\) \.\.\. blocked on tty/m);
  });

  it("one pid only, and nothing after trace off", () => {
    const m = bootedMachine(2);
    const lines: string[] = [];
    const sh = [...m.kernel.state.procs.values()].find((p) => p.ctty === 1 && p.comm.endsWith("sh"))!;
    setTrace(m.kernel, sh.pid, (l) => lines.push(l));
    applySteps(m, [{ kind: "send", tty: 1, text: "echo x\n" }, { kind: "send", tty: 0, text: "echo y\n" }, { kind: "run", ticks: 2_000_000 }]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => new RegExp(`^\\[[0-9.]+\\] ${sh.pid} `).test(l))).toBe(true);
    setTrace(m.kernel, null, (l) => lines.push(l));
    const n = lines.length;
    applySteps(m, [{ kind: "send", tty: 1, text: "echo z\n" }, { kind: "run", ticks: 2_000_000 }]);
    expect(lines.length).toBe(n);
  });

  it("a traced machine is the same machine (digest)", () => {
    const a = bootedMachine(2);
    const b = bootedMachine(2);
    setTrace(b.kernel, "all", () => {});
    applySteps(a, steps);
    applySteps(b, steps);
    expect(b.digest()).toBe(a.digest());
  });
});
