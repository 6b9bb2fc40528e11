// Snapshots written by earlier RELEASES keep restoring (CONTRACT: outside test
// suites restore files written by earlier releases, in every later release).
// The fixtures under fixtures/release/ were written by the release their name
// gives (recipe: fixtures/release/make.mjs, run against that release's build);
// they are never regenerated with today's code. Each must restore through the
// upgrade steps of snapshot/versions.ts, stay canonical (checkpoint → restore →
// checkpoint byte-identical), and carry on doing what it was doing.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { packageRoot } from "../../state/root.js";
import { Session, SECOND, fileText, procs } from "../scenarios/helpers.js";

const dir = join(packageRoot(), "test/snapshot/fixtures/release");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));

describe("snapshots written by earlier releases", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ckpt"));

  it("there are fixtures of every kind for the first release", () => {
    expect(files).toEqual(expect.arrayContaining(["v0.1.0-shell.ckpt", "v0.1.0-pipeline.ckpt"]));
  });

  for (const name of files) {
    it(`${name}: restores, and its re-checkpoint is canonical`, () => {
      const m = Machine.restore(fixture(name));
      const again = m.checkpoint();
      const m2 = Machine.restore(again);
      expect(m2.digest()).toBe(m.digest());
      expect(Buffer.from(m2.checkpoint()).equals(Buffer.from(again))).toBe(true);
    });
  }

  it("v0.1.0-shell: the partial line, echo off and the background writer carry on", () => {
    const m = Machine.restore(fixture("v0.1.0-shell.ckpt"));
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

  it("v0.1.0-pipeline: pipes, a stopped job, a timer and a raw terminal carry on", () => {
    const m = Machine.restore(fixture("v0.1.0-pipeline.ckpt"));
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
});
