// Which pages are unchanged since the last tracked checkpoint (incremental
// checkpoints, snapshot/incremental.ts): for each page object, its number in
// that file's page list, so the next incremental file names it there instead
// of storing it (store v3: snapshot/store-v3.ts).
//
// A cache, never state: it lives beside a machine, and a missing entry only
// costs storing the page again. Correctness rests on one rule — an entry is
// dropped before a checkpoint for every page that may have changed in place
// since the last one:
//  - guest memory: a page is written in place only through Memory.writable,
//    which marks its vpn dirty; the CPU re-marks after clearDirty (the TLB is
//    flushed by the generation bump). `sync` drops the entries of the dirty
//    pages and clears the dirty sets. An address space this cache has not seen
//    before (fork, exec, a rebuilt wrapper) has all its entries dropped, since
//    writes through an earlier wrapper are not in its dirty set.
//  - everything else holding pages (tmpfs file blocks, kernel/file-blocks.ts,
//    the only code that writes them): `sync` freezes every block it sees, so
//    the next write to one gives its file a new block object (copy-on-write).
//    An entry's block object is therefore unchanged while it is still held,
//    and no block is hashed at a checkpoint (they used to be, every one, every
//    time: most of an idle box's pause).
//  - after a restore, the restored file's pages are found by content
//    (`seed`, a byte comparison): nothing is assumed about page objects.
// Whoever else wants dirty bits must not call Memory.clearDirty on a machine
// that checkpoints incrementally (live migration invalidates the tracker).

import type { Kernel } from "../kernel/kernel.js";
import type { Memory } from "../cpu/memory.js";
import type { Schema } from "../state/index.js";
import { freezeFileBlock } from "../kernel/file-blocks.js";
import { PageIndex, isZeroPage } from "./page-index.js";
import { KERNEL_SNAPSHOT } from "./spec.js";

/** Every page object in `value` (a value of `schema`), given to `visit`. */
function visitPages(schema: Schema, value: unknown, visit: (page: Uint8Array) => void): void {
  switch (schema.kind) {
    case "pages":
      for (const p of (value as Map<number, Uint8Array>).values()) visit(p);
      return;
    case "struct":
      for (const [k, s] of Object.entries(schema.fields)) visitPages(s, (value as Record<string, unknown>)[k], visit);
      return;
    case "array":
      for (const v of value as unknown[]) visitPages(schema.of, v, visit);
      return;
    case "map":
      for (const v of (value as Map<unknown, unknown>).values()) visitPages(schema.of, v, visit);
      return;
    case "optional":
      if (value !== null && value !== undefined) visitPages(schema.of, value, visit);
      return;
    case "union": {
      const v = value as Record<string, unknown>;
      const variant = schema.variants[String(v[schema.tag])];
      if (variant) visitPages(variant, v, visit);
      return;
    }
    default:
      return;
  }
}

/** Does any part of `schema` hold pages? (decided once per field, so the walk skips page-free tables) */
function holdsPages(schema: Schema): boolean {
  switch (schema.kind) {
    case "pages":
      return true;
    case "struct":
      return Object.values(schema.fields).some(holdsPages);
    case "array":
      return holdsPages(schema.of);
    case "map":
      return holdsPages(schema.of);
    case "optional":
      return holdsPages(schema.of);
    case "union":
      return Object.values(schema.variants).some(holdsPages);
    default:
      return false;
  }
}

/** The root fields other than the processes that hold pages (tmpfs file blocks). */
const OTHER_PAGE_FIELDS = Object.entries(KERNEL_SNAPSHOT.root.fields).filter(([name, s]) => name !== "procs" && holdsPages(s));

/** Every page object of the machine: address spaces first, then the other page fields (tmpfs blocks). */
function eachPage(kernel: Kernel, visit: (page: Uint8Array) => void): void {
  for (const p of kernel.state.procs.values()) for (const page of kernel.mem(p).state.pages.values()) visit(page);
  const root = kernel.state as unknown as Record<string, unknown>;
  for (const [name, schema] of OTHER_PAGE_FIELDS) visitPages(schema, root[name], visit);
}

export class CleanPages {
  /**
   * page object → slot, and slot → the page's reference in the last tracked file (0: none, or a page of
   * zeros). Through slots an incremental write renumbers every unchanged page with one pass over a typed
   * array (`recordIncremental`) instead of one map operation per page.
   */
  private known = new Map<Uint8Array, number>();
  private refs = new Int32Array(1);
  /** slot → the page's dedup key (snapshot/page-index.ts) from the write that last looked at it; -1 unknown */
  private keys = new Int32Array(1).fill(-1);
  private slots = 1;
  private readonly seen = new WeakSet<Memory>();
  /** pages hashed since the counter was last read: for tests and benchmarks (none since tmpfs blocks are frozen, not hashed) */
  hashed = 0;

