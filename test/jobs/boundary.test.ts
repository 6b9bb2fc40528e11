// Resources crossing the job boundary (SCENARIOS 3, 6, 29 of kind J): a pipe
// to a process outside the job refuses the checkpoint naming the fd and the
// outside pid, and when cut the restored end sees EOF; a tmpfs file unlinked
// while open travels in the checkpoint; a damaged job file is refused with
// one line and changes nothing.
import { describe, expect, it } from "vitest";
import { bootToPrompt } from "../scenarios/helpers.js";
import { readJobFile } from "../../snapshot/job-file.js";
import { memConsole, procsNamed, runUntil, seqText, tmpfsText } from "./helpers.js";
import { digest } from "../../snapshot/index.js";

describe("the job boundary", () => {
  it("a pipe to an outside process is refused naming fd and pid; cut, the restored reader gets the buffered bytes then EOF", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("seq 1 3000 | cat > /tmp/o &");
    runUntil(s.m, () => procsNamed(s.m, "cat").length === 1);
    const cat = procsNamed(s.m, "cat")[0]!;
    const seq = procsNamed(s.m, "seq")[0]!;
    s.command(`kill -STOP ${cat.pid}`);
    runUntil(s.m, () => [...s.m.kernel.state.pipes.values()].some((p) => p.buf.length === 4096));
    const c = memConsole(s.m);
    expect(c.fails(`chkpnt -p ${cat.pid} /c.job`)).toBe(`chkpnt: fd 0 of pid ${cat.pid} is a pipe to pid ${seq.pid}, outside the job (ask to cut it: chkpnt -c)`);
    expect(c.files.size).toBe(0);
    c.ok(`chkpnt -p ${cat.pid} -c -k /c.job`);
    const saved = readJobFile(c.files.get("/c.job")!);
    expect(saved.job.cut).toEqual([{ pid: cat.pid, fd: 0, peer: seq.pid }]);
    const pipe = [...saved.state.pipes.values()];
    expect(pipe.map((p) => [p.buf.length, p.readers, p.writers])).toEqual([[4096, 1, 0]]); // only the job's end
    const written = tmpfsText(s.m, "/tmp/o")!;
    s.m.run(20_000_000); // the killed cat's writer, seq, dies of SIGPIPE
    s.command("true"); // the shell reaps its dead children before the prompt
    expect(procsNamed(s.m, "seq")).toHaveLength(0);
    expect(s.m.kernel.state.procs.has(cat.pid)).toBe(false);
    // Same machine: its session is the shell's (taken), so attach it to the shell's terminal.
    expect(c.fails("restart /c.job")).toMatch(/tty0 is held by session/);
    c.ok("restart -t tty0 /c.job");
    const back = procsNamed(s.m, "cat")[0]!;
    expect(back.pid).toBe(cat.pid); // free again: the same pid
    expect(back.state).toBe("stopped");
    s.command(`kill -CONT ${cat.pid}`);
    runUntil(s.m, () => procsNamed(s.m, "cat").length === 0); // EOF after the buffered bytes: it exits
    const text = new TextDecoder().decode(pipe[0]!.buf);
    expect(tmpfsText(s.m, "/tmp/o")).toBe(written + text);
    expect(seqText(3000).startsWith(written + text)).toBe(true);
  });

  it("a writer whose reader stayed outside gets EPIPE after restart", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("yes | cat > /dev/null &");
    runUntil(s.m, () => procsNamed(s.m, "yes").length === 1 && procsNamed(s.m, "cat").length === 1);
    const yes = procsNamed(s.m, "yes")[0]!;
    s.command(`kill -STOP ${yes.pid}`);
    const c = memConsole(s.m);
    expect(c.fails(`chkpnt -p ${yes.pid} /y.job`)).toMatch(new RegExp(`fd 1 of pid ${yes.pid} is a pipe to pid \\d+, outside the job`));
    c.ok(`chkpnt -p ${yes.pid} -c -k /y.job`);
    s.m.run(20_000_000);
    s.command("true");
    expect(procsNamed(s.m, "cat")).toHaveLength(0); // the outside reader saw EOF when the writer was killed
    c.ok("restart -t tty0 /y.job");
    s.command(`kill -CONT ${yes.pid}`);
    runUntil(s.m, () => procsNamed(s.m, "yes").length === 0); // SIGPIPE: no reader
  });

  it("an unlinked-while-open tmpfs file travels: size, offset and contents match after restart", () => {
    const s = bootToPrompt({ ttys: 1 });
    // cat holds /tmp/u open on stdin (redirect), then the name goes away.
    s.command("seq 1 2000 > /tmp/u");
    s.command("sh -c 'sleep 1; cat' < /tmp/u > /tmp/v &");
    runUntil(s.m, () => procsNamed(s.m, "sleep").length === 1);
    s.command("rm /tmp/u");
    const sh = procsNamed(s.m, "sh").find((p) => p.argv[1] === "-c")!;
    const c = memConsole(s.m);
    c.ok(`chkpnt -p ${sh.pid} -k /u.job`);
    s.m.run(20_000_000);
    s.command("true");
    const saved = readJobFile(c.files.get("/u.job")!);
    const unlinked = [...saved.state.inodes.values()].filter((n) => n.type === "file" && n.nlink === 0);
    expect(unlinked.map((n) => n.size)).toEqual([seqText(2000).length]);
    s.m.run(20_000_000);
    c.ok("restart -t tty0 /u.job");
    runUntil(s.m, () => procsNamed(s.m, "cat").length === 0 && procsNamed(s.m, "sleep").length === 0 && tmpfsText(s.m, "/tmp/v") === seqText(2000));
    expect(tmpfsText(s.m, "/tmp/u")).toBeNull(); // it comes back unlinked, as it was
  });

  it("a damaged job file is refused with one line naming the section, and nothing changes", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("sleep 100 &");
    const sleep = procsNamed(s.m, "sleep")[0]!;
    const c = memConsole(s.m);
    c.ok(`chkpnt -p ${sleep.pid} -k /s.job`);
    s.m.run(10_000_000);
    s.command("true");
    const good = c.files.get("/s.job")!;
    const before = digest(s.m.kernel);
    for (const at of [40, Math.floor(good.length / 2), good.length - 5]) {
      const bad = good.slice();
      bad[at] ^= 0x20;
      c.files.set("/bad.job", bad);
      const msg = c.fails("restart -t tty0 /bad.job");
      expect(msg).toMatch(/^restart: /);
      expect(msg).not.toContain("\n");
      expect(digest(s.m.kernel)).toBe(before);
    }
    c.files.set("/short.job", good.slice(0, 100));
    expect(c.fails("restart /short.job")).toMatch(/truncated|damaged/);
    c.ok("restart -t tty0 /s.job");
    expect(procsNamed(s.m, "sleep")).toHaveLength(1);
  });
});
