// appendBytes shares spare buffer room between successive versions of a
// queue: any earlier version must keep its contents whatever is appended to
// it or to later versions, in any order.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { appendBytes } from "../../devices/tty/queue.js";

describe("appendBytes", () => {
  it("every version keeps its contents, whichever versions are appended to, in any order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 40 })), { maxLength: 60 }), (steps) => {
        const versions: Uint8Array[] = [new Uint8Array(0)];
        const expected: number[][] = [[]];
        for (const [pick, bytes] of steps) {
          const i = pick % versions.length;
          versions.push(appendBytes(versions[i]!, bytes));
          expected.push([...expected[i]!, ...bytes]);
          versions.forEach((v, j) => expect([...v]).toEqual(expected[j]));
        }
      }),
      { numRuns: process.env.CRYOBOX_LONG === "1" ? 1000 : 100 },
    );
  });

  it("never writes into a buffer it did not allocate (a view into a snapshot, say)", () => {
    const snapshot = Uint8Array.of(1, 2, 3, 4, 5, 6);
    const field = snapshot.subarray(0, 2);
    const grown = appendBytes(field, [9, 9]);
    expect([...grown]).toEqual([1, 2, 9, 9]);
    expect([...snapshot]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
