// The acceptance scenarios, against the real userland (user/bin) and
// the real kernel through the Machine API: a prompt, `ls /bin | wc -l`, a
// background prime search with `jobs` and `cat /tmp/p | head`, ^Z and `fg`,
// `stty raw -echo` and back, and a file written to tape with dd and read back
// after `mt rewind` — plus a checkpoint taken in the middle of it all.
import { describe, expect, it } from "vitest";
import { Machine, MemoryReel } from "../../index.js";
import { defaultImage } from "../../machine/host-image.js";
import { Session, bootToPrompt } from "../scenarios/helpers.js";

const decoder = new TextDecoder();
describe("acceptance scenarios (real userland)", () => {
  it("boots to a shell prompt on every terminal", () => {
    const m = Machine.boot({ ttys: 3 });
    const sessions = [0, 1, 2].map((n) => new Session(m, n));
    for (const s of sessions) s.expect("$ ");
    expect(sessions[2]!.command("echo hello from tty2")).toMatch(/\r\nhello from tty2\r\n\$ $/);
  });

  it("ls /bin | wc -l counts the programs of the image", () => {
    const s = bootToPrompt();
    const out = s.command("ls /bin | wc -l");
    expect(out).toMatch(new RegExp(`\\r\\n\\s*${defaultImage().length}\\r\\n\\$ $`));
  });

  it("primes > /tmp/p &, jobs, cat /tmp/p | head — and the same after a checkpoint/restore", () => {
    const s = bootToPrompt();
    s.command("primes > /tmp/p &");
    expect(s.command("jobs")).toMatch(/\[1\].*Running.*primes/);
    s.m.run(20_000_000);
    const first10 = "2\r\n3\r\n5\r\n7\r\n11\r\n13\r\n17\r\n19\r\n23\r\n29\r\n";
    expect(s.command("cat /tmp/p | head")).toContain(first10);

    // checkpoint with the prime search running; the restored machine carries on with it
    const restored = new Session(Machine.restore(s.m.checkpoint()));
    restored.type("jobs\n");
    expect(restored.expect("$ ")).toMatch(/\[1\].*Running.*primes/);
    expect(restored.command("cat /tmp/p | head -n 3")).toContain("2\r\n3\r\n5\r\n$ ");
    expect(restored.command("kill %1")).not.toMatch(/no such|usage/i);
  });

  it("^Z stops the foreground job and fg resumes it", () => {
    const s = bootToPrompt();
    s.type("cat\n");
    s.expect("cat\r\n");
    s.m.run(1_000_000);
    s.type("\x1a");
    expect(s.expect("$ ")).toMatch(/Stopped/);
    expect(s.command("jobs")).toMatch(/\[1\].*Stopped.*cat/);
    s.type("fg\n");
    s.expect("cat");
    s.m.run(1_000_000);
    s.type("still here\n");
    expect(s.expect("still here\r\nstill here\r\n")).toBeTruthy(); // echo, then cat's copy
    s.type("\x04");
    s.expect("$ ");
    expect(s.command("jobs")).not.toMatch(/cat/);
  });

  it("stty raw -echo turns echo off; stty sane brings the terminal back", () => {
    const s = bootToPrompt();
    s.command("stty raw -echo");
    const before = s.m.tty(0).outputLength();
    s.type("x");
    s.m.run(5_000_000);
    expect(decoder.decode(s.m.tty(0).outputSince(before))).not.toContain("x"); // unechoed
    s.type("\n");
    s.expect("$ "); // the shell ran "x" (not found) and prompts again
    s.type("stty sane\n");
    s.expect("$ ");
    const out = s.command("echo back");
    expect(out).toContain("echo back\r\n"); // echoed again, with \r\n output processing
    expect(out).toContain("back\r\n$ ");
  });

  it("writes a file to tape with dd and reads it back after mt rewind", () => {
    const reel = new MemoryReel(new Uint8Array(0));
    const s = bootToPrompt({ tapes: { 0: { media: reel, name: "SCRATCH" } } });
    s.command("echo hello tape > /tmp/f");
    expect(s.command("dd if=/tmp/f of=/dev/nrmt0")).toMatch(/0\+1 records out/); // one short record
    expect(decoder.decode(reel.read(0, reel.size()))).toContain("hello tape\n");
    s.command("mt rewind");
    s.command("dd if=/dev/nrmt0 of=/tmp/g");
    expect(s.command("cat /tmp/g")).toContain("hello tape\r\n$ ");
  });
});
