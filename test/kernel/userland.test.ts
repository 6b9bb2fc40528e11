// Integration with the real userland (user/bin: init, sh, coreutils,
// usertests): boot, get a prompt, run commands, pipelines, background jobs,
// job control keys, and usertests inside the machine.

import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../state/root.js";
import { Kernel, KernelState, type RootFile } from "../../kernel/kernel.js";
import { assertConforms, clone, encode, sha256Hex } from "../../state/index.js";
import { CONFIG, text } from "./helpers.js";

const BIN = join(packageRoot(), "user/bin");
const have = existsSync(join(BIN, "init")) && existsSync(join(BIN, "sh")) && existsSync(join(BIN, "usertests"));
if (!have) console.warn("test/kernel/userland: user/bin/init or sh missing — userland integration tests skipped");

function rootfs(): RootFile[] {
  return readdirSync(BIN).map((n) => ({ path: `/bin/${n}`, mode: 0o755, data: new Uint8Array(readFileSync(join(BIN, n))) }));
}

/** A booted machine with a helper that types a line and returns what appeared. */
function machine() {
  const k = Kernel.boot(CONFIG, rootfs());
  k.run(2_000_000_000);
  const first = text(k.ttyTakeOutput(0));
  const type = (s: string, ticks = 5_000_000_000): string => {
    k.ttyInput(0, new TextEncoder().encode(s));
    k.run(ticks);
    return text(k.ttyTakeOutput(0));
  };
  return { k, first, type };
}

describe.skipIf(!have)("userland on the kernel", () => {
  it("boots to a prompt and runs commands, pipelines and redirections", () => {
    const { k, first, type } = machine();
    expect(first).toContain("$ ");
    expect(type("echo hi\r")).toBe("echo hi\r\nhi\r\n$ ");
    const n = readdirSync(BIN).length;
    expect(type("ls /bin | wc -l\r")).toContain(`${n}\r\n$ `);
    expect(type("echo abc | cat | cat\r")).toContain("abc\r\n$ ");
    expect(type("cd /tmp; echo x > f; cat f; ls\r")).toContain("x\r\nf\r\n$ ");
    expect(k.state.panic).toBe("");
    assertConforms(KernelState, k.state);
  });

  it("background jobs finish, ps lists processes from /proc", () => {
    const { type } = machine();
    expect(type("sleep 1 &\r")).toMatch(/\[1\] \d+\r\n\$ $/);
    const ps = type("ps\r");
    expect(ps).toContain("/bin/init");
    expect(ps).toContain("-sh");
    expect(ps).toContain("Done");
  });

  it("^Z stops the foreground job, bg/fg resume it, ^C interrupts it", () => {
    const { k, type } = machine();
    type("sleep 100\r", 100_000_000);
    const stopped = type("\x1a", 100_000_000);
    expect(stopped).toContain("$ ");
    const sleeper = [...k.state.procs.values()].find((p) => p.comm === "sleep")!;
    expect(sleeper.state).toBe("stopped");
    type("fg\r", 100_000_000);
    expect(sleeper.state).toBe("sleeping");
    const out = type("\x03", 100_000_000);
    expect(out).toContain("$ ");
    expect(k.state.procs.has(sleeper.pid)).toBe(false);
  });

  it("raw mode without echo hands each key to the program at once (stty raw -echo)", () => {
    const { type } = machine();
    const cmd = "stty raw -echo; dd bs=1 count=2 2>/dev/null; stty sane; echo done";
    expect(type(`${cmd}\r`)).toBe(`${cmd}\r\n`); // dd is waiting

    expect(type("x")).toBe("x"); // dd's output, not an echo: the key reached it alone
    expect(type("y")).toBe("ydone\r\n$ ");
  });

  it("a writer into a closed pipe dies of SIGPIPE (primes | head -3)", () => {
    const { k, type } = machine();
    expect(type("primes | head -3\r")).toBe("primes | head -3\r\n2\r\n3\r\n5\r\n$ ");
    expect([...k.state.procs.values()].some((p) => p.comm === "primes")).toBe(false);
  });

  it("a restored copy of a machine at the prompt behaves identically", () => {
    const { k } = machine();
    const copy = Kernel.fromState(CONFIG, clone(KernelState, k.state));
    for (const m of [k, copy]) {
      m.ttyInput(0, new TextEncoder().encode("echo one | cat; ls /bin | head -3\r"));
      m.run(5_000_000_000);
    }
    expect(text(copy.ttyTakeOutput(0))).toBe(text(k.ttyTakeOutput(0)));
    expect(sha256Hex(encode(KernelState, copy.state))).toBe(sha256Hex(encode(KernelState, k.state)));
  });

  it("usertests passes inside the machine", () => {
    const { type } = machine();
    const out = type("usertests\r", 50_000_000_000);
    expect(out, out).toContain("ALL TESTS PASSED");
    expect(out).not.toContain("FAILED");
  });
});
