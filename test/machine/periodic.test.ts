// Periodic checkpoints in-process (machine/host-periodic.ts): the virtual-time
// schedule, keeping the last K points, skipping damaged points on restore, and
// `show checkpoints`. The kill -9 property is test/machine/periodic-crash.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { Console } from "../../machine/console.js";
import { hostConsole } from "../../machine/host-console.js";
import { parseLine } from "../../machine/console-parse.js";
import { PeriodicCheckpoints, fullPoints, listPoints, newestPoint, pointOptions } from "../../machine/host-periodic.js";
import { chainOf } from "../../snapshot/index.js";
import { PeriodicError, nextDue, parseDuration, parseKeep, pointName, pointSeq } from "../../machine/periodic-schedule.js";
import { catImage } from "./helpers.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "cryobox-periodic-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** How boot --restore DIR restores a point: its ancestors from the same folder. */
const restoreIn = (dir: string) => (b: Uint8Array, name: string): Machine => Machine.restore(b, pointOptions(dir, name));

/** A machine that keeps running: the shell runs a prime search. */
function busyMachine(): Machine {
  const m = Machine.boot({ ttys: 1 });
  m.run(); // to the prompt
  m.tty(0).send("primes 100000000 > /dev/null\n");
  return m;
}

describe("periodic schedule", () => {
  it("parses virtual durations and tick counts, refuses nonsense", () => {
    expect(parseDuration("10s")).toBe(1_000_000_000);
    expect(parseDuration("500ms")).toBe(50_000_000);
    expect(parseDuration("2m")).toBe(12_000_000_000);
    expect(parseDuration("0.5s")).toBe(50_000_000);
    expect(parseDuration("100M")).toBe(100_000_000);
    expect(parseDuration("5_000_000")).toBe(5_000_000);
    expect(() => parseDuration("10 s")).toThrow(PeriodicError);
    expect(() => parseDuration("10")).toThrow(/shorter than 1ms/);
    expect(() => parseDuration("soon")).toThrow(/not a duration/);
    expect(parseKeep("3")).toBe(3);
    expect(() => parseKeep("0")).toThrow(/--keep/);
  });

  it("names points so they sort, and recognises only its own names", () => {
    expect(pointName(42)).toBe("point-00000042.ckpt");
    expect(pointSeq(pointName(42))).toBe(42);
    expect(pointSeq(".point-00000042.ckpt.tmp-12-abcdef0123456789")).toBeNull();
    expect(pointName(9) < pointName(10)).toBe(true);
    expect(nextDue(0, 10)).toBe(10);
    expect(nextDue(10, 10)).toBe(20);
    expect(nextDue(19, 10)).toBe(20);
  });
});

