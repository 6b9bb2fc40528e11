// Forged snapshots (CONTRACT: restore validates everything before building
// anything): decode a real snapshot's KernelState, break one invariant,
// re-encode with valid checksums, and check Machine.restore refuses it with a
// one-line SnapshotError naming the field. Forgeries that are valid machines
// must run without any host exception.

import { beforeAll, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { defaultImage } from "../../machine/host-image.js";
import { SnapshotError, readSnapshot } from "../../snapshot/index.js";
import { writeSnapshotFile } from "../../snapshot/snapshot.js";
import { KERNEL_SNAPSHOT } from "../../snapshot/spec.js";
import type { KernelState, ProcState } from "../../kernel/state.js";

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
const readEnd = (s: KernelState) => [...s.openFiles.values()].find((f) => f.target.kind === "pipeRead")!;

const cases: [string, (s: KernelState) => void, string][] = [
  ["a parent that does not exist", (s) => (cat(s).ppid = 999), ".ppid"],
  ["a pgid of 0", (s) => (cat(s).pgid = 0), ".pgid"],
  ["a group split across sessions", (s) => (cat(s).sid = 999), ".sid"],
  ["a controlling tty below −1", (s) => (cat(s).ctty = -5), ".ctty"],
  ["an fd slot below −1", (s) => (cat(s).fds[9]!.file = -5), ".fds[9].file"],
  ["a pipe whose readers disagree with its open files", (s) => (s.pipes.values().next().value!.readers += 1), ".readers"],
  ["a pipe whose writers disagree with its open files", (s) => (s.pipes.values().next().value!.writers = 0), ".writers"],
  ["a sleeper on a pipe that does not exist", (s) => (cat(s).chan = "pipe:999:r"), ".chan"],
  ["a sleeper on a tty that does not exist", (s) => (cat(s).chan = "tty:9:in"), ".chan"],
  ["a sleeper on another process's children", (s) => (cat(s).chan = "child:1"), ".chan"],
  ["a sleeper on an unknown channel", (s) => (cat(s).chan = "bogus"), ".chan"],
  ["a sleeper on no channel", (s) => (cat(s).chan = ""), ".chan"],
  ["a timer for a dead process", (s) => (sleeper(s).state = "zombie"), ".target"],
  ["timers out of order", (s) => s.timers.push({ time: 0, kind: "wake", target: 1 }), "$.timers"],
  ["a pid twice in the run queue", (s) => s.runQueue.push(s.runQueue[0]!), "$.runQueue"],
  ["a quantum longer than a quantum", (s) => (s.quantumLeft = 1e9), "$.quantumLeft"],
  ["a current pid below −1", (s) => (s.current = -2), "$.current"],
  ["a tty foreground group of another session", (s) => (s.ttys[0]!.fgPgrp = 1), "$.ttys[0].fgPgrp"],
  ["a tty foreground group of 0", (s) => (s.ttys[0]!.fgPgrp = 0), "$.ttys[0].fgPgrp"],
  ["a tty session that does not exist", (s) => (s.ttys[1]!.sid = 999), "$.ttys[1].sid"],
  ["a tty line end outside its input", (s) => s.ttys[0]!.ld.lineEnds.push(999), "$.ttys[0].ld.lineEnds"],
  ["an inode whose opens disagree with its open files", (s) => (s.inodes.get(s.rootIno)!.opens += 1), ".opens"],
  ["a drive whose openCount disagrees with its open files", (s) => (s.drives[0]!.openCount = 3), "$.drives[0].openCount"],
  ["nextIno not above every inode", (s) => (s.nextIno = 1), "$.nextIno"],
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
