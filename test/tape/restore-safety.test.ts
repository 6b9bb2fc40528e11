// A snapshot may come from someone else: restore opens no host file the operator did not name
// (--tape) or explicitly trust (--trust-reel-paths), says what it re-attached, and a reel must be a
// regular file holding a SIMH tape image of bounded size — a FIFO, a directory, a device, a 4 GiB
// file or a text file is refused with one line, quickly, before anything is read or written.
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, ftruncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReelError, buildTapFile } from "../../devices/tape/index.js";
import { openHostReelFile } from "../../machine/host-reels.js";
import { Machine } from "../../machine/machine.js";
import { bootCommand } from "../../cli/boot.js";
import { Session, bootToPrompt, procs, view } from "../scenarios/helpers.js";

const encoder = new TextEncoder();
let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cryobox-reel-safety-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tap(n: number): Uint8Array {
  return buildTapFile(Array.from({ length: n }, (_, i) => ({ kind: "data" as const, bytes: encoder.encode(`block ${i}\n`) })));
}

function refusal(path: string, readOnly = false): string {
  const t0 = performance.now();
  let msg = "";
  try {
    openHostReelFile(path, { readOnly, create: false }).loaded.close?.();
  } catch (e) {
    expect(e).toBeInstanceOf(ReelError);
    msg = (e as Error).message;
  }
  expect(performance.now() - t0).toBeLessThan(5_000); // no hang, no whole-file read (a bound, not a speed figure)
  expect(msg).not.toBe("");
  expect(msg).not.toContain("\n");
  return msg;
}

describe("what may be a reel", () => {
  it("a FIFO, a directory, /dev/null and a 4 GiB file are refused with one line naming the file", () => {
    const fifo = join(dir, "fifo.tap");
    execFileSync("mkfifo", [fifo]);
    expect(refusal(fifo)).toBe(`reel ${fifo}: a FIFO, not a tape image`);
    const sub = join(dir, "dir.tap");
    mkdirSync(sub);
    expect(refusal(sub)).toBe(`reel ${sub}: a directory, not a tape image`);
    expect(refusal("/dev/null")).toBe("reel /dev/null: a character device, not a tape image");
    const huge = join(dir, "huge.tap");
    const fd = openSync(huge, "w");
    ftruncateSync(fd, 4 * 1024 ** 3); // sparse: costs nothing on the host
    closeSync(fd);
    expect(refusal(huge)).toMatch(/^reel .*huge\.tap: 4294967296 bytes is larger than the 1073741824-byte limit of a reel$/);
  });

  it("a host file that is not a SIMH image (README.md) is refused, and is not modified", () => {
    const readme = join(dir, "README.md");
    writeFileSync(readme, "# a project\n\nSome text that is not a tape.\n");
    const before = readFileSync(readme);
    expect(refusal(readme)).toMatch(/^reel .*README\.md: not a SIMH tape image: /);
    expect(readFileSync(readme).equals(before)).toBe(true);
  });

  it("cryobox boot --tape 0=README.md and --tape 63=x.tap exit 2 with one line; nothing is created", async () => {
    const readme = join(dir, "README.md");
    writeFileSync(readme, "# not a tape\n");
    const out: string[] = [];
    const io = { stdin: process.stdin, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) } } as never;
    const script = join(dir, "s.txt");
    writeFileSync(script, "ps\n");
    expect(await bootCommand(["--tape", `0=${readme}`, "--script", script], io)).toBe(2);
    expect(out.join("")).toMatch(/^cryobox boot: reel .*README\.md: not a SIMH tape image: [^\n]*\n$/);
    out.length = 0;
    expect(await bootCommand(["--tape", `63=${join(dir, "x.tap")}`, "--script", script], io)).toBe(2);
    expect(out.join("")).toBe("cryobox boot: no tape unit 63 (this machine has 2 drives)\n");
    expect(() => statSync(join(dir, "x.tap"))).toThrow();
  });
});

