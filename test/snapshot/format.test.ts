// The snapshot container and page store, generically over a toy state:
// round trip, canonical bytes, page dedup, and the validation messages.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decode, encode, equal, sha256 } from "../../state/index.js";
import { readSnapshotFile, stateDigest, writeSnapshotFile } from "../../snapshot/snapshot.js";
import { SnapshotError } from "../../snapshot/errors.js";
import { HeaderSchema, MAGIC } from "../../snapshot/format.js";
import { TOY, ToyState, sampleToy, toyArb, type ToyState as Toy } from "./toy.js";

const outside = { reels: [{ unit: 0, path: "/r/vol1.tap", size: 100, sha256: "ab".repeat(32), position: 40, writable: true }], terminals: [{ tty: 0, name: "stdio" }], disks: [] };
const write = (s: Toy) => writeSnapshotFile(TOY, { ttys: 2 }, outside, s);
const read = (b: Uint8Array) => readSnapshotFile<{ ttys: number }, Toy>(TOY, b);

/** Rewrite the header so the file is self-consistent again after a payload edit (a forger's file). */
function reseal(file: Uint8Array): Uint8Array {
  const h = new DataView(file.buffer, file.byteOffset).getUint32(12, true);
  const out = file.slice();
  out.set(sha256(out.subarray(0, 16 + h)), out.length - 32);
  return out;
}

function expectError(f: () => unknown, pattern: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SnapshotError);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).not.toContain("\n");
}

describe("snapshot format (generic)", () => {
  it("round-trips random states, byte-identically and with equal digests", () => {
    fc.assert(
      fc.property(toyArb, (s) => {
        const a = write(s);
        const d = read(a);
        expect(equal(ToyState, d.state, s)).toBe(true);
        expect(d.config).toEqual({ ttys: 2 });
        expect(d.outside).toEqual(outside);
        const b = write(d.state);
        expect(Buffer.compare(a, b)).toBe(0);
        expect(stateDigest(TOY, { ttys: 2 }, d.state)).toBe(stateDigest(TOY, { ttys: 2 }, s));
      }),
      { numRuns: 200 },
    );
  });

  it("digests differ when the states differ", () => {
    fc.assert(
      fc.property(toyArb, toyArb, (a, b) => {
        const same = equal(ToyState, a, b);
        expect(stateDigest(TOY, { ttys: 2 }, a) === stateDigest(TOY, { ttys: 2 }, b)).toBe(same);
      }),
      { numRuns: 200 },
    );
  });

  it("starts with the magic number and stores each distinct non-zero page once", () => {
    const file = write(sampleToy());
    expect([...file.subarray(0, 8)]).toEqual([...MAGIC]);
    const d = read(file);
    // pages: p1 (shared by both processes), p2, p3; the zero page is not stored.
    expect(d.pages).toEqual({ stored: 3, referenced: 5 });
    const store = d.sections.find((s) => s.name === "pages")!;
    // store v3: codec "", no parent, count 3, one run (0, 3), dataLength 12288 (two bytes), then the pages
    expect(store.bytes).toBe(1 + 1 + 1 + 1 + 2 + 2 + 3 * 4096);
    expect(d.sections.map((s) => s.name)).toEqual(["config", "outside", "globals", "procs", "pipes", "pages"]);
    // The zero page comes back as a page of zeros; a page stored once comes back as one page object
    // shared by every reference (a kernel copies it before writing: cpu/page-store.ts).
    const p1 = d.state.procs.get(1)!;
    const p2 = d.state.procs.get(2)!;
    expect(p1.pages.get(0x11)).toEqual(new Uint8Array(4096));
    expect(p1.pages.get(0x10)).toBe(p2.pages.get(0x10));
    expect(p1.pages.get(0x10)).not.toBe(p2.pages.get(0x12));
  });

  it("rejects a foreign file, a newer format, and truncation with one-line messages", () => {
    const file = write(sampleToy());
    expectError(() => read(new TextEncoder().encode("#!/bin/sh\necho hi\n")), /not a cryobox snapshot/);
    const newer = file.slice();
    newer[8] = 2;
    expectError(() => read(newer), /format version 2 is not supported/);
    expectError(() => read(file.subarray(0, file.length - 1)), /truncated|damaged/);
    expectError(() => read(file.subarray(0, 20)), /truncated|damaged/);
    expectError(() => read(file.subarray(0, 4)), /not a cryobox snapshot/);
  });

  it("names the section whose checksum does not match", () => {
    const file = write(sampleToy());
    const d = read(file);
    const h = new DataView(file.buffer).getUint32(12, true);
    let at = 16 + h;
    for (const s of d.sections) {
      if (s.bytes > 0 && s.name !== "pages") {
        const bad = file.slice();
        bad[at] ^= 0x40;
        expectError(() => read(bad), new RegExp(`section "${s.name}" \\(v${s.version}\\): checksum mismatch`));
      }
      at += s.bytes;
    }
    const badPage = file.slice();
    badPage[file.length - 32 - 100] ^= 1;
    expectError(() => read(badPage), /section "pages" \(v3\): checksum mismatch/); // one SHA-256 covers the whole store
  });

  it("rejects a newer section version, a missing and an unknown section, naming them", () => {
    const file = write(sampleToy());
    const h = new DataView(file.buffer).getUint32(12, true);
    const header = readHeader(file, h);
    const edit = (f: (hd: typeof header) => void) => {
      const copy = { sections: header.sections.map((s) => ({ ...s })) };
      f(copy);
      return rebuild(file, h, copy);
    };
    expectError(() => read(edit((hd) => (hd.sections[3]!.version = 7))), /section "procs" \(v7\): newer than this cryobox understands \(it reads up to v1\)/);
    expectError(() => read(edit((hd) => (hd.sections[4]!.name = "sockets"))), /section "sockets" \(v1\): unknown section/);
    expectError(() => read(edit((hd) => (hd.sections[3]!.name = "pipes"))), /appears twice/);
  });

  it("a resealed edit of a field names the section and field", () => {
    const s = sampleToy();
    s.pipes = [{ id: 3, buf: new Uint8Array(0) }];
    const file = write(s);
    // Replace the globals section's "note" bytes with invalid UTF-8 and reseal everything.
    const d = read(file);
    const h = new DataView(file.buffer).getUint32(12, true);
    const header = readHeader(file, h);
    let at = 16 + h;
    for (const sec of d.sections.slice(0, 2)) at += sec.bytes;
    const globals = file.slice(at, at + d.sections[2]!.bytes);
    globals[globals.length - 1] = 0xff; // last byte of "hello"
    const copy = { sections: header.sections.map((x) => ({ ...x })) };
    copy.sections[2]!.sha256 = sha256(globals);
    const bad = file.slice();
    bad.set(globals, at);
    expectError(() => read(rebuild(bad, h, copy)), /section "globals" \(v1\): \$\.note: invalid UTF-8/);
  });
});

function readHeader(file: Uint8Array, h: number) {
  return decode(HeaderSchema, file.subarray(16, 16 + h));
}

/** The same file with a new header (lengths kept), resealed. */
function rebuild(file: Uint8Array, h: number, header: ReturnType<typeof readHeader>): Uint8Array {
  const hb = encode(HeaderSchema, header);
  const out = new Uint8Array(file.length - h + hb.length);
  out.set(file.subarray(0, 16));
  new DataView(out.buffer).setUint32(12, hb.length, true);
  out.set(hb, 16);
  out.set(file.subarray(16 + h), 16 + hb.length);
  return reseal(out);
}
