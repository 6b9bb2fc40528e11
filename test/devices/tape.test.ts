// Unit tests of the SIMH .tap format and the tape drive: exact bytes,
// record/mark reads, Linux mt operations and their stopping points, writes
// that truncate, close behaviour, status bytes, write protection, offline.

import { describe, expect, it } from "vitest";
import { assertConforms, decode, encode } from "../../state/index.js";
import {
  DriveState, GMT, MTIOCGET, MTIOCTOP, MemoryReel, MtOp, TapeErrno, buildTapFile, closeDevice, driveRefreshIdentity,
  driveStatus, mountReel, mtOp, mtgetFromBytes, mtgetToBytes, mtopFromBytes, mtopToBytes, newDrive, readRecord,
  readTapFile, reelIdentity, reelPrefixSha256, unmountReel, writeRecord, writeTapeMarks, type TapRecord,
} from "../../devices/tape/index.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const data = (s: string): TapRecord => ({ kind: "data", bytes: enc(s) });
const mark: TapRecord = { kind: "mark" };

/** A drive with a reel holding `records`. */
function loaded(records: TapRecord[], writable = true): { s: DriveState; m: MemoryReel } {
  const m = new MemoryReel(buildTapFile(records));
  const s = newDrive(0);
  mountReel(s, reelIdentity("test.tap", m), writable);
  return { s, m };
}

const readStr = (s: DriveState, m: MemoryReel, max = 1000): string => {
  const r = readRecord(s, m, max);
  return r.kind === "data" ? dec(r.bytes) : r.kind;
};

describe(".tap format", () => {
  it("lays out a record as length, data padded to even, length; a mark as four zero bytes", () => {
    expect([...buildTapFile([data("abc"), mark, data("de")], true)]).toEqual([
      3, 0, 0, 0, 0x61, 0x62, 0x63, 0, 3, 0, 0, 0,
      0, 0, 0, 0,
      2, 0, 0, 0, 0x64, 0x65, 2, 0, 0, 0,
      0xff, 0xff, 0xff, 0xff,
    ]);
  });

  it("parses bad-data records (bit 31), skips erase gaps, stops at end of medium, reports damage", () => {
    const bytes = new Uint8Array([
      0xfe, 0xff, 0xff, 0xff, // erase gap
      1, 0, 0, 0x80, 0x41, 0, 1, 0, 0, 0x80, // bad record of 1 byte
      9, 0, 0, 0, 1, 2, // claims 9 bytes, runs off the end
    ]);
    const recs = readTapFile(bytes);
    expect(recs[0]).toEqual({ kind: "bad", bytes: Uint8Array.of(0x41) });
    expect(recs[1]!.kind).toBe("corrupt");
    expect(recs.length).toBe(2);
    expect(readTapFile(new Uint8Array(0))).toEqual([]);
  });

  it("skips a half gap (2 bytes) and reports a reserved marker as damage, then carries on", () => {
    const rec = buildTapFile([data("ok")]);
    // a half gap is a gap marker shifted by 2 bytes: FF FF | FE FF FF FF reads as half gap, then erase gap
    const bytes = new Uint8Array([0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, ...rec, 0x05, 0x00, 0x00, 0xff, ...rec]);
    expect(readTapFile(bytes).map((r) => r.kind)).toEqual(["data", "corrupt", "data"]);
  });

  it("reports a mismatched trailing length as damage and carries on after the record", () => {
    const good = buildTapFile([data("ok")]);
    const bad = buildTapFile([data("xy")]);
    bad[8] = 3; // trailing length 3 instead of 2
    const recs = readTapFile(new Uint8Array([...bad, ...good]));
    expect(recs.map((r) => r.kind)).toEqual(["corrupt", "data"]);
  });
});

