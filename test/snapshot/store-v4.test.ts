// Page store v4 (snapshot/store-v4.ts): incremental files carry the page maps
// as changes since the parent, found without looking at unchanged pages
// (snapshot/page-cache.ts). What must hold: only the dirty pages are stored and
// looked at; removals without a dirty mark (munmap, exec) and new or forked
// processes still restore to the machine's digest; a merge is the full
// checkpoint byte for byte; forged stores are refused in one line.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { type ParentResolver, SnapshotError, chainOf, fileId, mergeChain } from "../../snapshot/index.js";
import { type SectionOut, assemble, parseContainer } from "../../snapshot/format.js";
import { type HeadV4, PAGE_STORE_V4, readHeadV4, storeV4Section } from "../../snapshot/store-v4.js";
import { sha256 } from "../../state/index.js";
import { bootedMachine } from "./workload.js";

const BASE = 0x40000000;
const PAGES = 256;

/** A booted box whose first shell holds PAGES distinct pages at BASE (written through the kernel: dirty, counted). */
function box(): Machine {
  const m = bootedMachine();
  m.checkpoints.forget();
  const sh = m.kernel.state.procs.get(2)!;
  const mem = m.kernel.mem(sh);
  mem.map(BASE, PAGES * 4096, PROT_READ | PROT_WRITE, "test");
  for (let i = 0; i < PAGES; i++) mem.pageForWrite((BASE >>> 12) + i)![0] = i + 1;
  return m;
}

function storeOf(file: Uint8Array) {
  const sections = parseContainer(file, () => {});
  return sections[sections.length - 1]!;
}

function resolver(files: Uint8Array[]): ParentResolver {
  return (id) => files.find((f) => fileId(f) === id) ?? null;
}

/** `file` with its v4 store rewritten from `head` changed by `edit` (every checksum recomputed: a forger's edit). */
function forged(file: Uint8Array, edit: (h: HeadV4, pages: Uint8Array[]) => void): Uint8Array {
  const s = storeOf(file);
  const h = readHeadV4(s);
  const pages = Array.from({ length: h.stored }, (_, i) => h.data.slice(i * 4096, (i + 1) * 4096));
  edit(h, pages);
  const parent = { id: Uint8Array.from(Buffer.from(h.parent.id, "hex")), name: h.parent.name };
  const store = storeV4Section("pages", { codec: null, parent, mapped: h.mapped, sites: h.sites, stored: pages });
  const out: SectionOut[] = parseContainer(file, () => {}).map((x) => ({ name: x.name, version: x.version, chunks: [x.payload], sha256: sha256(x.payload) }));
  out[out.length - 1] = store;
  return assemble(out);
}