  /**
   * Drop every page that may have changed since the last tracked write, and start tracking writes anew
   * (before each checkpoint). `replacing`: the write is a tracked full one, whose `record` replaces
   * everything known — the dirty pages are then not looked at one by one.
   */
  sync(kernel: Kernel, replacing = false): void {
    if (replacing) {
      this.known = new Map();
      this.identity(0);
    }
    for (const p of kernel.state.procs.values()) {
      const mem = kernel.mem(p);
      const pages = mem.state.pages;
      if (replacing) this.seen.add(mem);
      else if (!this.seen.has(mem)) {
        for (const page of pages.values()) this.known.delete(page);
        this.seen.add(mem);
      } else {
        for (const vpn of mem.dirty) {
          const page = pages.get(vpn);
          if (page) this.known.delete(page);
        }
      }
      if (mem.dirty.size > 0) mem.clearDirty();
    }
    const root = kernel.state as unknown as Record<string, unknown>;
    for (const [name, schema] of OTHER_PAGE_FIELDS) visitPages(schema, root[name], freezeFileBlock);
  }

  /** The reference `page` had in the last tracked file, when it has not changed since (else undefined). */
  refOf(page: Uint8Array): number | undefined {
    const s = this.known.get(page);
    if (s === undefined) return undefined;
    const r = this.refs[s]!;
    return r > 0 ? r : undefined;
  }

  /** Slots numbered as the references 0 … count (after a full write or a seed). */
  private identity(count: number): void {
    this.refs = new Int32Array(count + 1);
    for (let i = 0; i <= count; i++) this.refs[i] = i;
    this.keys = new Int32Array(count + 1).fill(-1);
    this.slots = count + 1;
  }

  /** After a tracked write that looked at every page: its pages (page object → reference, PageStoreWriter.byObject) are the clean ones. */
  record(byObject: Map<Uint8Array, number>, count: number, keyOf: readonly number[]): void {
    this.known = byObject;
    this.identity(count);
    for (let r = 1; r <= count; r++) this.keys[r] = keyOf[r - 1] ?? -1;
  }

  /** The dedup key `page` had when last looked at, if it is unchanged since (else -1: compute it). */
  keyOf(page: Uint8Array): number {
    const s = this.known.get(page);
    return s === undefined ? -1 : this.keys[s]!;
  }

  /**
   * After a tracked incremental write: the unchanged pages (not in `byObject`) get their new references
   * through `parentRefs` (parent reference → reference now, PageStoreWriter.parentRefs), the pages it
   * looked at (`byObject`) new slots. Pages no longer referenced are dropped now and then.
   */
  recordIncremental(byObject: Map<Uint8Array, number>, parentRefs: Int32Array, keyOf: readonly number[]): void {
    let live = 0;
    for (let s = 1; s < this.slots; s++) {
      const r = this.refs[s]!;
      this.refs[s] = r > 0 && r < parentRefs.length ? parentRefs[r]! : 0;
      if (this.refs[s]! > 0) live++;
    }
    if (this.known.size > 2 * live + 1024) this.compact();
    if (this.slots + byObject.size > this.refs.length) {
      const grown = new Int32Array(Math.max(2 * this.refs.length, this.slots + byObject.size));
      grown.set(this.refs.subarray(0, this.slots));
      this.refs = grown;
      const keys = new Int32Array(grown.length).fill(-1);
      keys.set(this.keys.subarray(0, this.slots));
      this.keys = keys;
    }
    for (const [page, ref] of byObject) {
      if (ref === 0) continue;
      this.known.set(page, this.slots);
      this.keys[this.slots] = keyOf[ref - 1] ?? -1;
      this.refs[this.slots++] = ref;
    }
  }

  /** Forget the pages no longer referenced, and number the slots anew. */
  private compact(): void {
    const refs = new Int32Array(this.known.size + 1);
    const keys = new Int32Array(this.known.size + 1).fill(-1);
    let n = 1;
    for (const [page, s] of this.known) {
      const r = this.refs[s]!;
      if (r > 0) {
        refs[n] = r;
        keys[n] = this.keys[s]!;
        this.known.set(page, n++);
      } else this.known.delete(page);
    }
    this.refs = refs;
    this.keys = keys;
    this.slots = n;
  }

  /**
   * After a restore: the restored file's pages (`list`, its page list) are found by content among the
   * machine's pages as they are now (call right after `sync`), and every address space counts as seen.
   */
  seed(kernel: Kernel, list: readonly Uint8Array[]): void {
    const index = new PageIndex((n) => list[n - 1]!);
    for (let i = 0; i < list.length; i++) index.findOrAdd(list[i]!, i + 1);
    const known = new Map<Uint8Array, number>();
    eachPage(kernel, (page) => {
      if (known.has(page) || isZeroPage(page)) return;
      const n = index.find(page);
      if (n > 0) known.set(page, n);
    });
    for (const p of kernel.state.procs.values()) this.seen.add(kernel.mem(p));
    this.known = known;
    this.identity(list.length);
  }
}