describe("tape drive: reading", () => {
  it("reads records in order, returns a tape mark as its own result, then end of medium", () => {
    const { s, m } = loaded([data("one"), data("two"), mark, data("three")]);
    expect(s.bot).toBe(true);
    expect(readStr(s, m)).toBe("one");
    expect([s.fileNo, s.blockNo, s.bot]).toEqual([0, 1, false]);
    expect(readStr(s, m)).toBe("two");
    expect(readStr(s, m)).toBe("tapemark");
    expect([s.fileNo, s.blockNo, s.eof]).toEqual([1, 0, true]);
    expect(readStr(s, m)).toBe("three");
    expect(readStr(s, m)).toBe("eom");
    expect(readStr(s, m)).toBe("eom");
    expect(s.eot).toBe(true);
  });

  it("returns the first `max` bytes of a longer record and skips the rest (resid = bytes lost)", () => {
    const { s, m } = loaded([data("abcdefgh"), data("next")]);
    const r = readRecord(s, m, 3);
    expect(r).toEqual({ kind: "data", bytes: enc("abc"), length: 8 });
    expect(s.resid).toBe(5);
    expect(readStr(s, m)).toBe("next");
  });

  it("a zero-length read moves nothing", () => {
    const { s, m } = loaded([data("one")]);
    expect(readRecord(s, m, 0)).toEqual({ kind: "data", bytes: new Uint8Array(0), length: 0 });
    expect(readStr(s, m)).toBe("one");
  });

  it("refuses to write when the reel shrank under the head, instead of padding it with zeros (= tape marks)", () => {
    const { s, m } = loaded([data("one"), data("two")]);
    readStr(s, m);
    readStr(s, m);
    m.truncate(4);
    expect(readRecord(s, m, 10).kind).toBe("eom");
    expect(writeRecord(s, m, enc("x"))).toMatchObject({ kind: "error", errno: TapeErrno.EIO });
    expect(m.size()).toBe(4);
  });

  it("gives EIO for a bad record and moves past it", () => {
    const { s, m } = loaded([{ kind: "bad", bytes: enc("zz") }, data("after")]);
    expect(readRecord(s, m, 100)).toMatchObject({ kind: "error", errno: TapeErrno.EIO });
    expect(readStr(s, m)).toBe("after");
  });

  it("is offline without a reel, and after MTOFFL", () => {
    const s = newDrive(1);
    expect(readRecord(s, null, 10)).toEqual({ kind: "offline" });
    expect(mtOp(s, null, MtOp.MTREW, 1)).toEqual({ kind: "offline" });
    const t = loaded([data("a")]);
    expect(mtOp(t.s, t.m, MtOp.MTOFFL, 1)).toEqual({ kind: "ok" });
    expect(t.s.reel).toBe(null);
    expect(readRecord(t.s, t.m, 10)).toEqual({ kind: "offline" });
    expect(driveStatus(t.s).gstat & GMT.DR_OPEN).toBe(GMT.DR_OPEN);
  });
});

describe("tape drive: mt operations", () => {
  const reel = (): TapRecord[] => [data("a1"), data("a2"), mark, data("b1"), data("b2"), data("b3"), mark, data("c1"), mark];

  it("fsf N skips N tape marks and stops after the last", () => {
    const { s, m } = loaded(reel());
    expect(mtOp(s, m, MtOp.MTFSF, 2)).toEqual({ kind: "ok" });
    expect([s.fileNo, s.blockNo]).toEqual([2, 0]);
    expect(readStr(s, m)).toBe("c1");
  });

  it("fsf past the last mark fails with EIO at end of data, resid = marks not crossed", () => {
    const { s, m } = loaded(reel());
    expect(mtOp(s, m, MtOp.MTFSF, 5)).toMatchObject({ kind: "error", errno: TapeErrno.EIO });
    expect(s.resid).toBe(2);
    expect(s.eot).toBe(true);
  });

  it("bsf N stops before the Nth mark back (on its BOT side), in the previous file", () => {
    const { s, m } = loaded(reel());
    mtOp(s, m, MtOp.MTFSF, 2);
    expect(mtOp(s, m, MtOp.MTBSF, 1)).toEqual({ kind: "ok" });
    expect([s.fileNo, s.blockNo]).toEqual([1, 3]);
    expect(readStr(s, m)).toBe("tapemark");
    expect(readStr(s, m)).toBe("c1");
  });

  it("bsf past BOT fails with EIO at BOT", () => {
    const { s, m } = loaded(reel());
    mtOp(s, m, MtOp.MTFSF, 1);
    expect(mtOp(s, m, MtOp.MTBSF, 3)).toMatchObject({ kind: "error", errno: TapeErrno.EIO });
    expect([s.position, s.bot, s.fileNo, s.blockNo]).toEqual([0, true, 0, 0]);
  });

  it("fsr/bsr space over records and stop at a tape mark with an error", () => {
    const { s, m } = loaded(reel());
    expect(mtOp(s, m, MtOp.MTFSR, 1)).toEqual({ kind: "ok" });
    expect(readStr(s, m)).toBe("a2");
    expect(mtOp(s, m, MtOp.MTFSR, 3)).toMatchObject({ kind: "error", errno: TapeErrno.EIO });
    expect([s.fileNo, s.blockNo, s.resid]).toEqual([1, 0, 2]); // crossed the mark, now in file 1
    expect(readStr(s, m)).toBe("b1");
    expect(mtOp(s, m, MtOp.MTBSR, 1)).toEqual({ kind: "ok" });
    expect(mtOp(s, m, MtOp.MTBSR, 1)).toMatchObject({ kind: "error", errno: TapeErrno.EIO });
    expect([s.fileNo, s.blockNo]).toEqual([0, 2]); // before the mark, at the end of file 0
    expect(readStr(s, m)).toBe("tapemark");
  });

  it("fsfm stops before the mark, bsfm after it", () => {
    const { s, m } = loaded(reel());
    mtOp(s, m, MtOp.MTFSFM, 1);
    expect(readStr(s, m)).toBe("tapemark");
    mtOp(s, m, MtOp.MTEOM, 1);
    mtOp(s, m, MtOp.MTBSFM, 2);
    expect(readStr(s, m)).toBe("c1");
  });

  it("rewind returns to BOT; eom goes to the end of data to append", () => {
    const { s, m } = loaded(reel());
    mtOp(s, m, MtOp.MTEOM, 1);
    expect([s.fileNo, s.blockNo, s.eot]).toEqual([3, 0, true]);
    writeRecord(s, m, enc("d1"));
    mtOp(s, m, MtOp.MTREW, 1);
    expect([s.position, s.fileNo, s.blockNo, s.bot]).toEqual([0, 0, 0, true]);
    expect(readTapFile(m.bytes()).length).toBe(11); // 9 + d1 + the mark the rewind wrote after it
  });

  it("rejects unknown operations and fixed block sizes with EINVAL", () => {
    const { s, m } = loaded(reel());
    expect(mtOp(s, m, 99, 1)).toMatchObject({ kind: "error", errno: TapeErrno.EINVAL });
    expect(mtOp(s, m, MtOp.MTSETBLK, 512)).toMatchObject({ kind: "error", errno: TapeErrno.EINVAL });
    expect(mtOp(s, m, MtOp.MTSETBLK, 0)).toEqual({ kind: "ok" });
  });
});

