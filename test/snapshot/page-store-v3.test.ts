// Page store v3 (snapshot/store-v3.ts, page-index.ts): pages deduplicated by a
// cheap key and a byte comparison, never merged when different, even when a
// guest makes thousands share a key; the store is refused when not canonical;
// an idle incremental store is a delta of a few bytes; the chunked form is the
// same file; chains written by the v2 release keep restoring and can be the
// parent of a v3 file.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { type ParentResolver, SnapshotError, chainOf, fileId, mergeChain } from "../../snapshot/index.js";
import { readHeadV4 } from "../../snapshot/store-v4.js";
import { type SectionOut, assemble, parseContainer } from "../../snapshot/format.js";
import { PageIndex, isZeroPage, pageKey } from "../../snapshot/page-index.js";
import { writeFileAtomic } from "../../snapshot/host-file.js";
import { packageRoot } from "../../state/root.js";
import { ByteWriter, sha256 } from "../../state/index.js";
import { bootedMachine } from "./workload.js";

/** A page whose sampled words are all zero: only word `at` (never sampled when chosen below) tells it apart. */
function offSample(value: number, at: number): Uint8Array {
  const p = new Uint8Array(4096);
  new Uint32Array(p.buffer)[at] = value;
  return p;
}

/** A word offset no sample reads (the key is then the same for every such page). */
function unsampledWord(): number {
  const zero = pageKey(new Uint8Array(4096));
  for (let at = 0; at < 1024; at++) if (pageKey(offSample(1, at)) === zero) return at;
  throw new Error("every word is sampled");
}

describe("the page index", () => {
  it("finds equal pages and never merges different ones (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1023), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 60 }), (cells) => {
        const pages = cells.map(([at, v]) => offSample(v, at));
        const ids: Uint8Array[] = [];
        const index = new PageIndex((n) => ids[n - 1]!);
        for (const p of pages) {
          const hit = index.findOrAdd(p, ids.length + 1);
          const equal = ids.findIndex((q) => Buffer.from(q).equals(Buffer.from(p)));
          expect(hit).toBe(equal + 1); // 0 when new
          if (hit === 0) ids.push(p);
        }
      }),
    );
  });

  it("a guest's pages that all share a key cost one SHA-256 each, not a comparison with every other", () => {
    const at = unsampledWord();
    const pages = Array.from({ length: 3000 }, (_, i) => offSample(i + 1, at));
    const index = new PageIndex((n) => pages[n - 1]!);
    pages.forEach((p, i) => expect(index.findOrAdd(p, i + 1)).toBe(0));
    expect(index.hashed).toBeLessThanOrEqual(pages.length + 1);
    expect(index.findOrAdd(offSample(77, at), 9999)).toBe(77); // an equal page is still found
    expect(isZeroPage(new Uint8Array(4096))).toBe(true);
    expect(isZeroPage(offSample(1, at))).toBe(false);
  });
});

function busyMachine(): Machine {
  const m = bootedMachine();
  m.tty(0).send("echo one > /tmp/a; cat /tmp/a\n");
  m.run(2_000_000);
  m.checkpoints.forget();
  return m;
}

/** The file with its page store payload replaced and every checksum recomputed (a forger's edit). */
function withStore(file: Uint8Array, store: Uint8Array): Uint8Array {
  const out: SectionOut[] = parseContainer(file, () => {}).map((s) => ({ name: s.name, version: s.version, chunks: [s.payload], sha256: sha256(s.payload) }));
  out[out.length - 1]!.chunks = [store];
  out[out.length - 1]!.sha256 = sha256(store);
  return assemble(out);
}

/** A full v3 store of raw pages. */
function storeOf(pages: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  w.string("");
  w.u8(0);
  w.uint(pages.length);
  w.uint(1);
  w.uint(0);
  w.uint(pages.length);
  w.uint(pages.length * 4096);
  for (const p of pages) w.raw(p);
  return w.finish();
}

