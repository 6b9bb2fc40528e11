// The batch queue on the disk (SCENARIOS 22–24): qsub/qstat/qdel and the qd
// daemon init starts when a disk is attached. A restartable primes job
// interrupted by three crashes at random points finishes with output
// byte-identical to an uninterrupted run, under the same job id (a fast-check
// property over the crash points); a -r n job is marked failed, "system
// crash", and not rerun; a crash while a checkpoint was being written leaves
// the previous checkpoint in use.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { mountDisk } from "../../kernel/mount.js";
import { MemoryDir } from "../../devices/disk/memory-dir.js";
import { Session } from "../scenarios/helpers.js";
import { breathe, procsNamed, runUntil } from "./helpers.js";
import { readJobFile } from "../../snapshot/job-file.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const LIMIT = 40000;
const decoder = new TextDecoder();

/** primes up to n, as the guest prints them. */
function primesText(n: number): string {
  const sieve = new Uint8Array(n + 1);
  let s = "";
  for (let i = 2; i <= n; i++) {
    if (sieve[i]) continue;
    s += `${i}\n`;
    for (let j = i * i; j <= n; j += i) sieve[j] = 1;
  }
  return s;
}

/** Boot with `dir` attached at /mnt before anything runs (as `cryobox boot --disk DIR` does): init starts qd. */
function boot(dir: MemoryDir): Session {
  const m = Machine.boot({ ttys: 1 });
  mountDisk(m.kernel, "/mnt", dir);
  const s = new Session(m, 0);
  s.expect("$ ");
  return s;
}

function file(dir: MemoryDir, path: string): string | null {
  const b = dir.snapshot()[path];
  return b ? decoder.decode(b) : null;
}

function submit(s: Session, restartable: "y" | "n", interval = "0.01"): void {
  s.command(`echo ${interval} > /mnt/queue/interval`);
  s.command(`echo primes ${LIMIT} > /tmp/job.sh`);
  expect(s.command(`qsub -r ${restartable} /tmp/job.sh`)).toMatch(/\n1\r?\n/);
}

/** After a reboot: when a checkpoint was on the disk, the job came back from it (not from the start). */
function expectResumedFrom(s: Session, ckpt: Uint8Array | undefined, dir: MemoryDir): boolean {
  if (!ckpt) return false;
  const saved = [...readJobFile(ckpt).state.procs.values()].find((p) => p.argv[0] === "primes")!;
  runUntil(s.m, () => procsNamed(s.m, "primes").length === 1 || (file(dir, "queue/1/state") ?? "").startsWith("done"), 4_000_000_000, 100_000);
  const now = [...s.m.kernel.state.procs.values()].find((p) => p.argv[0] === "primes" && p.state !== "zombie");
  if (now) expect(now.utime).toBeGreaterThanOrEqual(saved.utime);
  return true;
}

/** Run until job 1's state starts with `prefix`. */
function until(s: Session, dir: MemoryDir, prefix: string, bound = 4_000_000_000): void {
  runUntil(s.m, () => (file(dir, "queue/1/state") ?? "").startsWith(prefix), bound, 200_000);
}

describe("the batch queue", () => {
  it("qsub runs a job in a session of its own with its output on the disk; qstat shows it; qdel deletes a queued one", () => {
    const dir = new MemoryDir();
    const s = boot(dir);
    expect(procsNamed(s.m, "qd")).toHaveLength(1);
    submit(s, "y");
    until(s, dir, "done");
    expect(file(dir, "queue/1/state")).toBe("done 0\n");
    expect(file(dir, "queue/1/out")).toBe(primesText(LIMIT));
    expect(file(dir, "queue/1/ckpt")).not.toBeNull(); // it was checkpointed on the way
    expect(s.command("qstat")).toMatch(/\n1 +y +done 0 +primes 40000/);
    s.command("echo sleep 100 > /tmp/long.sh");
    s.command("qsub /tmp/long.sh");
    runUntil(s.m, () => procsNamed(s.m, "sleep").length === 1);
    const sleep = procsNamed(s.m, "sleep")[0]!;
    expect(sleep.sid).not.toBe(procsNamed(s.m, "-sh")[0]?.sid ?? -1);
    s.command("qdel 2");
    runUntil(s.m, () => file(dir, "queue/2/state") === "deleted\n" && procsNamed(s.m, "sleep").length === 0);
    expect(s.command("qdel 2")).toContain("qdel: job 2 has ended (deleted)");
  });

  it("a restartable primes job survives three crashes at random points: same job id, output identical to an uninterrupted run", async () => {
    const want = primesText(LIMIT);
    let resumed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 6_000_000 }), { minLength: 3, maxLength: 3 }), async (crashes) => {
        const dir = new MemoryDir();
        let s = boot(dir);
        submit(s, "y");
        for (const at of crashes) {
          await breathe();
          s.m.run(at);
          s.m.close(); // crash: the machine is gone, nothing saved; the disk keeps what was written
          const ckpt = dir.snapshot()["queue/1/ckpt"] ?? undefined;
          s = boot(dir);
          if (expectResumedFrom(s, ckpt, dir)) resumed++;
        }
        await breathe();
        until(s, dir, "done");
        expect(file(dir, "queue/1/state")).toBe("done 0\n");
        expect(file(dir, "queue/1/out")).toBe(want);
        expect(Object.keys(dir.snapshot()).filter((p) => /^queue\/\d+$/.test(p))).toEqual(["queue/1"]);
      }),
      { numRuns: LONG ? 40 : 3, examples: [[[2_000_000, 2_500_000, 3_000_000]]] },
    );
    expect(resumed).toBeGreaterThan(0); // some crash came after a checkpoint: a real resume was tested
  });

  it("a -r n job is marked failed with the reason 'system crash' and not rerun", () => {
    const dir = new MemoryDir();
    let s = boot(dir);
    submit(s, "n");
    until(s, dir, "running");
    s.m.run(1_000_000);
    const out = file(dir, "queue/1/out");
    s.m.close();
    s = boot(dir);
    until(s, dir, "failed");
    expect(file(dir, "queue/1/state")).toBe("failed system crash\n");
    s.m.run(20_000_000);
    expect(procsNamed(s.m, "primes")).toHaveLength(0);
    expect(file(dir, "queue/1/out")).toBe(out);
    expect(file(dir, "queue/1/ckpt")).toBeNull(); // -r n jobs are never checkpointed
  });

  it("a crash while a checkpoint was being written leaves the previous one valid and in use", () => {
    const dir = new MemoryDir();
    let s = boot(dir);
    submit(s, "y");
    runUntil(s.m, () => file(dir, "queue/1/ckpt") !== null, 4_000_000_000, 100_000);
    s.m.run(1_000_000);
    s.m.close();
    // The power failed with the next checkpoint half written (as a host crash mid-write leaves it).
    const previous = dir.snapshot()["queue/1/ckpt"]!;
    const half = previous.slice(0, previous.length >> 1);
    expect(dir.create("queue/1/ckpt.new", 0o644, false)).toBe(0);
    expect(dir.write("queue/1/ckpt.new", 0, half)).toBe(half.length);
    s = boot(dir);
    expect(expectResumedFrom(s, previous, dir)).toBe(true);
    until(s, dir, "done");
    expect(file(dir, "queue/1/out")).toBe(primesText(LIMIT));
    expect(dir.snapshot()["queue/1/ckpt.new"]).toBeUndefined();
  });
});
