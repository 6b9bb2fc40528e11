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
import { chainPages, fileId } from "./chain.js";
import type { OutsideHint } from "./outside.js";
import { outsideOf } from "./checkpoint.js";
import { CleanPages } from "./page-cache.js";
import { PAGE_STORE, PageStoreWriter } from "./pages.js";
import { writeSnapshotChunks } from "./snapshot.js";
import { KERNEL_SNAPSHOT } from "./spec.js";
import type { StoreSummary } from "./store-v2.js";
import { runsOf, storeV3Section } from "./store-v3.js";
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

/** A changed page equals an unchanged one: write again without the shortcut (CheckpointTracker.writeChunks). */
class WriteAgain extends Error {}

interface Parent {
  /** the parent file's identity (its trailer) */
  id: Uint8Array;
  name: string;
}

/** Incremental checkpoints of one machine: the parent and which pages are unchanged since (host-side, never state). */
export class CheckpointTracker {
  private clean = new CleanPages();
  private parent: Parent | null = null;
  /** pages in the parent's list (what `clean` numbers refer to) */
  private lastCount = 0;
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
    this.clean.hashed = 0;
    this.clean.sync(kernel, track && !(opts.incremental && this.hasParent)); // a tracked full write replaces what is known
    const parent = opts.incremental ? this.parentNow(kernel) : null;
    if (parent) {
      // Pages unchanged since the parent are not looked at; if a changed page turns out equal to one of
      // them (rare: a store must not hold it twice), the file is written again looking at every page.
      try {
        return this.encode(kernel, opts, codec, track, parent, true);
      } catch (e) {
        if (!(e instanceof WriteAgain)) throw e;
      }
    }
    return this.encode(kernel, opts, codec, track, parent, false);
  }

  private encode(kernel: Kernel, opts: ChainCheckpointOptions, codec: PageCodec | null, track: boolean, parent: Parent | null, fast: boolean): Uint8Array[] {
    let summary: StoreSummary | null = null;
    let written: PageStoreWriter | null = null;
    const store = fast ? new PageStoreWriter((p) => this.clean.refOf(p), this.lastCount) : undefined;
    const chunks = writeSnapshotChunks(KERNEL_SNAPSHOT, kernel.config, outsideOf(kernel, opts.outside), kernel.state, {
      store,
      section: (w) => {
        const pages = w.stored;
        let runs: number[] = pages.length > 0 ? [0, pages.length] : [];
        let stored: readonly Uint8Array[] = pages;
        if (fast) {
          if (w.conflicts((p) => this.clean.keyOf(p))) throw new WriteAgain();
          runs = runsOf(w.from);
          stored = pages.filter((_, i) => w.from[i] === 0);
        } else if (parent) {
          // Each page unchanged since the parent is named by its place there; the others are stored.
          const from = new Int32Array(pages.length);
          for (const [page, ref] of w.byObject) {
            if (ref === 0 || from[ref - 1] !== 0) continue;
            const was = this.clean.refOf(page);
            if (was !== undefined) from[ref - 1] = was;
          }
          runs = runsOf(from);
          stored = pages.filter((_, i) => from[i] === 0);
        }
        const section = storeV3Section(PAGE_STORE, { codec, parent, count: pages.length, runs, stored });
        const dataBytes = codec && stored.length > 0 ? section.chunks[1]!.length : stored.length * 4096;
        summary = { pages: pages.length, stored: stored.length, dataBytes };
        written = w;
        return section;
      },
    });
    const s = summary as unknown as StoreSummary;
    const id = chunks[chunks.length - 1]!;
    this.last = {
      ...s,
      id: fileId(id),
      parent: parent ? { id: fileId(parent.id), name: parent.name } : null,
      compress: codec?.name ?? "none",
      bytes: chunks.reduce((n, c) => n + c.length, 0),
      hashed: s.stored + this.clean.hashed,
    };
    if (track) {
      this.adopted = null;
      const w = written as unknown as PageStoreWriter;
      if (fast) this.clean.recordIncremental(w.byObject, w.parentRefs, w.keys);
      else this.clean.record(w.byObject, s.pages, w.keys);
      this.lastCount = s.pages;
      this.parent = { id: id.slice(), name: opts.name ?? "" };
    }
    return chunks;
  }

  /**
   * Make `file` (already restored or verified by the caller) the parent of the next incremental write. Its
   * pages are read from the file and its ancestors (found with `parents`) only when that write comes, so a
   * restore pays nothing for it.
   */
  adopt(file: Uint8Array, name = "", parents?: ParentResolver): void {
    this.parent = null;
    this.adopted = { file, name, parents };
  }

  private adopted: { file: Uint8Array; name: string; parents: ParentResolver | undefined } | null = null;

  /** The parent of an incremental write now: an adopted file's pages are found by content in the machine (once). */
  private parentNow(kernel: Kernel): Parent | null {
    const a = this.adopted;
    if (!a) return this.parent;
    this.adopted = null;
    const list = chainPages(a.file, a.parents);
    this.clean.seed(kernel, list);
    this.lastCount = list.length;
    this.parent = { id: a.file.subarray(a.file.length - 32).slice(), name: a.name };
    return this.parent;
  }

  /** No parent: the next incremental write is a full one. */
  forget(): void {
    this.parent = null;
    this.adopted = null;
  }

  /**
   * Forget everything, what is known about unchanged pages included: for someone who cleared the
   * machine's dirty bits (live migration: machine/migrate-send.ts), after which nothing can be trusted.
   * The next incremental write is a full one.
   */
  invalidate(): void {
    this.clean = new CleanPages();
    this.forget();
    this.last = null;
  }

  /** Is there a parent for an incremental write? */
  get hasParent(): boolean {
    return this.parent !== null || this.adopted !== null;
  }
}
