// Properties of the tape: the .tap writer and parser agree; random operation
// sequences on the drive agree with a simple model (a list of records and
// marks and a head index); damaged reels never make the host throw; and a
// drive state that went through encode/decode continues identically.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assertConforms, decode, encode } from "../../state/index.js";
import {
  DriveState, MemoryReel, MtOp, buildTapFile, closeDevice, mountReel, mtOp, newDrive, readRecord, readTapFile, reelIdentity,
  writeRecord, type ReadResult, type TapRecord, type TapeResult,
} from "../../devices/tape/index.js";

const RUNS = process.env.CRYOBOX_LONG === "1" ? 1500 : 120;

type Entry = Uint8Array | "mark";
const recordArb = fc.uint8Array({ minLength: 1, maxLength: 9 });
const entriesArb = fc.array(fc.oneof(recordArb, fc.constant("mark" as const)), { maxLength: 12 });
const toTap = (es: Entry[]): TapRecord[] => es.map((e) => (e === "mark" ? { kind: "mark" } : { kind: "data", bytes: e }));

type Op =
  | { op: "read"; max: number }
  | { op: "write"; bytes: Uint8Array }
  | { op: "mt"; code: number; count: number }
  | { op: "close"; rewind: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("read" as const), max: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("write" as const), bytes: recordArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("mt" as const),
      code: fc.constantFrom(MtOp.MTFSF, MtOp.MTBSF, MtOp.MTFSR, MtOp.MTBSR, MtOp.MTWEOF, MtOp.MTREW, MtOp.MTEOM),
      count: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("close" as const), rewind: fc.boolean() }) },
);

/** The model: a list of entries, a head index, Linux's file and block numbers. */
class Model {
  head = 0;
  fileNo = 0;
  blockNo = 0;
  wrote = false;
  constructor(public entries: Entry[]) {}

  private blocksBefore(i: number): number {
    let n = 0;
    for (let j = i - 1; j >= 0 && this.entries[j] !== "mark"; j--) n++;
    return n;
  }

  read(max: number): string {
    this.wrote = false; // a read ends writing: no tape mark at close (Linux st_read just flushes)
    if (this.head >= this.entries.length) return "eom";
    const e = this.entries[this.head++]!;
    if (e === "mark") {
      this.fileNo++;
      this.blockNo = 0;
      return "tapemark";
    }
    this.blockNo++;
    return `data ${[...e.subarray(0, max)].join(",")} of ${e.length}`;
  }

  write(bytes: Uint8Array): string {
    this.entries = [...this.entries.slice(0, this.head), bytes];
    this.head++;
    this.blockNo++;
    this.wrote = true;
    return "ok";
  }

  marks(n: number): string {
    if (n === 0) return "ok"; // MTWEOF 0 only flushes: nothing is written or cut
    this.entries = [...this.entries.slice(0, this.head), ...Array<Entry>(n).fill("mark")];
    this.head += n;
    if (n > 0) {
      this.fileNo += n;
      this.blockNo = 0;
    }
    return "ok";
  }

  rewind(): void {
    this.head = this.fileNo = this.blockNo = 0;
  }

  mt(code: number, n: number): string {
    if (this.wrote && (code === MtOp.MTREW || code === MtOp.MTBSF)) {
      this.marks(1); // Linux st ends a written file before rewinding or spacing back over it
      if (code === MtOp.MTBSF) n++;
    }
    if (code !== MtOp.MTWEOF) this.wrote = false;
    switch (code) {
      case MtOp.MTREW:
        this.rewind();
        return "ok";
      case MtOp.MTWEOF:
        this.wrote = false;
        return this.marks(n);
      case MtOp.MTEOM:
        while (this.head < this.entries.length) this.read(1);
        return "ok";
      case MtOp.MTFSF:
        for (let done = 0; done < n; ) {
          if (this.head >= this.entries.length) return "error";
          if (this.read(1) === "tapemark") done++;
        }
        return "ok";
      case MtOp.MTFSR:
        for (let done = 0; done < n; done++) {
          if (this.head >= this.entries.length) return "error";
          if (this.read(1) === "tapemark") return "error";
        }
        return "ok";
      case MtOp.MTBSF: {
        if (n === 0) return "ok";
        let done = 0;
        for (let i = this.head - 1; i >= 0; i--) {
          if (this.entries[i] !== "mark") continue;
          if (++done === n) {
            this.head = i;
            this.fileNo -= n;
            this.blockNo = this.blocksBefore(i);
            return "ok";
          }
        }
        this.rewind();
        return "error";
      }
      case MtOp.MTBSR:
        for (let done = 0; done < n; done++) {
          if (this.head === 0) {
            this.rewind();
            return "error";
          }
          this.head--;
          if (this.entries[this.head] === "mark") {
            this.fileNo--;
            this.blockNo = this.blocksBefore(this.head);
            return "error";
          }
          this.blockNo--;
        }
        return "ok";
    }
    throw new Error(`model: op ${code}`);
  }

