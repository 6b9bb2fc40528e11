// Snapshots written by earlier RELEASES keep restoring (CONTRACT: outside test
// suites restore files written by earlier releases, in every later release).
// The fixtures under fixtures/release/ were written by the release or commit their
// name gives (v0.1.0; main-827ca29 = the end of session 6, with sockets, disks,
// tapes and job checkpoints; recipe: fixtures/release/make.mjs, run against that
// build); they are never regenerated with today's code. Each must restore through the
// upgrade steps of snapshot/versions.ts, stay canonical (checkpoint → restore →
// checkpoint byte-identical), and carry on doing what it was doing.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { Console } from "../../machine/console.js";
import { hostConsole } from "../../machine/host-console.js";
import { MemoryDir } from "../../devices/disk/memory-dir.js";
import { packageRoot } from "../../state/root.js";
import { Session, SECOND, fileText, procs } from "../scenarios/helpers.js";

const dir = join(packageRoot(), "test/snapshot/fixtures/release");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));

describe("snapshots written by earlier releases", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ckpt"));

  it("there are fixtures of every kind for the first release and for session 6's main", () => {
    expect(files).toEqual(expect.arrayContaining(["v0.1.0-shell.ckpt", "v0.1.0-pipeline.ckpt"]));
    expect(files).toEqual(expect.arrayContaining(["main-827ca29-shell.ckpt", "main-827ca29-pipeline.ckpt", "main-827ca29-outside.ckpt"]));
    expect(readdirSync(dir)).toContain("main-827ca29-job.jckpt");
  });

  for (const name of files) {
    it(`${name}: restores, and its re-checkpoint is canonical`, () => {
      const m = Machine.restore(fixture(name), restoreOptions(name));
      const again = m.checkpoint();
      const m2 = Machine.restore(again, restoreOptions(name));
      expect(m2.digest()).toBe(m.digest());
      expect(Buffer.from(m2.checkpoint()).equals(Buffer.from(again))).toBe(true);
    });
  }

  for (const release of ["v0.1.0", "main-827ca29"]) {
    it(`${release}-shell: the partial line, echo off and the background writer carry on`, () => {
      const m = Machine.restore(fixture(`${release}-shell.ckpt`));
      const s = new Session(m, 0, m.tty(0).outputLength());
      const before = (fileText(m, "/tmp/p") ?? "").length;
      s.type("ne\n");
      expect(s.expect("half a line")).not.toContain("ne\r\n"); // echo is still off: only cat prints
      s.type("\x04");
      s.expect("$ ");
      m.run(SECOND / 10);
      expect(procs(m, "primes")).toHaveLength(1);
      expect((fileText(m, "/tmp/p") ?? "").length).toBeGreaterThan(before);
    });

    it(`${release}-pipeline: pipes, a stopped job, a timer and a raw terminal carry on`, () => {
      const m = Machine.restore(fixture(`${release}-pipeline.ckpt`));
      const raw = new Session(m, 1, m.tty(1).outputLength());
      raw.type("q");
      expect(raw.expect("q")).toBe("q"); // raw: one key reaches cat at once, unechoed, no newline needed
      const s = new Session(m, 0, m.tty(0).outputLength());
      const q = (fileText(m, "/tmp/q") ?? "").length;
      m.run(SECOND / 10);
      expect((fileText(m, "/tmp/q") ?? "").length).toBeGreaterThan(q); // bytes flow through both pipes
      expect(procs(m, "sleep").map((p) => p.state).sort()).toEqual(["sleeping", "stopped"]);
      s.command("kill %1"); // end the pipeline, so that the clock can jump to the timers
      s.type("fg\n"); // the current job is the stopped one
      s.expect("sleep 50");
      s.expect("$ ", 60 * SECOND);
      expect(procs(m, "sleep").map((p) => p.state)).toEqual(["sleeping"]); // sleep 100 still waits
    });
  }

  it("main-827ca29-outside: the disk file is verified, the reel awaited, and the socket and the writer carry on", () => {
    const disk = notesDisk();
    const m = Machine.restore(fixture("main-827ca29-outside.ckpt"), { disks: [{ dir: disk, at: "/mnt" }] });
    expect(m.notes.join("\n")).toContain("/mnt/notes: verified (20 bytes)");
    expect(m.notes.join("\n")).toMatch(/tape0: volume SCRATCH not mounted .* waiting at file 1/);
    // a second client joins the chat server that was listening, and hears the first one
    const t2 = new Session(m, 2, m.tty(2).outputLength());
    t2.type("nc 127.0.0.1 7000\n");
    m.run(SECOND / 5);
    new Session(m, 1).type("after the restart\n");
    t2.expect("after the restart");
    // the writer on the disk still holds its file at offset 20
    const t0 = new Session(m, 0, m.tty(0).outputLength());
    t0.type("second line\n\x04");
    t0.expect("$ ");
    expect(new TextDecoder().decode(disk.read("notes", 0, 1000) as Uint8Array)).toBe("first line of notes\nsecond line\n");
  });

  it("main-827ca29-job.jckpt: a job snapshot restarts into a fresh machine and goes on writing", () => {
    const m = Machine.boot();
    new Session(m).expect("$ ");
    const c = new Console(m, hostConsole);
    const r = c.executeLine(`restart -r -t tty0 ${join(dir, "main-827ca29-job.jckpt")}`);
    expect(r?.kind, JSON.stringify(r)).toBe("ok");
    expect(procs(m, "primes")).toHaveLength(1);
    const before = (fileText(m, "/tmp/jq") ?? "").length;
    expect(before).toBeGreaterThan(0); // the file it held came with it
    m.run(SECOND / 10);
    expect((fileText(m, "/tmp/jq") ?? "").length).toBeGreaterThan(before);
  });
});

/** The disk the outside fixture had at /mnt, as the operator would bring it back: the file its writer holds. */
function notesDisk(): MemoryDir {
  const d = new MemoryDir("fixture-disk");
  d.create("notes", 0o644, true);
  d.write("notes", 0, new TextEncoder().encode("first line of notes\n"));
  return d;
}

function restoreOptions(name: string): Parameters<typeof Machine.restore>[1] {
  return name.endsWith("-outside.ckpt") ? { disks: [{ dir: notesDisk(), at: "/mnt" }] } : {};
}
