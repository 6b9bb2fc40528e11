// SCENARIOS.md 12, 13, 14 (kind W): terminal modes, a partial cooked line and
// job control across a whole-system checkpoint restored into a new Machine.
import { describe, expect, it } from "vitest";
import { bootToPrompt, breakMachine, expectSameFuture, procs, sinceBreak, view } from "./helpers.js";

const decoder = new TextDecoder();

describe("SCENARIOS W: terminals", () => {
  it("12: stty raw -echo → still raw after restart; each key reaches the program at once, unechoed", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.type("stty raw -echo; cat\n");
    s.expect("stty raw -echo; cat\r\n");
    s.m.run(5_000_000);
    expect(view(s.m).ttys[0]!.mode).toMatch(/-icanon.*-echo|-echo.*-icanon/);

    const t = breakMachine(s.m);
    expect(view(t.b[0]!.m).ttys[0]!.mode).toBe(view(s.m).ttys[0]!.mode);
    for (const x of [t.a[0]!, t.b[0]!]) {
      const from = x.m.tty(0).outputLength();
      x.type("k");
      x.m.run(5_000_000);
      // exactly one "k": cat's copy, no echo; and no line needed (raw: no \r\n either)
      expect(decoder.decode(x.m.tty(0).outputSince(from))).toBe("k");
      x.type("\r");
      x.m.run(5_000_000);
      expect(decoder.decode(x.m.tty(0).outputSince(from))).toBe("k\r");
    }
    expect(sinceBreak(t).b).toBe("k\r");
    expectSameFuture(t);
  });

  it("13: cooked mode with a partial line typed → typing the rest and Enter delivers the whole line", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.type("read -r line; echo \"[$line]\"\n");
    s.m.run(5_000_000);
    s.type("hello wo");
    s.m.run(5_000_000);
    expect(view(s.m).ttys[0]!.partialLine).toBe(8);

    const t = breakMachine(s.m);
    expect(view(t.b[0]!.m).ttys[0]!.partialLine).toBe(8);
    for (const x of [t.a[0]!, t.b[0]!]) {
      x.type("rlX\x7fd\n"); // with an erase, to show the line is still being edited
      expect(x.expect("$ ")).toContain("[hello world]\r\n");
    }
    expectSameFuture(t);
  });

  it("14: background job and ^Z-stopped job → same foreground group; fg resumes; a background read gets SIGTTIN", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("sleep 50 &");
    s.type("cat\n");
    s.expect("cat\r\n");
    s.m.run(2_000_000);
    s.type("\x1a");
    expect(s.expect("$ ")).toMatch(/Stopped/);
    const shell = view(s.m).procs.find((p) => p.pid === view(s.m).ttys[0]!.sid)!;
    expect(view(s.m).ttys[0]!.fgPgrp).toBe(shell.pgid);
    expect(procs(s.m, "cat")[0]!.state).toBe("stopped");

    const t = breakMachine(s.m);
    for (const x of [t.a[0]!, t.b[0]!]) {
      const v = view(x.m);
      expect(v.ttys[0]!.fgPgrp).toBe(shell.pgid); // the shell still owns the terminal
      expect(procs(x.m, "cat")[0]!.state).toBe("stopped");
      expect(procs(x.m, "sleep")[0]!.state).toBe("sleeping");
      const jobs = x.command("jobs");
      expect(jobs).toMatch(/\[1\].*Running.*sleep 50/);
      expect(jobs).toMatch(/\[2\].*Stopped.*cat/);
      // a background read: stopped by SIGTTIN, the terminal stays the shell's
      x.command("wc -l &");
      x.m.run(10_000_000);
      const wc = procs(x.m, "wc")[0]!;
      expect(wc.state).toBe("stopped");
      expect(view(x.m).ttys[0]!.fgPgrp).toBe(shell.pgid);
      expect(x.command("jobs")).toMatch(/\[3\].*Stopped.*wc -l/);
      x.command("kill %3");
      x.command("kill -CONT %3");
      // fg resumes the ^Z-stopped cat
      x.type("fg %2\n");
      x.expect("cat");
      x.m.run(2_000_000);
      x.type("again\n");
      x.expect("again\r\nagain\r\n");
      x.type("\x04");
      x.expect("$ ");
      expect(procs(x.m, "cat")).toHaveLength(0);
    }
    expectSameFuture(t);
  });
});

describe("SCENARIOS W: terminals, further states", () => {
  it("12 (VTIME): a raw read waiting with a 5 s VTIME timer, checkpointed 2 s in → returns empty 3 s after the restart", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("stty raw -echo min 0 time 50");
    s.type("dd bs=1 count=1 of=/tmp/k; echo done $?\n");
    s.m.run(2 * 100_000_000);
    expect(procs(s.m, "dd")[0]?.state).toBe("sleeping");
    const t = breakMachine(s.m);
    for (const x of [t.a[0]!, t.b[0]!]) {
      x.m.run(2.9 * 100_000_000);
      expect(procs(x.m, "dd")).toHaveLength(1); // not before the 5 s
      x.m.run(0.2 * 100_000_000);
      expect(procs(x.m, "dd")).toHaveLength(0); // VTIME expired: read returned 0, dd finished
      expect(x.pending()).toContain("0+0 records in");
    }
    expectSameFuture(t);
  });

  it("^S flow control: output stopped at the checkpoint stays stopped after restart; ^Q lets it through, nothing lost", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.type("seq 1 20000; echo end\n\x13"); // the line, then ^S at once
    s.m.run(20_000_000);
    const held = s.m.tty(0).outputLength();
    s.m.run(20_000_000);
    expect(s.m.tty(0).outputLength()).toBe(held); // output is held
    expect(procs(s.m, "seq")).toHaveLength(1); // blocked: the 64 KiB output queue is full
    expect(view(s.m).ttys[0]!.queuedOutput).toBeGreaterThan(60_000);
    const t = breakMachine(s.m);
    for (const x of [t.a[0]!, t.b[0]!]) {
      x.m.run(20_000_000);
      expect(x.pending()).toBe(""); // still held after the restart
      x.type("\x11"); // ^Q
      x.expect("end\r\n$ ");
    }
    const all = new TextDecoder().decode(t.a[0]!.m.tty(0).outputBytes());
    const nums = all.split("\r\n").filter((l) => /^\d+$/.test(l)).map(Number);
    expect(nums).toEqual(Array.from({ length: 20000 }, (_, i) => i + 1));
    expectSameFuture(t);
  });
});
