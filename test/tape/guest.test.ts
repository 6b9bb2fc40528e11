// The guest's side of reels: `tlabel` writes a VOL1 label on a fresh reel, `mt status` shows the
// volume (MTIOCVOL), file and block — also while the drive waits for its volume after a restart —
// and an empty drive's error reads "No medium found" (ENOMEDIUM had no strerror text).
import { describe, expect, it } from "vitest";
import { MemoryReel, buildTapFile, readTapFile } from "../../devices/tape/index.js";
import { Machine } from "../../machine/machine.js";
import { Session, bootToPrompt, view } from "../scenarios/helpers.js";

const encoder = new TextEncoder();

describe("guest tape tools", () => {
  it("tlabel writes VOL1 + a tape mark on a fresh reel; the volume is the label's serial at once and across a restart", () => {
    const reel = new MemoryReel();
    const s = bootToPrompt({ ttys: 1, tapes: { 0: { media: reel, name: "scratch.tap" } } });
    expect(s.command("mt status")).toContain("Volume: scratch.tap");
    expect(s.command("tlabel VOL042 ME")).toContain("tlabel: /dev/nrmt0: labelled VOL042");
    const recs = readTapFile(reel.read(0, reel.size()));
    expect(recs.map((r) => r.kind)).toEqual(["data", "mark"]);
    const label = new TextDecoder().decode(recs[0]!.kind === "data" ? recs[0]!.bytes : new Uint8Array());
    expect(label).toHaveLength(80);
    expect(label.startsWith("VOL1VOL042 ")).toBe(true);
    expect(label.slice(24, 31)).toBe("CRYOBOX");
    expect(label.slice(37, 39)).toBe("ME");
    expect(label[79]).toBe("4");
    const st = s.command("mt status");
    expect(st).toContain("Volume: VOL042");
    expect(st).toContain("File number=1, block number=0.");
    s.command("echo payload | dd of=/dev/nrmt0 2>/dev/null");
    // a restart identifies the reel by its label, whatever it is called now
    const m = Machine.restore(s.m.checkpoint(), { tapes: { 0: { media: new MemoryReel(reel.read(0, reel.size())), name: "renamed.tap" } } });
    expect(m.notes.join("\n")).toMatch(/tape0: VOL042 verified, positioned at file 2, block 0/);
    expect(view(m).tapes[0]!.flags).toMatch(/online/);
  });

  it("tlabel refuses a reel that holds data, and a bad serial with status 2", () => {
    const reel = new MemoryReel(buildTapFile([{ kind: "data", bytes: encoder.encode("precious") }]));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: { media: reel, name: "data.tap" } } });
    expect(s.command("tlabel VOL001; echo status $?")).toMatch(/the reel is not fresh.*\r\nstatus 1/s);
    expect(s.command("tlabel vol-1; echo status $?")).toMatch(/usage: tlabel.*\r\nstatus 2/s);
    expect(readTapFile(reel.read(0, reel.size()))).toEqual([{ kind: "data", bytes: encoder.encode("precious") }]);
  });

  it("mt status on a drive waiting for its volume names it, with file and block; an empty drive says No medium found", () => {
    const recs = Array.from({ length: 10 }, (_, i) => ({ kind: "data" as const, bytes: encoder.encode(`block ${i}\n`) }));
    const s = bootToPrompt({ ttys: 1, tapes: { 0: { media: new MemoryReel(buildTapFile(recs)), name: "VOL001" } } });
    s.command("mt fsr 5");
    const m = Machine.restore(s.m.checkpoint());
    const b = new Session(m, 0, 0);
    const st = b.command("mt status");
    expect(st).toContain("Volume: VOL001 (not mounted: the drive waits for it)");
    expect(st).toContain("File number=0, block number=5.");
    expect(b.command("dd if=/dev/nrmt1 of=/tmp/x")).toContain("No medium found");
  });
});
