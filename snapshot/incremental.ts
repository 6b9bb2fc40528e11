// Incremental and compressed checkpoints of a kernel (docs/checkpoints.md).
//
// LIBRARY API (stable; machine/machine.ts, the console, periodic checkpoints
// and live migration call it):
//
//   const t = new CheckpointTracker();              // one per machine: a cache, never state
//   t.write(kernel, { incremental: true, name, compress, outside })  → file bytes
//   t.last                                          // CheckpointInfo of the last write
//   t.adopt(bytes, name, parents, kernel)           // a restored file becomes the parent
//   t.forget()                                      // the next incremental write is a full one
//   restoreChain / readSnapshot(bytes, parents)     // via checkpoint.ts, parents = ParentResolver
//   chainOf(bytes, parents), mergeChain(bytes, parents, codec)   (snapshot/chain.ts)
//
// Every `write` with `track` (the default) becomes the parent of the next
// incremental one. A full write is store v3 (canonical). An incremental write
// is store v4 (snapshot/store-v4.ts): the page maps as changes since the
// parent, found from dirty bits and frozen tmpfs blocks (snapshot/page-cache.ts)
// without looking at an unchanged page, only the pages written since stored,
// the other sections with the maps left empty; it names its parent by identity
// (the parent file's trailer) and file name. An incremental write without a
// parent is a full one (info.parent === null). Live migration has its own
// protocol (machine/migrate-*.ts) and invalidates the tracker.

import type { Kernel } from "../kernel/kernel.js";
import { type PageCodec, pickCodec } from "./compress.js";
import { fileId } from "./chain.js";
import type { OutsideHint } from "./outside.js";
import { outsideOf } from "./checkpoint.js";
import { MapShadows, sitesOf } from "./page-cache.js";
import type { PageMap } from "./page-sites.js";
import { PAGE_STORE } from "./pages.js";
import { writeSnapshotChunks } from "./snapshot.js";
import { KERNEL_SNAPSHOT } from "./spec.js";
import type { StoreSummary } from "./store-v2.js";
import { storeV3Section } from "./store-v3.js";
import { storeV4Section } from "./store-v4.js";
import type { ParentResolver } from "./chain.js";
import { concatChunks } from "./format.js";

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
  /** pages whose bytes were hashed for this write: the stored ones, and tmpfs blocks checked for changes */
  hashed: number;
}

interface Parent {
  /** the parent file's identity (its trailer) */
  id: Uint8Array;
  name: string;
}

/** Incremental checkpoints of one machine: the parent and what changed since (host-side, never state). */
export class CheckpointTracker {
  private shadows = new MapShadows();
  private parent: Parent | null = null;
  /** the last write, or null */
  last: CheckpointInfo | null = null;

  /** The snapshot file of `kernel` now (see ChainCheckpointOptions). */
  write(kernel: Kernel, opts: ChainCheckpointOptions = {}): Uint8Array {
    return concatChunks(this.writeChunks(kernel, opts));
  }

  /**
   * The same file as chunks to write one after the other (snapshot/format.ts layout): the pages are
   * the machine's own page objects, not copies, so the chunks are valid only until the machine runs
   * again — write them at once (snapshot/host-file.ts writeFileAtomic takes chunks).
   */
  writeChunks(kernel: Kernel, opts: ChainCheckpointOptions = {}): Uint8Array[] {
    const codec: PageCodec | null = pickCodec(opts.compress ?? DEFAULT_COMPRESSION);
    const track = opts.track ?? true;
    const parent = opts.incremental ? this.parent : null;
    const outside = outsideOf(kernel, opts.outside);
    let chunks: Uint8Array[];
    let summary: StoreSummary;
    let hashed: number;
    if (parent) {
      // Store v4: the page maps as changes since the parent, the other sections with the maps empty.
      const now = sitesOf(kernel);
      const delta = this.shadows.delta(now);
      const section = storeV4Section(PAGE_STORE, { codec, parent, mapped: delta.mapped, sites: delta.sites, stored: delta.stored });
      const maps = now.sites.map((x) => x.map);
      const empty: PageMap = new Map(); // only read by the encoder
      for (const x of now.sites) x.set(empty);
      try {
        chunks = writeSnapshotChunks(KERNEL_SNAPSHOT, kernel.config, outside, kernel.state, { section: () => section });
      } finally {
        now.sites.forEach((x, i) => x.set(maps[i]!));
      }
      summary = { pages: delta.mapped, stored: delta.stored.length, dataBytes: codec && delta.stored.length > 0 ? section.chunks[1]!.length : delta.stored.length * 4096 };
      hashed = delta.stored.length;
      if (track) this.shadows.commit(delta);
    } else {
      let s: StoreSummary | null = null;
      chunks = writeSnapshotChunks(KERNEL_SNAPSHOT, kernel.config, outside, kernel.state, {
        section: (w) => {
          const n = w.count;
          const section = storeV3Section(PAGE_STORE, { codec, parent: null, count: n, runs: n > 0 ? [0, n] : [], stored: w.stored });
          s = { pages: n, stored: n, dataBytes: codec && n > 0 ? section.chunks[1]!.length : n * 4096 };
          return section;
        },
      });
      summary = s as unknown as StoreSummary;
      hashed = summary.stored;
      if (track) this.shadows.recordAll(sitesOf(kernel));
    }
    const id = chunks[chunks.length - 1]!;
    this.last = {
      ...summary,
      id: fileId(id),
      parent: parent ? { id: fileId(parent.id), name: parent.name } : null,
      compress: codec?.name ?? "none",
      bytes: chunks.reduce((n, c) => n + c.length, 0),
      hashed,
    };
    if (track) this.parent = { id: id.slice(), name: opts.name ?? "" };
    return chunks;
  }

  /**
   * Make `file` (restored by the caller into `kernel`, which has not run since) the parent of the next
   * incremental write: the machine's maps are the file's, in the file's order. Without `kernel` the
   * next incremental write stores every page. (`parents` is accepted for callers of the v3 era; the
   * file's pages are never read again.)
   */
  adopt(file: Uint8Array, name = "", _parents?: ParentResolver, kernel?: Kernel): void {
    this.parent = { id: file.subarray(file.length - 32).slice(), name };
    if (kernel) this.shadows.recordAll(sitesOf(kernel));
    else this.shadows.clear();
  }

  /** No parent: the next incremental write is a full one. */
  forget(): void {
    this.parent = null;
  }

  /**
   * Forget everything, what is known about unchanged pages included: for someone who cleared the
   * machine's dirty bits (live migration: machine/migrate-send.ts), after which nothing can be trusted.
   * The next incremental write is a full one.
   */
  invalidate(): void {
    this.shadows.clear();
    this.forget();
    this.last = null;
  }

  /** Is there a parent for an incremental write? */
  get hasParent(): boolean {
    return this.parent !== null;
  }
}
