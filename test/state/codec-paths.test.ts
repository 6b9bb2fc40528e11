// The codec's and assertConforms' pathless fast walks (state/codec.ts "Paths")
// against the eager-path oracle (codec-oracle.ts, the code they replaced): on
// random values with random damage and on random byte corruptions of valid
// encodings, both accept the same things, give the same bytes and reject with
// the same one-line error (same path, same problem).

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ByteReader, ByteWriter, StateError, assertConforms, decode, decodeFrom, encode, encodeInto, t, withPageHooks, type Schema } from "../../state/index.js";
import { oracleConforms, oracleDecode, oracleEncode } from "./codec-oracle.js";

const Row = t.struct({ id: t.u32, name: t.string, tags: t.map(t.i32, 4), blob: t.boundedBytes(8) });
const S = t.struct({
  a: t.u8,
  b: t.i32,
  c: t.uint,
  d: t.int,
  e: t.bool,
  f: t.string,
  h: t.i32array(2),
  i: t.enum("x", "y"),
  j: t.array(t.u16, 5),
  rows: t.map(Row),
  list: t.array(t.optional(Row)),
  m: t.union("kind", { one: t.struct({ n: t.u8 }), two: t.struct({ s: t.string, q: t.array(t.uint) }) }),
  p: t.pages,
});

const u32 = fc.nat({ max: 0xffffffff });
const rowArb = fc.record({
  id: u32,
  name: fc.string({ maxLength: 6 }),
  tags: fc.array(fc.tuple(fc.nat(20), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 4 }).map((es) => new Map(es)),
  blob: fc.uint8Array({ maxLength: 8 }),
});
const pageArb = fc.uint8Array({ minLength: 4096, maxLength: 4096 });
const valueArb = fc.record({
  a: fc.nat(255),
  b: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  c: fc.maxSafeNat(),
  d: fc.integer({ min: -(2 ** 52 - 1), max: 2 ** 52 - 1 }),
  e: fc.boolean(),
  f: fc.string({ maxLength: 8 }),
  h: fc.tuple(fc.integer(), fc.integer()).map((a) => Int32Array.from(a)),
  i: fc.constantFrom("x", "y"),
  j: fc.array(fc.nat(65535), { maxLength: 5 }),
  // keys inserted in any order: the encoder sorts (or finds them sorted)
  rows: fc.array(fc.tuple(fc.nat(50), rowArb), { maxLength: 4 }).map((es) => new Map(es)),
  list: fc.array(fc.option(rowArb, { nil: null }), { maxLength: 3 }),
  m: fc.oneof(
    fc.record({ kind: fc.constant("one"), n: fc.nat(255) }),
    fc.record({ kind: fc.constant("two"), s: fc.string({ maxLength: 4 }), q: fc.array(fc.maxSafeNat(), { maxLength: 3 }) }),
  ),
  p: fc.array(fc.tuple(fc.nat(0xfffff), pageArb), { maxLength: 2 }).map((es) => new Map(es)),
});

/** Junk a damaged value may hold anywhere (no prototype names: the old walk crashed on those, see below). */
const JUNK: unknown[] = [
  -1, 256, 70000, 2 ** 32, -(2 ** 31) - 1, 2 ** 53, 1.5, NaN, Infinity, "", "x", "z", "one", null, undefined, true, {}, [], [1],
  new Map(), new Map<unknown, unknown>([[-1, 0]]), new Map<unknown, unknown>([[1.5, 0]]), new Map<unknown, unknown>([["k", 0]]),
  new Uint8Array(3), new Uint8Array(20), new Uint8Array(4096), new Int32Array(2), new Int32Array(3), { kind: "one" }, { kind: "two", s: "", q: [] },
];

/** Every place in `v` a damage can go: [container, key] (objects, arrays, maps). */
function slots(v: unknown, out: [unknown, unknown][] = []): [unknown, unknown][] {
  if (v instanceof Map) for (const [k, e] of v) out.push([v, k]), slots(e, out);
  else if (Array.isArray(v)) v.forEach((e, i) => (out.push([v, i]), slots(e, out)));
  else if (typeof v === "object" && v !== null && !ArrayBuffer.isView(v)) for (const k of Object.keys(v)) out.push([v, k]), slots((v as Record<string, unknown>)[k], out);
  return out;
}

type Damage = { at: number; how: number; junk: number };
const damageArb: fc.Arbitrary<Damage[]> = fc.array(fc.record({ at: fc.nat(), how: fc.nat(4), junk: fc.nat(JUNK.length - 1) }), { maxLength: 3 });

