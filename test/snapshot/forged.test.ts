// Forged snapshots (CONTRACT: restore validates everything before building
// anything): decode a real snapshot's KernelState, break one invariant,
// re-encode with valid checksums, and check Machine.restore refuses it with a
// one-line SnapshotError naming the field. Forgeries that are valid machines
// must run without any host exception.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { diffCommand, inspectCommand } from "../../cli/inspect.js";
import { bootCommand } from "../../cli/boot.js";
import { captureIO } from "../cli/boot-capture.js";
import { Machine } from "../../machine/machine.js";
import { defaultImage } from "../../machine/host-image.js";
import { SnapshotError, readSnapshot } from "../../snapshot/index.js";
import { writeSnapshotFile } from "../../snapshot/snapshot.js";
import { KERNEL_SNAPSHOT } from "../../snapshot/spec.js";
import type { KernelState, ProcState } from "../../kernel/state.js";
import { DEV_KINDS } from "../../kernel/state.js";
import { childChan, noChan, pipeChan, tapeChan, ttyChan } from "../../kernel/wait-channel.js";

let good: Uint8Array;

beforeAll(() => {
  const image = defaultImage().filter((f) => ["/bin/init", "/bin/sh", "/bin/cat", "/bin/echo", "/bin/sleep"].includes(f.path));
  const m = Machine.boot({ ttys: 2, drives: 1, image });
  m.run();
  m.tty(0).send("echo hi > /tmp/f; sleep 100 & cat | cat &\n");
  m.run(3_000_000);
  m.tty(0).send("partial");
  good = m.checkpoint();
});

/** Decode the good snapshot, let `edit` break it, re-encode with valid checksums. */
function forge(edit: (s: KernelState) => void): Uint8Array {
  const d = readSnapshot(good);
  edit(d.state);
  return writeSnapshotFile(KERNEL_SNAPSHOT, d.config, d.outside, d.state);
}

function refusal(bytes: Uint8Array): string {
  try {
    Machine.restore(bytes, { noReels: true });
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    expect(e.message).not.toContain("\n");
    return e.message;
  }
  return "(restored)";
}

const procs = (s: KernelState): ProcState[] => [...s.procs.values()];
const proc = (s: KernelState, f: (p: ProcState) => boolean): ProcState => {
  const p = procs(s).find(f);
  if (!p) throw new Error("no such process in the fixture");
  return p;
};
const sh = (s: KernelState) => proc(s, (p) => p.comm === "sh" && p.state !== "zombie");
const cat = (s: KernelState) => proc(s, (p) => p.comm === "cat" && p.state === "sleeping");
const sleeper = (s: KernelState) => proc(s, (p) => p.comm === "sleep");
const tmpDir = (s: KernelState) => [...s.inodes.values()].find((i) => i.type === "dir" && i.entries.some((e) => e.name === "f"))!;
const fileF = (s: KernelState) => s.inodes.get(tmpDir(s).entries.find((e) => e.name === "f")!.ino)!;
/** The open file behind the shell's terminal (every edit of it keeps the pipe and inode counts). */
const ttyFile = (s: KernelState) => s.openFiles.get(sh(s).fds[0]!.file)!;
const readEnd = (s: KernelState) => [...s.openFiles.values()].find((f) => f.target.kind === "pipeRead")!;

