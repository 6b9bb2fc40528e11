// Guest memory: regions and permissions, zero-page reads, allocation on first
// write, dirty bits, clone, kernel copy helpers and their faults, unmap, protect.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { HartState, newHart } from "../../cpu/hart.js";
import { Memory, MemoryState, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, ZERO_PAGE } from "../../cpu/memory.js";
import { assertConforms, assertOnlyDeclared, decode, encode } from "../../state/index.js";

const RW = PROT_READ | PROT_WRITE;

describe("regions", () => {
  it("map rounds out to whole pages and keeps regions sorted", () => {
    const m = new Memory();
    m.map(0x5123, 10, RW, "b");
    m.map(0x1000, 0x2000, PROT_READ, "a");
    expect(m.state.regions).toEqual([
      { start: 0x1000, end: 0x3000, perm: PROT_READ, name: "a" },
      { start: 0x5000, end: 0x6000, perm: RW, name: "b" },
    ]);
    expect(m.regionAt(0x2fff)?.name).toBe("a");
    expect(m.regionAt(0x3000)).toBeUndefined();
    expect(m.permOf(0x5)).toBe(RW);
    expect(m.permOf(0x4)).toBe(0);
  });
  it("a mapping over an existing one replaces it and splits the old region", () => {
    const m = new Memory();
    m.map(0x1000, 0x4000, RW, "big");
    m.poke(0x2000, new Uint8Array([1]));
    m.map(0x2000, 0x1000, PROT_READ, "hole");
    expect(m.state.regions.map((r) => [r.start, r.end, r.name])).toEqual([
      [0x1000, 0x2000, "big"],
      [0x2000, 0x3000, "hole"],
      [0x3000, 0x5000, "big"],
    ]);
    expect(m.copyIn(0x2000, 1)).toEqual(new Uint8Array([0])); // fresh mapping reads zeros
  });
  it("the top page of the address space can be mapped", () => {
    const m = new Memory();
    m.map(0xffff_f000, 0x1000, RW, "top");
    expect(m.copyOut(0xffff_fffc, new Uint8Array([1, 2, 3, 4]))).toBe(true);
    expect(m.load32(0xffff_fffc)).toBe(0x04030201);
  });
});

describe("pages", () => {
  it("reads of untouched mapped pages see the shared zero page without allocating", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW, "d");
    expect(m.pageForRead(1)).toBe(ZERO_PAGE);
    expect(m.copyIn(0x1000, 16)).toEqual(new Uint8Array(16));
    expect(m.state.pages.size).toBe(0);
    expect(m.dirty.size).toBe(0);
  });
  it("permissions gate pageForRead/Write/Exec", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, PROT_READ | PROT_EXEC, "t");
    m.map(0x2000, 0x1000, PROT_WRITE, "w");
    expect(m.pageForRead(1)).not.toBeNull();
    expect(m.pageForExec(1)).not.toBeNull();
    expect(m.pageForWrite(1)).toBeNull();
    expect(m.pageForRead(2)).toBeNull();
    expect(m.pageForExec(2)).toBeNull();
    expect(m.pageForWrite(2)).not.toBeNull();
    expect(m.pageForRead(3)).toBeNull();
  });
  it("the first write allocates a page, marks it dirty and bumps the generation", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW, "d");
    const g = m.generation;
    const p = m.pageForWrite(1);
    expect(p).not.toBe(ZERO_PAGE);
    expect(m.state.pages.get(1)).toBe(p);
    expect(m.dirty.has(1)).toBe(true);
    expect(m.generation).toBeGreaterThan(g);
    const g2 = m.generation;
    expect(m.pageForWrite(1)).toBe(p); // same page again, no new generation
    expect(m.generation).toBe(g2);
  });
  it("clearDirty forgets dirty pages and bumps the generation", () => {
    const m = new Memory();
    m.map(0, 0x3000, RW, "d");
    m.pageForWrite(0);
    m.pageForWrite(2);
    expect([...m.dirty].sort()).toEqual([0, 2]);
    const g = m.generation;
    m.clearDirty();
    expect(m.dirty.size).toBe(0);
    expect(m.generation).toBeGreaterThan(g);
    m.pageForWrite(2);
    expect([...m.dirty]).toEqual([2]);
  });
});