describe("page store v4: incremental files as page map changes", () => {
  it("stores exactly the dirty pages, restores to the digest, and merges into the full checkpoint", () => {
    const m = box();
    const a = m.checkpoint({ track: true, name: "a.snap" });
    const mem = m.kernel.mem(m.kernel.state.procs.get(2)!);
    for (let i = 0; i < PAGES; i += 16) mem.pageForWrite((BASE >>> 12) + i)![1] = 0xaa; // 16 pages
    const b = m.checkpoint({ incremental: true, name: "b.snap" });
    const info = m.checkpoints.last!;
    expect(info.parent?.id).toBe(fileId(a));
    expect(info.stored).toBe(16);
    expect(storeOf(b).version).toBe(PAGE_STORE_V4);
    const h = readHeadV4(storeOf(b));
    expect(h.sites.reduce((n, s) => n + s.vpns.length, 0)).toBe(16); // no entry for an unchanged page
    const parents = resolver([a]);
    expect(Machine.restore(b, { parents }).digest()).toBe(m.digest());
    expect(Buffer.from(mergeChain(b, parents)).equals(Buffer.from(m.checkpoint()))).toBe(true);
    expect(chainOf(b, parents).map((l) => l.stored)).toEqual([16, chainOf(a)[0]!.stored]);
  });

  it("munmap (no dirty mark), exec, fork and exit between checkpoints: the chain restores to the digest", () => {
    const m = box();
    const files: Uint8Array[] = [m.checkpoint({ track: true, name: "0" })];
    const mem = m.kernel.mem(m.kernel.state.procs.get(2)!);
    mem.unmap(BASE + 10 * 4096, 20 * 4096); // removes 20 entries without marking them dirty
    files.push(m.checkpoint({ incremental: true, name: "1" }));
    expect(m.checkpoints.last!.stored).toBe(0);
    expect(Machine.restore(files[1]!, { parents: resolver(files) }).digest()).toBe(m.digest());
    m.tty(0).send("echo hi > /tmp/x; cat /tmp/x; (sleep 0; echo sub) | cat\n"); // fork, exec, exit, tmpfs writes
    m.run(4_000_000);
    files.push(m.checkpoint({ incremental: true, name: "2" }));
    mem.unmap(BASE, 4096);
    mem.pageForWrite((BASE >>> 12) + 40)![2] = 7; // a removal and a write in one map
    files.push(m.checkpoint({ incremental: true, name: "3" }));
    const r = Machine.restore(files[3]!, { parents: resolver(files), name: "3" });
    expect(r.digest()).toBe(m.digest());
    expect(Buffer.from(mergeChain(files[3]!, resolver(files))).equals(Buffer.from(m.checkpoint()))).toBe(true);
    // the restored machine's next incremental file chains onto the restored one, storing only what changed
    const rm = r.kernel.mem(r.kernel.state.procs.get(2)!);
    rm.pageForWrite((BASE >>> 12) + 41)![2] = 9;
    const c = r.checkpoint({ incremental: true, name: "4" });
    expect(r.checkpoints.last!.parent?.name).toBe("3");
    expect(r.checkpoints.last!.stored).toBe(1);
    expect(Machine.restore(c, { parents: resolver([...files, c]) }).digest()).toBe(r.digest());
  });

  it("random page writes, unmaps and maps over a chain of random full and incremental files (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom("write", "write", "unmap", "map", "full", "inc", "inc"),
            page: fc.integer({ min: 0, max: PAGES - 1 }),
            n: fc.integer({ min: 1, max: 8 }),
          }),
          { minLength: 3, maxLength: 25 },
        ),
        (steps) => {
          const m = box();
          const mem = m.kernel.mem(m.kernel.state.procs.get(2)!);
          const files: Uint8Array[] = [m.checkpoint({ track: true, name: "f0" })];
          for (const s of steps) {
            if (s.op === "write") for (let k = 0; k < s.n; k++) mem.pageForWrite((BASE >>> 12) + ((s.page + k) % PAGES))?.fill(s.n, 100, 200);
            else if (s.op === "unmap") mem.unmap(BASE + s.page * 4096, s.n * 4096);
            else if (s.op === "map") mem.map(BASE + s.page * 4096, s.n * 4096, PROT_READ | PROT_WRITE, "test");
            else files.push(m.checkpoint({ incremental: s.op === "inc", track: true, name: `f${files.length}` }));
          }
          files.push(m.checkpoint({ incremental: true, name: "tip" }));
          const tip = files[files.length - 1]!;
          expect(Machine.restore(tip, { parents: resolver(files) }).digest()).toBe(m.digest());
          expect(Buffer.from(mergeChain(tip, resolver(files))).equals(Buffer.from(m.checkpoint()))).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("refuses a forged store in one line naming the section", () => {
    const m = box();
    const a = m.checkpoint({ track: true, name: "a.snap" });
    const mem = m.kernel.mem(m.kernel.state.procs.get(2)!);
    mem.pageForWrite((BASE >>> 12) + 3)![1] = 0xaa;
    mem.unmap(BASE + 100 * 4096, 4096);
    const b = m.checkpoint({ incremental: true, name: "b.snap" });
    const parents = resolver([a]);
    const site = (h: HeadV4) => h.sites.find((s) => s.vpns.length > 0)!;
    const cases: [string, Uint8Array][] = [
      ["removes page", forged(b, (h) => void ((site(h).vpns as number[])[1] = (BASE >>> 12) + 300))], // a vpn the parent's map lacks
      ["of a parent that has", forged(b, (h) => void (site(h).base = 9999))],
      ["is the base of two maps", forged(b, (h) => void (h.sites.find((s) => s !== site(h) && s.base > 0)!.base = site(h).base))],
      ["never used", forged(b, (_h, pages) => void pages.push(new Uint8Array(4096).fill(5)))],
      ["page of zeros is stored", forged(b, (_h, pages) => void pages[0]!.fill(0))],
      ["entries announced", forged(b, (h) => void (h.mapped += 1))],
      ["names stored page", forged(b, (h) => void ((site(h).refs as number[])[1] = 50))],
      ["page maps, the machine has", forged(b, (h) => void h.sites.push({ base: 0, vpns: [], refs: [] }))],
    ];
    for (const [why, file] of cases) {
      let err: unknown = null;
      try {
        Machine.restore(file, { parents });
      } catch (e) {
        err = e;
      }
      expect(err, why).toBeInstanceOf(SnapshotError);
      const msg = (err as Error).message;
      expect(msg, why).toMatch(/section "pages" \(v4\)/);
      expect(msg, why).toContain(why);
      expect(msg.includes("\n"), why).toBe(false);
    }
    // page data in a v4 file's other sections is refused too: a v3 full file's procs section has its pages
    const full = parseContainer(m.checkpoint(), () => {});
    const inc = parseContainer(b, () => {});
    const mixed: SectionOut[] = inc.map((x, i) => {
      const y = x.name === "procs" ? full[i]! : x;
      return { name: y.name, version: y.version, chunks: [y.payload], sha256: sha256(y.payload) };
    });
    expect(() => Machine.restore(assemble(mixed), { parents })).toThrow(/belongs in its page store/);
  });
});
