// SCENARIOS.md 7 and 11 (kind W): a reel positioned mid-tape, and a tar archive
// being written to tape, across a whole-system checkpoint restored into a new Machine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryReel } from "../../index.js";
import { buildTapFile, readTapFile, type TapRecord } from "../../devices/tape/format.js";
import { Machine } from "../../machine/machine.js";
import { SECOND, Session, bootToPrompt, breakMachine, expectSameFuture, fileText, procs, view } from "./helpers.js";

const encoder = new TextEncoder();

function copyOf(reel: MemoryReel): MemoryReel {
  return new MemoryReel(reel.read(0, reel.size()).slice());
}

describe("SCENARIOS W: tape", () => {
  it("7: reel VOL001 positioned after block 56 → after restart the next read returns block 57", () => {
    const records: TapRecord[] = [];
    for (let i = 0; i < 100; i++) records.push({ kind: "data", bytes: encoder.encode(`block ${i}\n`.padEnd(512, ".")) });
    const reel = new MemoryReel(buildTapFile(records));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: { media: reel, name: "VOL001" } } });
    s.command("mt fsr 56");
    s.command("dd if=/dev/nrmt0 of=/tmp/b56 bs=512 count=1");
    expect(fileText(s.m, "/tmp/b56")).toMatch(/^block 56\n/);
    const tape = view(s.m).tapes.find((d) => d.unit === 0)!;
    expect(tape.blockNumber).toBe(57);
    expect(tape.reel?.path).toContain("VOL001");

    const t = breakMachine(s.m, [0], { tapes: { 0: { media: copyOf(reel), name: "VOL001" } } });
    expect(view(t.b[0]!.m).tapes.find((d) => d.unit === 0)!.blockNumber).toBe(57);
    for (const x of [t.a[0]!, t.b[0]!]) x.command("dd if=/dev/nrmt0 of=/tmp/b57 bs=512 count=1");
    expect(fileText(t.b[0]!.m, "/tmp/b57")).toMatch(/^block 57\n/);
    expectSameFuture(t);
  });

  it("7 (host reel file): restart reopens the recorded reel from its path, still after block 56", () => {
    const records: TapRecord[] = [];
    for (let i = 0; i < 100; i++) records.push({ kind: "data", bytes: encoder.encode(`block ${i}\n`) });
    const dir = mkdtempSync(join(tmpdir(), "cryobox-scen-tape-"));
    try {
      const path = join(dir, "VOL001.tap");
      writeFileSync(path, buildTapFile(records));
      const s = bootToPrompt({ ttys: 1, tapes: { 0: `${path}:ro` } });
      s.command("mt fsr 57");
      const t = breakMachine(s.m); // no reels given: the snapshot's own record of the reel is used
      expect(t.b[0]!.m.mounted().has(0)).toBe(true);
      for (const x of [t.a[0]!, t.b[0]!]) x.command("dd if=/dev/nrmt0 of=/tmp/b57 bs=512 count=1");
      expect(fileText(t.b[0]!.m, "/tmp/b57")).toBe("block 57\n");
      expectSameFuture(t);
      t.a[0]!.m.close();
      t.b[0]!.m.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("11: tar to tape checkpointed mid-archive → the archive on the reel is valid and complete", () => {
    const reel = new MemoryReel(new Uint8Array(0));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: { media: reel, name: "SCRATCH" } } });
    s.command("mkdir /tmp/d; seq 1 30000 > /tmp/d/a; seq 5 7 40000 > /tmp/d/b; echo small > /tmp/d/c");
    const files = ["a", "b", "c"].map((f) => fileText(s.m, `/tmp/d/${f}`)!);
    s.type("cd /tmp; tar cf /dev/rmt0 d; cd /\n");
    // stop while tar is between records: some written, more to come
    const r = s.m.runUntil(() => view(s.m).tapes[0]!.blockNumber >= 4, 5 * SECOND, 5_000);
    expect(r.done).toBe(true);
    expect(procs(s.m, "tar")).toHaveLength(1);
    const written = view(s.m).tapes[0]!.blockNumber;

    const copy = copyOf(reel);
    const t = breakMachine(s.m, [0], { tapes: { 0: { media: copy, name: "SCRATCH" } } });
    expect(view(t.b[0]!.m).tapes[0]!.blockNumber).toBe(written);
    for (const x of [t.a[0]!, t.b[0]!]) {
      x.expect("$ ", 10 * SECOND);
      expect(x.command("tar tf /dev/rmt0")).toMatch(/^d\/a\r\nd\/b\r\nd\/c\r\n/m);
      x.command("mkdir /tmp/x; cd /tmp/x; tar xf /dev/rmt0; cd /");
    }
    for (const [i, f] of ["a", "b", "c"].entries()) expect(fileText(t.b[0]!.m, `/tmp/x/d/${f}`)).toBe(files[i]);
    // the reel holds exactly what an uninterrupted run wrote: whole 10240-byte records, then a tape mark
    const bytes = copy.read(0, copy.size());
    expect(Buffer.from(bytes).equals(Buffer.from(reel.read(0, reel.size())))).toBe(true);
    const recs = readTapFile(bytes);
    const data = recs.filter((x) => x.kind === "data");
    expect(data.length).toBeGreaterThan(written);
    for (const d of data) expect(d.kind === "data" && d.bytes.length).toBe(10240);
    expect(recs.some((x) => x.kind === "corrupt" || x.kind === "bad")).toBe(false);
    expectSameFuture(t);
  });

  it("11 (host reel file): the operator's way — checkpoint, machine off, restart reopens the written reel; the archive is complete", () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-scen-tar-"));
    try {
      const run = (path: string, brk: boolean): Uint8Array => {
        let s = bootToPrompt({ ttys: 1, tapes: { 0: path } });
        s.command("mkdir /tmp/d; seq 1 30000 > /tmp/d/a; seq 5 7 40000 > /tmp/d/b");
        s.type("cd /tmp; tar cf /dev/rmt0 d; cd /\n");
        expect(s.m.runUntil(() => view(s.m).tapes[0]!.blockNumber >= 4, 5 * SECOND, 5_000).done).toBe(true);
        if (brk) {
          const bytes = s.m.checkpoint();
          s.m.close(); // switched off
          const m = Machine.restore(bytes);
          expect(m.notes).toEqual([]);
          expect(m.mounted().has(0)).toBe(true);
          expect(view(m).tapes[0]!.blockNumber).toBeGreaterThanOrEqual(4);
          s = new Session(m, 0, 0);
        }
        s.expect("$ ", 10 * SECOND);
        expect(s.command("tar tf /dev/rmt0")).toMatch(/^d\/a\r\nd\/b\r\n/m);
        s.m.close();
        return new Uint8Array(readFileSync(path));
      };
      const whole = run(join(dir, "whole.tap"), false);
      const broken = run(join(dir, "broken.tap"), true);
      expect(broken.length).toBe(whole.length);
      expect(Buffer.from(broken).equals(Buffer.from(whole))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
