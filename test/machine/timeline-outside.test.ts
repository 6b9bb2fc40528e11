// The timeline keeps the outside world a machine sees (machine/timeline-outside.ts):
// going back gives the drives the reels' bytes as they were then (the original
// media keeps what was written later), and a reel the operator mounted is
// recorded with its bytes, so going forward again mounts the same reel at the
// same tick and the machine is the same, digest for digest.
import { describe, expect, it } from "vitest";
import { Machine, MemoryReel } from "../../index.js";
import { Timeline } from "../../machine/timeline.js";

const EVERY = 2_000_000;
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function command(t: Timeline, line: string): void {
  t.send(0, line + "\n");
  t.run(40_000_000);
}

/** A SIMH .tap image of `records` records of `size` bytes each (length, data, length). */
function tapeImage(records: number, size: number): Uint8Array {
  const out = new Uint8Array(records * (size + 8));
  const view = new DataView(out.buffer);
  for (let r = 0, at = 0; r < records; r++, at += size + 8) {
    view.setUint32(at, size, true);
    out.fill(r + 1, at + 4, at + 4 + size);
    view.setUint32(at + 4 + size, size, true);
  }
  return out;
}

function reelBytes(m: Machine, unit: number): string {
  const media = m.kernel.reels.media(unit);
  return media ? text(media.read(0, media.size())) : "(none)";
}

describe("timeline and reels", () => {
  it("going back puts the reel's bytes of that time on the drive, and leaves the original media alone", () => {
    const original = new MemoryReel(new Uint8Array(0));
    const t = new Timeline(Machine.boot({ tapes: { 0: { media: original, name: "SCRATCH" } } }), { every: EVERY });
    t.run(20_000_000);
    command(t, "echo first > /tmp/a; dd if=/tmp/a of=/dev/nrmt0");
    const mid = { time: t.now(), digest: t.machine.digest(), reel: reelBytes(t.machine, 0) };
    expect(mid.reel).toContain("first");
    command(t, "echo second > /tmp/b; dd if=/tmp/b of=/dev/nrmt0");
    const end = { time: t.now(), digest: t.machine.digest() };
    expect(text(original.bytes())).toContain("second");

    t.goto(mid.time);
    expect(t.machine.digest()).toBe(mid.digest);
    expect(reelBytes(t.machine, 0)).toBe(mid.reel); // the tape as it was: "second" not yet written
    expect(reelBytes(t.machine, 0)).not.toContain("second");
    expect(text(original.bytes())).toContain("second"); // the original media is not rewound

    t.goto(end.time); // forward again without new input: the same future, written to the timeline's copy
    expect(t.machine.digest()).toBe(end.digest);
    expect(reelBytes(t.machine, 0)).toContain("second");
  });

  it("records a reel the operator mounts, with its bytes, and mounts it again when replaying", () => {
    const writer = new MemoryReel(new Uint8Array(0));
    const w = Machine.boot({ tapes: { 0: { media: writer, name: "DATA" } } });
    w.run(20_000_000);
    w.tty(0).send("echo from the reel > /tmp/x; dd if=/tmp/x of=/dev/nrmt0\n");
    w.run(40_000_000);
    expect(text(writer.bytes())).toContain("from the reel");

    const t = new Timeline(Machine.boot(), { every: EVERY });
    t.run(20_000_000);
    const before = { time: t.now(), digest: t.machine.digest() };
    const given = new MemoryReel(writer.bytes());
    t.machine.mount(0, { media: given, name: "DATA" });
    command(t, "dd if=/dev/nrmt0 of=/tmp/y; cat /tmp/y");
    given.truncate(0); // the operator's media changes afterwards: the timeline kept its own copy
    expect(text(t.transcript(0))).toContain("from the reel");
    const end = { time: t.now(), digest: t.machine.digest() };
    expect(t.recordedInputs().some((x) => x.kind === "mount" && x.unit === 0)).toBe(true);

    t.goto(before.time);
    expect(t.machine.digest()).toBe(before.digest);
    expect(t.machine.mounted().size).toBe(0); // not mounted yet at that time
    t.goto(end.time);
    expect(t.machine.digest()).toBe(end.digest);
    expect(reelBytes(t.machine, 0)).toContain("from the reel");
  });

  it("reads an unchanged reel once, however many points are kept, and copies it again after a write", () => {
    // A reel counting whole reads: copyReels shares the previous copy by the drive's identity instead of
    // reading and comparing the whole reel at every kept point (a 1 GiB reel used to cost 2 GiB per point).
    class CountingReel extends MemoryReel {
      wholeReads = 0;
      override read(offset: number, length: number): Uint8Array {
        if (offset === 0 && length === this.size() && length > 0) this.wholeReads++;
        return super.read(offset, length);
      }
    }
    const media = new CountingReel(tapeImage(16, 4000));
    const t = new Timeline(Machine.boot({ tapes: { 0: { media, name: "BIG" } } }), { every: EVERY });
    t.run(EVERY); // the first kept point copies the reel (the mount read it once more to take its identity)
    const first = media.wholeReads;
    expect(first).toBeGreaterThan(0);
    t.run(10 * EVERY); // about ten more kept points with the reel untouched: no read at all
    expect(media.wholeReads).toBe(first);
    command(t, "echo new > /tmp/n; dd if=/tmp/n of=/dev/nrmt0");
    const reads = media.wholeReads;
    expect(reads).toBeGreaterThan(first); // the written reel was copied again (and its identity retaken)
    const written = { time: t.now(), reel: reelBytes(t.machine, 0) }; // (one more whole read, by this test)
    expect(written.reel).toContain("new");
    t.run(10 * EVERY);
    expect(media.wholeReads).toBe(reads + 1); // shared again once the write was settled
    t.goto(written.time);
    expect(reelBytes(t.machine, 0)).toBe(written.reel);
  });

  it("records an unmount and replays it", () => {
    const t = new Timeline(Machine.boot({ tapes: { 1: { media: new MemoryReel(new Uint8Array(0)), name: "V1" } } }), { every: EVERY });
    t.run(5_000_000);
    const start = t.now();
    t.machine.unmount(1);
    t.run(5_000_000);
    const end = { time: t.now(), digest: t.machine.digest() };
    t.goto(start);
    expect(t.machine.mounted().has(1)).toBe(true);
    t.goto(end.time);
    expect(t.machine.mounted().has(1)).toBe(false);
    expect(t.machine.digest()).toBe(end.digest);
  });
});

describe("timeline and disks", () => {
  it("going back keeps the disks mounted: the host directory as it is now", async () => {
    const { MemoryDir } = await import("../../devices/disk/memory-dir.js");
    const t = new Timeline(Machine.boot({ disks: [{ dir: new MemoryDir(), at: "/d" }] }), { every: EVERY });
    t.run(20_000_000);
    const start = t.now();
    command(t, "echo kept > /d/f");
    t.goto(start);
    const mark = t.transcript(0).length;
    command(t, "cat /d/f"); // a new future; the disk is outside: the file written in the old one is there
    expect(text(t.transcript(0).slice(mark))).toContain("kept");
  });
});
