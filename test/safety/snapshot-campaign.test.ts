// The forged-snapshot campaign of issue #7, kept in the suite: mutated and
// forged-but-plausible snapshots (checksums always recomputed, so every one
// reaches the decoder and the kernel's validation) go through restore,
// inspect (text and JSON), diff, a run with typing, and the restored machine's
// own checkpoint, which must restore again. The only acceptable outcomes are a
// one-line SnapshotError or a machine that does all of that; any other
// exception — a SnapshotBug included — fails. Small in npm test;
// CRYOBOX_LONG=1 (or FC_NUM_RUNS) runs the long form.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectJson, inspectText } from "../../cli/inspect.js";
import type { KernelState, ProcState } from "../../kernel/state.js";
import { Machine } from "../../machine/machine.js";
import { type DecodedSnapshot, SnapshotError, readSnapshot, restore, safeJson } from "../../snapshot/index.js";
import { diffMachines, formatChanges } from "../../snapshot/view-diff.js";
import { HeaderSchema } from "../../snapshot/format.js";
import { decode, encode, sha256 } from "../../state/index.js";
import { numRuns } from "../snapshot/workload.js";
import { forge, sampleMachine } from "./snapshot-forge.js";
import { parseChanText, pipeChan } from "../../kernel/wait-channel.js";

let good: Uint8Array;
let goodDecoded: DecodedSnapshot;

beforeAll(() => {
  good = sampleMachine().checkpoint();
  goodDecoded = readSnapshot(good);
});

type Outcome = "refused" | "ran";

/** Everything a user can do with a snapshot file; throws on anything but a clean refusal. */
function campaign(bytes: Uint8Array): Outcome {
  let d: DecodedSnapshot;
  try {
    d = readSnapshot(bytes);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    if (e.message.includes("\n")) throw new Error(`multi-line refusal: ${e.message}`);
    // restore must refuse it the same way
    expect(() => restore(bytes)).toThrow(SnapshotError);
    return "refused";
  }
  inspectText("forged.snap", bytes.length, d);
  safeJson(JSON.stringify(inspectJson("forged.snap", bytes.length, d)));
  formatChanges(diffMachines(goodDecoded, d));
  formatChanges(diffMachines(d, goodDecoded));
  const m = Machine.restore(bytes);
  m.run(300_000);
  for (let t = 0; t < m.kernel.config.ttys; t++) m.tty(t).send("echo a | cat; ls /tmp > /tmp/l\n\x03");
  m.run(1_000_000);
  const again = m.checkpoint();
  Machine.restore(again).run(100_000); // the machine's own checkpoint is accepted
  return "ran";
}

/** Boundary values a forger tries first. */
const nasty = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 32, 2 ** 52, 2 ** 53 - 1, 32767, 32768, 4095, 4096, 65536),
  fc.integer(),
  fc.nat(),
);
const nastyText = fc.oneof(fc.string(), fc.constantFrom("", "\x1b[2J", "a\nb", "pipe:1:r", "tty:0:in", "child:1", "timer:2", "x".repeat(5000), "/", ".."));