  close(rewind: boolean): string {
    if (this.wrote) this.marks(1);
    this.wrote = false;
    if (rewind) this.rewind();
    return "ok";
  }
}

const summary = (r: ReadResult | TapeResult): string =>
  r.kind === "data" ? `data ${[...r.bytes].join(",")} of ${r.length}` : r.kind;

function applyDrive(s: DriveState, m: MemoryReel, o: Op): string {
  switch (o.op) {
    case "read":
      return summary(readRecord(s, m, o.max));
    case "write":
      return summary(writeRecord(s, m, o.bytes));
    case "mt":
      return summary(mtOp(s, m, o.code, o.count));
    case "close":
      return summary(closeDevice(s, m, o.rewind));
  }
}

function applyModel(md: Model, o: Op): string {
  switch (o.op) {
    case "read":
      return md.read(o.max);
    case "write":
      return md.write(o.bytes);
    case "mt":
      return md.mt(o.code, o.count);
    case "close":
      return md.close(o.rewind);
  }
}

function mounted(entries: Entry[]): { s: DriveState; m: MemoryReel } {
  const m = new MemoryReel(buildTapFile(toTap(entries)));
  const s = newDrive(0);
  mountReel(s, reelIdentity("p.tap", m), true);
  return { s, m };
}

describe("tape properties", () => {
  it("buildTapFile and readTapFile are inverse", () => {
    fc.assert(
      fc.property(entriesArb, (es) => {
        expect(readTapFile(buildTapFile(toTap(es)))).toEqual(toTap(es));
        expect(readTapFile(buildTapFile(toTap(es), true))).toEqual(toTap(es));
      }),
      { numRuns: RUNS },
    );
  });

  it("random operation sequences agree with the model (results, file/block numbers, reel contents)", () => {
    fc.assert(
      fc.property(entriesArb, fc.array(opArb, { maxLength: 30 }), (es, ops) => {
        const { s, m } = mounted(es);
        const md = new Model([...es]);
        for (const o of ops) {
          const got = applyDrive(s, m, o);
          const want = applyModel(md, o);
          expect(got.startsWith("error") ? "error" : got).toBe(want);
          expect([s.fileNo, s.blockNo]).toEqual([md.fileNo, md.blockNo]);
          assertConforms(DriveState, s);
        }
        expect(readTapFile(m.bytes())).toEqual(toTap(md.entries));
        expect(s.position).toBe(buildTapFile(toTap(md.entries.slice(0, md.head))).length);
      }),
      { numRuns: RUNS },
    );
  });

  it("a damaged reel never throws: every operation returns a result and the state stays valid", () => {
    const damage = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 });
    fc.assert(
      fc.property(entriesArb, damage, fc.nat(), fc.array(opArb, { maxLength: 25 }), (es, flips, cut, ops) => {
        const bytes = buildTapFile(toTap(es), true);
        for (const [at, v] of flips) if (bytes.length > 0) bytes[at % bytes.length] = v;
        const m = new MemoryReel(bytes.subarray(0, bytes.length === 0 ? 0 : cut % (bytes.length + 1)));
        expect(() => readTapFile(m.bytes())).not.toThrow();
        const s = newDrive(0);
        mountReel(s, reelIdentity("d.tap", m), true);
        for (const o of ops) {
          const r = applyDrive(s, m, o);
          expect(r).toMatch(/^(data|tapemark|eom|error|ok|offline)/);
          assertConforms(DriveState, s);
          expect(s.position).toBeLessThanOrEqual(m.size());
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("decode(encode(drive state)) continues identically", () => {
    fc.assert(
      fc.property(entriesArb, fc.array(opArb, { maxLength: 15 }), fc.array(opArb, { maxLength: 15 }), (es, before, after) => {
        const a = mounted(es);
        for (const o of before) applyDrive(a.s, a.m, o);
        const s2 = decode(DriveState, encode(DriveState, a.s));
        const m2 = new MemoryReel(a.m.bytes());
        for (const o of after) expect(applyDrive(s2, m2, o)).toBe(applyDrive(a.s, a.m, o));
        expect(encode(DriveState, s2)).toEqual(encode(DriveState, a.s));
        expect(m2.bytes()).toEqual(a.m.bytes());
      }),
      { numRuns: RUNS },
    );
  });
});
