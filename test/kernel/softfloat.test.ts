// The soft-float runtime (user/libc/softfloat.c): every double and float operation the box
// computes in integer code gives the IEEE 754 result, bit for bit, that the host's hardware gives
// (JavaScript numbers are binary64 with round-to-nearest-even; Math.fround rounds to binary32,
// and a binary32 + − × ÷ done in binary64 then rounded is the correctly rounded binary32 result).
// Random operands from fast-check — normal, subnormal, zero, infinite and NaN — go to
// user/tests/conform/bin/fpops in one run; each answer is checked against the host's.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bufferIO } from "../../cli/run-buffers.js";
import { runWithHost } from "../../cli/run.js";
import { packageRoot } from "../../state/root.js";

const BIN = join(packageRoot(), "user/tests/conform/bin/fpops");
const buf = new DataView(new ArrayBuffer(8));
const bitsOf = (x: number): bigint => (buf.setFloat64(0, x, true), buf.getBigUint64(0, true));
const ofBits = (b: bigint): number => (buf.setBigUint64(0, b, true), buf.getFloat64(0, true));
const fbitsOf = (x: number): bigint => (buf.setFloat32(0, x, true), BigInt(buf.getUint32(0, true)));
const fofBits = (b: bigint): number => (buf.setUint32(0, Number(b), true), buf.getFloat32(0, true));
const hex = (b: bigint): string => b.toString(16).padStart(16, "0");

/** Run fpops over `lines` in the box; one result per line. */
function box(lines: string[]): bigint[] {
  const io = bufferIO(new TextEncoder().encode(lines.join("\n") + "\n"));
  const status = runWithHost(["--max-instructions", "4000000000", BIN], {
    io: io.io,
    stdout: () => {},
    stderr: () => {},
    readFile: (p) => new Uint8Array(readFileSync(p)),
    clock: () => 0,
  });
  expect(status).toBe(0);
  return new TextDecoder().decode(io.stdout()).trim().split("\n").map((h) => BigInt(`0x${h}`));
}

type Case = { op: string; a: bigint; b: bigint; want: (r: bigint) => boolean; show: string };

const sameDouble = (x: number) => (r: bigint) => (Number.isNaN(x) ? Number.isNaN(ofBits(r)) : r === bitsOf(x));
const sameFloat = (x: number) => (r: bigint) => (Number.isNaN(x) ? Number.isNaN(fofBits(r)) : r === fbitsOf(x));

function doubleCases(a: number, b: number): Case[] {
  const A = bitsOf(a);
  const B = bitsOf(b);
  const c = (op: string, x: number): Case => ({ op, a: A, b: B, want: sameDouble(x), show: `${op} ${a} ${b} = ${x}` });
  const cmp = Number(a < b) | (Number(a <= b) << 1) | (Number(a === b) << 2) | (Number(a > b) << 3) | (Number(a >= b) << 4) | (Number(a !== b) << 5);
  return [
    c("add", a + b), c("sub", a - b), c("mul", a * b), c("div", a / b),
    { op: "cmp", a: A, b: B, want: (r) => r === BigInt(cmp), show: `cmp ${a} ${b} = ${cmp}` },
    { op: "d2f", a: A, b: 0n, want: sameFloat(Math.fround(a)), show: `d2f ${a}` },
  ];
}

function floatCases(a: number, b: number): Case[] {
  const fa = Math.fround(a);
  const fb = Math.fround(b);
  const A = fbitsOf(fa);
  const B = fbitsOf(fb);
  const c = (op: string, x: number): Case => ({ op, a: A, b: B, want: sameFloat(Math.fround(x)), show: `${op} ${fa} ${fb}` });
  return [
    c("fadd", fa + fb), c("fmul", fa * fb), c("fdiv", fa / fb),
    { op: "f2d", a: A, b: 0n, want: sameDouble(fa), show: `f2d ${fa}` },
  ];
}

describe("soft-float runtime", () => {
  it("agrees bit for bit with IEEE 754 on random operands (fast-check)", () => {
    const cases: Case[] = [];
    const special = fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity, NaN, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 3);
    const anyDouble = fc.oneof(fc.double(), special, fc.double({ min: -1e-300, max: 1e-300 }), fc.double({ min: 1e300, max: 1.7e308 }));
    fc.assert(
      fc.property(anyDouble, anyDouble, (a, b) => {
        cases.push(...doubleCases(a, b), ...floatCases(a, b));
      }),
      { numRuns: 250, seed: 15 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.double({ min: -2e9, max: 2e9, noNaN: true }), (i, l, d) => {
        const I = BigInt(i >>> 0);
        cases.push({ op: "i2d", a: I, b: 0n, want: sameDouble(i), show: `i2d ${i}` });
        cases.push({ op: "i2f", a: I, b: 0n, want: sameFloat(Math.fround(i)), show: `i2f ${i}` });
        cases.push({ op: "l2d", a: BigInt.asUintN(64, l), b: 0n, want: sameDouble(Number(l)), show: `l2d ${l}` });
        cases.push({ op: "d2i", a: bitsOf(d), b: 0n, want: (r) => r === BigInt(Math.trunc(d) >>> 0), show: `d2i ${d}` });
      }),
      { numRuns: 200, seed: 15 },
    );
    const got = box(cases.map((c) => `${c.op} ${hex(c.a)} ${hex(c.b)}`));
    expect(got.length).toBe(cases.length);
    const wrong = cases.flatMap((c, i) => (c.want(got[i]!) ? [] : [`${c.show} → 0x${got[i]!.toString(16)}`]));
    expect(wrong).toEqual([]);
  }, 300_000);
});
