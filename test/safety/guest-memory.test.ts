// Guest memory is the machine's, shared copy-on-write (issue 7): fork shares
// every page with the child and each side copies a page on its first write;
// the memory limit counts the distinct pages of the whole machine (it used to
// be checked per mmap call: 1.7 GiB mapped and touched under a 256 MiB limit,
// and 14 forks of a 256 MiB process passed 4 GB of host memory); a restore
// keeps shared pages shared.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Memory, PAGE_SIZE, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { PageStore } from "../../cpu/page-store.js";
import { Machine } from "../../machine/machine.js";
import { forkHog, mapForever } from "./guest-programs.js";

const BASE = 0x10000;
const PAGES = 8;

describe("copy-on-write pages (cpu/memory.ts + cpu/page-store.ts)", () => {
  it("property: forked spaces behave as independent copies (model: plain arrays), and the store counts distinct pages", () => {
    const op = fc.record({ who: fc.integer({ min: 0, max: 2 }), page: fc.integer({ min: 0, max: PAGES - 1 }), off: fc.integer({ min: 0, max: PAGE_SIZE - 4 }), value: fc.integer({ min: 1, max: 255 }), kind: fc.constantFrom("cpu", "copyOut", "fork", "unmap", "exit") });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const store = new PageStore();
        const first = new Memory(undefined, store);
        first.map(BASE, PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, "data");
        const spaces: (Memory | null)[] = [first];
        const models: (Uint8Array | null)[] = [new Uint8Array(PAGES * PAGE_SIZE)];
        for (const o of ops) {
          const i = o.who % spaces.length;
          const mem = spaces[i];
          const model = models[i];
          if (!mem || !model) continue;
          const addr = BASE + o.page * PAGE_SIZE + o.off;
          if (o.kind === "cpu") {
            mem.pageForWrite(addr >>> 12)![o.off] = o.value;
            model[o.page * PAGE_SIZE + o.off] = o.value;
          } else if (o.kind === "copyOut") {
            expect(mem.copyOut(addr, new Uint8Array([o.value, o.value]))).toBe(true);
            model.fill(o.value, o.page * PAGE_SIZE + o.off, o.page * PAGE_SIZE + o.off + 2);
          } else if (o.kind === "fork") {
            spaces.push(mem.clone());
            models.push(model.slice());
          } else if (o.kind === "unmap") {
            mem.unmap(BASE + o.page * PAGE_SIZE, PAGE_SIZE);
            mem.map(BASE + o.page * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE, "data");
            model.fill(0, o.page * PAGE_SIZE, (o.page + 1) * PAGE_SIZE);
          } else if (spaces.length > 1) {
            mem.free();
            spaces[i] = null;
            models[i] = null;
          }
        }
        const distinct = new Set<Uint8Array>();
        spaces.forEach((mem, i) => {
          if (!mem) return;
          expect(Buffer.compare(mem.copyIn(BASE, PAGES * PAGE_SIZE)!, models[i]!)).toBe(0);
          for (const p of mem.state.pages.values()) distinct.add(p);
        });
        expect(store.used).toBe(distinct.size);
      }),
      { numRuns: 200 },
    );
  });

  it("fork copies no page; a write copies one; the limit refuses a page (store: null view, copyOut: false)", () => {
    const store = new PageStore(4);
    const a = new Memory(undefined, store);
    a.map(BASE, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE, "data");
    for (let p = 0; p < 3; p++) a.pageForWrite((BASE >>> 12) + p)![0] = p + 1;
    const b = a.clone();
    expect(store.used).toBe(3);
    expect(b.state.pages.get(BASE >>> 12)).toBe(a.state.pages.get(BASE >>> 12));
    b.pageForWrite(BASE >>> 12)![0] = 9; // 4th page: a private copy for b
    expect(store.used).toBe(4);
    expect(a.copyIn(BASE, 1)![0]).toBe(1);
    expect(b.pageForWrite((BASE >>> 12) + 1)).toBeNull(); // a 5th page would pass the limit
    expect(b.copyOut(BASE + 2 * PAGE_SIZE, new Uint8Array([7]))).toBe(false);
    expect(b.copyIn(BASE + 2 * PAGE_SIZE, 1)![0]).toBe(3);
    b.free();
    expect(store.used).toBe(3);
    expect(a.pageForWrite((BASE >>> 12) + 1)![0]).toBe(2); // a owns it again: written in place
    expect(store.used).toBe(3);
  });
});

describe("guest memory on a machine", () => {
  it("14 forks of an 8 MiB process share its pages: the machine holds ~8 MiB, not 120", () => {
    const m = Machine.boot({ image: forkHog(8 << 20, 14, 10), ttys: 1, memoryLimit: 64 << 20 });
    m.run(100_000_000);
    expect(m.kernel.state.procs.size).toBe(15);
    const used = m.kernel.pageStore.used;
    expect(used).toBeGreaterThanOrEqual(2048);
    expect(used).toBeLessThan(2048 + 14 * 10 + 64);
    // the restored machine shares them too, and is the same machine
    const r = Machine.restore(m.checkpoint());
    expect(r.kernel.pageStore.used).toBeLessThanOrEqual(used);
    expect(r.digest()).toBe(m.digest());
    r.run(1_000_000);
    expect(r.kernel.state.procs.size).toBe(15);
  });

  it("mapping and touching without end stops at the machine's limit (SIGSEGV), whatever each mmap asks", () => {
    const m = Machine.boot({ image: mapForever(16 << 20), ttys: 1, memoryLimit: 32 << 20 });
    const r = m.run(300_000_000);
    expect(r.panic).toBe("");
    expect(r.exited).toContainEqual({ pid: 2, status: 11 });
    expect(m.kernel.pageStore.used).toBeLessThanOrEqual((32 << 20) / PAGE_SIZE);
  });
});