describe("restore opens only what the operator allowed", () => {
  it("without --tape or trust, no reel file is opened: the recorded path may be anything, it is left alone and the drive waits", () => {
    const victim = join(dir, "victim.tap");
    writeFileSync(victim, tap(3));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: victim } }); // writable, recorded with its path
    const bytes = s.m.checkpoint();
    s.m.close();
    // someone puts a FIFO where the reel was: opening it would hang a restore that trusted the path
    rmSync(victim);
    execFileSync("mkfifo", [victim]);
    const m = Machine.restore(bytes);
    expect(m.mounted().size).toBe(0);
    expect(m.notes).toEqual([expect.stringMatching(/^tape0: volume victim\.tap not mounted — drive offline, waiting at file 0, block 0 \(byte 0\), write ring in;/)]);
    expect(statSync(victim).isFIFO()).toBe(true);
    // a guest writing to the drive waits instead of reaching the host file
    const b = new Session(m, 0, 0);
    b.type("echo overwrite | dd of=/dev/rmt0\n");
    m.run(100_000_000);
    expect(procs(m, "dd")[0]?.state).toBe("sleeping");
    expect(view(m).tapes[0]!.flags).toMatch(/offline/);
  });

  it("a crafted-path snapshot cannot make restore write a host file: the recorded writable reel is not touched", () => {
    const reel = join(dir, "data.tap");
    writeFileSync(reel, tap(5));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: reel } });
    const bytes = s.m.checkpoint();
    s.m.close();
    const before = readFileSync(reel);
    const m = Machine.restore(bytes);
    const b = new Session(m, 0, 0);
    b.type("echo X | dd of=/dev/rmt0\n");
    m.run(100_000_000);
    m.close();
    expect(readFileSync(reel).equals(before)).toBe(true);
  });

  it("--trust-reel-paths reopens the recorded path and the restart report says so; a recorded path that is now a FIFO is refused, not hung on", () => {
    const reel = join(dir, "vol.tap");
    writeFileSync(reel, tap(4));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: `${reel}:ro` } });
    s.command("mt fsr 2");
    const bytes = s.m.checkpoint();
    s.m.close();
    const m = Machine.restore(bytes, { trustReelPaths: true });
    expect(m.notes).toEqual([`tape0: vol.tap verified, positioned at file 0, block 2 (byte 32); re-attached from ${reel} (path recorded in the snapshot, trusted)`]);
    m.close();
    rmSync(reel);
    execFileSync("mkfifo", [reel]);
    const m2 = Machine.restore(bytes, { trustReelPaths: true });
    expect(m2.notes[0]).toBe(`tape0: reel ${reel}: a FIFO, not a tape image`);
    expect(m2.notes[1]).toMatch(/^tape0: volume vol\.tap not mounted/);
  });

  it("cryobox boot --restore prints the restart report: every reel re-attached, and every drive left waiting", async () => {
    const a = join(dir, "a.tap");
    const b = join(dir, "b.tap");
    writeFileSync(a, tap(3));
    writeFileSync(b, tap(6));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: a, 1: `${b}:ro` } });
    const snap = join(dir, "m.ckpt");
    writeFileSync(snap, s.m.checkpoint());
    s.m.close();
    const out: string[] = [];
    const io = { stdin: process.stdin, stdout: { write: (x: string) => out.push(x) }, stderr: { write: (x: string) => out.push(x) } } as never;
    const script = join(dir, "s.txt");
    writeFileSync(script, "show tapes\n");
    expect(await bootCommand(["--restore", snap, "--tape", `0=${a}`, "--script", script], io)).toBe(0);
    const text = out.join("");
    expect(text).toContain(`tape0: a.tap verified, positioned at file 0, block 0 (byte 0); re-attached from ${a}`);
    expect(text).toMatch(/tape1: volume b\.tap not mounted — drive offline/);
  });
});
