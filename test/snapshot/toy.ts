// A toy machine state for testing the snapshot format generically (without
// the kernel): scalars, tables, and address spaces with pages.

import fc from "fast-check";
import { type Infer, t } from "../../state/index.js";
import type { SnapshotSpec } from "../../snapshot/snapshot.js";

export const ToyProc = t.struct({ pid: t.u32, name: t.string, pages: t.pages, regs: t.i32array(4) });
export const ToyState = t.struct({
  clock: t.uint,
  note: t.string,
  procs: t.map(ToyProc),
  pipes: t.array(t.struct({ id: t.u32, buf: t.bytes })),
});
export type ToyState = Infer<typeof ToyState>;
export const ToyConfig = t.struct({ ttys: t.uint });

export const TOY: SnapshotSpec = { config: ToyConfig, root: ToyState, versions: {} };

/** A page whose bytes come from a small seed, so pages repeat often (dedup) and zero pages occur. */
function page(seed: number): Uint8Array {
  const p = new Uint8Array(4096);
  if (seed !== 0) for (let i = 0; i < 4096; i += 97) p[i] = (seed * 31 + i) & 0xff;
  return p;
}

export const toyArb: fc.Arbitrary<ToyState> = fc.record({
  clock: fc.maxSafeNat(),
  note: fc.string(),
  procs: fc
    .array(
      fc.record({
        pid: fc.integer({ min: 1, max: 99 }),
        name: fc.string({ maxLength: 8 }),
        pages: fc.array(fc.tuple(fc.nat(0xfffff), fc.nat(4)), { maxLength: 6 }).map((es) => new Map(es.map(([k, s]) => [k, page(s)]))),
        regs: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 4, maxLength: 4 }).map((a) => Int32Array.from(a)),
      }),
      { maxLength: 4 },
    )
    .map((ps) => new Map(ps.map((p) => [p.pid, p]))),
  pipes: fc.array(fc.record({ id: fc.nat(1000), buf: fc.uint8Array({ maxLength: 64 }) }), { maxLength: 3 }),
});

/** A fixed small toy state with two processes sharing a page. */
export function sampleToy(): ToyState {
  return {
    clock: 12345,
    note: "hello",
    procs: new Map([
      [1, { pid: 1, name: "init", pages: new Map([[0x10, page(1)], [0x11, page(0)], [0x7ffef, page(2)]]), regs: Int32Array.from([1, -2, 3, 4]) }],
      [2, { pid: 2, name: "sh", pages: new Map([[0x10, page(1)], [0x12, page(3)]]), regs: Int32Array.from([0, 0, 0, 7]) }],
    ]),
    pipes: [{ id: 3, buf: new Uint8Array([1, 2, 3]) }],
  };
}
