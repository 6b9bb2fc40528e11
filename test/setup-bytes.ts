// toEqual on two byte arrays compares them in one loop. Vitest's generic deep equality walks a typed
// array element by element through its recursive comparer: 32 s for a 2.5 MB snapshot on a loaded
// host, which is where most of the time of the snapshot tests went (and a minute in one synchronous
// stretch fails the run with "Timeout calling onTaskUpdate"). Only the verdict comes from here; a
// failure's diff is still vitest's.
import { expect } from "vitest";

function sameTypedArray(a: unknown, b: unknown): boolean | undefined {
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a instanceof DataView || b instanceof DataView) return undefined;
  if (a.constructor !== b.constructor) return undefined; // let vitest say how they differ
  const x = a as unknown as ArrayLike<number | bigint>;
  const y = b as unknown as ArrayLike<number | bigint>;
  if (x.length !== y.length) return false;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

expect.addEqualityTesters([sameTypedArray]);