describe("periodic checkpoints", () => {
  it("writes a point at each multiple of the period, keeps the last K, and the newest restores to the machine it saved", () => {
    const dir = tempDir();
    const m = busyMachine();
    const p = new PeriodicCheckpoints({ dir, every: 5_000_000, keep: 2 });
    p.attach(m);
    const start = m.now();
    m.run(21_000_000);
    const taken = Math.floor((start + 21_000_000) / 5_000_000) - Math.floor(start / 5_000_000);
    expect(p.stats.count).toBe(taken);
    expect(taken).toBeGreaterThanOrEqual(4);
    // Incremental points, a full one every K: the newest K are kept with the ancestors they need.
    const kept = listPoints(dir);
    const head = taken % 2 === 0 ? taken - 1 : taken - 2; // the full point that starts the older one's chain
    expect(kept.map((x) => x.seq)).toEqual(Array.from({ length: taken - head + 1 }, (_, i) => taken - i));
    for (const k of kept) {
      const bytes = new Uint8Array(readFileSync(join(dir, k.name)));
      const chain = chainOf(bytes, pointOptions(dir, k.name).parents);
      expect(chain.length).toBeLessThanOrEqual(2); // never longer than K
      expect(restoreIn(dir)(bytes, k.name).now()).toBeGreaterThan(0);
    }
    expect(readdirSync(dir).filter((n) => n.startsWith("."))).toEqual([]); // no temporaries left
    const { value, file } = newestPoint(dir, restoreIn(dir));
    expect(file).toBe(join(dir, pointName(taken)));
    // The newest point was taken at the first slice boundary after the last multiple.
    expect(value.now()).toBeGreaterThanOrEqual(Math.floor((start + 21_000_000) / 5_000_000) * 5_000_000);
    expect(value.now()).toBeLessThanOrEqual(m.now());
    // Same digest as a fresh run to that point without any checkpoint.
    const ref = busyMachine();
    ref.run(value.now() - ref.now());
    expect(ref.digest()).toBe(value.digest());
  });

  it("restore skips a truncated newest point and a garbage one, with a note each, and takes the next", () => {
    const dir = tempDir();
    const m = busyMachine();
    const p = new PeriodicCheckpoints({ dir, every: 1_000_000, keep: 3 });
    p.attach(m);
    m.run(3_500_000);
    const [newest, second] = listPoints(dir);
    expect(newest && second).toBeTruthy();
    const want = restoreIn(dir)(new Uint8Array(readFileSync(join(dir, second!.name))), second!.name).digest();
    truncateSync(join(dir, newest!.name), 1000);
    writeFileSync(join(dir, pointName(newest!.seq + 1)), "not a snapshot");
    const r = newestPoint(dir, restoreIn(dir));
    expect(r.file).toBe(join(dir, second!.name));
    expect(r.value.digest()).toBe(want);
    expect(r.notes).toHaveLength(2);
    expect(r.notes[0]).toMatch(/^skipped .*point-\d+\.ckpt: not a cryobox snapshot/);
    expect(r.notes[1]).toMatch(/^skipped .*point-\d+\.ckpt: truncated/);
  });

  it("a point whose chain lost its full point is skipped with a note; an older complete chain is taken", () => {
    const dir = tempDir();
    const m = busyMachine();
    const p = new PeriodicCheckpoints({ dir, every: 1_000_000, keep: 3 });
    p.attach(m);
    while (p.stats.count < 5) m.run(1_000_000); // points 1 (full) 2 3, 4 (full) 5
    const seqs = listPoints(dir).map((x) => x.seq);
    expect(seqs).toEqual([5, 4, 3, 2, 1]);
    rmSync(join(dir, pointName(4)));
    const r = newestPoint(dir, restoreIn(dir));
    expect(r.file).toBe(join(dir, pointName(3)));
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^skipped .*point-00000005\.ckpt: .*point-00000004\.ckpt/);
  });

  it("full points (PointWriter) are complete on their own: the last K are kept", () => {
    const dir = tempDir();
    const m = busyMachine();
    const p = new PeriodicCheckpoints({ dir, every: 1_000_000, keep: 2, writer: fullPoints });
    p.attach(m);
    while (p.stats.count < 4) m.run(1_000_000);
    expect(listPoints(dir).map((x) => x.seq)).toEqual([4, 3]);
    rmSync(join(dir, pointName(3)));
    expect(newestPoint(dir, (b) => Machine.restore(b)).file).toBe(join(dir, pointName(4)));
  });

  it("an empty folder or one with only damaged points is refused with one line", () => {
    const dir = tempDir();
    expect(() => newestPoint(dir, restoreIn(dir))).toThrow(/no restartable point in .*holds no point/);
    writeFileSync(join(dir, pointName(1)), "junk");
    expect(() => newestPoint(dir, restoreIn(dir))).toThrow(/no restartable point .*1 damaged/);
  });

  it("numbering goes on after the newest point already in the folder", () => {
    const dir = tempDir();
    writeFileSync(join(dir, pointName(7)), "old");
    const m = Machine.boot({ image: catImage, ttys: 1 });
    const p = new PeriodicCheckpoints({ dir, every: 1_000_000, keep: 5 });
    p.attach(m);
    m.run(1_500_000);
    expect(listPoints(dir)[0]!.seq).toBe(8);
  });

  it("a failed write is reported in one line and the box keeps running", () => {
    const dir = tempDir();
    const lines: string[] = [];
    const p = new PeriodicCheckpoints({ dir, every: 1_000_000, keep: 2, log: (l) => lines.push(l), writer: { kind: "broken", encode: () => { const e = new Error("disk full") as NodeJS.ErrnoException; e.code = "ENOSPC"; throw e; } } });
    const m = busyMachine();
    p.attach(m);
    const t = m.now();
    m.run(2_500_000);
    expect(m.now()).toBe(t + 2_500_000);
    expect(p.stats.failures).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/periodic checkpoint .* failed: .*ENOSPC/);
  });

  it("show checkpoints reports the schedule, the pauses and the points; the console's new machine is followed", () => {
    const dir = tempDir();
    const m = busyMachine();
    const p = new PeriodicCheckpoints({ dir, every: 1_000_000, keep: 2 });
    const con = new Console(m, { ...hostConsole, attached: (x) => p.attach(x), checkpoints: () => p.describe() });
    const exec = (line: string): string => {
      const r = con.execute(parseLine(line)!);
      if (r.kind !== "ok") throw new Error(JSON.stringify(r));
      return r.text;
    };
    const t0 = m.now();
    exec("run 3M");
    const n = Math.floor(m.now() / 1e6) - Math.floor(t0 / 1e6);
    expect(n).toBe(3);
    const text = exec("show checkpoints");
    expect(text).toMatch(/every 0\.010000000s \(1000000 ticks\)/);
    expect(text).toMatch(/3 points taken, pause last \d+\.\d\d ms, mean \d+\.\d\d ms, max/);
    expect(text).toMatch(/periodic checkpoints \(incremental\)/);
    expect(text).toMatch(/kept: point-00000003\.ckpt point-00000002\.ckpt point-00000001\.ckpt/);
    exec(`restart-system ${join(dir, pointName(2))}`);
    exec("run 2M");
    expect(p.stats.count).toBe(5); // the restored machine is on the schedule too
    const bare = new Console(Machine.boot({ image: catImage, ttys: 1 }), hostConsole);
    const r = bare.execute(parseLine("show checkpoints")!);
    expect(r.kind === "ok" && r.text).toMatch(/no periodic checkpoints/);
  });
});
