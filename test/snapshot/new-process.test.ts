// A restart in a new host process (SCENARIOS 28), through the real command:
// `cryobox boot --script` types half a command and writes checkpoint-system
// FILE, exits; `cryobox boot --restore FILE --script` types the rest and sees
// the whole line run. The same keystrokes without a break give the same
// machine (cryobox diff: no differences). Needs dist/ (npm install builds it).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";

const root = packageRoot();
const cli = join(root, "bin", "cryobox.js");

/** dist/ is usable when it exists and is newer than every snapshot/ source. */
function distFresh(): boolean {
  const built = join(root, "dist", "snapshot", "index.js");
  if (!existsSync(built)) return false;
  const t = statSync(built).mtimeMs;
  return readdirSync(join(root, "snapshot")).every((f) => !f.endsWith(".ts") || statSync(join(root, "snapshot", f)).mtimeMs <= t);
}
const skip = !distFresh();
if (skip) console.warn("new-process.test.ts: skipped (dist/ missing or older than snapshot/ — run npm run build)");

const dir = mkdtempSync(join(tmpdir(), "cryobox-newproc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cryobox(args: string[], script: string): { status: number | null; out: string; err: string } {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [cli, ...args, "--script", file], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(skip)("restart in a new host process", () => {
  it("a half-typed line survives the restart and completes; the result equals an unbroken run", () => {
    const a = join(dir, "a.snap");
    const b = join(dir, "b.snap");
    const c = join(dir, "c.snap");
    const first = cryobox(["boot", "--ttys", "2"], `expect tty0 "$ "\nsend tty0 "echo hel"\ncheckpoint-system ${a}\nhalt\n`);
    expect(first.err).toBe("");
    expect(first.status).toBe(0);
    const second = cryobox(["boot", "--restore", a], `send tty0 "lo world\\n"\nexpect tty0 "hello world"\nrun\ncheckpoint-system ${b}\nhalt\n`);
    expect(second.err).toBe("");
    expect(second.status).toBe(0);
    const whole = cryobox(["boot", "--ttys", "2"], `expect tty0 "$ "\nsend tty0 "echo hel"\nsend tty0 "lo world\\n"\nexpect tty0 "hello world"\nrun\ncheckpoint-system ${c}\nhalt\n`);
    expect(whole.status).toBe(0);
    const d = spawnSync(process.execPath, [cli, "diff", b, c], { encoding: "utf8" });
    expect(d.stdout).toBe("no differences\n");
    expect(d.status).toBe(0);
  });
});
