import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ByteWriter, ByteReader, decode, encode, assertConforms, clone, diff, equal, StateError, t, type Infer, withPageHooks } from "../../state/index.js";

const Sample = t.struct({
  a: t.u8,
  b: t.i32,
  c: t.uint,
  d: t.int,
  e: t.bool,
  f: t.string,
  g: t.bytes,
  h: t.i32array(3),
  i: t.enum("x", "y"),
  j: t.array(t.u16),
  k: t.map(t.string),
  l: t.optional(t.u32),
  m: t.union("kind", { one: t.struct({ n: t.u8 }), two: t.struct({ s: t.string }) }),
  p: t.pages,
});
type Sample = Infer<typeof Sample>;

const sampleArb: fc.Arbitrary<Sample> = fc.record({
  a: fc.integer({ min: 0, max: 255 }),
  b: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  c: fc.maxSafeNat(),
  d: fc.integer({ min: -(2 ** 52 - 1), max: 2 ** 52 - 1 }),
  e: fc.boolean(),
  f: fc.string(),
  g: fc.uint8Array({ maxLength: 40 }),
  h: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 3, maxLength: 3 }).map((a) => Int32Array.from(a)),
  i: fc.constantFrom("x" as const, "y" as const),
  j: fc.array(fc.integer({ min: 0, max: 65535 })),
  k: fc.array(fc.tuple(fc.nat(1000), fc.string())).map((es) => new Map(es)),
  l: fc.option(fc.nat(), { nil: null }),
  m: fc.oneof(
    fc.record({ kind: fc.constant("one" as const), n: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant("two" as const), s: fc.string() }),
  ),
  p: fc.array(fc.tuple(fc.nat(0xfffff), fc.uint8Array({ minLength: 4096, maxLength: 4096 })), { maxLength: 2 }).map((es) => new Map(es)),
});

describe("state codec", () => {
  it("round-trips any value and re-encodes to the same bytes", () => {
    fc.assert(
      fc.property(sampleArb, (v) => {
        const bytes = encode(Sample, v);
        const back = decode(Sample, bytes);
        expect(encode(Sample, back)).toEqual(bytes);
        expect(equal(Sample, v, back)).toBe(true);
        expect(diff(Sample, v, back)).toEqual([]);
        assertConforms(Sample, back);
      }),
    );
  });

  it("clone is deep and equal", () => {
    fc.assert(
      fc.property(sampleArb, (v) => {
        const c = clone(Sample, v);
        expect(equal(Sample, v, c)).toBe(true);
        c.h[0] = (c.h[0]! + 1) | 0;
        expect(equal(Sample, v, c)).toBe(false);
      }),
    );
  });

  it("never accepts a damaged encoding silently: truncation always throws StateError", () => {
    fc.assert(
      fc.property(sampleArb, fc.nat(), (v, cut) => {
        const bytes = encode(Sample, v);
        const n = cut % bytes.length;
        expect(() => decode(Sample, bytes.subarray(0, n))).toThrow(StateError);
      }),
    );
  });

  it("random bytes either decode to a conforming value or throw StateError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          assertConforms(Sample, decode(Sample, bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(StateError);
        }
      }),
    );
  });

  it("names the field it rejects", () => {
    const bad = { a: 300 } as unknown as Sample;
    expect(() => encode(Sample, bad)).toThrow(/\$\.a: expected an integer/);
  });

  it("flags an undeclared field", () => {
    const S = t.struct({ x: t.u8 });
    expect(() => assertConforms(S, { x: 1, y: 2 })).toThrow(/\$\.y: field is not declared/);
  });

  it("assertConforms names the path of a bad leaf", () => {
    const S = t.struct({ procs: t.array(t.struct({ pc: t.u32, state: t.enum("run", "stop"), regs: t.i32array(2) })) });
    expect(() => assertConforms(S, { procs: [{ pc: -1, state: "run", regs: new Int32Array(2) }] })).toThrow(/\$\.procs\[0\]\.pc: expected an integer/);
    expect(() => assertConforms(S, { procs: [{ pc: 1, state: "zombie", regs: new Int32Array(2) }] })).toThrow(/\$\.procs\[0\]\.state: expected one of run\|stop/);
    expect(() => assertConforms(S, { procs: [{ pc: 1, state: "run", regs: new Int32Array(3) }] })).toThrow(/\$\.procs\[0\]\.regs: expected an Int32Array of 2/);
    expect(() => assertConforms(S, { procs: [{ pc: 1, state: "run", regs: new Int32Array(2) }] })).not.toThrow();
  });

  it("diff reports changed leaves by path", () => {
    const S = t.struct({ procs: t.array(t.struct({ pc: t.u32, name: t.string })) });
    const a = { procs: [{ pc: 1, name: "sh" }] };
    const b = { procs: [{ pc: 2, name: "sh" }] };
    expect(diff(S, a, b)).toEqual([{ path: "$.procs[0].pc", before: 1, after: 2 }]);
  });

  it("page hooks replace inline pages by references", () => {
    const S = t.struct({ p: t.pages });
    const page = new Uint8Array(4096).fill(7);
    const v = { p: new Map([[5, page], [9, page]]) };
    const store: Uint8Array[] = [];
    const bytes = withPageHooks({ sink: (pg) => (store.push(pg), store.length - 1) }, () => encode(S, v));
    expect(bytes.length).toBeLessThan(20);
    const back = withPageHooks({ source: (ref) => store[ref]! }, () => decode(S, bytes));
    expect(back.p.get(9)).toEqual(page);
    expect(encode(S, v).length).toBeGreaterThan(8192);
  });

  it("LEB128 integers round-trip at the edges", () => {
    for (const n of [1, 127, 128, 2 ** 31, 2 ** 32, 2 ** 52 - 1]) {
      const w = new ByteWriter();
      w.uint(n);
      w.int(-n);
      w.uint(Number.MAX_SAFE_INTEGER);
      const r = new ByteReader(w.finish());
      expect(r.uint("x")).toBe(n);
      expect(r.int("x")).toBe(-n);
      expect(r.uint("x")).toBe(Number.MAX_SAFE_INTEGER);
    }
  });
});
