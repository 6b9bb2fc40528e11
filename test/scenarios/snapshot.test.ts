// SCENARIOS.md 27–30: the snapshot itself — byte-identical round trips, run
// N + checkpoint + restore (in a new host process too) + run M ≡ run N+M,
// damaged files refused with one line, and inspect/diff in kernel terms.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Machine, MemoryReel } from "../../index.js";
import { Console } from "../../machine/console.js";
import { FORMAT_VERSION, SnapshotError, diffMachines, formatChanges, readSnapshot } from "../../snapshot/index.js";
import { inspectJson, inspectText } from "../../cli/inspect.js";
import { buildTapFile } from "../../devices/tape/format.js";
import { packageRoot } from "../../state/root.js";
import { SECOND, Session, bootToPrompt, procs, scenElf, view } from "./helpers.js";

const encoder = new TextEncoder();
const dir = mkdtempSync(join(tmpdir(), "cryobox-scen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A machine with a bit of everything: a pipeline with bytes in flight, a raw terminal, a stopped job, a tape mid-reel, open files. */
function busyMachine(): { s: Session; reelBytes: Uint8Array } {
  const reelBytes = buildTapFile(Array.from({ length: 20 }, (_, i) => ({ kind: "data" as const, bytes: encoder.encode(`rec ${i}`) })));
  const s = bootToPrompt({ ttys: 2, tapes: { 0: { media: new MemoryReel(reelBytes.slice()), name: "VOL001" } } });
  const t1 = new Session(s.m, 1, 0);
  t1.expect("$ ");
  t1.command("stty raw -echo");
  s.command("mt fsr 5");
  s.command("exec 5>> /tmp/log; echo x >&5");
  s.command("sleep 30 &");
  s.command("kill -STOP %1");
  s.type('seq 1 3000 | sh -c "sleep 1; cat" | wc -l\n');
  s.m.run(SECOND / 2);
  return { s, reelBytes };
}

describe("SCENARIOS: the snapshot itself", () => {
  it("27: checkpoint → restore → checkpoint is byte-identical (and stays so after running on)", () => {
    const { s, reelBytes } = busyMachine();
    const bytes = s.m.checkpoint();
    const r1 = Machine.restore(bytes, { tapes: { 0: { media: new MemoryReel(reelBytes.slice()), name: "VOL001" } } });
    const again = r1.checkpoint();
    expect(again.length).toBe(bytes.length);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    const r2 = Machine.restore(again, { tapes: { 0: { media: new MemoryReel(reelBytes.slice()), name: "VOL001" } } });
    expect(Buffer.from(r2.checkpoint()).equals(Buffer.from(bytes))).toBe(true);
    // both copies and the original, run on alike, still checkpoint to identical bytes
    for (const m of [s.m, r1, r2]) m.run(SECOND);
    const after = s.m.checkpoint();
    expect(Buffer.from(after).equals(Buffer.from(bytes))).toBe(false); // time went on: different bytes …
    expect(Buffer.from(r1.checkpoint()).equals(Buffer.from(after))).toBe(true); // … but the same for all three
    expect(Buffer.from(r2.checkpoint()).equals(Buffer.from(after))).toBe(true);
  });

  it("28: run N, checkpoint, restore, run M ≡ run N+M (same digest, same terminal output), for several N", () => {
    const start = () => {
      const s = bootToPrompt({ ttys: 1 });
      s.type("primes 100000 | tail -n 3; seq 1 50 | wc -l\n"); // ~15 M ticks of work
      return s.m;
    };
    const total = 20_000_000;
    const whole = start();
    const base = whole.tty(0).outputLength();
    whole.run(total);
    const wholeOut = new TextDecoder().decode(whole.tty(0).outputSince(base));
    expect(wholeOut).toContain("99991\r\n50\r\n$ "); // the work completed within N+M
    expect(wholeOut).toContain("50\r\n");
    for (const n of [1, 7, 12_345, 999_999, 4_000_001, 14_999_999]) {
      const m = start();
      m.run(n);
      const before = new TextDecoder().decode(m.tty(0).outputSince(base));
      const copy = Machine.restore(m.checkpoint());
      copy.run(total - n);
      expect(before + copy.tty(0).output(), `N = ${n}`).toBe(wholeOut);
      expect(copy.digest(), `N = ${n}`).toBe(whole.digest());
      expect(copy.now()).toBe(whole.now());
    }
  });

  it("28: split at 40 points across fork, exec, pipe set-up, exit and wait of a short pipeline", () => {
    const start = () => {
      const s = bootToPrompt({ ttys: 1 });
      s.type("ls /bin | wc -l; echo x > /tmp/f; cat /tmp/f /tmp/f | wc -c; sleep 0.01; echo done\n");
      return s.m;
    };
    const whole = start();
    const base = whole.tty(0).outputLength();
    const r = whole.runUntil(() => whole.tty(0).output().endsWith("done\r\n$ "), 100_000_000, 1000);
    expect(r.done).toBe(true);
    const total = r.ticks + 1_000_000;
    whole.run(1_000_000);
    const wholeOut = new TextDecoder().decode(whole.tty(0).outputSince(base));
    const step = Math.floor(r.ticks / 40);
    for (let n = 1; n < r.ticks; n += step) {
      const m = start();
      m.run(n);
      const before = new TextDecoder().decode(m.tty(0).outputSince(base));
      const copy = Machine.restore(m.checkpoint());
      copy.run(total - n);
      expect(before + copy.tty(0).output(), `N = ${n}`).toBe(wholeOut);
      expect(copy.digest(), `N = ${n}`).toBe(whole.digest());
    }
  });

  it("28: … restored in a new host process", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.type("primes 100000 | tail -n 2\n");
    s.m.run(3_000_017);
    expect(procs(s.m, "primes")).toHaveLength(1); // mid-work
    const file = join(dir, "n.snap");
    writeFileSync(file, s.m.checkpoint());
    const mark = s.m.tty(0).outputLength();
    s.m.run(20_000_000);
    const vn = join(packageRoot(), "node_modules", ".bin", "vite-node");
    const r = spawnSync(vn, [join(packageRoot(), "test/scenarios/restore-child.ts"), file, "20000000"], { encoding: "utf8", timeout: 90_000 });
    expect(r.stderr.replace(/.*npm warn.*\n/g, "")).toBe("");
    expect(r.status).toBe(0);
    const child = JSON.parse(r.stdout.trim().split("\n").pop()!) as { digest: string; now: number; output: string };
    expect(child.output).toBe(new TextDecoder().decode(s.m.tty(0).outputSince(mark)));
    expect(child.output).toContain("99991\r\n$ ");
    expect(child.now).toBe(s.m.now());
    expect(child.digest).toBe(s.m.digest());
  });

  it("29: truncated, bit-flipped, foreign, newer-version files → one line naming what is wrong; nothing restored", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("echo keep > /tmp/k");
    const good = s.m.checkpoint();
    const newer = good.slice();
    new DataView(newer.buffer).setUint32(8, FORMAT_VERSION + 1, true);
    const flipped = good.slice();
    flipped[good.length >> 1]! ^= 0x10;
    const cases: [string, Uint8Array, RegExp][] = [
      ["truncated", good.slice(0, good.length - 1000), /trunc|short|length|end|bytes/i],
      ["truncated header", good.slice(0, 10), /trunc|short|length|end|bytes/i],
      ["bit-flipped", flipped, /checksum|damaged|sha|corrupt/i],
      ["foreign", encoder.encode("#!/bin/sh\necho this is not a snapshot\n"), /not a cryobox snapshot|magic|foreign/i],
      ["empty", new Uint8Array(0), /empty|short|not a cryobox|magic|trunc/i],
      ["newer version", newer, new RegExp(`version ${FORMAT_VERSION + 1}`)],
    ];
    // the console keeps the running machine when restart-system meets a bad file
    const files = new Map<string, Uint8Array>(cases.map(([name, b]) => [`/${name}`, b]));
    const con = new Console(s.m, { readFile: (p) => files.get(p) ?? new Uint8Array(0), writeFileAtomic: () => undefined });
    const d0 = s.m.digest();
    for (const [name, b, want] of cases) {
      let err: unknown = null;
      let m: Machine | null = null;
      try {
        m = Machine.restore(b);
      } catch (e) {
        err = e;
      }
      expect(m, name).toBeNull();
      expect(err, name).toBeInstanceOf(SnapshotError);
      const msg = (err as SnapshotError).message;
      expect(msg, name).not.toContain("\n");
      expect(msg.length, name).toBeGreaterThan(10);
      expect(msg, name).toMatch(want);
      const out = con.executeLine(`restart-system "/${name}"`);
      expect(out?.kind, name).toBe("failed");
      expect(con.machine, name).toBe(s.m);
      expect(s.m.digest(), name).toBe(d0);
    }
    expect(Machine.restore(good).digest()).toBe(d0); // the undamaged file does restore
  });

  it("30: inspect shows processes, fds, pipes, ttys and tapes in kernel terms", () => {
    const { s } = busyMachine();
    const bytes = s.m.checkpoint();
    const d = readSnapshot(bytes);
    const text = inspectText("busy.snap", bytes.length, d).join("\n");
    const seqP = procs(s.m, "seq")[0]!;
    const pipeId = seqP.fds.find((f) => f.fd === 1)!.pipe!;
    expect(text).toMatch(new RegExp(`\\b${seqP.pid}\\b.*seq`)); // the process
    expect(text).toMatch(/stopped|\bT\b/); // the stopped sleep
    expect(text).toMatch(/O_APPEND/); // the shell's fd 5
    expect(text).toMatch(new RegExp(`^\\s+${pipeId}\\s+4096\\s+1\\s+1$`, "m")); // the full pipe: buffered, readers, writers
    expect(text).toMatch(/tty1[^\n]*-icanon/); // the raw terminal
    expect(text).toMatch(/VOL001/); // the reel …
    const json = inspectJson("busy.snap", bytes.length, d) as { processes: { pid: number; state: string; fds: { kind: string; pipe: number | null }[] }[]; pipes: { id: number; buffered: number }[]; ttys: { tty: string; mode: string }[]; tapes: { unit: number; blockNumber: number }[] };
    expect(json.processes.find((p) => p.pid === seqP.pid)!.fds.some((f) => f.kind.startsWith("pipe") && f.pipe === pipeId)).toBe(true);
    expect(json.pipes.find((p) => p.id === pipeId)!.buffered).toBe(4096);
    expect(json.ttys.find((t) => t.tty === "tty1")!.mode).toContain("-echo");
    expect(json.tapes.find((t) => t.unit === 0)!.blockNumber).toBe(5); // … at block 5
    expect(json.processes.some((p) => p.state === "stopped")).toBe(true);
  });

  it("30: the diff of two checkpoints a few instructions apart shows only what changed", () => {
    const s = bootToPrompt({ ttys: 1, files: [{ path: "/bin/scen", mode: 0o755, data: scenElf() }] });
    s.type("scen loop 50000000\n");
    s.m.run(5_000_000);
    const pid = procs(s.m, "scen")[0]!.pid;
    const a = readSnapshot(s.m.checkpoint());
    s.m.run(5);
    const b = readSnapshot(s.m.checkpoint());
    const changes = diffMachines(a, b);
    const lines = formatChanges(changes);
    expect(lines.find((l) => l.startsWith("virtual time"))).toMatch(/→/);
    // the counter register moved by 2 or 3 (two instructions per iteration)
    const counter = changes.filter((c) => new RegExp(`^process ${pid} .* x\\d+$`).test(c.what));
    expect(counter.length).toBeGreaterThan(0);
    expect(changes.find((c) => /instret$/.test(c.what))).toBeDefined();
    const allowed = new RegExp(`^(virtual time|process ${pid} \\(scen\\) (pc|x\\d+|instret)|other \\$\\.procs\\[${pid}\\]\\.utime|other \\$\\.quantumLeft)$`);
    for (const c of changes) expect(c.what).toMatch(allowed);
    expect(lines.length).toBeLessThanOrEqual(7);
    // and a diff of a snapshot with itself is empty
    expect(diffMachines(a, a)).toEqual([]);
    expect(view(s.m).procs.find((p) => p.pid === pid)!.state).toBe("runnable");
  });
});
