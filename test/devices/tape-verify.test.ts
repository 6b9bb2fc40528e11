// Restart verification of reels (devices/tape/verify.ts), the volume label, streamed identity and
// the one registry of loaded reels — as properties over random reels and random changes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MemoryReel, buildTapFile, judgeReel, reelIdentity, reelPrefixSha256, tapImageProblem, volumeLabel, type TapRecord,
} from "../../devices/tape/index.js";
import { ReelSlots } from "../../kernel/tape-media.js";
import { sha256Hex } from "../../state/index.js";

const enc = new TextEncoder();
const vol1 = (serial: string): TapRecord => ({ kind: "data", bytes: enc.encode(`VOL1${serial.padEnd(6)}`.padEnd(79) + "4") });
const records = fc.array(
  fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes): TapRecord => ({ kind: "data", bytes })),
    fc.constant<TapRecord>({ kind: "mark" }),
  ),
  { minLength: 1, maxLength: 12 },
);

describe("judgeReel", () => {
  it("the same bytes under any name are the same reel; the head stays where it was", () => {
    fc.assert(
      fc.property(records, fc.nat(), (recs, at) => {
        const bytes = buildTapFile(recs);
        const exp = reelIdentity("/old/place/VOL001.tap", new MemoryReel(bytes));
        const found = new MemoryReel(bytes);
        const v = judgeReel({ identity: exp, position: at % (bytes.length + 1), writable: false }, reelIdentity("/new/other.tap", found), found, { writable: false, force: false });
        expect(v).toEqual({ kind: "same" });
      }),
    );
  });

  it("a writer's reel that grew after the head (head at the end of data, every byte before unchanged) is accepted as grown", () => {
    fc.assert(
      fc.property(records, records, (before, after) => {
        const start = buildTapFile(before);
        const exp = reelIdentity("s.tap", new MemoryReel(start));
        const grown = new MemoryReel(start);
        grown.write(start.length, buildTapFile(after));
        const v = judgeReel({ identity: exp, position: start.length, writable: true }, reelIdentity("s.tap", grown), grown, { writable: true, force: false });
        expect(v).toEqual({ kind: "grown", keep: start.length, found: grown.size() });
      }),
    );
  });

  it("any change before the head is refused naming it, and accepted only when forced", () => {
    fc.assert(
      fc.property(records, fc.nat(), fc.integer({ min: 1, max: 255 }), (recs, pick, flip) => {
        const bytes = buildTapFile(recs);
        const exp = reelIdentity("VOL001.tap", new MemoryReel(bytes));
        const changed = bytes.slice();
        const i = pick % changed.length;
        changed[i] = changed[i]! ^ flip;
        const m = new MemoryReel(changed);
        const found = reelIdentity("VOL001.tap", m);
        const e = { identity: exp, position: bytes.length, writable: true };
        const v = judgeReel(e, found, m, { writable: true, force: false });
        if (found.labelled !== exp.labelled) return; // a flip that made a VOL1 label: another volume
        expect(v.kind).toBe("refused");
        expect(v.kind === "refused" && v.reason).toMatch(/^volume VOL001\.tap changed since the checkpoint: content hash .* bytes before the head \(byte [\d,]+\) differ/);
        const f = judgeReel(e, found, m, { writable: true, force: true });
        expect(f.kind).toBe("forced");
      }),
    );
  });

  it("another volume is refused naming expected and found (labels win over file names), even when forced", () => {
    const a = new MemoryReel(buildTapFile([vol1("VOL001"), { kind: "mark" }]));
    const b = new MemoryReel(buildTapFile([vol1("VOL002"), { kind: "mark" }]));
    const ia = reelIdentity("same-name.tap", a);
    const ib = reelIdentity("same-name.tap", b);
    expect(ia).toMatchObject({ volume: "VOL001", labelled: true });
    const v = judgeReel({ identity: ia, position: 0, writable: false }, ib, b, { writable: false, force: true });
    expect(v).toEqual({ kind: "refused", reason: "wrong volume: expected VOL001 (VOL1 label), found VOL002 (VOL1 label)" });
  });

  it("a reel that was writable at the checkpoint must come back writable", () => {
    const m = new MemoryReel(buildTapFile([{ kind: "data", bytes: enc.encode("x") }]));
    const id = reelIdentity("w.tap", m);
    const v = judgeReel({ identity: id, position: id.size, writable: true }, id, m, { writable: false, force: false });
    expect(v.kind === "refused" && v.reason).toMatch(/was mounted writable at the checkpoint/);
  });
});

describe("identity", () => {
  it("streamed hashing equals the hash of the whole bytes; the prefix hash of the whole reel is its hash", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3 << 20 }).filter((b) => b.length !== 1), (bytes) => {
        const m = new MemoryReel(bytes);
        expect(reelIdentity("r", m).sha256).toBe(sha256Hex(bytes));
        expect(reelPrefixSha256(m, bytes.length)).toBe(sha256Hex(bytes));
      }),
      { numRuns: 8 },
    );
  });

  it("volumeLabel reads only a real VOL1 record: 80 bytes, 'VOL1', a printable serial", () => {
    expect(volumeLabel(new MemoryReel(buildTapFile([vol1("T42")])))).toBe("T42");
    expect(volumeLabel(new MemoryReel(buildTapFile([{ kind: "data", bytes: enc.encode("VOL1ABC") }])))).toBeNull();
    expect(volumeLabel(new MemoryReel(buildTapFile([{ kind: "mark" }, vol1("T42")])))).toBeNull();
    expect(volumeLabel(new MemoryReel())).toBeNull();
  });

  it("tapImageProblem accepts every image buildTapFile makes and refuses text", () => {
    fc.assert(
      fc.property(records, (recs) => {
        expect(tapImageProblem(new MemoryReel(buildTapFile(recs)))).toBeNull();
      }),
    );
    expect(tapImageProblem(new MemoryReel(enc.encode("# README\nsome text\n")))).toMatch(/^not a SIMH tape image: /);
  });
});

describe("ReelSlots (the one owner of loaded reels)", () => {
  it("put replaces and closes the previous reel; release closes once; units lists what is loaded", () => {
    const closed: string[] = [];
    const r = (name: string) => ({ media: new MemoryReel(), source: name, close: () => closed.push(name) });
    const slots = new ReelSlots(3);
    slots.put(0, r("a"));
    slots.put(2, r("b"));
    expect(slots.units()).toEqual([0, 2]);
    slots.put(0, r("c"));
    expect(closed).toEqual(["a"]);
    slots.release(0);
    slots.release(0);
    expect(closed).toEqual(["a", "c"]);
    slots.releaseAll();
    expect(closed).toEqual(["a", "c", "b"]);
    expect(slots.units()).toEqual([]);
  });
});
