// Incremental and compressed checkpoints of a kernel (docs/checkpoints.md).
//
// LIBRARY API (stable; machine/machine.ts, the console, periodic checkpoints
// and live migration call it):
//
//   const t = new CheckpointTracker();              // one per machine: a cache, never state
//   t.write(kernel, { incremental: true, name, compress, outside })  → file bytes
//   t.last                                          // CheckpointInfo of the last write
//   t.adopt(bytes, name, parents)                   // a restored file becomes the parent
//   t.forget()                                      // the next incremental write is a full one
//   restoreChain / readSnapshot(bytes, parents)     // via checkpoint.ts, parents = ParentResolver
//   chainOf(bytes, parents), mergeChain(bytes, parents, codec)   (snapshot/chain.ts)
//
// Every `write` with `track` (the default) becomes the parent of the next
// incremental one; an incremental write stores only the pages that no file of
// its chain has (the writer keeps the chain's page hashes as one set), names
// its parent by identity (the parent file's trailer) and file name, and is
// otherwise the full snapshot of the machine: same sections, same bytes. An
// incremental write without a parent is a full one (info.parent === null).
// A pre-copy round of a live migration is an incremental write whose parent
// is the previous round; the receiver restores the last with a resolver over
// the rounds it received.

import type { Kernel } from "../kernel/kernel.js";
import { type PageCodec, pickCodec } from "./compress.js";
import { fileId } from "./chain.js";
import type { OutsideHint } from "./outside.js";
import { outsideOf } from "./checkpoint.js";
import { PageHashCache } from "./page-cache.js";
import { writeSnapshotFile } from "./snapshot.js";
import { KERNEL_SNAPSHOT } from "./spec.js";
import { HashSet, type StoreSummary, readStoreHead, storeSection } from "./store-v2.js";
import { MAX_CHAIN, type ParentResolver } from "./chain.js";
import { parseContainer } from "./format.js";
import { SnapshotError } from "./errors.js";

/** Compression of page data when a caller does not say (chosen from bench/snapshot.bench.ts figures: docs/checkpoints.md). */
export const DEFAULT_COMPRESSION = "none";

export interface ChainCheckpointOptions {
  /** only what changed since the parent (the last tracked write); a full snapshot when there is none */
  incremental?: boolean;
  /** page data codec: "none" (default DEFAULT_COMPRESSION), "lz" (pure TS), "deflate" (when a host registered it) */
  compress?: string | null;
  /** the file name this snapshot will be saved as: recorded in its children, a hint for finding it */
  name?: string;
  /** become the parent of the next incremental write (default true) */
  track?: boolean;
  /** terminals and disk records for the outside section (checkpoint.ts outsideOf) */
  outside?: OutsideHint;
}

/** What the last write produced. */
export interface CheckpointInfo extends StoreSummary {
  /** the file's identity (hex of its trailer): what a child names as its parent */
  id: string;
  /** its parent, or null for a full snapshot */
  parent: { id: string; name: string } | null;
  /** codec of the page data ("none" when raw) */
  compress: string;
  /** file size */
  bytes: number;
  /** pages whose hash was computed for this write (the rest came from the cache) */
  hashed: number;
}

interface Parent {
  id: Uint8Array;
  name: string;
  /** hashes of every page any file of the chain holds */
  chain: HashSet;
}

/** Incremental checkpoints of one machine: the parent and the page hash cache (host-side, never state). */
export class CheckpointTracker {
  private cache = new PageHashCache();
  private parent: Parent | null = null;
  /** the last write, or null */
  last: CheckpointInfo | null = null;

  /** The snapshot file of `kernel` now (see ChainCheckpointOptions). */
  write(kernel: Kernel, opts: ChainCheckpointOptions = {}): Uint8Array {
    const codec: PageCodec | null = pickCodec(opts.compress ?? DEFAULT_COMPRESSION);
    const track = opts.track ?? true;
    const parent = opts.incremental ? this.parentNow() : null;
    let summary: StoreSummary | null = null;
    let hashes: readonly Uint8Array[] = [];
    const added: Uint8Array[] = [];
    this.cache.sync(kernel);
    const before = this.cache.misses;
    const bytes = writeSnapshotFile(KERNEL_SNAPSHOT, kernel.config, outsideOf(kernel, opts.outside), kernel.state, {
      hashOf: this.cache.hashOf,
      section: (w) => {
        const has = (h: Uint8Array): boolean => {
          if (parent!.chain.has(h)) return true;
          added.push(h); // stored here: the chain has it from now on
          return false;
        };
        const r = storeSection(w, codec, parent ? { id: parent.id, name: parent.name, has } : null);
        summary = r.summary;
        hashes = w.stored.hashes;
        return r.section;
      },
    });
    const s = summary as unknown as StoreSummary;
    const id = bytes.subarray(bytes.length - 32).slice();
    this.last = {
      ...s,
      id: fileId(bytes),
      parent: parent ? { id: fileId(parent.id), name: parent.name } : null,
      compress: codec?.name ?? "none",
      bytes: bytes.length,
      hashed: this.cache.misses - before,
    };
    if (track) {
      this.adopted = null;
      if (parent) {
        // The chain's set only grows: a page any link holds may be used by the next one (only the stored ones are new).
        for (const h of added) parent.chain.add(h);
        this.parent = { id, name: opts.name ?? "", chain: parent.chain };
      } else {
        this.parent = { id, name: opts.name ?? "", chain: new HashSet(hashes) };
      }
    }
    return bytes;
  }

  /**
   * Make `file` (already restored or verified by the caller) the parent of the next incremental write. Its
   * chain's page hashes are read from the file and its ancestors (found with `parents`) only when that
   * write comes, so a restore pays nothing for it.
   */
  adopt(file: Uint8Array, name = "", parents?: ParentResolver): void {
    this.parent = null;
    this.adopted = { file, name, parents };
  }

  private adopted: { file: Uint8Array; name: string; parents: ParentResolver | undefined } | null = null;

  /** The adopted file's chain as a parent (read once, on the first incremental write after adopt). */
  private parentNow(): Parent | null {
    const a = this.adopted;
    if (!a) return this.parent;
    this.adopted = null;
    const chain = new HashSet();
    let bytes: Uint8Array | null = a.file;
    for (let depth = 0; bytes && depth <= MAX_CHAIN; depth++) {
      const sections = parseContainer(bytes, () => {});
      const head = readStoreHead(sections[sections.length - 1]!);
      for (let i = 0; i < head.count; i++) chain.add(head.table.subarray(i * 32, (i + 1) * 32));
      if (!head.parent) break;
      bytes = a.parents?.(head.parent.id, head.parent.name) ?? null;
      if (!bytes) throw new SnapshotError(`incremental chain: parent ${JSON.stringify(head.parent.name)} (id ${head.parent.id.slice(0, 12)}) was not found`);
    }
    this.parent = { id: a.file.subarray(a.file.length - 32).slice(), name: a.name, chain };
    return this.parent;
  }

  /** No parent: the next incremental write is a full one. */
  forget(): void {
    this.parent = null;
    this.adopted = null;
  }

  /**
   * Forget everything, the page hash cache included: for someone who cleared the machine's dirty bits
   * (live migration: machine/migrate-send.ts), after which no cached hash can be trusted. The next
   * incremental write is a full one and hashes every page.
   */
  invalidate(): void {
    this.cache = new PageHashCache();
    this.forget();
    this.last = null;
  }

  /** Is there a parent for an incremental write? */
  get hasParent(): boolean {
    return this.parent !== null || this.adopted !== null;
  }
}
