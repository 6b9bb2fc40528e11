// `cryobox boot --gdb PORT` (cli/gdb-args.ts, machine/exec-catch.ts): the next
// program started on tty0 stops before its first instruction and is served to
// a real gdb-multiarch, which breaks in it, prints a variable and goes back.
// In-process boot with a piped stdin; skips visibly without gdb-multiarch.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { bootCommand, parseBootArgs } from "../../cli/boot.js";
import type { BootIO } from "../../cli/console-interactive.js";
import { packageRoot } from "../../state/root.js";

const fixtures = join(packageRoot(), "test/machine/fixtures");
const hasGdb = spawnSync("gdb-multiarch", ["--version"]).status === 0;
if (!hasGdb) console.warn("boot-gdb.test.ts: gdb-multiarch not installed; the real-client test is skipped (apt-get install gdb-multiarch)");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

const until = async (what: () => boolean, ms: number): Promise<boolean> => {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return what();
};

describe("boot --gdb", () => {
  it("parses a port and refuses nonsense in one line", () => {
    expect(parseBootArgs(["--gdb", "1234"]).gdb).toBe(1234);
    expect(() => parseBootArgs(["--gdb", "http"])).toThrow("--gdb wants a TCP port from 1 to 65535, not 'http'");
    expect(() => parseBootArgs(["--gdb", "70000"])).toThrow(/not '70000'/);
  });

  it("refuses --gdb with --script: it needs an interactive session", async () => {
    let err = "";
    const io = { stdin: new PassThrough(), stdout: { write: () => true }, stderr: { write: (c: string | Uint8Array) => (err += String(c)) } } as unknown as BootIO;
    expect(await bootCommand(["--gdb", "1234", "--script", "/dev/null"], io)).toBe(2);
    expect(err).toMatch(/--gdb needs an interactive session/);
  });

  it.skipIf(!hasGdb)("the next program on tty0 waits for gdb at its first instruction; gdb breaks, prints and steps back", async () => {
    const port = await freePort();
    const stdin = new PassThrough();
    let out = "";
    const io = {
      stdin,
      stdout: { write: (c: string | Uint8Array) => (out += typeof c === "string" ? c : Buffer.from(c).toString()) },
      stderr: { write: (c: string | Uint8Array) => (out += typeof c === "string" ? c : Buffer.from(c).toString()) },
    } as unknown as BootIO;
    const status = bootCommand(["--gdb", String(port), "--disk", `${fixtures}:/mnt`, "--ttys", "1", "--no-pace"], io);
    expect(await until(() => out.includes("$ "), 30_000), out).toBe(true);
    stdin.write("/mnt/gdbdemo\n");
    expect(await until(() => out.includes("stopped before its first instruction"), 30_000), out).toBe(true);
    expect(out).toMatch(/gdbdemo \(pid \d+\) stopped before its first instruction for gdb/);
    expect(out).toContain(`gdb ${port} `);
    const gdb = spawn("gdb-multiarch", [
      "-batch", "-nx",
      "-ex", `file ${join(fixtures, "gdbdemo")}`,
      "-ex", `target remote 127.0.0.1:${port}`,
      "-ex", "print $pc == _start",
      "-ex", "break square",
      "-ex", "continue",
      "-ex", "print v",
      "-ex", "continue",
      "-ex", "print v",
      "-ex", "reverse-continue",
      "-ex", "print v",
      "-ex", "kill",
    ]);
    let g = "";
    gdb.stdout.on("data", (d) => (g += d));
    gdb.stderr.on("data", (d) => (g += d));
    await new Promise<void>((resolve) => gdb.on("close", () => resolve()));
    const prints = [...g.matchAll(/^\$(\d+) = (-?\d+)$/gm)].map((m) => Number(m[2]));
    // at the entry point (1 = true); v in the 1st and 2nd call; reverse-continue lands in the 1st again
    expect(prints, g).toEqual([1, 0, 1, 0]);
    stdin.end();
    expect(await status).toBe(0);
  }, 120_000);
});
