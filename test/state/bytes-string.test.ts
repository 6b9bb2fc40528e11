// ByteWriter.string / ByteReader.string write and read short ASCII in place
// (state/bytes.ts); everything they produce and accept must be what the plain
// TextEncoder / fatal TextDecoder path gives, for any string and any bytes.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ByteReader, ByteWriter, StateError } from "../../state/index.js";

function plainString(s: string): Uint8Array {
  const w = new ByteWriter(1);
  w.bytes(new TextEncoder().encode(s));
  return w.finish();
}

function plainRead(bytes: Uint8Array): string {
  const r = new ByteReader(bytes);
  const b = r.bytes("$.s");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    throw new StateError("$.s", "invalid UTF-8 text");
  }
}

const anyString = fc.oneof(fc.string({ maxLength: 140 }), fc.string({ unit: "binary", maxLength: 140 }), fc.string({ unit: "grapheme-ascii", maxLength: 200 }));

describe("strings in the canonical encoding", () => {
  it("a string is written as the UTF-8 TextEncoder gives, after the bytes before it, with room for what follows", () => {
    fc.assert(
      fc.property(fc.array(anyString, { maxLength: 4 }), fc.nat(40), (ss, size) => {
        const w = new ByteWriter(size + 1); // small: growing in the middle of a string is exercised
        const want: number[] = [];
        for (const s of ss) {
          w.string(s);
          want.push(...plainString(s));
        }
        w.u8(0xab);
        want.push(0xab);
        expect([...w.finish()]).toEqual(want);
      }),
    );
  });

  it("reading gives TextDecoder's text or its refusal, for any bytes (BOMs, bad UTF-8, truncation)", () => {
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.array(fc.nat(0x7f), { maxLength: 70 }).map((a) => Uint8Array.from([a.length, ...a])),
      fc.array(fc.nat(0xff), { maxLength: 70 }).map((a) => Uint8Array.from([a.length, ...a])),
      fc.array(fc.nat(0x7f), { maxLength: 70 }).map((a) => Uint8Array.from([a.length + 3, 0xef, 0xbb, 0xbf, ...a])),
    );
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const outcome = (f: () => string): string => {
          try {
            return `ok ${JSON.stringify(f())}`;
          } catch (e) {
            if (!(e instanceof StateError)) throw e;
            return `err ${e.message}`;
          }
        };
        const r = new ByteReader(bytes);
        expect(outcome(() => r.string("$.s"))).toEqual(outcome(() => plainRead(bytes)));
      }),
    );
  });

  it("a reader stops at its end even when the buffer goes on", () => {
    const bytes = Uint8Array.from([3, 0x61, 0x62, 0x63]);
    expect(() => new ByteReader(bytes, 0, 3).string("$.s")).toThrow("$.s: truncated: needs 3 more byte(s) at offset 1, 2 left");
    expect(new ByteReader(bytes).string("$.s")).toBe("abc");
  });
});