describe("kernel copy helpers", () => {
  it("copyIn/copyOut cross page boundaries", () => {
    const m = new Memory();
    m.map(0x1000, 0x2000, RW, "d");
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i + 1);
    expect(m.copyOut(0x1fce, bytes)).toBe(true);
    expect(m.copyIn(0x1fce, 100)).toEqual(bytes);
    expect(m.dirty.has(1) && m.dirty.has(2)).toBe(true);
  });
  it("copyIn faults (null) when any byte is unreadable", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW, "d");
    expect(m.copyIn(0x1ff0, 0x20)).toBeNull();
    expect(m.copyIn(0x0ff0, 0x20)).toBeNull();
    expect(m.load32(0x1ffe)).toBeNull();
  });
  it("copyOut faults without writing anything when any page is not writable", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW, "d");
    m.map(0x2000, 0x1000, PROT_READ, "ro");
    expect(m.copyOut(0x1ff0, new Uint8Array(0x20).fill(9))).toBe(false);
    expect(m.copyIn(0x1ff0, 0x10)).toEqual(new Uint8Array(0x10));
    expect(m.state.pages.size).toBe(0);
    expect(m.store32(0x2000, 1)).toBe(false);
  });
  it("poke writes read-only pages but not unmapped ones", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, PROT_READ, "ro");
    expect(m.poke(0x1000, new Uint8Array([7]))).toBe(true);
    expect(m.copyIn(0x1000, 1)).toEqual(new Uint8Array([7]));
    expect(m.poke(0x2000, new Uint8Array([7]))).toBe(false);
  });
  it("readCString returns the string, 'fault' or 'toolong'", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW, "d");
    expect(m.copyOut(0x1ff0, new Uint8Array(16).fill(0x41))).toBe(true);
    expect(m.readCString(0x1ff0, 100)).toBe("fault"); // runs off the mapped page
    expect(m.readCString(0x1ff0, 8)).toBe("toolong");
    expect(m.copyOut(0x1ff9, new TextEncoder().encode("héllo\0"))).toBe(true);
    expect(m.readCString(0x1ff9, 100)).toBe("héllo");
    expect(m.readCString(0x1ff9, 6)).toBe("toolong");
    expect(m.readCString(0x1000, 8)).toBe("");
  });
  it("store32/load32 are little-endian", () => {
    const m = new Memory();
    m.map(0, 0x1000, RW, "d");
    expect(m.store32(8, 0x11223344)).toBe(true);
    expect(m.copyIn(8, 4)).toEqual(new Uint8Array([0x44, 0x33, 0x22, 0x11]));
    expect(m.load32(8)).toBe(0x11223344);
  });
});

