// The M extension: corner cases from the unprivileged spec (division by zero,
// INT_MIN / −1, signedness of the high multiplies), and a fast-check property
// comparing every M instruction with a BigInt reference model.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulh, mulhsu, mulhu, run } from "../../cpu/execute.js";
import { machine, op, type OpName } from "./encode.js";

const INT_MIN = -0x80000000;

function exec1(name: OpName, a: number, b: number): number {
  const m = machine([op(name, 3, 1, 2)], { 1: a, 2: b });
  expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
  return m.hart.x[3]!;
}

/** The reference semantics, written with BigInt (fine in a test, never on the hot path). */
function reference(name: OpName, a: number, b: number): number {
  const sa = BigInt(a | 0);
  const sb = BigInt(b | 0);
  const ua = BigInt(a >>> 0);
  const ub = BigInt(b >>> 0);
  const hi = (p: bigint): number => Number(BigInt.asIntN(32, p >> 32n));
  const lo = (p: bigint): number => Number(BigInt.asIntN(32, p));
  switch (name) {
    case "mul": return lo(sa * sb);
    case "mulh": return hi(sa * sb);
    case "mulhsu": return hi(sa * ub);
    case "mulhu": return hi(ua * ub);
    case "div": return sb === 0n ? -1 : sa === -(2n ** 31n) && sb === -1n ? INT_MIN : lo(sa / sb);
    case "divu": return ub === 0n ? -1 : lo(ua / ub);
    case "rem": return sb === 0n ? a | 0 : sa === -(2n ** 31n) && sb === -1n ? 0 : lo(sa % sb);
    case "remu": return ub === 0n ? a | 0 : lo(ua % ub);
    default: throw new Error(`no reference for ${name}`);
  }
}

const M_OPS: OpName[] = ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"];

describe("M extension corner cases", () => {
  const cases: [OpName, number, number, number][] = [
    ["mul", 0x7fffffff, 2, -2],
    ["mul", INT_MIN, -1, INT_MIN],
    ["mul", 0x12345678, 0x9abcdef0 | 0, 0x242d2080],
    ["mulh", -1, -1, 0],
    ["mulh", INT_MIN, INT_MIN, 0x40000000],
    ["mulh", INT_MIN, 0x7fffffff, -0x40000000],
    ["mulh", -2, 3, -1],
    ["mulhsu", -1, -1, -1], // -1 * 0xffffffff = -(2^32 - 1): high word is -1
    ["mulhsu", INT_MIN, -1, -0x80000000],
    ["mulhsu", 2, -1, 1],
    ["mulhu", -1, -1, -2],
    ["mulhu", INT_MIN, 2, 1],
    ["div", 7, 2, 3],
    ["div", -7, 2, -3], // rounds toward zero
    ["div", 7, -2, -3],
    ["div", 7, 0, -1],
    ["div", INT_MIN, -1, INT_MIN],
    ["div", INT_MIN, 1, INT_MIN],
    ["divu", -1, 1, -1],
    ["divu", -1, 2, 0x7fffffff],
    ["divu", 7, 0, -1],
    ["rem", -7, 2, -1], // sign of the dividend
    ["rem", 7, -2, 1],
    ["rem", 7, 0, 7],
    ["rem", INT_MIN, -1, 0],
    ["rem", -5, 0, -5],
    ["remu", -1, 10, 5], // 4294967295 % 10
    ["remu", -5, 0, -5],
  ];
  for (const [name, a, b, want] of cases) {
    it(`${name} ${a}, ${b} = ${want}`, () => {
      expect(exec1(name, a, b)).toBe(want);
      expect(reference(name, a, b)).toBe(want); // the reference agrees, so the property below means something
    });
  }
  it("division results of -0 are stored as 0", () => {
    expect(Object.is(exec1("rem", -4, 2), 0)).toBe(true);
    expect(Object.is(exec1("div", 0, -3), 0)).toBe(true);
  });
});

describe("M extension against a BigInt reference", () => {
  const word = fc.oneof(
    fc.integer({ min: INT_MIN, max: 0x7fffffff }),
    fc.constantFrom(0, 1, -1, 2, -2, INT_MIN, 0x7fffffff, 0xffff, 0x10000, -0x10000),
  );
  it("every M instruction matches for random operands", () => {
    fc.assert(
      fc.property(fc.constantFrom(...M_OPS), word, word, (name, a, b) => {
        expect(exec1(name, a, b)).toBe(reference(name, a, b));
      }),
      { numRuns: 3000 },
    );
  });
  it("the exported high-multiply helpers match directly", () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(mulhu(a >>> 0, b >>> 0)).toBe(reference("mulhu", a, b));
        expect(mulh(a, b)).toBe(reference("mulh", a, b));
        expect(mulhsu(a, b)).toBe(reference("mulhsu", a, b));
      }),
      { numRuns: 5000 },
    );
  });
});