const cases: [string, (s: KernelState) => void, string][] = [
  ["a parent that does not exist", (s) => (cat(s).ppid = 999), ".ppid"],
  ["a pgid of 0", (s) => (cat(s).pgid = 0), ".pgid"],
  ["a group split across sessions", (s) => (cat(s).sid = 999), ".sid"],
  ["a controlling tty below −1", (s) => (cat(s).ctty = -5), ".ctty"],
  ["an fd slot below −1", (s) => (cat(s).fds[9]!.file = -5), ".fds[9].file"],
  ["a pipe whose readers disagree with its open files", (s) => (s.pipes.values().next().value!.readers += 1), ".readers"],
  ["a pipe whose writers disagree with its open files", (s) => (s.pipes.values().next().value!.writers = 0), ".writers"],
  ["a sleeper on a pipe that does not exist", (s) => (cat(s).chan = pipeChan(999, "r")), ".chan"],
  ["a sleeper on a tty that does not exist", (s) => (cat(s).chan = ttyChan(9, "in")), ".chan"],
  ["a sleeper on another process's children", (s) => (cat(s).chan = childChan(1)), ".chan"],
  ["a sleeper on a tape drive that does not exist", (s) => (cat(s).chan = tapeChan(7)), ".chan"],
  ["a sleeper on no channel", (s) => (cat(s).chan = noChan()), ".chan"],
  ["a timer for a dead process", (s) => (sleeper(s).state = "zombie"), ".target"],
  ["timers out of order", (s) => s.timers.push({ time: 0, kind: "wake", target: 1 }), "$.timers"],
  ["a pid twice in the run queue", (s) => s.runQueue.push(s.runQueue[0]!), "$.runQueue"],
  ["a quantum longer than a quantum", (s) => (s.quantumLeft = 1e9), "$.quantumLeft"],
  ["a current pid below −1", (s) => (s.current = -2), "$.current"],
  ["a tty foreground group of another session", (s) => (s.ttys[0]!.fgPgrp = 1), "$.ttys[0].fgPgrp"],
  ["a tty foreground group of 0", (s) => (s.ttys[0]!.fgPgrp = 0), "$.ttys[0].fgPgrp"],
  ["a tty session that does not exist", (s) => (s.ttys[1]!.sid = 999), "$.ttys[1].sid"],
  ["a tty line end outside its input", (s) => s.ttys[0]!.ld.lineEnds.push(999), "$.ttys[0].ld.lineEnds"],
  ["a session leader in another group", (s) => (sh(s).pgid = cat(s).pgid), ".pgid"],
  ["a register x0 that is not 0", (s) => (cat(s).hart.x[0] = 7), ".hart.x[0]"],
  ["an exited process holding a file", (s) => ((sleeper(s).state = "zombie"), (s.timers = []), s.runQueue.splice(s.runQueue.indexOf(sleeper(s).pid), 1), (sleeper(s).chan = noChan())), ".fds[0].file"],
  ["a drive numbered unlike its slot", (s) => (s.drives[0]!.drive.unit = 5), "$.drives[0].drive.unit"],
  ["a tty read queue beyond its bound", (s) => (s.ttys[1]!.ld.input = new Uint8Array(70_000)), "$.ttys[1].ld.input"],
  ["a tty line beyond its bound", (s) => (s.ttys[1]!.ld.editing = new Uint8Array(5000)), "$.ttys[1].ld.editing"],
  ["a tty with too few control characters", (s) => (s.ttys[1]!.ld.cc = new Uint8Array(3)), "$.ttys[1].ld.cc"],
  ["a file whose nlink disagrees with its names", (s) => (fileF(s).nlink = 0), ".nlink"],
  ["a directory whose nlink disagrees with its subdirectories", (s) => (s.inodes.get(s.rootIno)!.nlink = 9), `$.inodes[1].nlink`],
  ["entries in a plain file", (s) => fileF(s).entries.push({ name: "x", ino: s.rootIno }), ".entries"],
  ["a file name with a slash", (s) => (tmpDir(s).entries[0]!.name = "a/b"), ".name"],
  ["a file name twice in a directory", (s) => tmpDir(s).entries.push({ ...tmpDir(s).entries[0]! }), ".name"],
  ["a directory with two names", (s) => tmpDir(s).entries.push({ name: "again", ino: tmpDir(s).ino }), "$.inodes["],
  ["a directory whose parent does not hold it", (s) => (tmpDir(s).parent = fileF(s).ino), ".parent"],
  ["an inode with no name and no open file", (s) => ((fileF(s).nlink = 0), void tmpDir(s).entries.splice(tmpDir(s).entries.findIndex((e) => e.name === "f"), 1)), "should have been freed"],
  ["an inode whose opens disagree with its open files", (s) => (s.inodes.get(s.rootIno)!.opens += 1), ".opens"],
  ["a drive whose openCount disagrees with its open files", (s) => (s.drives[0]!.openCount = 3), "$.drives[0].openCount"],
  ["a host stdio file in a machine", (s) => (readEnd(s).target = { kind: "host", fd: 0 }), ".target"],
  ["overlapping memory regions", (s) => { const r = sh(s).mem.regions; r.push({ ...r[0]! }); }, ".mem.regions"],
  ["an unaligned memory region", (s) => (sh(s).mem.regions[0]!.start += 1), ".mem.regions"],
];

