// Incremental checkpoints through the console and the command line, on the
// real host file system: checkpoint-system --incremental, restart-system
// finding the chain in the snapshot's folder (or --chain DIR), cryobox merge
// and inspect, and one-line refusals for a missing or altered link.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Console } from "../../machine/console.js";
import { hostConsole } from "../../machine/host-console.js";
import { mergeCommand } from "../../cli/merge.js";
import { inspectCommand } from "../../cli/inspect.js";
import { bootedMachine } from "./workload.js";

const dir = mkdtempSync(join(tmpdir(), "cryobox-incremental-"));

function ok(con: Console, line: string): string {
  const r = con.executeLine(line);
  expect(r, line).toMatchObject({ kind: "ok" });
  return (r as { text: string }).text;
}

function failure(con: Console, line: string): string {
  const r = con.executeLine(line);
  expect(r, line).toMatchObject({ kind: "failed" });
  const message = (r as { message: string }).message;
  expect(message).not.toContain("\n");
  return message;
}

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("incremental checkpoints on the host", () => {
  it("checkpoint-system --incremental, restart-system, merge and inspect", async () => {
    const d = join(dir, "one");
    mkdirSync(d);
    const con = new Console(bootedMachine(), hostConsole);
    ok(con, 'send tty0 "echo a > /tmp/x\\n"');
    ok(con, "run 2000000");
    ok(con, `checkpoint-system ${join(d, "a.snap")}`);
    ok(con, 'send tty0 "echo b >> /tmp/x\\n"');
    ok(con, "run 2000000");
    const text = ok(con, `checkpoint-system ${join(d, "b.snap")} --incremental --compress lz`);
    expect(text).toMatch(/incremental: \d+ of \d+ pages stored, parent a\.snap \(id [0-9a-f]{12}\); page data lz-compressed/);
    const digest = con.machine!.digest();
    const full = con.machine!.checkpoint();

    // restart-system finds a.snap beside b.snap
    const con2 = new Console(bootedMachine(), hostConsole);
    ok(con2, `restart-system ${join(d, "b.snap")}`);
    expect(con2.machine!.digest()).toBe(digest);

    // merge writes the full snapshot's very bytes; inspect shows the chain
    expect(await mergeCommand([join(d, "b.snap"), join(d, "m.snap")])).toBe(0);
    expect(new Uint8Array(readFileSync(join(d, "m.snap")))).toEqual(full);
    out = "";
    expect(await inspectCommand([join(d, "b.snap")])).toBe(0);
    expect(out).toMatch(/chain \(2 files, tip first\):\n {2}.*b\.snap: id [0-9a-f]{16}, incremental, \d+ of \d+ pages stored, \d+ bytes, page data lz-compressed\n {2}a\.snap: id [0-9a-f]{16}, full/);
  });

  it("a parent moved elsewhere is found by identity with --chain; missing or altered, the restart is refused in one line", async () => {
    const d = join(dir, "two");
    const elsewhere = join(dir, "two-parents");
    mkdirSync(d);
    mkdirSync(elsewhere);
    const con = new Console(bootedMachine(), hostConsole);
    ok(con, `checkpoint-system ${join(d, "a.snap")}`);
    ok(con, 'send tty0 "echo c\\n"');
    ok(con, "run 2000000");
    ok(con, `checkpoint-system ${join(d, "b.snap")} --incremental`);
    const digest = con.machine!.digest();
    renameSync(join(d, "a.snap"), join(elsewhere, "renamed.snap"));

    const con2 = new Console(bootedMachine(), hostConsole);
    expect(failure(con2, `restart-system ${join(d, "b.snap")}`)).toMatch(/^incremental chain: .*needs its parent "a.snap" \(id [0-9a-f]{12}\), which was not found$/);
    ok(con2, `restart-system ${join(d, "b.snap")} --chain ${elsewhere}`);
    expect(con2.machine!.digest()).toBe(digest);

    // another snapshot under the parent's name: altered
    ok(con, `checkpoint-system ${join(d, "a.snap")}`);
    const con3 = new Console(bootedMachine(), hostConsole);
    expect(failure(con3, `restart-system ${join(d, "b.snap")}`)).toMatch(/parent "a.snap" .* was altered or replaced/);
    expect(await mergeCommand([join(d, "b.snap"), join(d, "m.snap")])).toBe(2);
    expect(err).toMatch(/^cryobox merge: .*b\.snap: incremental chain: .*altered or replaced.*\n$/);
  });

  it("the name a child records is never a path: a parent named ../x is only looked up by identity in the allowed folders", () => {
    const d = join(dir, "three");
    mkdirSync(d);
    const con = new Console(bootedMachine(), hostConsole);
    ok(con, `checkpoint-system ${join(d, "a.snap")}`);
    ok(con, "run 1000");
    ok(con, `checkpoint-system ${join(d, "b.snap")} --incremental`);
    // forge: rename the parent; the recorded name "a.snap" no longer exists, a file ../a.snap outside is not consulted
    copyFileSync(join(d, "a.snap"), join(dir, "a.snap"));
    writeFileSync(join(d, "a.snap"), "not a snapshot");
    const con2 = new Console(bootedMachine(), hostConsole);
    expect(failure(con2, `restart-system ${join(d, "b.snap")}`)).toMatch(/parent "a.snap" .*damaged: not a cryobox snapshot|which was not found/);
  });
});
