// Restore-time checks made cheaper (kernel/validate-limits.ts, Kernel.fromState): they must refuse
// exactly what they refused before.
//  - the bytes past the end of a file's last block are checked four at a time where aligned: any
//    non-zero byte there, at any offset of a block at any alignment, is still refused, naming it;
//  - the page counts Kernel.fromState adopts from validation equal a fresh count of the machine.

import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { readSnapshot } from "../../snapshot/index.js";
import { Kernel, type KernelConfig } from "../../kernel/kernel.js";
import type { KernelState } from "../../kernel/state.js";
import { validateState } from "../../kernel/validate.js";
import { StateError, clone } from "../../state/index.js";
import { KernelState as KernelStateSchema } from "../../kernel/state.js";

let config: KernelConfig;
let state: KernelState;

beforeAll(() => {
  const m = Machine.boot({ ttys: 1 });
  m.run();
  const d = readSnapshot(m.checkpoint());
  config = d.config;
  state = d.state;
});

describe("restore checks", () => {
  it("a non-zero byte anywhere past a file's end is refused, whatever the block's alignment", () => {
    const files = [...state.inodes.values()].filter((n) => n.type === "file" && n.size % 4096 !== 0 && n.blocks.has(Math.ceil(n.size / 4096) - 1));
    expect(files.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.oneof(fc.nat(9), fc.integer({ min: -10, max: -1 }), fc.nat(4095)), fc.nat(7), fc.integer({ min: 1, max: 255 }), fc.boolean(), (f, at, shift, byte, dirty) => {
        const s = clone(KernelStateSchema, state);
        const ino = files[f]!.ino;
        const n = s.inodes.get(ino)!;
        const last = Math.ceil(n.size / 4096) - 1;
        const tail = n.size % 4096;
        const block = new Uint8Array(4096 + 8).subarray(shift, shift + 4096); // any byteOffset
        block.set(n.blocks.get(last)!);
        const room = 4096 - tail; // first bytes past the end, last bytes of the block, or anywhere between
        const pos = tail + (at < 0 ? Math.max(0, room + at) : at % room);
        if (dirty) block[pos] = byte;
        n.blocks.set(last, block);
        if (dirty) expect(() => validateState(config, s)).toThrow(new StateError(`$.inodes[${ino}].blocks[${last}]`, `holds bytes past the end of the ${n.size}-byte file`));
        else expect(() => validateState(config, s)).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });

  it("Kernel.fromState adopts the page counts validation made: the same as counting the machine afresh", () => {
    const s = clone(KernelStateSchema, state);
    // share a page between two processes, as a restore of forked processes does
    const [a, b] = [...s.procs.values()].filter((p) => p.mem.pages.size > 0);
    const [vpn, page] = [...a!.mem.pages][0]!;
    b!.mem.pages.set(vpn, page);
    if (!b!.mem.regions.some((r) => r.start <= vpn * 4096 && vpn * 4096 < r.end)) b!.mem.regions = a!.mem.regions.map((r) => ({ ...r }));
    const k = Kernel.fromState(config, s);
    const fresh = new Kernel(config, s);
    expect(k.pageStore.used).toBe(fresh.pageStore.used);
    for (const p of s.procs.values()) for (const pg of p.mem.pages.values()) expect(k.pageStore.count(pg)).toBe(fresh.pageStore.count(pg));
    expect(k.pageStore.count(page)).toBe(2);
    expect(k.pageStore.limitPages).toBe(Math.floor(config.memoryLimit / 4096));
  });
});
