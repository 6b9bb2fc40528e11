// Periodic checkpoints survive a host crash: a property kills the host process
// (`cryobox boot --checkpoint-every … --script`, a child process) with SIGKILL
// at random moments while it checkpoints a busy box every 2M ticks, and the
// folder always holds a restartable newest point: no point file is ever partial
// (temp + rename), at most K+1 are left (a crash between the rename and the
// pruning), and the newest restores. One run then restarts the folder with
// `cryobox boot --restore DIR` in a new process. Needs a fresh dist/.
// CRYOBOX_LONG=1 runs 40 kills instead of 6.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { listPoints, newestPoint, pointOptions } from "../../machine/host-periodic.js";
import { packageRoot } from "../../state/root.js";

const root = packageRoot();
const cli = join(root, "bin", "cryobox.js");
function distFresh(): boolean {
  const built = join(root, "dist", "machine", "host-periodic.js");
  if (!existsSync(built)) return false;
  const t = statSync(built).mtimeMs;
  return ["machine/host-periodic.ts", "machine/periodic-schedule.ts", "cli/periodic-args.ts", "cli/boot.ts"].every((f) => statSync(join(root, f)).mtimeMs <= t);
}
const skip = !distFresh();
if (skip) console.warn("periodic-crash.test.ts: skipped (dist/ missing or older than the periodic sources — run npm run build)");

const LONG = process.env.CRYOBOX_LONG === "1";
const KEEP = 2;
const work = mkdtempSync(join(tmpdir(), "cryobox-crash-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const script = join(work, "busy.txt");
writeFileSync(script, 'send tty0 "primes 100000000 > /dev/null\\n"\nrun 100G\n');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Boot a busy box checkpointing into `dir`; SIGKILL it `delay` ms after its first point appears. */
async function crashRun(dir: string, delay: number): Promise<void> {
  const child = spawn(process.execPath, [cli, "boot", "--ttys", "1", "--checkpoint-every", "2M", "--keep", String(KEEP), dir, "--script", script], { stdio: "ignore" });
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  try {
    for (let i = 0; i < 600 && listPointsSafe(dir).length === 0; i++) await sleep(25);
    expect(listPointsSafe(dir).length, "no point within 15 s").toBeGreaterThan(0);
    await sleep(delay);
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

function listPointsSafe(dir: string): { seq: number; name: string }[] {
  try {
    return listPoints(dir);
  } catch {
    return [];
  }
}

describe.skipIf(skip)("periodic checkpoints across kill -9", () => {
  let n = 0;
  it(
    "killing the host at any moment leaves a restartable newest point",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 700 }), async (delay) => {
          const dir = join(work, `run-${n++}`);
          await crashRun(dir, delay);
          const points = listPoints(dir);
          expect(points.length).toBeGreaterThan(0);
          expect(points.length).toBeLessThanOrEqual(KEEP + 1);
          const r = newestPoint(dir, (b, name) => Machine.restore(b, pointOptions(dir, name))); // incremental points find their parents in the folder
          expect(r.notes).toEqual([]); // never a partial point under a point's name
          expect(r.file).toBe(join(dir, points[0]!.name));
          expect(r.value.now()).toBeGreaterThan(0);
          // Whatever the kill left behind is never taken for a point.
          for (const name of readdirSync(dir)) if (!points.some((p) => p.name === name)) expect(name).toMatch(/^\.point-\d+\.ckpt\.tmp-/);
        }),
        { numRuns: LONG ? 40 : 6, seed: LONG ? undefined : 1313 },
      );
    },
    LONG ? 900_000 : 120_000,
  );

  it("cryobox boot --restore DIR restarts the newest point in a new process, and a damaged newest one is skipped with a note", async () => {
    const dir = join(work, "restart");
    await crashRun(dir, 200);
    const points = listPoints(dir);
    writeFileSync(join(dir, `point-${String(points[0]!.seq + 1).padStart(8, "0")}.ckpt`), "half a checkpoi");
    const check = join(work, "check.txt");
    writeFileSync(check, "show checkpoints\nrun 3M\nps\n");
    const r = spawnSync(process.execPath, [cli, "boot", "--restore", dir, "--checkpoint-every", "1M", dir, "--script", check], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^skipped .*point-\d+\.ckpt: not a cryobox snapshot.*\n/);
    expect(r.stdout).toContain(`restarted the newest valid point ${join(dir, points[0]!.name)}`);
    expect(r.stdout).toMatch(/primes/); // ps: the prime search is still there
    expect(listPoints(dir)[0]!.seq).toBeGreaterThan(points[0]!.seq + 1); // numbering goes on after the damaged name
  }, 90_000);
});
