// The guest commands `chkpnt` and `restart` (user/src/chkpnt.c, restart.c) over
// the chkpnt/restart system calls: a job checkpointed from inside the machine
// and restarted from a shell, which waits for it as for any command; the
// terminal held by another session refused, then the job attached to the
// restarting terminal with its saved modes (SCENARIOS 12, 15).
import { describe, expect, it } from "vitest";
import { bootToPrompt, Session } from "../scenarios/helpers.js";
import { procsNamed, runUntil, seqText, tmpfsText } from "./helpers.js";

describe("guest chkpnt and restart", () => {
  it("chkpnt -p from the shell, then restart -t in the foreground: the shell waits for the job", () => {
    const s = bootToPrompt({ ttys: 2 });
    s.command(`sh -c "seq 1 8000 | cat | cat > /tmp/g" &`);
    runUntil(s.m, () => procsNamed(s.m, "cat").length === 2);
    const job = procsNamed(s.m, "sh").find((p) => p.argv[1] === "-c")!;
    const last = procsNamed(s.m, "cat")[1]!;
    s.command(`kill -STOP ${last.pid}`);
    expect(s.command(`chkpnt -p 999 /tmp/x.job`)).toContain("chkpnt: no process 999");
    expect(s.command(`chkpnt -p ${job.pid} -k /tmp/g.job`)).not.toContain("chkpnt:");
    s.command("true");
    expect(procsNamed(s.m, "cat")).toHaveLength(0);
    // Its session is this shell's: without -t the terminal is another session's.
    expect(s.command("restart /tmp/g.job")).toMatch(/restart: tty0 is held by session \d+ \(sh, pid \d+\)/);
    s.type("restart -t /tmp/g.job\n");
    runUntil(s.m, () => procsNamed(s.m, "cat").length === 2);
    const cat = procsNamed(s.m, "cat").find((c) => c.state === "stopped")!;
    // From another terminal (the first one waits for `restart`): continue the stopped stage.
    const t1 = new Session(s.m, 1);
    t1.command(`kill -CONT ${cat.pid}`);
    s.expect("$ ");
    expect(tmpfsText(s.m, "/tmp/g")).toBe(seqText(8000));
    const r = procsNamed(s.m, "sh").find((p) => p.argv[1] === "-c");
    expect(r).toBeUndefined();
  });

  it("a raw-mode job restarted on another terminal comes back raw (the saved modes travel)", () => {
    const s = bootToPrompt({ ttys: 2 });
    const t1 = new Session(s.m, 1, 0);
    t1.expect("$ ");
    // On tty1: a raw, unechoed reader in the foreground.
    t1.type("stty raw -echo; cat > /tmp/keys; stty sane\n");
    runUntil(s.m, () => procsNamed(s.m, "cat").length === 1);
    t1.type("ab");
    s.m.run(5_000_000);
    const cat = procsNamed(s.m, "cat")[0]!;
    expect(s.command(`chkpnt -p ${cat.pid} -k /tmp/k.job`)).not.toContain("chkpnt:");
    s.m.run(5_000_000);
    // tty0's shell restarts it on its own terminal: attached, raw and unechoed there.
    s.type("restart -t /tmp/k.job\n");
    runUntil(s.m, () => procsNamed(s.m, "cat").length === 1);
    s.m.run(5_000_000);
    const before = s.pending();
    s.type("xy");
    s.m.run(5_000_000);
    expect(s.pending()).toBe(before); // no echo
    s.type("\x04"); // in raw mode ^D is a byte, not EOF
    s.m.run(5_000_000);
    expect(tmpfsText(s.m, "/tmp/keys")).toBe("abxy\x04");
  });
});