describe("tape drive: writing and closing", () => {
  it("a write truncates everything after the head", () => {
    const { s, m } = loaded([data("keep"), data("lost1"), mark, data("lost2")]);
    readStr(s, m);
    expect(writeRecord(s, m, enc("new"))).toEqual({ kind: "ok" });
    expect(readTapFile(m.bytes())).toEqual([data("keep"), data("new")]);
    expect(s.dirty).toBe(true);
  });

  it("closing /dev/rmt0 after a write writes a tape mark and rewinds; /dev/nrmt0 stays after the mark", () => {
    const a = loaded([]);
    writeRecord(a.s, a.m, enc("r1"));
    expect(closeDevice(a.s, a.m, true)).toEqual({ kind: "ok" });
    expect(readTapFile(a.m.bytes())).toEqual([data("r1"), mark]);
    expect([a.s.position, a.s.bot]).toEqual([0, true]);

    const b = loaded([]);
    writeRecord(b.s, b.m, enc("f1"));
    closeDevice(b.s, b.m, false);
    expect([b.s.fileNo, b.s.blockNo]).toEqual([1, 0]);
    writeRecord(b.s, b.m, enc("f2"));
    closeDevice(b.s, b.m, false);
    expect(readTapFile(b.m.bytes())).toEqual([data("f1"), mark, data("f2"), mark]);
  });

  it("rewinding or spacing back over freshly written data first writes a tape mark (Linux st)", () => {
    const a = loaded([]);
    writeRecord(a.s, a.m, enc("w1"));
    mtOp(a.s, a.m, MtOp.MTREW, 1);
    expect(readTapFile(a.m.bytes())).toEqual([data("w1"), mark]);
    const b = loaded([data("f0"), mark]);
    mtOp(b.s, b.m, MtOp.MTEOM, 1);
    writeRecord(b.s, b.m, enc("f1"));
    expect(mtOp(b.s, b.m, MtOp.MTBSF, 1)).toEqual({ kind: "ok" }); // crosses the new mark and the old one
    expect(readTapFile(b.m.bytes())).toEqual([data("f0"), mark, data("f1"), mark]);
    expect([b.s.fileNo, b.s.blockNo]).toEqual([0, 1]);
    expect(readStr(b.s, b.m)).toBe("tapemark");
    closeDevice(b.s, b.m, false); // nothing written since: no further mark
    expect(readTapFile(b.m.bytes()).length).toBe(4);
  });

  it("closing after reading or after MTWEOF writes nothing", () => {
    const { s, m } = loaded([data("x"), mark]);
    readStr(s, m);
    closeDevice(s, m, false);
    writeTapeMarks(s, m, 1); // at the old mark: rewrites it, truncating nothing more
    closeDevice(s, m, false);
    expect(readTapFile(m.bytes())).toEqual([data("x"), mark]);
  });

  it("refuses writes on a write-protected reel with EACCES and reports WR_PROT", () => {
    const { s, m } = loaded([data("x")], false);
    expect(writeRecord(s, m, enc("y"))).toMatchObject({ kind: "error", errno: TapeErrno.EACCES });
    expect(mtOp(s, m, MtOp.MTWEOF, 1)).toMatchObject({ kind: "error", errno: TapeErrno.EACCES });
    expect(mtOp(s, m, MtOp.MTERASE, 1)).toMatchObject({ kind: "error", errno: TapeErrno.EACCES });
    expect(driveStatus(s).gstat & GMT.WR_PROT).toBe(GMT.WR_PROT);
    expect(readTapFile(m.bytes())).toEqual([data("x")]);
  });

  it("refreshes the reel identity after writes", () => {
    const { s, m } = loaded([]);
    const before = s.reel!.sha256;
    writeRecord(s, m, enc("z"));
    driveRefreshIdentity(s, m);
    expect(s.reel).toEqual(reelIdentity("test.tap", m));
    expect(s.reel!.sha256).not.toBe(before);
    expect(s.dirty).toBe(false);
  });
});

