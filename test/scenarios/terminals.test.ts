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
