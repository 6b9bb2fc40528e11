// Memory amplification on restore (issue #7): every reference to the zero page
// or to a page stored once became its own 4 KiB allocation, so a 1 MB file
// restored into more than 1 GB. Now every reference to the same stored page
// (and every zero reference) is the same page object, shared copy-on-write by
// the kernel's page store: a restore allocates each distinct page once, a
// write through one address space never shows in another, and a state with
// more pages than the machine's memory limit is refused.

import { beforeAll, describe, expect, it } from "vitest";
import type { KernelState, ProcState } from "../../kernel/state.js";
import { Machine } from "../../machine/machine.js";
import { readSnapshot } from "../../snapshot/index.js";
import { forge, procs, refusal, sampleMachine } from "./snapshot-forge.js";

const BASE = 0x40000000;
const MIB = 1 << 20;

let good: Uint8Array;
beforeAll(() => {
  good = sampleMachine().checkpoint();
});

/** Map `mib` MiB at BASE in every live process and touch every page with `fill(i)` (0 = zeros). */
function touchEverywhere(s: KernelState, mib: number, fill: (vpn: number) => number): void {
  const byValue = new Map<number, Uint8Array>(); // one object per content: the writer hashes each once
  const page = (v: number) => byValue.get(v) ?? byValue.set(v, new Uint8Array(4096).fill(v)).get(v)!;
  for (const p of procs(s).filter((q) => q.state !== "zombie")) {
    p.mem.regions.push({ start: BASE, end: BASE + mib * MIB, perm: 3, name: "forged" });
    p.mem.regions.sort((a, b) => a.start - b.start);
    for (let i = 0; i < (mib * MIB) / 4096; i++) p.mem.pages.set((BASE >>> 12) + i, page(fill(i)));
  }
}

function distinctPages(ps: ProcState[]): number {
  const seen = new Set<Uint8Array>();
  for (const p of ps) for (const page of p.mem.pages.values()) seen.add(page);
  return seen.size;
}

describe("restore shares pages instead of allocating one per reference", () => {
  it("32 MiB of zero pages in every process: a ~100 KB file, a handful of page allocations", () => {
    const bytes = forge(good, (s) => touchEverywhere(s, 32, () => 0));
    expect(bytes.length).toBeLessThan(512 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const m = Machine.restore(bytes);
    const grown = process.memoryUsage().arrayBuffers - before;
    const live = procs(m.kernel.state);
    const refs = live.reduce((n, p) => n + p.mem.pages.size, 0);
    expect(refs).toBeGreaterThan(6 * 8192); // 6 processes × 8192 forged references …
    expect(distinctPages(live)).toBeLessThanOrEqual(readSnapshot(bytes).pages.stored + 1); // … one object per stored page
    expect(grown).toBeLessThan(48 * MIB); // one allocation per reference made it 6 × 32 MiB
    m.run(1_000_000);
    m.checkpoint();
  });

  it("a write through one address space never shows in another that shares the page", () => {
    const bytes = forge(good, (s) => touchEverywhere(s, 1, (i) => (i % 7) + 1));
    const m = Machine.restore(bytes);
    const [a, b] = procs(m.kernel.state).filter((p) => p.state !== "zombie" && p.comm === "sh");
    expect(a && b).toBeTruthy();
    const k = m.kernel;
    expect(k.mem(a!).copyOut(BASE + 10, new Uint8Array([0xee, 0xee]))).toBe(true);
    expect(Array.from(k.mem(a!).copyIn(BASE + 9, 4)!)).toEqual([1, 0xee, 0xee, 1]);
    expect(Array.from(k.mem(b!).copyIn(BASE + 9, 4)!)).toEqual([1, 1, 1, 1]);
    const again = Machine.restore(m.checkpoint()).kernel;
    const [a2, b2] = procs(again.state).filter((p) => p.state !== "zombie" && p.comm === "sh");
    expect(Array.from(again.mem(a2!).copyIn(BASE + 9, 4)!)).toEqual([1, 0xee, 0xee, 1]);
    expect(Array.from(again.mem(b2!).copyIn(BASE + 9, 4)!)).toEqual([1, 1, 1, 1]);
  });

  it("more pages than the machine's memory limit holds are refused", () => {
    const bytes = forge(good, (s, c) => {
      c.memoryLimit = 4 * MIB;
      touchEverywhere(s, 8, (i) => (i % 251) + 1);
    });
    expect(refusal(bytes)).toMatch(/\.mem\.pages|memory limit/);
  });
});
