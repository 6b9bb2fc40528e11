// The userland inside the real kernel (booted from user/bin): init's respawning, the shell's job
// reports and globbing, and tape control with mt and dd on drive 0. (Prompts, pipelines, ^Z/fg/^C
// and usertests are covered by test/kernel/userland.test.ts.)

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Kernel, type RootFile } from "../../kernel/kernel.js";
import { MemoryReel, reelIdentity } from "../../devices/tape/media.js";
import { BIN } from "./helpers.js";

const CONFIG = { ttys: 2, drives: 1, memoryLimit: 64 << 20 };

function rootfs(): RootFile[] {
  return readdirSync(BIN).map((n) => ({ path: `/bin/${n}`, mode: 0o755, data: new Uint8Array(readFileSync(join(BIN, n))) }));
}

/** Boot to the prompts; `type` sends a line to a tty and returns what it displayed. */
function boot() {
  const k = Kernel.boot(CONFIG, rootfs());
  k.run(2_000_000_000);
  const dec = new TextDecoder();
  const first = [dec.decode(k.ttyTakeOutput(0)), dec.decode(k.ttyTakeOutput(1))];
  const type = (line: string, tty = 0, ticks = 2_000_000_000): string => {
    k.ttyInput(tty, new TextEncoder().encode(line));
    k.run(ticks);
    return dec.decode(k.ttyTakeOutput(tty)).replace(/\r\n/g, "\n");
  };
  return { k, first, type };
}

describe("userland in the machine", () => {
  it("init gives every terminal a shell and respawns one that exits", () => {
    const { k, first, type } = boot();
    expect(first).toEqual(["$ ", "$ "]);
    const shells = () => [...k.state.procs.values()].filter((p) => p.comm === "sh" || p.comm === "-sh");
    expect(shells().length).toBe(2);
    const before = type("echo $$\r").split("\n")[1];
    expect(type("exit 3\r")).toContain("$ "); // the new shell's prompt
    const after = type("echo $$\r").split("\n")[1];
    expect(after).not.toBe(before);
    expect(shells().length).toBe(2);
    expect(type("echo still here\r", 1)).toBe("echo still here\nstill here\n$ ");
  });

  it("orphans are reaped by init", () => {
    const { k, type } = boot();
    type("sh -c 'sleep 1 &'\r", 0, 50_000_000);
    type("", 0, 300_000_000); // the orphaned sleep finishes
    expect([...k.state.procs.values()].filter((p) => p.state === "zombie")).toEqual([]);
  });

  it("the shell reports finished background jobs (Done, Exit N, Terminated) and globs", () => {
    const { type } = boot();
    expect(type("sleep 1 &\r", 0, 10_000_000)).toMatch(/^sleep 1 &\n\[1\] \d+\n\$ $/);
    type("", 0, 200_000_000);
    expect(type("\r")).toBe("\n[1]+ Done  sleep 1\n$ ");
    type("sh -c 'exit 4' &\r", 0, 50_000_000);
    expect(type("\r")).toContain("[1]+ Exit 4  sh -c 'exit 4'");
    type("sleep 100 &\r", 0, 10_000_000);
    type("kill %1\r");
    expect(type("\r")).toContain("[1]+ Terminated  sleep 100");
    expect(type("cd /bin; echo m?; echo *sh; echo zz*\r")).toBe("cd /bin; echo m?; echo *sh; echo zz*\nmt mv\nsh\nzz*\n$ ");
  });

  it("^C during a loop kills the foreground command and stops the loop", () => {
    const { k, type } = boot();
    type("while true; do sleep 10; done\r", 0, 50_000_000);
    expect([...k.state.procs.values()].some((p) => p.comm === "sleep")).toBe(true);
    expect(type("\x03", 0, 50_000_000)).toMatch(/\n\$ $/);
    expect([...k.state.procs.values()].some((p) => p.comm === "sleep")).toBe(false);
    expect(type("echo alive\r")).toContain("alive\n$ ");
  });

  it("usertests, all cases in order, passes inside the machine", () => {
    const { type } = boot();
    const out = type("usertests\r", 0, 20_000_000_000);
    expect(out, out).toContain("ALL TESTS PASSED");
    expect(out).not.toContain("FAILED");
    expect(out.match(/: OK$/gm)?.length).toBe(38);
  });

  it("stty changes and shows the terminal modes", () => {
    const { type } = boot();
    expect(type("stty -echo; stty -a | grep -c ' -echo '; stty echo\r")).toContain("1\n");
    expect(type("stty size\r")).toMatch(/\n\d+ \d+\n\$ $/);
  });

  it("dd writes records to tape and reads them back one record per read; mt moves and reports", () => {
    const { k, type } = boot();
    const reel = new MemoryReel();
    k.attachReel(0, reel, reelIdentity("mem", reel), true);
    type("mt rewind; echo first | dd of=/dev/nrmt0 bs=512 2>/dev/null; echo second record | dd of=/dev/nrmt0 2>/dev/null\r");
    // SIMH .tap: each record is length, bytes, length; each dd's close wrote a tape mark (0).
    const raw = reel.read(0, reel.size());
    expect(new TextDecoder().decode(raw)).toContain("first\n");
    expect(new TextDecoder().decode(raw)).toContain("second record\n");
    expect(type("mt rewind; mt status\r")).toContain("File number=0, block number=0.");
    // Reading stops at the tape mark and leaves the tape after it: the next dd reads file 1.
    const out = type("dd if=/dev/nrmt0 bs=4k 2>&1; mt status; dd if=/dev/nrmt0 bs=4k 2>&1\r");
    expect(out).toContain("first\n0+1 records in\n0+1 records out\n6 bytes copied\n");
    expect(out).toContain("File number=1, block number=0.");
    expect(out).toContain("second record\n0+1 records in");
    expect(type("mt rewind; mt fsf 1; dd if=/dev/nrmt0 2>/dev/null\r")).toContain("\nsecond record\n$ ");
  });

  it("tar writes an archive to tape as whole 10240-byte records and reads it back", () => {
    const { k, type } = boot();
    const reel = new MemoryReel();
    k.attachReel(0, reel, reelIdentity("mem", reel), true);
    type("mkdir /tmp/d; cd /tmp; echo hi > d/f; primes 3000 > d/p; tar cf /dev/nrmt0 d\r");
    // SIMH .tap: one record of 10240 bytes (length before and after), then a tape mark.
    const dv = new DataView(reel.read(0, 4).buffer);
    expect(dv.getUint32(0, true)).toBe(10240);
    expect(reel.size()).toBe(4 + 10240 + 4 + 4);
    const out = type("mt rewind; tar tvf /dev/nrmt0; mt rewind; mkdir o; cd o; tar xf /dev/nrmt0; cat d/f; wc -l < d/p\r");
    expect(out).toContain("d0755          0 d/\n-0644          3 d/f\n-0644       1953 d/p\n");
    expect(out).toContain("hi\n430\n$ ");
  });

  it("mt says the drive is offline without a reel", () => {
    const { type } = boot();
    const out = type("mt status\r");
    expect(out).toContain("File number=0, block number=0.");
    expect(out).not.toContain("ONLINE");
  });
});