describe("forged snapshots", () => {
  it("the unforged state re-encodes to the same bytes and restores", () => {
    expect(Buffer.compare(forge(() => {}), good)).toBe(0);
  });
  for (const [name, edit, field] of cases) {
    it(`refuses ${name}`, () => {
      expect(refusal(forge(edit))).toContain(field);
    });
  }
});

/** Edits that leave a state the validator accepts (or refuses): running the result must never throw on the host. */
const oddities: [string, (s: KernelState, n: number) => void][] = [
  ["pc anywhere", (s, n) => (sh(s).hart.pc = n >>> 0)],
  ["registers anywhere", (s, n) => sh(s).hart.x.fill(n | 0, 1)],
  ["cat's pc anywhere", (s, n) => (cat(s).hart.pc = (n & ~3) >>> 0)],
  ["a huge file offset", (s, n) => [...s.openFiles.values()].forEach((f) => (f.offset = (n >>> 0) * 4096))],
  ["a procfs file with any path", (s, n) => (ttyFile(s).target = { kind: "proc", path: `/proc/${n}/x/../stat` })],
  ["an inode open file on a directory", (s) => ((ttyFile(s).target = { kind: "inode", ino: s.rootIno }), s.inodes.get(s.rootIno)!.opens++)],
  ["a device inode of any kind and unit", (s, n) => [...s.inodes.values()].filter((i) => i.type === "chr").forEach((i) => ((i.dev = DEV_KINDS[(n >>> 0) % DEV_KINDS.length]!), (i.unit = n >>> 0)))], // unknown text is impossible now: Inode.dev is an enum
  ["a tape open file with no reel", (s) => ((ttyFile(s).target = { kind: "tape", unit: 0, rewind: true }), s.drives[0]!.openCount++)],
  ["a pipe full to the brim", (s) => s.pipes.forEach((p) => (p.buf = new Uint8Array(4096)))],
  ["a window of 0×0", (s) => s.ttys.forEach((t) => ((t.ld.rows = 0), (t.ld.cols = 0)))],
  ["a brk below its base", (s, n) => (sh(s).brk = n >>> 0)],
  ["mmapNext anywhere", (s, n) => (sh(s).mmapNext = n >>> 0)],
  ["any signal pending", (s, n) => procs(s).forEach((p) => (p.sigPending = n >>> 0))],
  ["any stopSig and wait event", (s, n) => procs(s).forEach((p) => ((p.stopSig = n & 255), (p.waitEvent = "stopped")))],
  ["a sleeper's deadline in the past", (s) => (sleeper(s).deadline = 1)],
  ["a blocked call with progress", (s, n) => ((cat(s).inSyscall = true), (cat(s).progress = n >>> 0))],
  ["a file with no data in a directory inode's place", (s) => (s.inodes.get(s.rootIno)!.type = "file")],
  ["a directory with a loop", (s) => s.inodes.forEach((i) => i.type === "dir" && (i.parent = i.ino))],
  ["an empty argv and comm", (s) => procs(s).forEach((p) => ((p.argv = []), (p.comm = "")))],
  ["a tty read queue with line ends at 0", (s) => ((s.ttys[0]!.ld.input = new Uint8Array(3)), (s.ttys[0]!.ld.lineEnds = [0, 0, 3]))],
  ["a file with no links, then removed", (s) => (fileF(s).nlink = 0)],
  ["a directory with no links, then removed", (s) => (tmpDir(s).nlink = 0)],
  ["odd directory entry names", (s) => s.inodes.get(s.rootIno)!.entries.forEach((e, i) => (e.name = ["", ".", "..", "a/b", "bin", "x".repeat(300)][i % 6]!))],
  ["entries in a plain file", (s) => [...s.inodes.values()].filter((i) => i.type === "file").forEach((i) => i.entries.push({ name: "x", ino: s.rootIno }))],
  ["a directory's parent anywhere", (s, n) => s.inodes.forEach((i) => i.type === "dir" && (i.parent = n >>> 0))],
  ["any open-file flags", (s, n) => s.openFiles.forEach((f) => (f.flags = n >>> 0))],
  ["any signal handlers and masks", (s, n) => procs(s).forEach((p) => { p.sigActions.forEach((a, i) => i > 0 && Object.assign(a, { handler: n >>> 0, flags: n >>> 0, mask: n >>> 0, restorer: n >>> 0 })); p.sigMask = n >>> 0; p.sigPending = 0xffffffff; })],
  ["any umask, tid address and start time", (s, n) => procs(s).forEach((p) => Object.assign(p, { umask: n >>> 0, tidAddress: n >>> 0, startTime: n >>> 0, utime: n >>> 0 }))],
  ["any termios flags", (s, n) => s.ttys.forEach((t) => Object.assign(t.ld, { iflag: n >>> 0, oflag: n >>> 0, cflag: n >>> 0, lflag: n >>> 0, line: n & 255, column: n >>> 0, editColumn: n >>> 0 }))],
  ["VMIN and VTIME at their limits", (s) => s.ttys.forEach((t) => t.ld.cc.fill(255))],
  ["a vtime deadline armed", (s, n) => s.ttys.forEach((t) => ((t.ld.vtimeDeadline = n >>> 0), (t.ld.vtimeSeen = 999)))],
];