describe("unmap, protect, clone", () => {
  it("unmap frees the pages and removes the range", () => {
    const m = new Memory();
    m.map(0x1000, 0x3000, RW, "d");
    m.copyOut(0x1000, new Uint8Array(0x3000).fill(1));
    m.unmap(0x2000, 0x1000);
    expect([...m.state.pages.keys()].sort()).toEqual([1, 3]);
    expect(m.permOf(2)).toBe(0);
    expect(m.copyIn(0x2000, 1)).toBeNull();
    m.map(0x2000, 0x1000, RW, "again");
    expect(m.copyIn(0x2000, 1)).toEqual(new Uint8Array([0]));
  });
  it("protect changes permissions, keeps contents and splits regions", () => {
    const m = new Memory();
    m.map(0x1000, 0x3000, RW, "d");
    m.copyOut(0x2000, new Uint8Array([5]));
    const g = m.generation;
    m.protect(0x2000, 1, PROT_READ);
    expect(m.generation).toBeGreaterThan(g);
    expect(m.permOf(2)).toBe(PROT_READ);
    expect(m.permOf(1)).toBe(RW);
    expect(m.permOf(3)).toBe(RW);
    expect(m.copyIn(0x2000, 1)).toEqual(new Uint8Array([5]));
    expect(m.copyOut(0x2000, new Uint8Array([6]))).toBe(false);
    expect(m.state.regions).toHaveLength(3);
  });
  it("a write or mapping change drops translated code of exactly the pages it touches", () => {
    const m = new Memory();
    m.map(0x1000, 0x4000, RW | PROT_EXEC, "t");
    for (const v of [1, 2, 3, 4]) m.codePages.add(v);
    const e = m.codeEpoch;
    m.copyOut(0x2ffe, new Uint8Array([1, 2, 3])); // straddles pages 2 and 3
    expect([...m.codePages].sort()).toEqual([1, 4]);
    expect(m.codeEpoch).toBe(e + 2);
    m.copyIn(0x1000, 16); // reads drop nothing
    expect([...m.codePages].sort()).toEqual([1, 4]);
    m.protect(0x4000, 0x1000, PROT_READ | PROT_EXEC);
    expect([...m.codePages]).toEqual([1]);
    m.pageForWrite(1);
    expect(m.codePages.size).toBe(0);
    expect(m.codeEpoch).toBe(e + 4);
  });
  it("protect leaves unmapped holes unmapped", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW, "a");
    m.map(0x3000, 0x1000, RW, "b");
    m.protect(0, 0x5000, PROT_READ);
    expect([m.permOf(1), m.permOf(2), m.permOf(3)]).toEqual([PROT_READ, 0, PROT_READ]);
  });
  it("clone is deep: later writes to either side are not seen by the other; all child pages are dirty", () => {
    const m = new Memory();
    m.map(0x1000, 0x2000, RW, "d");
    m.store32(0x1000, 1);
    const c = m.clone();
    expect([...c.dirty]).toEqual([1]);
    c.store32(0x1000, 2);
    m.store32(0x1004, 3);
    expect([m.load32(0x1000), c.load32(0x1000), c.load32(0x1004)]).toEqual([1, 2, 0]);
    c.map(0x5000, 0x1000, RW, "x");
    expect(m.permOf(5)).toBe(0);
  });
  it("a random sequence of writes reads back like a flat byte-array model", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * PAGE_SIZE - 1 }), fc.uint8Array({ minLength: 1, maxLength: 300 })), {
          maxLength: 30,
        }),
        (writes) => {
          const m = new Memory();
          m.map(0x10000, 4 * PAGE_SIZE, RW, "d");
          const model = new Uint8Array(4 * PAGE_SIZE + 300);
          for (const [off, bytes] of writes) {
            const ok = m.copyOut(0x10000 + off, bytes);
            expect(ok).toBe(off + bytes.length <= 4 * PAGE_SIZE);
            if (ok) model.set(bytes, off);
          }
          const got = m.copyIn(0x10000, 4 * PAGE_SIZE)!;
          expect(Buffer.compare(got, model.subarray(0, 4 * PAGE_SIZE))).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("declared state", () => {
  it("a Memory that the CPU has run on holds only its declared state and the transient caches", () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, PROT_READ | PROT_EXEC, "text");
    m.map(0x2000, 0x1000, RW, "data");
    // sw x0, 0(x2); lw x3, 0(x2); ecall
    m.poke(0x1000, new Uint8Array([0x23, 0x20, 0x01, 0x00, 0x83, 0x21, 0x01, 0x00, 0x73, 0, 0, 0]));
    const hart = newHart(0x1000);
    hart.x[2] = 0x2000;
    expect(run(hart, m, 10, 0).stop).toMatchObject({ kind: "trap", cause: 8 });
    assertOnlyDeclared(m, ["state"], ["dirty", "generation", "permCache", "codePages", "codeEpoch", "store"]);
    assertConforms(MemoryState, m.state);
    assertConforms(HartState, hart);
    // CPU caches live outside: the state round-trips through the codec unchanged.
    const bytes = encode(MemoryState, m.state);
    expect(encode(MemoryState, decode(MemoryState, bytes))).toEqual(bytes);
  });
});

describe("region bookkeeping", () => {
  it("merges touching regions of the same kind, keeps different ones apart", () => {
    const m = new Memory();
    m.map(0x1e000, 0x1000, PROT_READ | PROT_WRITE, "heap");
    m.map(0x1f000, 0x1000, PROT_READ | PROT_WRITE, "heap");
    m.map(0x20000, 0x1000, PROT_READ, "heap");
    m.map(0x21000, 0x1000, PROT_READ, "data");
    expect(m.state.regions.map((r) => [r.start, r.end, r.perm, r.name])).toEqual([
      [0x1e000, 0x20000, PROT_READ | PROT_WRITE, "heap"],
      [0x20000, 0x21000, PROT_READ, "heap"],
      [0x21000, 0x22000, PROT_READ, "data"],
    ]);
  });
});
