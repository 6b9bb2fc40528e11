// The console over the real host file system (machine/host-console.ts):
// checkpoint-system into a place that cannot be written fails with one line
// naming the file the operator gave (not the atomic write's temporary file),
// the running machine is untouched, an older snapshot stays intact and no
// temporary file is left behind; restart-system of a missing file or of a
// directory fails the same way and keeps the machine.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Console } from "../../machine/console.js";
import { hostConsole } from "../../machine/host-console.js";
import { catMachine } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "cryobox-console-host-"));

function failure(con: Console, line: string): string {
  const r = con.executeLine(line);
  expect(r).toMatchObject({ kind: "failed" });
  const message = (r as { message: string }).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("console on the host file system", () => {
  it("checkpoint-system that cannot write fails in one line naming the file; machine and old file untouched", () => {
    const con = new Console(catMachine(), hostConsole);
    const m = con.machine!;
    const old = join(dir, "old.snap");
    con.executeLine('send tty0 "abc"');
    con.executeLine("run");
    expect(con.executeLine(`checkpoint-system ${old}`)).toMatchObject({ kind: "ok" });
    const before = readFileSync(old);
    const digest = m.digest();

    const missing = join(dir, "no-such-dir", "x.snap");
    expect(failure(con, `checkpoint-system ${missing}`)).toBe(`cannot write '${missing}': no such file or directory (ENOENT)`);
    // a trailing slash: the temporary file is written beside old.snap, the rename fails
    expect(failure(con, `checkpoint-system ${old}/`)).toBe(`cannot write '${old}/': a component of the path is not a directory (ENOTDIR)`);
    expect(failure(con, 'checkpoint-system ""')).toBe(`cannot write '': no such file or directory (ENOENT)`);
    mkdirSync(join(dir, "a-dir"));
    expect(failure(con, `checkpoint-system ${join(dir, "a-dir")}`)).toMatch(/^cannot write '.*a-dir': .*\((EISDIR|ENOTEMPTY|EEXIST)\)$/);

    expect(con.machine).toBe(m);
    expect(m.digest()).toBe(digest);
    expect(Buffer.compare(readFileSync(old), before)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["a-dir", "old.snap"]); // no temporary file left
    con.executeLine('send tty0 "def\\n"');
    expect(con.executeLine('expect tty0 "abcdef"')).toMatchObject({ kind: "ok" });
  });

  it("restart-system of a missing file or a directory fails in one line and keeps the machine", () => {
    const con = new Console(catMachine(), hostConsole);
    const m = con.machine!;
    const missing = join(dir, "missing.snap");
    expect(failure(con, `restart-system ${missing}`)).toBe(`cannot read '${missing}': no such file or directory (ENOENT)`);
    expect(failure(con, `restart-system ${dir}`)).toBe(`cannot read '${dir}': it is a directory (EISDIR)`);
    expect(con.machine).toBe(m);
  });
  it("checkpoint-system writes the chunks (no whole-file copy): the file is the machine's checkpoint byte for byte, the report names its size and SHA-256", async () => {
    const { createHash } = await import("node:crypto");
    const con = new Console(catMachine(), hostConsole);
    const m = con.machine!;
    con.executeLine('send tty0 "abc"');
    con.executeLine("run");
    const file = join(dir, "chunks.snap");
    const r = con.executeLine(`checkpoint-system ${file}`);
    expect(r).toMatchObject({ kind: "ok" });
    const bytes = readFileSync(file);
    expect(Buffer.compare(bytes, m.checkpoint())).toBe(0);
    const text = (r as { text: string }).text;
    expect(text).toContain(`${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
  });
});
