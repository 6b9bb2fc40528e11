// SCENARIOS.md 16–20 (kind W): sessions and process groups, stopped processes,
// sleeping timers, signal dispositions and masks, and a register-held busy loop,
// across a whole-system checkpoint restored into a new Machine.
import { describe, expect, it } from "vitest";
import { SECOND, Session, bootToPrompt, breakMachine, expectSameFuture, procs, scenElf, view } from "./helpers.js";

const ids = (v: ReturnType<typeof view>) => v.procs.map((p) => ({ pid: p.pid, ppid: p.ppid, pgid: p.pgid, sid: p.sid, state: p.state, argv: p.argv }));

describe("SCENARIOS W: processes and signals", () => {
  it("16: session with several process groups, one whose leader exited → ids identical; kill -- -PGID reaches all members", () => {
    const s = bootToPrompt({ ttys: 2 });
    s.command("true | sleep 70 | sleep 70 &"); // group leader (true) exits at once
    s.command("sleep 80 | sleep 80 &");
    s.m.run(10_000_000);
    const v = view(s.m);
    const g70 = procs(s.m, "sleep").filter((p) => p.argv[1] === "70");
    const g80 = procs(s.m, "sleep").filter((p) => p.argv[1] === "80");
    expect(g70).toHaveLength(2);
    expect(g80).toHaveLength(2);
    const pg70 = g70[0]!.pgid;
    const pg80 = g80[0]!.pgid;
    expect(g70.every((p) => p.pgid === pg70)).toBe(true);
    expect(v.procs.some((p) => p.pid === pg70 && p.state !== "zombie")).toBe(false); // the leader is gone
    expect(pg80).not.toBe(pg70);

    const t = breakMachine(s.m);
    const b = t.b[0]!;
    expect(ids(view(b.m))).toEqual(ids(v));
    for (const x of [t.a[0]!, b]) {
      const ps = x.command("ps"); // /proc after the restart (compared between the machines below)
      for (const p of [...g70, ...g80]) expect(ps).toMatch(new RegExp(`\\b${p.pid}\\b.*sleep`));
      // `kill -TERM -- -PGID`: the bare `kill -- -PGID` hits the sh bug of the next test
      expect(x.command(`kill -TERM -- -${pg70}`)).not.toMatch(/bad signal|usage|No such/);
      x.m.run(10_000_000);
      expect(procs(x.m, "sleep").filter((p) => p.argv[1] === "70")).toHaveLength(0);
      expect(procs(x.m, "sleep").filter((p) => p.argv[1] === "80")).toHaveLength(2);
      x.command(`kill -TERM -- -${pg80}`);
      x.m.run(10_000_000);
      expect(procs(x.m, "sleep")).toHaveLength(0);
      expect(x.command("jobs")).not.toMatch(/sleep/);
    }
    expectSameFuture(t);
  });

  // Bug (user/src/sh/builtins.c builtin kill, not fixed here: the shell is being edited by its owner): "--" is
  // taken for a signal name ("-" + "-") before the "--" check, so `kill -- -PGID` says "bad signal".
  // Fix: skip the signal-name branch when argv[i] is "--".
  it("16b: `kill -- -PGID` (no signal given) reaches every member of the group", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("sleep 90 | sleep 90 &");
    s.m.run(10_000_000);
    const pg = procs(s.m, "sleep")[0]!.pgid;
    const t = breakMachine(s.m);
    const b = t.b[0]!;
    expect(b.command(`kill -- -${pg}`)).not.toMatch(/bad signal/);
    b.m.run(10_000_000);
    expect(procs(b.m, "sleep")).toHaveLength(0);
  });

  it("17: a stopped process (SIGSTOP) stays stopped after restart; SIGCONT resumes it", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("sleep 2 &");
    s.command("kill -STOP %1");
    s.m.run(10_000_000);
    expect(procs(s.m, "sleep")[0]!.state).toBe("stopped");

    const t = breakMachine(s.m);
    for (const x of [t.a[0]!, t.b[0]!]) {
      x.m.run(5 * SECOND); // long past the 2 s it was sleeping: still there, still stopped
      expect(procs(x.m, "sleep")[0]?.state).toBe("stopped");
      x.command("kill -CONT %1");
      x.m.run(3 * SECOND);
      expect(procs(x.m, "sleep")).toHaveLength(0);
      expect(x.command("jobs")).not.toMatch(/sleep/);
    }
    expectSameFuture(t);
  });

  it("18: sleep 100 with 60 virtual seconds left → wakes 60 virtual seconds after restart", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.type("sleep 100; echo woke\n");
    s.expect("echo woke\r\n");
    s.m.run(1_000_000);
    const started = s.m.now();
    s.m.run(40 * SECOND - 1_000_000);
    const wake = view(s.m).timers.find((x) => x.target === procs(s.m, "sleep")[0]!.pid)!;
    expect(wake.time - s.m.now()).toBeGreaterThan(59.9 * SECOND);
    expect(wake.time - s.m.now()).toBeLessThanOrEqual(60.01 * SECOND);
    expect(started).toBeGreaterThan(0);

    const t = breakMachine(s.m);
    const at = t.b[0]!.m.now();
    expect(at).toBe(s.m.now());
    for (const x of [t.a[0]!, t.b[0]!]) {
      x.m.run(59.8 * SECOND);
      expect(x.pending()).not.toContain("woke"); // not early
      x.expect("woke", 0.3 * SECOND); // but within 60 s (+ the time to print)
      expect(x.m.now() - at).toBeGreaterThan(59.8 * SECOND);
      expect(x.m.now() - at).toBeLessThan(60.1 * SECOND);
    }
    expectSameFuture(t);
  });

  it("19: handler with SA_RESTART and a mask, a blocked pending signal → same dispositions; delivered on unblock", () => {
    const s = bootToPrompt({ ttys: 2, files: [{ path: "/bin/scen", mode: 0o755, data: scenElf() }] });
    const other = new Session(s.m, 1, 0);
    other.expect("$ ");
    s.type("scen sig\n");
    const ready = s.expect("usr2=0\r\n");
    const pid = Number(/ready pid=(\d+)/.exec(ready)![1]);
    s.m.run(2_000_000);
    const p = view(s.m).procs.find((x) => x.pid === pid)!;
    expect(p.state).toBe("sleeping"); // in read(0)
    expect(p.pendingSignals).toContain(12); // SIGUSR2 pending …
    expect(p.blockedSignals).toContain(12); // … and blocked

    const t = breakMachine(s.m, [0, 1]);
    const b = view(t.b[0]!.m).procs.find((x) => x.pid === pid)!;
    expect(b.pendingSignals).toEqual(p.pendingSignals);
    expect(b.blockedSignals).toEqual(p.blockedSignals);
    for (const [x, y] of [t.a, t.b]) {
      y!.command(`kill -USR1 ${pid}`); // the handler runs; read is restarted, not failed with EINTR
      x!.m.run(5_000_000);
      x!.type("go\n");
      const out = x!.expect("$ ");
      expect(out).toContain("read=3 usr1=1 termmasked=1 restart=1 maskterm=1 usr2=0\r\n");
      expect(out).toContain("unblocked usr2=1\r\n");
    }
    expectSameFuture(t);
  });

  it("19 (handler running): checkpoint while a SA_RESTART handler sleeps inside → it returns through its frame, the read restarts", () => {
    const s = bootToPrompt({ ttys: 2, files: [{ path: "/bin/scen", mode: 0o755, data: scenElf() }] });
    const other = new Session(s.m, 1, 0);
    other.expect("$ ");
    s.type("scen hsleep\n");
    s.expect("scen hsleep\r\n");
    const pid = Number(/ready pid=(\d+)/.exec(s.expect("\r\n", SECOND))![1]);
    s.m.run(2_000_000);
    other.command(`kill -USR1 ${pid}`);
    s.expect("handler in\r\n", SECOND);
    s.m.run(SECOND / 2); // inside the handler's sleep(1)
    expect(view(s.m).procs.find((p) => p.pid === pid)!.chan).toMatch(/timer/);

    const t = breakMachine(s.m, [0, 1]);
    for (const x of [t.a[0]!, t.b[0]!]) {
      x.expect("handler out\r\n", SECOND);
      x.m.run(2_000_000);
      expect(procs(x.m, "scen")).toHaveLength(1); // back in read(0), not EINTR
      x.type("hi\n");
      expect(x.expect("$ ", SECOND)).toContain("read=3 in=1 out=1\r\n");
    }
    expectSameFuture(t);
  });

  it("20: a busy loop holding its counter in a register → registers and pc identical; the count neither restarts nor skips", () => {
    const s = bootToPrompt({ ttys: 1, files: [{ path: "/bin/scen", mode: 0o755, data: scenElf() }] });
    const limit = 30_000_000;
    s.type(`scen loop ${limit}\n`);
    s.expect(`${limit}\r\n`); // the echo of the command line
    s.m.run(10_000_000);
    const proc = s.m.kernel.state.procs.get(procs(s.m, "scen")[0]!.pid)!;
    expect(proc.state).toBe("runnable");
    const counters = Array.from(proc.hart.x).filter((r) => r > 1_000_000 && r < limit);
    expect(counters.length).toBeGreaterThan(0); // mid-loop, counter held in a register

    const t = breakMachine(s.m);
    const copy = t.b[0]!.m.kernel.state.procs.get(proc.pid)!;
    expect(copy.hart.pc).toBe(proc.hart.pc);
    expect(Array.from(copy.hart.x)).toEqual(Array.from(proc.hart.x));
    expect(copy.hart.instret).toBe(proc.hart.instret);
    // a few steps later both machines hold the same counter (no restart, no skip)
    for (const x of [t.a[0]!, t.b[0]!]) x.m.run(1_000_003);
    expect(Array.from(t.b[0]!.m.kernel.state.procs.get(proc.pid)!.hart.x)).toEqual(Array.from(s.m.kernel.state.procs.get(proc.pid)!.hart.x));
    for (const x of [t.a[0]!, t.b[0]!]) expect(x.expect("$ ", 2 * SECOND)).toContain(`count=${limit}\r\n`);
    expectSameFuture(t);
  });
});