describe("page store v3 files", () => {
  it("the chunked form is the same file, and writeFileAtomic writes chunks as they are", () => {
    const m = busyMachine();
    const chunks = m.checkpointChunks();
    expect(chunks.length).toBeGreaterThan(10); // the pages are chunks of their own, not copied into one buffer
    const whole = Buffer.concat(chunks);
    expect(whole.equals(Buffer.from(m.checkpoint()))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "cryobox-v3-"));
    try {
      writeFileAtomic(join(dir, "x.snap"), chunks);
      expect(readFileSync(join(dir, "x.snap")).equals(whole)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a store holding a page twice or a page of zeros is refused (checksums recomputed)", () => {
    const m = busyMachine();
    const file = m.checkpoint();
    const sections = parseContainer(file, () => {});
    const store = sections[sections.length - 1]!.payload;
    // The genuine store, rebuilt by this test's own writer: identical bytes (the layout is what the header says).
    const genuine = readPagesOf(file);
    expect(Buffer.from(storeOf(genuine)).equals(Buffer.from(store))).toBe(true);
    const twice = [...genuine];
    twice[twice.length - 1] = genuine[0]!;
    expect(() => Machine.restore(withStore(file, storeOf(twice)))).toThrow(/appears twice \(not canonical\)/);
    const zero = [...genuine];
    zero[zero.length - 1] = new Uint8Array(4096);
    expect(() => Machine.restore(withStore(file, storeOf(zero)))).toThrow(/page of zeros is stored/);
    const damaged = file.slice();
    damaged[damaged.length - 32 - 5] ^= 1; // in the last stored page
    expect(() => Machine.restore(damaged)).toThrow(/section "pages" \(v3\): checksum mismatch/);
  });

  it("an idle machine's incremental store (v4) is a few bytes per page map: no entry, no page", () => {
    const m = busyMachine();
    const a = m.checkpoint({ incremental: true, name: "a.snap" });
    const b = m.checkpoint({ incremental: true, name: "b.snap" });
    expect(m.checkpoints.last!.stored).toBe(0);
    const sections = parseContainer(b, () => {});
    const store = sections[sections.length - 1]!;
    expect(store.version).toBe(4);
    const head = readHeadV4(store);
    expect(head.sites.length).toBeGreaterThan(3); // processes and tmpfs files
    expect(head.sites.every((s) => s.base > 0 && s.vpns.length === 0)).toBe(true); // every map as its parent's, unchanged
    expect(store.payload.length).toBeLessThan(64 + 4 * head.sites.length); // codec, parent id and name, counts, a base per map
    const parents: ParentResolver = (id) => (id === fileId(a) ? a : null);
    expect(Machine.restore(b, { parents }).digest()).toBe(m.digest());
    expect(Buffer.from(mergeChain(b, parents)).equals(Buffer.from(m.checkpoint()))).toBe(true);
  });

  it("a changed page that becomes equal to an unchanged one is stored once (the write looks at every page again)", () => {
    const m = busyMachine();
    const a = m.checkpoint({ incremental: true, name: "a.snap" });
    const sh = m.kernel.state.procs.get(2)!;
    const mem = m.kernel.mem(sh);
    const nonZero = [...sh.mem.pages.entries()].filter(([, p]) => p.some((b) => b !== 0));
    const [[, src], [dst]] = [nonZero[0]!, nonZero[nonZero.length - 1]!];
    mem.pageForWrite(dst)!.set(src); // dirty, and now the same bytes as a page that did not change
    const b = m.checkpoint({ incremental: true, name: "b.snap" });
    const parents: ParentResolver = (id) => (id === fileId(a) ? a : null);
    expect(Machine.restore(b, { parents }).digest()).toBe(m.digest());
    expect(Buffer.from(mergeChain(b, parents)).equals(Buffer.from(m.checkpoint()))).toBe(true);
  });

  it("a restored machine's next incremental file names the restored file's pages by content", () => {
    const m = busyMachine();
    const a = m.checkpoint({ track: true, name: "a.snap" });
    const r = Machine.restore(a, { name: "a.snap" });
    const b = r.checkpoint({ incremental: true, name: "b.snap" });
    expect(r.checkpoints.last!.stored).toBe(0); // nothing changed since the restore
    expect(Machine.restore(b, { parents: (id) => (id === fileId(a) ? a : null) }).digest()).toBe(m.digest());
  });
});

describe("chains written by the page store v2 release", () => {
  const dir = join(packageRoot(), "test/snapshot/fixtures/v2-chain");
  const files = Object.fromEntries(["a.snap", "b.snap", "c.snap"].map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))]));
  const parents: ParentResolver = (id, name) => Object.values(files).find((f) => fileId(f) === id) ?? files[name] ?? null;

  it("restore, show their chain, merge into this build's full snapshot, and parent a v3 file", () => {
    const c = files["c.snap"]!;
    const m = Machine.restore(c, { parents, name: "c.snap" });
    expect(chainOf(c, parents).map((l) => l.name)).toEqual(["", "b.snap", "a.snap"]);
    expect(Buffer.from(mergeChain(c, parents)).equals(Buffer.from(m.checkpoint()))).toBe(true);
    m.tty(0).send("echo three > /tmp/t\n");
    m.run(2_000_000);
    const d = m.checkpoint({ incremental: true, name: "d.snap" });
    const info = m.checkpoints.last!;
    expect(info.parent?.name).toBe("c.snap");
    expect(info.stored).toBeLessThan(info.pages / 2); // the v2 chain's pages are named, not stored again
    const all: ParentResolver = (id, name) => parents(id, name) ?? (id === fileId(d) ? d : null);
    expect(Machine.restore(d, { parents: all }).digest()).toBe(m.digest());
    expect(Buffer.from(mergeChain(d, all)).equals(Buffer.from(m.checkpoint()))).toBe(true);
    // a damaged link of the old chain is still named
    const bad = files["b.snap"]!.slice();
    bad[bad.length - 40] ^= 1;
    const broken: ParentResolver = (id, name) => (name === "b.snap" ? bad : parents(id, name));
    expect(() => Machine.restore(c, { parents: broken })).toThrow(SnapshotError);
    expect(() => Machine.restore(c, { parents: broken })).toThrow(/b\.snap/);
  });
});

/** The page list of a full v3 file, read back through a restore's store (the pages in reference order). */
function readPagesOf(file: Uint8Array): Uint8Array[] {
  const sections = parseContainer(file, () => {});
  const p = sections[sections.length - 1]!.payload;
  const n = p.length;
  // count pages of data at the end: the head is small (codec, parent flag, count, one run, dataLength)
  const pages: Uint8Array[] = [];
  const count = Math.floor(n / 4096);
  const start = n - count * 4096;
  for (let i = 0; i < count; i++) pages.push(p.slice(start + i * 4096, start + (i + 1) * 4096));
  return pages;
}