describe("forged but valid machines run without host exceptions", () => {
  for (const [name, edit] of oddities) {
    it(name, () => {
      for (const n of [0, 1, 3, 0x1000, 0x7fffffff, -1, 0x80000000, 123457]) {
        let m: Machine;
        try {
          m = Machine.restore(forge((s) => edit(s, n)), { noReels: true });
        } catch (e) {
          if (e instanceof SnapshotError) continue;
          throw e;
        }
        m.run(2_000_000);
        m.tty(0).send("\n cat /proc/1/stat /tmp/f; cd /tmp/../..; cat ../x/.. . ; echo * > /tmp/g; cd /; cat /tmp/g; echo > /tmp/f; cd /tmp; echo > f\n\x03\x1a\x04");
        m.run(2_000_000);
        m.checkpoint();
      }
    });
  }
});

/** Run a CLI command in process, capturing stdout/stderr. */
async function cli(fn: () => Promise<number>): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((x) => ((out += String(x)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((x) => ((err += String(x)), true));
  try {
    return { status: await fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("forged snapshots through the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "cryobox-forged-"));
  it("inspect and diff refuse every forgery above with status 2 and one line", async () => {
    const goodFile = join(dir, "good.snap");
    writeFileSync(goodFile, good);
    for (const [i, [, edit, field]] of cases.entries()) {
      const f = join(dir, `bad${i}.snap`);
      writeFileSync(f, forge(edit));
      for (const run of [() => inspectCommand([f]), () => inspectCommand([f, "--json"]), () => diffCommand([goodFile, f])]) {
        const r = await cli(run);
        expect(r.status).toBe(2);
        expect(r.err.trimEnd().split("\n")).toHaveLength(1);
        expect(r.err).toContain(field);
      }
    }
  });

  it("boot --restore refuses a forgery with status 2 and one line naming the field, before any script runs", async () => {
    const script = join(dir, "ps.script");
    writeFileSync(script, "ps\n");
    for (const i of [0, 5, 7]) {
      const [, edit, field] = cases[i]!;
      const f = join(dir, `boot${i}.snap`);
      writeFileSync(f, forge(edit));
      const c = captureIO();
      expect(await bootCommand(["--restore", f, "--script", script], c.io)).toBe(2);
      expect(c.out()).toBe("");
      expect(c.err().trimEnd().split("\n")).toHaveLength(1);
      expect(c.err()).toContain(field);
    }
  });

  it("inspect and diff show forged-but-valid machines without host exceptions", async () => {
    const goodFile = join(dir, "good.snap");
    writeFileSync(goodFile, good);
    for (const [i, [, edit]] of oddities.entries()) {
      for (const n of [0, 3, -1, 0x80000000]) {
        const f = join(dir, `odd${i}-${n}.snap`);
        writeFileSync(f, forge((s) => edit(s, n)));
        for (const run of [() => inspectCommand([f]), () => inspectCommand([f, "--json"]), () => diffCommand([goodFile, f]), () => diffCommand([goodFile, f, "--json"])]) {
          const r = await cli(run);
          expect([0, 1, 2]).toContain(r.status);
          if (r.status === 2) expect(r.err.trimEnd().split("\n")).toHaveLength(1);
        }
      }
    }
  });
});
