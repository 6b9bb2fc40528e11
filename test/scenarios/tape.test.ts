// SCENARIOS.md 7 and 11 (kind W): a reel positioned mid-tape, and a tar archive
// being written to tape, across a whole-system checkpoint restored into a new Machine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryReel } from "../../index.js";
import { buildTapFile, readTapFile, type TapRecord } from "../../devices/tape/format.js";
import { Machine } from "../../machine/machine.js";
import { inspectText } from "../../cli/inspect.js";
import { readSnapshot } from "../../snapshot/index.js";
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

  it("7 (host reel file, paths trusted): restart reopens the recorded reel from its path, still after block 56, and says so", () => {
    const records: TapRecord[] = [];
    for (let i = 0; i < 100; i++) records.push({ kind: "data", bytes: encoder.encode(`block ${i}\n`) });
    const dir = mkdtempSync(join(tmpdir(), "cryobox-scen-tape-"));
    try {
      const path = join(dir, "VOL001.tap");
      writeFileSync(path, buildTapFile(records));
      const s = bootToPrompt({ ttys: 1, tapes: { 0: `${path}:ro` } });
      s.command("mt fsr 57");
      const t = breakMachine(s.m, [0], { trustReelPaths: true }); // the operator trusts the snapshot's own record of the reel
      expect(t.b[0]!.m.mounted().has(0)).toBe(true);
      expect(t.b[0]!.m.notes.join("\n")).toContain(`re-attached from ${path}`);
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
          const m = Machine.restore(bytes, { tapes: { 0: path } });
          expect(m.notes).toHaveLength(1);
          expect(m.notes[0]).toContain(`re-attached from ${path}`);
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

  it("10: reel missing at restart → drive offline, the reader waits; mounting it resumes at the right block", () => {
    const records: TapRecord[] = [];
    for (let i = 0; i < 20; i++) records.push({ kind: "data", bytes: encoder.encode(`block ${i}\n`) });
    const bytes = buildTapFile(records);
    const s = bootToPrompt({ ttys: 1, tapes: { 0: { media: new MemoryReel(bytes.slice()), name: "VOL001" } } });
    s.command("mt fsr 5");
    const m = Machine.restore(s.m.checkpoint());
    expect(view(m).tapes[0]!.flags).toMatch(/offline/);
    expect(m.notes.join("\n")).toMatch(/tape0: volume VOL001 not mounted .*file 0, block 5/);
    const b = new Session(m, 0, 0);
    b.type("dd if=/dev/nrmt0 of=/tmp/b bs=512 count=1\n");
    m.run(SECOND);
    expect(procs(m, "dd")[0]?.state).toBe("sleeping"); // waits for the reel: not killed, no error
    expect(b.pending()).toMatch(/tape0: pid \d+ \(dd\) waits for volume VOL001/); // the console says which volume
    m.mount(0, { media: new MemoryReel(bytes.slice()), name: "VOL001" });
    b.expect("$ ");
    expect(fileText(m, "/tmp/b")).toBe("block 5\n");
  });

  it("9: same volume (host reel file) changed in place since the checkpoint → refused naming the change; forced, it is logged and recorded", () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-scen-tape9-"));
    try {
      const path = join(dir, "VOL001.tap");
      const records: TapRecord[] = [];
      for (let i = 0; i < 20; i++) records.push({ kind: "data", bytes: encoder.encode(`block ${i}\n`) });
      writeFileSync(path, buildTapFile(records));
      const s = bootToPrompt({ ttys: 1, tapes: { 0: `${path}:ro` } });
      s.command("mt fsr 5");
      const bytes = s.m.checkpoint();
      s.m.close();
      records[3] = { kind: "data", bytes: encoder.encode("changed\n") };
      writeFileSync(path, buildTapFile(records));
      const m = Machine.restore(bytes, { tapes: { 0: `${path}:ro` } });
      expect(m.mounted().has(0)).toBe(false);
      expect(m.notes.join("\n")).toMatch(/tape0: volume VOL001\.tap changed since the checkpoint: content hash [0-9a-f]{12}… → [0-9a-f]{12}….*force/);
      expect(view(m).tapes[0]!.flags).toMatch(/offline/);
      // the operator forces it: mounted at the recorded place, the forcing logged and kept in the state
      const r = m.mount(0, `${path}:ro`, { force: true });
      expect(r.kind).toBe("forced");
      expect(r.message).toMatch(/changed since the checkpoint \(content hash [0-9a-f]{12}… → [0-9a-f]{12}…\); mounted anyway \(forced\)/);
      expect(m.kernel.state.drives[0]!.drive.forced).toMatch(/content hash [0-9a-f]{12}… → /);
      const snap = m.checkpoint();
      const later = Machine.restore(snap);
      expect(later.kernel.state.drives[0]!.drive.forced).toMatch(/forced at \d+ ticks: content hash /);
      // inspect of a later snapshot shows it
      expect(inspectText("later.ckpt", snap.length, readSnapshot(snap)).join("\n")).toMatch(/volume VOL001\.tap \(no label: the file's name\), file 0, block 5\n    mounted by force: forced at \d+ ticks: content hash /);
      const b = new Session(m, 0, 0);
      b.type("dd if=/dev/nrmt0 of=/tmp/b bs=512 count=1\n");
      b.expect("$ ");
      expect(fileText(m, "/tmp/b")).toBe("block 5\n");
      m.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("8: a different reel mounted at restart → refused, naming expected and found volume; the drive still waits", () => {
    const mk = (tag: string) => buildTapFile(Array.from({ length: 10 }, (_, i) => ({ kind: "data" as const, bytes: encoder.encode(`${tag} ${i}\n`) })));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: { media: new MemoryReel(mk("A")), name: "VOL001" } } });
    s.command("mt fsr 5");
    const bytes = s.m.checkpoint();
    let err: unknown = null;
    let m: Machine | null = null;
    try {
      m = Machine.restore(bytes, { tapes: { 0: { media: new MemoryReel(mk("B")), name: "VOL002" } } });
    } catch (e) {
      err = e;
    }
    const said = err instanceof Error ? err.message : (m?.notes.join("; ") ?? "");
    expect(said).toMatch(/VOL001/);
    expect(said).toMatch(/VOL002/);
    expect(m!.mounted().has(0)).toBe(false);
    const b = new Session(m!, 0, 0);
    b.type("dd if=/dev/nrmt0 of=/tmp/b bs=512 count=1\n");
    m!.run(SECOND);
    expect(procs(m!, "dd")[0]?.state).toBe("sleeping");
    expect(() => m!.mount(0, { media: new MemoryReel(mk("B")), name: "VOL002" })).toThrow(/expected VOL001.*found VOL002/);
    expect(procs(m!, "dd")[0]?.state).toBe("sleeping"); // the process keeps waiting
    m!.mount(0, { media: new MemoryReel(mk("A")), name: "VOL001" });
    b.expect("$ ");
    expect(fileText(m!, "/tmp/b")).toBe("A 5\n");
  });
});
