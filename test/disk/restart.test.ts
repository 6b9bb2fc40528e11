// Files on a disk at checkpoint and restart (issue #9), on real temporary host
// directories: a writer (`seq 1 N > /mnt/out`) is checkpointed mid-way, the
// machine runs on (the file grows: outside the snapshot), and the snapshot is
// restarted under each policy. Also: a file deleted on the host, a disk not
// named at restart, and a restore that opens no host directory by itself.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { DiskRestartError, DiskRestartRefused } from "../../machine/disk-restart.js";
import { Session, bootToPrompt } from "../scenarios/helpers.js";
import { tempDir } from "./helpers.js";

const N = 2500;
const FULL = Array.from({ length: N }, (_, i) => `${i + 1}\n`).join("");

/** Boot with a disk, start the writer, checkpoint mid-way, let the original finish. */
function checkpointedWriter(withFiles = false) {
  const d = tempDir();
  const s = bootToPrompt({ disks: [d.path] });
  s.type(`seq 1 ${N} > /mnt/out\n`);
  s.m.run(800_000);
  const at = readFileSync(join(d.path, "out"), "utf8");
  expect(at.length).toBeGreaterThan(0);
  expect(at.length).toBeLessThan(FULL.length); // mid-way
  const bytes = s.m.checkpoint({ withFiles });
  s.expect("$ ");
  expect(readFileSync(join(d.path, "out"), "utf8")).toBe(FULL); // it grew after the checkpoint
  return { d, bytes, at };
}

/** Run a restored machine's writer to its end (the shell prompts again). */
function finish(m: Machine): void {
  new Session(m, 0, 0).expect("$ ");
}

describe("disk files at checkpoint and restart", () => {
  const dirs: { done: () => void }[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.done();
  });

  it("refuse (the default): nothing starts; one line names the file, the change and the holder", () => {
    const { d, bytes, at } = checkpointedWriter();
    dirs.push(d);
    let err: unknown;
    try {
      Machine.restore(bytes, { disks: [d.path] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiskRestartRefused);
    const lines = (err as DiskRestartRefused).lines;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^/mnt/out: size ${at.length.toLocaleString("en-US")} → ${FULL.length.toLocaleString("en-US")} \\(grown.*held by pid \\d+ \\(seq\\) fd 1 at ${at.length.toLocaleString("en-US")}`));
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(FULL); // a refused restart touched nothing
  });

  it("append: cut back to the checkpoint's size; the output equals an uninterrupted run's", () => {
    const { d, bytes } = checkpointedWriter();
    dirs.push(d);
    const m = Machine.restore(bytes, { disks: [d.path], files: "append" });
    expect(m.notes.join("\n")).toMatch(/\/mnt\/out: cut back to [\d,]+ bytes \(policy append/);
    finish(m);
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(FULL);
  });

  it("append refuses a file that did not only grow (its first bytes changed)", () => {
    const { d, bytes } = checkpointedWriter();
    dirs.push(d);
    writeFileSync(join(d.path, "out"), "X" + FULL.slice(1));
    expect(() => Machine.restore(bytes, { disks: [d.path], files: "append" })).toThrow(/content changed|policy append needs a file that only grew/);
  });

  it("replace: the snapshot carries the contents (--with-files) and puts them back", () => {
    const { d, bytes, at } = checkpointedWriter(true);
    dirs.push(d);
    writeFileSync(join(d.path, "out"), "clobbered by someone else\n");
    expect(() => Machine.restore(bytes, { disks: [d.path] })).toThrow(DiskRestartRefused);
    const m = Machine.restore(bytes, { disks: [d.path], files: "replace" });
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(at);
    finish(m);
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(FULL);
  });

  it("replace without contents in the snapshot is refused, saying how to get them", () => {
    const { d, bytes } = checkpointedWriter(false);
    dirs.push(d);
    expect(() => Machine.restore(bytes, { disks: [d.path], files: "replace" })).toThrow(/--with-files/);
  });

  it("reopen: carries on at the saved offset with a warning", () => {
    const { d, bytes } = checkpointedWriter();
    dirs.push(d);
    const m = Machine.restore(bytes, { disks: [d.path], files: "reopen" });
    expect(m.notes.join("\n")).toMatch(/warning: \/mnt\/out: size .*reopened as it is now/);
    finish(m);
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(FULL); // the same lines rewritten over themselves
  });

  it("kill: the holders die (SIGKILL), the rest runs; the report names them", () => {
    const { d, bytes } = checkpointedWriter();
    dirs.push(d);
    const m = Machine.restore(bytes, { disks: [d.path], files: "kill" });
    expect(m.notes.join("\n")).toMatch(/holders killed \(policy kill\): pid \d+ \(seq\)/);
    const s = new Session(m, 0, 0);
    s.expect("$ ");
    expect(s.command("echo alive")).toContain("alive");
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(FULL); // untouched: nobody wrote after the restart
  });

  it("a file deleted on the host between checkpoint and restart: refused as missing; replace brings it back", () => {
    const { d, bytes, at } = checkpointedWriter(true);
    dirs.push(d);
    rmSync(join(d.path, "out"));
    expect(() => Machine.restore(bytes, { disks: [d.path] })).toThrow(/\/mnt\/out: missing; held by pid \d+ \(seq\)/);
    expect(() => Machine.restore(bytes, { disks: [d.path], files: "append" })).toThrow(/missing/);
    Machine.restore(bytes, { disks: [d.path], files: { default: "refuse", paths: { "/mnt/out": "replace" } } });
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(at);
  });

  it("a restore opens no host directory by itself: without --disk the disk is not attached and its files count as missing", () => {
    const { d, bytes } = checkpointedWriter();
    dirs.push(d);
    expect(() => Machine.restore(bytes)).toThrow(/\/mnt\/out: disk not attached/);
    const m = Machine.restore(bytes, { files: "kill" });
    expect(m.notes.join("\n")).toMatch(/disk \/mnt: not attached \(recorded as .*--disk DIR:\/mnt/);
    expect(readFileSync(join(d.path, "out"), "utf8")).toBe(FULL);
    expect(() => Machine.restore(bytes, { disks: [`${d.path}:/elsewhere`] })).toThrow(DiskRestartError);
  });

  it("an unchanged disk file restarts without a word but 'verified', and the machine is the same", () => {
    const d = tempDir();
    dirs.push(d);
    const s = bootToPrompt({ disks: [d.path] });
    s.command("cd /mnt");
    s.type("cat > notes\n");
    s.m.run(2_000_000);
    s.type("hello\n");
    s.m.run(2_000_000);
    const bytes = s.m.checkpoint();
    const m = Machine.restore(bytes, { disks: [d.path] });
    expect(m.digest()).toBe(s.m.digest());
    expect(m.notes.join("\n")).toMatch(/\/mnt: verified \(directory\)[\s\S]*\/mnt\/notes: verified \(6 bytes\)/);
    const r = new Session(m, 0, m.tty(0).outputLength());
    r.type("again\n\x04");
    r.expect("$ ");
    expect(r.command("pwd")).toContain("/mnt");
    expect(readFileSync(join(d.path, "notes"), "utf8")).toBe("hello\nagain\n");
  });
});
