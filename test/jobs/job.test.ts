// Per-process and per-job checkpoint at the operator console (SCENARIOS 2, 3,
// 15, 16 of kind J): a pipeline job frozen with bytes in both pipes and
// restarted into another machine that is doing other work; ids taken there
// refused by name, then renumbered; the terminal held by another session.
import { fileContents } from "../../kernel/file-blocks.js";
import { describe, expect, it } from "vitest";
import { bootToPrompt } from "../scenarios/helpers.js";
import { readJobFile } from "../../snapshot/job-file.js";
import { breathe, memConsole, procsNamed, runUntil, seqText, tmpfsText } from "./helpers.js";

describe("chkpnt/restart of a pipeline job (console)", () => {
  it("a three-stage pipeline with bytes in both pipes restarts in a busy machine and finishes as an uninterrupted run would", async () => {
    const a = bootToPrompt({ ttys: 2 });
    a.type(`sh -c "seq 1 20000 | cat | cat > /tmp/out" &\n`);
    a.expect("$ ");
    const shc = () => procsNamed(a.m, "sh").find((p) => p.argv[1] === "-c");
    runUntil(a.m, () => procsNamed(a.m, "cat").length === 2);
    const job = shc()!;
    // Stop the last stage: both pipes fill up behind it (and a stopped process must stay stopped).
    const last = procsNamed(a.m, "cat")[1]!;
    a.command(`kill -STOP ${last.pid}`);
    const full = () => [...a.m.kernel.state.pipes.values()].filter((p) => p.buf.length > 0);
    runUntil(a.m, () => full().length >= 2);
    const ca = memConsole(a.m);
    const report = ca.ok(`chkpnt -p ${job.pid} -k /a.job`);
    expect(report).toMatch(/4 process\(es\)/);
    const saved = readJobFile(ca.files.get("/a.job")!);
    expect([...saved.state.pipes.values()].map((p) => p.buf.length > 0)).toEqual([true, true]);
    expect(saved.job.roots).toEqual([job.pid]);
    const partial = new TextDecoder().decode(fileContents([...saved.state.inodes.values()].find((n) => n.type === "file")!));
    expect(seqText(20000).startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(seqText(20000).length);
    a.m.run(10_000_000);
    expect(shc()).toBeUndefined(); // -k: the original is gone

    await breathe();
    // Another machine, busy with its own work.
    const b = bootToPrompt();
    b.command("primes 100000 > /tmp/p &");
    b.m.run(20_000_000);
    const cb = memConsole(b.m, ca.files);
    // Its tty0 belongs to its own shell's session: refused, naming it.
    expect(cb.fails("restart /a.job")).toMatch(/tty0 is held by session \d+ \(sh, pid \d+\).*restart -t/);
    // Attached to tty0, the job's pids collide with b's processes: refused, naming the first one.
    expect(cb.fails("restart -t tty0 /a.job")).toMatch(new RegExp(`pid ${job.pid} is in use here .*restart -r`));
    const before = b.m.kernel.state.procs.size;
    expect(b.m.kernel.state.procs.size).toBe(before); // refusals change nothing
    const r = cb.ok("restart -t tty0 -r /a.job");
    expect(r).toMatch(/renumbered/);
    const restarted = procsNamed(b.m, "sh").find((p) => p.argv[1] === "-c")!;
    expect(restarted.ppid).toBe(1); // from the console: a child of init
    for (const c of procsNamed(b.m, "cat")) expect(c.ppid).toBe(restarted.pid); // parents renumbered consistently
    const stopped = procsNamed(b.m, "cat").filter((c) => c.state === "stopped");
    expect(stopped).toHaveLength(1); // still stopped after restart
    b.m.run(50_000_000);
    expect(tmpfsText(b.m, "/tmp/out")).toBe(partial);
    await breathe();
    b.command(`kill -CONT ${stopped[0]!.pid}`); // its new pid, from the shell of the machine it now lives in
    runUntil(b.m, () => tmpfsText(b.m, "/tmp/out") === seqText(20000) && procsNamed(b.m, "cat").length === 0);
    runUntil(b.m, () => procsNamed(b.m, "primes").length === 0);
    expect(tmpfsText(b.m, "/tmp/p")!.endsWith("99971\n99989\n99991\n")).toBe(true);
  });
});
