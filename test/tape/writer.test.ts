// SCENARIOS 11 on a real .tap file, the way it lost data before: tar writing to /dev/rmt0 is
// checkpointed mid-archive, the original machine goes on writing (the reel grows: everything
// before the checkpoint's head unchanged), and the old checkpoint is restarted — with the reel
// named at restart, or mounted by hand later. Either way the reel is the same volume at an earlier
// state of the same job: positioned (never rewound under the writer), and the archive that results
// equals an uninterrupted run's. Also: one owner of loaded reels (a guest `mt offline` unloads it
// for the machine too), and no reel is replaced under a process that holds the drive.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTapFile } from "../../devices/tape/index.js";
import { Machine } from "../../machine/machine.js";
import { Console } from "../../machine/console.js";
import { hostConsole } from "../../machine/host-console.js";
import { SECOND, Session, bootToPrompt, procs, view } from "../scenarios/helpers.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cryobox-tape-writer-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SETUP = "mkdir /tmp/d; seq 1 6000 > /tmp/d/a; seq 5 7 40000 > /tmp/d/b; echo small > /tmp/d/c"; // about 6 records of 10240 bytes

/** Boot with `path` on drive 0, start tar to /dev/rmt0 and stop it mid-archive. */
function startTar(path: string): Session {
  const s = bootToPrompt({ ttys: 1, tapes: { 0: path } });
  s.command(SETUP);
  s.type("cd /tmp; tar cf /dev/rmt0 d; cd /\n");
  expect(s.m.runUntil(() => view(s.m).tapes[0]!.blockNumber >= 3, 5 * SECOND, 5_000).done).toBe(true);
  expect(procs(s.m, "tar")).toHaveLength(1);
  return s;
}

/** The archive an uninterrupted run writes. */
function uninterrupted(): Buffer {
  const path = join(dir, "whole.tap");
  const s = startTar(path);
  s.expect("$ ", 10 * SECOND);
  s.m.close();
  return readFileSync(path);
}

function finishAndList(m: Machine): string {
  const s = new Session(m, 0, m.tty(0).outputLength());
  s.expect("$ ", 10 * SECOND);
  return s.command("tar tf /dev/rmt0");
}

describe("SCENARIOS 11 on a host reel: a writer checkpointed mid-archive while the original went on", () => {
  it("restart with the reel named (--tape): positioned at the checkpoint's head; the archive equals an uninterrupted run's", () => {
    const whole = uninterrupted();
    const path = join(dir, "scratch.tap");
    const s = startTar(path);
    const bytes = s.m.checkpoint();
    const head = view(s.m).tapes[0]!.position;
    s.expect("$ ", 10 * SECOND); // the original machine finishes its archive: the reel grows
    s.m.close();
    const grown = readFileSync(path).length;
    expect(grown).toBeGreaterThan(head);
    const m = Machine.restore(bytes, { tapes: { 0: path } });
    expect(m.notes).toHaveLength(1);
    expect(m.notes[0]).toMatch(new RegExp(`^tape0: scratch\\.tap was written on after the checkpoint \\(${head} → ${grown} bytes, the first ${head} unchanged\\): positioned at file 0, block \\d+ \\(byte ${head}\\); the job rewrites what follows; re-attached from `));
    expect(finishAndList(m)).toMatch(/d\/a\r\nd\/b\r\nd\/c\r\n/);
    m.close();
    expect(readFileSync(path).equals(whole)).toBe(true);
  });

  it("restart without the reel, mounted by hand as the report advises: tar waits, then carries on from its block — the start of the archive is not overwritten", () => {
    const whole = uninterrupted();
    const path = join(dir, "scratch.tap");
    const s = startTar(path);
    const bytes = s.m.checkpoint();
    s.expect("$ ", 10 * SECOND);
    s.m.close();
    const m = Machine.restore(bytes);
    expect(m.notes[0]).toMatch(/^tape0: volume scratch\.tap not mounted — drive offline, waiting at file 0, block \d+ .*write ring in/);
    const con = new Console(m, hostConsole);
    const ran = con.executeLine("run 100000000");
    expect(ran).toMatchObject({ kind: "ok" });
    expect(ran && ran.kind === "ok" ? ran.text : "").toMatch(/tape0: pid \d+ \(tar\) waits for volume scratch\.tap: mount it with 'mount tape0 REEL'/);
    expect(procs(m, "tar")[0]?.state).toBe("sleeping");
    const mounted = con.executeLine(`mount tape0 ${path}`);
    expect(mounted && mounted.kind === "ok" ? mounted.text : mounted).toMatch(/was written on after the checkpoint .*positioned at file 0, block \d+/);
    expect(finishAndList(m)).toMatch(/d\/a\r\nd\/b\r\nd\/c\r\n/);
    m.close();
    expect(readFileSync(path).equals(whole)).toBe(true);
  });

  it("a reel whose bytes before the head changed is refused (not the same job's reel), and forcing it is an explicit act", () => {
    const path = join(dir, "scratch.tap");
    const s = startTar(path);
    const bytes = s.m.checkpoint();
    s.expect("$ ", 10 * SECOND);
    s.m.close();
    const b = readFileSync(path);
    b[100] = b[100]! ^ 0xff; // inside the first record
    writeFileSync(path, b);
    const m = Machine.restore(bytes, { tapes: { 0: path } });
    expect(m.notes[0]).toMatch(/^tape0: volume scratch\.tap changed since the checkpoint: size \d[\d,]* → \d[\d,]* bytes; bytes before the head \(byte [\d,]+\) differ \(mount with 'force' to use it anyway\)/);
    expect(m.mounted().has(0)).toBe(false);
    m.close();
  });
});