describe("tape drive across a checkpoint", () => {
  it("positioned after block 56, a restored drive on the same reel reads block 57 next (SCENARIOS 7)", () => {
    const recs: TapRecord[] = [];
    for (let i = 1; i <= 100; i++) recs.push(data(`block ${i}`));
    const { s, m } = loaded(recs);
    for (let i = 0; i < 56; i++) readStr(s, m);
    const saved = encode(DriveState, s);
    const reopened = new MemoryReel(m.bytes());
    expect(reelIdentity("test.tap", reopened)).toEqual(s.reel);
    const r = decode(DriveState, saved);
    expect(r.blockNo).toBe(56);
    expect(readStr(r, reopened)).toBe("block 57");
  });

  it("a reel written past the checkpointed head still matches on the prefix before the head (SCENARIOS 11)", () => {
    const { s, m } = loaded([]);
    writeRecord(s, m, enc("header"));
    writeRecord(s, m, enc("file 1"));
    const saved = encode(DriveState, s);
    const prefix = reelPrefixSha256(m, s.position);
    writeRecord(s, m, enc("written after the checkpoint"));
    closeDevice(s, m, true);
    expect(reelIdentity("test.tap", m).sha256).not.toBe(s.reel!.sha256);
    expect(reelPrefixSha256(m, decode(DriveState, saved).position)).toBe(prefix);
    const r = decode(DriveState, saved);
    writeRecord(r, m, enc("file 2")); // the restarted job carries on where it was
    closeDevice(r, m, true);
    expect(readTapFile(m.bytes())).toEqual([data("header"), data("file 1"), data("file 2"), mark]);
  });

  it("a restored drive whose reel is missing is offline, not broken", () => {
    const { s, m } = loaded([data("x")]);
    readStr(s, m);
    const r = decode(DriveState, encode(DriveState, s));
    expect(readRecord(r, null, 10)).toEqual({ kind: "offline" });
    expect(driveStatus(r).fileno).toBe(0);
  });
});

describe("tape ioctl ABI", () => {
  it("uses the riscv32 request numbers", () => {
    expect(MTIOCTOP).toBe(0x40086d01);
    expect(MTIOCGET).toBe(0x801c6d02);
  });

  it("encodes struct mtop and struct mtget (28 bytes) as Linux does", () => {
    expect(mtopFromBytes(mtopToBytes(MtOp.MTFSF, 3))).toEqual({ op: 1, count: 3 });
    const { s, m } = loaded([data("a"), mark, data("b")], false);
    mtOp(s, m, MtOp.MTFSF, 1);
    const bytes = mtgetToBytes(driveStatus(s));
    expect(bytes.length).toBe(28);
    const g = mtgetFromBytes(bytes)!;
    expect([g.fileno, g.blkno]).toEqual([1, 0]);
    expect(g.gstat).toBe((GMT.ONLINE | GMT.WR_PROT) >>> 0);
    mtOp(s, m, MtOp.MTREW, 1);
    expect(driveStatus(s).gstat & GMT.BOT).toBe(GMT.BOT);
    readStr(s, m);
    readStr(s, m);
    expect((driveStatus(s).gstat & GMT.EOF) >>> 0).toBe(GMT.EOF);
  });

  it("keeps the state conforming to its schema through mount and unmount", () => {
    const { s } = loaded([data("a")]);
    assertConforms(DriveState, s);
    unmountReel(s);
    assertConforms(DriveState, s);
  });
});