/** Set a random numeric or text field somewhere in the state (a forger's edit with the format in hand). */
function mutateField(s: KernelState, pick: number, n: number, text: string): void {
  const procs = [...s.procs.values()];
  const p: ProcState | undefined = procs[pick % Math.max(1, procs.length)];
  const files = [...s.openFiles.values()];
  const inodes = [...s.inodes.values()];
  const tty = s.ttys[pick % s.ttys.length]!;
  const u32 = n >>> 0;
  const uint = Math.min(Math.abs(n), 2 ** 53 - 1);
  const edits: (() => void)[] = [
    () => (s.clock = uint),
    () => (s.nextPid = u32),
    () => (s.nextFile = u32),
    () => (s.nextPipe = u32),
    () => (s.nextIno = u32),
    () => (s.current = n | 0),
    () => (s.quantumLeft = uint),
    () => p && (p.ppid = u32),
    () => p && (p.pgid = u32),
    () => p && (p.sid = u32),
    () => p && (p.ctty = n | 0),
    () => p && (p.state = (["runnable", "sleeping", "stopped", "zombie"] as const)[u32 % 4]!),
    () => p && (p.chan = parseChanText(text) ?? pipeChan(u32, "r")), // a channel of the kinds the text names, or a pipe that may not exist
    () => p && (p.hart.instret = uint),
    () => p && (p.hart.pc = u32),
    () => p && (p.deadline = uint),
    () => p && (p.progress = uint),
    () => p && (p.argv = [text, text]),
    () => p && (p.comm = text),
    () => p && (p.cwd = u32),
    () => p && (p.fds[u32 % p.fds.length]!.file = n | 0),
    () => p && (p.brk = u32),
    () => p && p.mem.regions.push({ start: (u32 & ~0xfff) >>> 0, end: Math.min(2 ** 32, ((u32 & ~0xfff) >>> 0) + 4096 * ((n & 0xff) + 1)), perm: n & 7, name: text }),
    () => p && p.mem.pages.set(u32 & 0xfffff, new Uint8Array(4096).fill(n & 0xff)),
    () => p && p.mem.pages.delete([...p.mem.pages.keys()][u32 % Math.max(1, p.mem.pages.size)] ?? 0),
    () => files[pick % Math.max(1, files.length)] && (files[pick % files.length]!.offset = uint),
    () => files[pick % Math.max(1, files.length)] && (files[pick % files.length]!.refs = u32),
    () => inodes[pick % inodes.length] && (inodes[pick % inodes.length]!.nlink = u32),
    () => inodes[pick % inodes.length] && (inodes[pick % inodes.length]!.parent = u32),
    () => inodes[pick % inodes.length] && inodes[pick % inodes.length]!.entries.push({ name: text, ino: u32 }),
    () => inodes[pick % inodes.length] && (inodes[pick % inodes.length]!.size = u32 % 70_000_000),
    () => inodes[pick % inodes.length] && inodes[pick % inodes.length]!.blocks.set(u32 % 20_000, new Uint8Array(4096).fill(u32 & 0xff)),
    () => (tty.fgPgrp = n | 0),
    () => (tty.sid = n | 0),
    () => (tty.ld.input = new Uint8Array(u32 % 70_000)),
    () => (tty.ld.output = new Uint8Array(u32 % 70_000)),
    () => (tty.ld.lineEnds = [u32 % 5, uint % 7]),
    () => (tty.ld.vtimeDeadline = uint),
    () => s.timers.push({ time: uint, kind: "wake", target: u32 }),
    () => s.runQueue.push(u32),
    () => p && s.procs.delete(p.pid),
    () => p && s.procs.set(u32 % 40_000, { ...p, pid: u32 % 40_000 }),
    () => s.pipes.forEach((q) => (q.buf = new Uint8Array(u32 % 5000))),
  ];
  edits[(pick >>> 3) % edits.length]!();
}

/** Flip bytes of one section's payload and recompute its checksum, the directory's and the trailer. */
function flipSection(file: Uint8Array, si: number, flips: [number, number][]): Uint8Array {
  const h = new DataView(file.buffer, file.byteOffset).getUint32(12, true);
  const header = decode(HeaderSchema, file.subarray(16, 16 + h));
  let at = 16 + h;
  const starts = header.sections.map((s) => ((at += s.length), at - s.length));
  const i = si % header.sections.length;
  const sec = header.sections[i]!;
  const bad = file.slice();
  if (sec.length === 0) return bad;
  const payload = bad.subarray(starts[i]!, starts[i]! + sec.length);
  for (const [off, x] of flips) payload[off % payload.length] ^= x;
  // Every section's checksum covers its whole payload (the page store too, since store v3).
  const covered = payload;
  const hd = { sections: header.sections.map((s, j) => (j === i ? { ...s, sha256: sha256(covered) } : s)) };
  const hb = encode(HeaderSchema, hd);
  if (hb.length !== h) return bad;
  bad.set(hb, 16);
  bad.set(sha256(bad.subarray(0, 16 + h)), bad.length - 32);
  return bad;
}

// The long form runs minutes of synchronous work: between cases the worker must answer vitest's
// runner, whose RPC gives up after a fixed 60 s ("Timeout calling onTaskUpdate") on a busy machine.
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("forged-snapshot campaign: no host exception from restore, inspect, diff, run or the next checkpoint", () => {
  it("forged field edits (1–3 per snapshot)", async () => {
    const seen = { refused: 0, ran: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), nasty, nastyText), { minLength: 1, maxLength: 3 }), async (edits) => {
        await breathe();
        const bytes = forge(good, (s) => {
          for (const [pick, n, text] of edits) mutateField(s, pick, n, text);
        });
        seen[campaign(bytes)]++;
      }),
      { numRuns: numRuns(60, 3000) },
    );
    // Both outcomes occur: the campaign exercises the running machine, not only the refusals.
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.ran).toBeGreaterThan(0);
  }, 300_000);

  it("byte flips with every checksum recomputed (every section, the page store included)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (si, flips) => {
        await breathe();
        campaign(flipSection(good, si, flips));
      }),
      { numRuns: numRuns(150, 10_000) },
    );
  }, 300_000);
});
