// Live migration between two child processes (`cryobox boot --script` with
// `migrate HOST:PORT`, and `cryobox boot --incoming 127.0.0.1:0 --script`),
// against a third that never moved: the moved machine ends with the same
// digest and the receiver's console prints the same terminal transcript.
// Needs a fresh dist/.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { packageRoot } from "../../state/root.js";

const root = packageRoot();
const cli = join(root, "bin", "cryobox.js");
function distFresh(): boolean {
  const built = join(root, "dist", "cli", "migrate.js");
  if (!existsSync(built)) return false;
  const t = statSync(built).mtimeMs;
  return ["cli/migrate.ts", "cli/boot.ts", "machine/migrate-send.ts", "machine/migrate-receive.ts", "machine/host-migrate-send.ts", "machine/host-migrate-receive.ts"].every(
    (f) => statSync(join(root, f)).mtimeMs <= t,
  );
}
const skip = !distFresh();
if (skip) console.warn("migrate-process.test.ts: skipped (dist/ missing or older than the migration sources — run npm run build)");

const work = mkdtempSync(join(tmpdir(), "cryobox-migrate-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BEFORE = ['expect tty0 "$ "', 'send tty0 "primes 30000\\n"', "run 2M"];
const AFTER = (out: string): string[] => ['expect tty0 "29989"', 'expect tty0 "$ "', 'send tty1 "echo moved\\n"', 'expect tty1 "moved"', "print tty0", "print tty1", `checkpoint-system ${out}`];

function script(name: string, lines: string[]): string {
  const f = join(work, name);
  writeFileSync(f, lines.join("\n") + "\n");
  return f;
}

/** stdout without the lines that name processes, ports or files (they differ by design). */
function transcript(stdout: string): string {
  return stdout
    .split("\n")
    .filter((l) => !/^(cryobox: |checkpoint \/|ran \d+ ticks)/.test(l))
    .join("\n");
}

function collect(child: ChildProcess): { out: () => string; err: () => string; done: Promise<number | null> } {
  let out = "";
  let err = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  return { out: () => out, err: () => err, done: new Promise((r) => child.on("exit", (code) => r(code))) };
}

describe.skipIf(skip)("live migration between two processes", () => {
  it("ends with the digest and terminal transcript of a run that never moved", async () => {
    const movedFile = join(work, "moved.ckpt");
    const target = spawn(process.execPath, [cli, "boot", "--incoming", "127.0.0.1:0", "--script", script("target.txt", AFTER(movedFile))], { stdio: ["ignore", "pipe", "pipe"] });
    const t = collect(target);
    let port = 0;
    for (let i = 0; i < 400 && port === 0; i++) {
      const m = /waiting for a machine on 127\.0\.0\.1:(\d+)/.exec(t.out());
      if (m) port = Number(m[1]);
      else await new Promise((r) => setTimeout(r, 25));
    }
    expect(port, t.err()).toBeGreaterThan(0);

    const source = spawnSync(process.execPath, [cli, "boot", "--ttys", "2", "--script", script("source.txt", [...BEFORE, `migrate 127.0.0.1:${port}`])], { encoding: "utf8", timeout: 60_000 });
    expect(source.stderr).toBe("");
    expect(source.status).toBe(0);
    const report = /machine migrated to 127\.0\.0\.1:\d+ at .*\((\d+) pages, (\d+) ticks run meanwhile\).*downtime (\d+\.\d+) ms/.exec(source.stdout);
    expect(report, source.stdout).not.toBeNull();
    const ran = Number(report![2]);

    expect(await t.done, t.err()).toBe(0);
    expect(t.out()).toMatch(/machine arrived from 127\.0\.0\.1:\d+/);

    const refFile = join(work, "ref.ckpt");
    const ref = spawnSync(process.execPath, [cli, "boot", "--ttys", "2", "--script", script("ref.txt", [...BEFORE, `run ${ran}`, ...AFTER(refFile)])], { encoding: "utf8", timeout: 60_000 });
    expect(ref.status, ref.stderr).toBe(0);

    expect(transcript(t.out())).toBe(transcript(ref.stdout));
    expect(transcript(t.out())).toContain("29989\r\n");
    expect(transcript(t.out())).toContain("moved\r\n");
    const digest = (f: string): string => Machine.restore(new Uint8Array(readFileSync(f))).digest();
    expect(digest(movedFile)).toBe(digest(refFile));
  }, 120_000);

  it("a migrate with nobody listening fails in one line and the script stops with status 1, the machine untouched", () => {
    const r = spawnSync(process.execPath, [cli, "boot", "--ttys", "1", "--script", script("nobody.txt", ['expect tty0 "$ "', "migrate 127.0.0.1:1"])], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cryobox boot: .*nobody\.txt line 2: migrate 127\.0\.0\.1:1: migrate 127\.0\.0\.1:1: cannot connect to 127\.0\.0\.1:1: ECONNREFUSED; the machine keeps running here\n$/);
  }, 60_000);
});