describe("one owner of loaded reels", () => {
  it("a guest `mt offline` unloads the reel for the machine as well; a mount afterwards starts at BOT", () => {
    const path = join(dir, "v.tap");
    writeFileSync(path, buildTapFile([{ kind: "data", bytes: new TextEncoder().encode("one\n") }]));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: path } });
    expect(s.m.mounted().has(0)).toBe(true);
    s.command("mt offline");
    expect(s.m.mounted().has(0)).toBe(false);
    expect(s.m.kernel.reels.get(0)).toBeNull();
    expect(view(s.m).tapes[0]!.mounted).toBe(false);
    expect(s.m.mount(0, path).kind).toBe("mounted");
    expect(s.command("dd if=/dev/rmt0 2>/dev/null")).toContain("one");
    s.m.close();
  });

  it("no reel is replaced or unloaded under a process holding the drive", () => {
    const path = join(dir, "scratch.tap");
    const s = startTar(path);
    const other = join(dir, "other.tap");
    writeFileSync(other, new Uint8Array(0));
    expect(() => s.m.mount(0, other)).toThrow(/tape0: scratch\.tap is in use \(pid \d+ \(tar\)\); not replaced under it/);
    expect(() => s.m.unmount(0)).toThrow(/in use .*unmount refused/);
    expect(s.m.mounted().get(0)?.identity.volume).toBe("scratch.tap");
    s.expect("$ ", 10 * SECOND);
    s.m.close();
  });
});

describe("a waiting drive unloaded by force", () => {
  it("wakes the process waiting for its volume: it gets ENOMEDIUM instead of sleeping forever", () => {
    const path = join(dir, "v.tap");
    writeFileSync(path, buildTapFile([{ kind: "data", bytes: new TextEncoder().encode("one\n") }]));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: path } });
    const m = Machine.restore(s.m.checkpoint());
    s.m.close();
    const b = new Session(m, 0, 0);
    b.type("dd if=/dev/nrmt0 of=/tmp/x\n");
    m.run(SECOND);
    expect(procs(m, "dd")[0]?.state).toBe("sleeping");
    expect(() => m.unmount(0)).toThrow(/in use .*unmount refused/);
    m.unmount(0, { force: true });
    expect(b.expect("$ ")).toContain("No medium found");
  });
});
