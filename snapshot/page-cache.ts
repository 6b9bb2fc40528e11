// The page hash cache of incremental checkpoints: SHA-256 of each page object
// as of the last checkpoint, so a checkpoint hashes only the pages written
// since (the dirty ones), not all of guest memory.
//
// A cache, never state: it lives beside a machine (snapshot/incremental.ts),
// is keyed by page object (a WeakMap: a dropped page drops its entry), and a
// missing entry only costs a hash. Correctness rests on one rule — an entry is
// dropped before a checkpoint for every page that may have changed in place
// since the last one:
//  - guest memory: a page is written in place only through Memory.writable,
//    which marks its vpn dirty; the CPU re-marks after clearDirty (the TLB is
//    flushed by the generation bump). `sync` drops the entries of the dirty
//    pages and clears the dirty sets. An address space this cache has not seen
//    before (fork, exec, a rebuilt wrapper) has all its entries dropped, since
//    writes through an earlier wrapper are not in its dirty set.
//  - everything else holding pages (tmpfs file blocks, written in place by
//    their owner without dirty bits): their entries are always dropped, so they
//    are hashed at every checkpoint, as before.
// Whoever else wants dirty bits must not call Memory.clearDirty on a machine
// that checkpoints incrementally; ask this cache (dirtyPages) instead.

import type { Kernel } from "../kernel/kernel.js";
import type { Memory } from "../cpu/memory.js";
import { type Schema, sha256 } from "../state/index.js";
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

export class PageHashCache {
  private readonly hashes = new WeakMap<Uint8Array, Uint8Array>();
  private readonly seen = new WeakSet<Memory>();
  /** pages hashed (not found in the cache) since the counter was last read: for tests and benchmarks */
  misses = 0;

  /** Make the cache valid for `kernel` as it is now, and start tracking writes anew (before each checkpoint). */
  sync(kernel: Kernel): void {
    for (const p of kernel.state.procs.values()) {
      const mem = kernel.mem(p);
      const pages = mem.state.pages;
      if (!this.seen.has(mem)) {
        for (const page of pages.values()) this.hashes.delete(page);
        this.seen.add(mem);
      } else {
        for (const vpn of mem.dirty) {
          const page = pages.get(vpn);
          if (page) this.hashes.delete(page);
        }
      }
      if (mem.dirty.size > 0) mem.clearDirty();
    }
    const root = kernel.state as unknown as Record<string, unknown>;
    for (const [name, schema] of OTHER_PAGE_FIELDS) visitPages(schema, root[name], (page) => this.hashes.delete(page));
  }

  /** SHA-256 of `page`, from the cache when it was hashed before and has not changed since (the PageStoreWriter hook). */
  readonly hashOf = (page: Uint8Array): Uint8Array => {
    let h = this.hashes.get(page);
    if (!h) {
      h = sha256(page);
      this.hashes.set(page, h);
      this.misses++;
    }
    return h;
  };
}
