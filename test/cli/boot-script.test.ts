// `cryobox boot --script` end to end, in process with captured stdio and the
// default image: exit statuses, the failing line named in the message,
// checkpoint files and `--restore`, reels given with `--tape`.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bootCommand } from "../../cli/boot.js";
import { captureIO } from "./boot-capture.js";

const dir = mkdtempSync(join(tmpdir(), "cryobox-boot-script-"));

async function boot(script: string, extra: string[] = []): Promise<{ status: number; out: string; err: string }> {
  const f = join(dir, `s${Math.floor(Math.random() * 1e9)}.script`);
  writeFileSync(f, script);
  const c = captureIO();
  const status = await bootCommand(["--script", f, ...extra], c.io);
  return { status, out: c.out(), err: c.err() };
}

describe("cryobox boot --script", () => {
  it("runs every command and exits 0", async () => {
    const snap = join(dir, "ok.ckpt");
    const r = await boot(`# a comment line
expect tty0 "$ "
send tty0 "echo hi there\\n"
expect tty0 "hi there\\r\\n"
checkpoint-system ${snap}
ps
`);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(new RegExp(`checkpoint ${snap}: time .* processes, .* sha256 [0-9a-f]{64}`));
    expect(r.out).toMatch(/PID.*COMMAND/);
    expect(existsSync(snap)).toBe(true);
  });

  it("an expect that times out fails with status 1 and names the line", async () => {
    const r = await boot('expect tty0 "$ "\n\nexpect tty0 "never printed" 2M\nsend tty0 "not reached\\n"\n');
    expect(r.status).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/line 3: expect tty0 "never printed" 2M: .*never printed/);
  });

  it("--restore carries on from a checkpoint, in a fresh machine", async () => {
    const snap = join(dir, "mid.ckpt");
    const a = await boot(`expect tty0 "$ "
send tty0 "X=remembered\\n"
expect tty0 "$ "
send tty0 "echo partial"
checkpoint-system ${snap}
`);
    expect(a.status).toBe(0);
    const r = await boot('send tty0 " $X\\n"\nexpect tty0 "partial remembered"\n', ["--restore", snap]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
  });

  it("halt ends the script with status 0 and skips the rest", async () => {
    const r = await boot('halt\nexpect tty0 "never" 1k\n');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/halted/);
  });

  it("--tape mounts a host reel file that dd can write", async () => {
    const reel = join(dir, "scratch.tap");
    const r = await boot(
      `expect tty0 "$ "
send tty0 "echo on the reel | dd of=/dev/nrmt0\\n"
expect tty0 "records out"
show tapes
`,
      ["--tape", `0=${reel}`],
    );
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toContain(reel);
    expect(readFileSync(reel).toString("latin1")).toContain("on the reel");
  });

  it("--restore re-attaches the reel the operator names (--tape) and says so; without it the drive waits; a reel written on after the checkpoint is positioned, not rewound", async () => {
    const reel = join(dir, "vol.tap");
    const snap = join(dir, "tape.ckpt");
    const a = await boot(
      `expect tty0 "$ "
send tty0 "echo first | dd of=/dev/nrmt0\\n"
expect tty0 "records out"
expect tty0 "$ "
checkpoint-system ${snap}
`,
      ["--tape", `0=${reel}`],
    );
    expect(a.err).toBe("");
    // unchanged reel: mounted again at the recorded position, the next write lands after the first record
    const b = await boot('show tapes\nsend tty0 "echo second | dd of=/dev/nrmt0\\n"\nexpect tty0 "records out"\n', ["--restore", snap, "--tape", `0=${reel}`]);
    expect(b.err).toBe("");
    expect(b.out).toContain(`re-attached from ${reel}`);
    expect(b.out).toContain(reel);
    const text = readFileSync(reel).toString("latin1");
    expect(text.indexOf("first")).toBeGreaterThanOrEqual(0); // not overwritten: the drive kept its position
    expect(text.indexOf("first")).toBeLessThan(text.indexOf("second"));
    // restarting the old checkpoint opens no reel by itself: the drive waits for its volume
    const c = await boot(`restart-system ${snap}\nshow tapes\n`);
    expect(c.status).toBe(0);
    expect(c.out).toMatch(/tape0: volume vol\.tap not mounted — drive offline, waiting at file 1, block 0/);
    // the second run wrote on after the checkpoint's head: the same volume, positioned where the checkpoint was
    const d = await boot(`restart-system ${snap}\nmount tape0 ${reel}\n`);
    expect(d.err).toBe("");
    expect(d.out).toMatch(/tape0: vol\.tap was written on after the checkpoint .*positioned at file 1, block 0/);
  });
});