function damage(v: unknown, ds: Damage[]): void {
  for (const d of ds) {
    const all = slots(v);
    if (all.length === 0) return;
    const [c, k] = all[d.at % all.length]!;
    // A fresh copy: JUNK's objects are shared by every run, and a later damage could mutate one in place
    // (even make it contain itself), so that a run's input depended on the runs before it.
    const junk = structuredClone(JUNK[d.junk]);
    if (c instanceof Map) {
      if (d.how === 0) c.delete(k);
      else if (d.how === 1) c.set(junk, c.get(k)); // a bad key, or an out-of-order one
      else c.set(k, junk);
    } else if (Array.isArray(c)) {
      if (d.how === 0) c.push(junk);
      else c[k as number] = junk;
    } else {
      const o = c as Record<string, unknown>;
      if (d.how === 0) delete o[k as string];
      else if (d.how === 1) o[`extra${d.junk}`] = junk; // an undeclared field
      else o[k as string] = junk;
    }
  }
}

type Outcome = { ok: string } | { err: string };
function outcome(fn: () => Uint8Array | void): Outcome {
  try {
    const r = fn();
    return { ok: r ? Buffer.from(r).toString("hex") : "" };
  } catch (e) {
    if (!(e instanceof StateError)) throw e; // anything else is a bug in either walk
    return { err: e.message };
  }
}

describe("pathless walks say exactly what the path-building ones said", () => {
  it("encode and assertConforms: same acceptance, same bytes, same error on damaged values", () => {
    fc.assert(
      fc.property(valueArb, damageArb, (v, ds) => {
        damage(v, ds);
        expect(outcome(() => encode(S, v as never))).toEqual(outcome(() => oracleEncode(S, v)));
        expect(outcome(() => assertConforms(S, v))).toEqual(outcome(() => oracleConforms(S, v)));
      }),
      { numRuns: 400 },
    );
  });

  it("a rejected value leaves nothing in the writer; the next value follows the last good one", () => {
    const w = new ByteWriter(4);
    encodeInto(t.u8, 7, w);
    expect(() => encodeInto(S, { a: 1 } as never, w)).toThrow(/^\$\.b: expected an integer/);
    encodeInto(t.u8, 9, w);
    expect([...w.finish()]).toEqual([7, 9]);
  });

  it("decode: same values and same errors on random corruptions of valid encodings", () => {
    fc.assert(
      fc.property(valueArb, fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.nat(3)), { minLength: 1, maxLength: 3 }), (v, edits) => {
        let bytes = encode(S, v as never);
        for (const [at, b, how] of edits) {
          const i = at % (bytes.length + 1);
          if (how === 0) bytes = bytes.subarray(0, i); // truncated
          else if (how === 1) bytes = Uint8Array.from([...bytes.subarray(0, i), b, ...bytes.subarray(i)]); // a byte inserted
          else if (i < bytes.length) bytes[i] = b; // a byte changed
        }
        const mine = outcome(() => encode(S, decode(S, bytes) as never));
        const theirs = outcome(() => oracleEncode(S, oracleDecode(S, bytes)));
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 400 },
    );
  });

  it("decodeFrom rewinds for the located walk: the page source sees the same references again", () => {
    const P = t.struct({ p: t.pages, n: t.uint });
    const page = new Uint8Array(4096).fill(1);
    const w = new ByteWriter();
    withPageHooks({ sink: () => 3 }, () => encodeInto(P, { p: new Map([[1, page], [2, page]]), n: 1 }, w));
    const bytes = w.finish();
    bytes[bytes.length - 1] = 0x81; // n: a LEB128 continuation with nothing after it
    const seen: string[] = [];
    const source = (ref: number, path: string): Uint8Array => (seen.push(`${ref}@${path}`), page);
    expect(() => withPageHooks({ source }, () => decodeFrom(P, new ByteReader(bytes)))).toThrow(/^\$\.n: truncated/);
    expect(seen).toEqual(["3@", "3@", "3@$.p[1]", "3@$.p[2]"]); // pathless, then located
  });

  it("a page source's own error is reported with its path", () => {
    const P = t.struct({ p: t.pages });
    const bytes = withPageHooks({ sink: () => 5 }, () => encode(P, { p: new Map([[16, new Uint8Array(4096)]]) }));
    const source = (ref: number, path: string): Uint8Array => {
      throw new StateError(path, `page reference ${ref} is outside the store`);
    };
    expect(() => withPageHooks({ source }, () => decode(P, bytes))).toThrow("$.p[16]: page reference 5 is outside the store");
  });

  it("refuses what the old walk let through: a variant named like an Object method, holes in an array", () => {
    const U: Schema = t.struct({ m: t.union("kind", { one: t.struct({ n: t.u8 }) }) });
    expect(() => assertConforms(U, { m: { kind: "toString" } })).toThrow("$.m.kind: unknown variant toString");
    expect(() => oracleConforms(U, { m: { kind: "toString" } })).not.toThrow(); // the old walk found Object.prototype.toString
    expect(() => encode(U, { m: { kind: "toString" } } as never)).toThrow("$.m.kind: unknown variant toString"); // what encoding always said
    const A = t.array(t.u8);
    const holey: unknown[] = [];
    holey[1] = 1;
    expect(() => assertConforms(A, holey)).toThrow("$[0]: expected an integer in [0, 255], got undefined");
    expect(() => encode(A, holey as never)).toThrow("$[0]: expected an integer"); // what encoding always said
  });
});
