// The page store: every distinct 4 KiB page of guest memory stored once.
//
// Sections that hold `pages` fields (process address spaces, tmpfs file blocks)
// do not carry page bytes; each page is a reference into this store: 0 = a page
// of zeros (never stored — a touched but all-zero page costs one byte), n ≥ 1 =
// the n-th stored page. Pages are numbered in first-use order while the
// sections are encoded, so the same machine always gives the same store
// (canonical bytes).
//
// Written as store v3 (snapshot/store-v3.ts) by full snapshots (an incremental
// one is store v4, snapshot/store-v4.ts): pages deduplicated by content
// (snapshot/page-index.ts), the whole store covered by one SHA-256 computed in
// a single pass. Read: v3, and v1 as earlier releases wrote it —
// `uint count | count × SHA-256 | count × 4096 bytes`, whose directory checksum
// is the SHA-256 of `uint count | hashes` and each page checked against its own
// hash. (v2 and incremental v3 stores are first resolved by snapshot/chain.ts.)

import { ByteReader, StateError, sha256, toHex } from "../state/index.js";
import { SnapshotError, sectionLabel } from "./errors.js";
import type { SectionIn, SectionOut } from "./format.js";
import { PAGE, PageIndex, isZeroPage } from "./page-index.js";
import { PAGE_STORE_V3, checkPages, pagesOfV3, readHeadV3, storeV3Section } from "./store-v3.js";
import { PAGE_STORE_V4 } from "./store-v4.js";

export const PAGE_STORE = "pages";
/** The version this build writes. */
export const PAGE_STORE_VERSION = PAGE_STORE_V4;
/** The layout of what this build writes (full files v3, incremental ones v4), for the schema lock (snapshot/spec.ts). */
export const PAGE_STORE_LAYOUT =
  "full: v3 string codec | u8 hasParent | [32 parentId, string parentName] | uint count | uint runs | runs × (uint from, uint length) | uint dataLength | data; " +
  "incremental: v4 string codec | 32 parentId | string parentName | uint mapped | uint sites | sites × (uint base, uint n, n × (uint vpnGap, uint ref)) | uint stored | uint dataLength | data (page maps of the other sections empty)";
const HASH = 32;
const ZERO_HASH = sha256(new Uint8Array(PAGE));

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < HASH; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Collects pages while sections are encoded; `sink` is the codec's page hook. No per-page map of page
 * objects: a page shared by several address spaces (copy-on-write) is found by its key like an equal
 * page, and the byte comparison stops at once for the very same object (snapshot/page-index.ts).
 */
export class PageStoreWriter {
  private readonly pages: Uint8Array[] = [];
  private readonly index = new PageIndex((n) => this.pages[n - 1]!);
  /** pages referenced (with repeats), for inspect-style statistics */
  referenced = 0;

  /** The codec hook: returns the page's reference (0 for zeros). Keeps the page, does not copy it. */
  readonly sink = (page: Uint8Array): number => {
    this.referenced++;
    if (isZeroPage(page)) return 0;
    const n = this.pages.length + 1;
    const same = this.index.findOrAdd(page, n);
    if (same !== 0) return same;
    this.pages.push(page);
    return n;
  };

  /** Distinct non-zero pages stored. */
  get count(): number {
    return this.pages.length;
  }

  /** The distinct pages in reference order (page i has reference i + 1). */
  get stored(): readonly Uint8Array[] {
    return this.pages;
  }

  /** The full store as a section (payload in chunks: the pages themselves, copied only by whoever assembles the file). */
  section(): SectionOut {
    const n = this.pages.length;
    return storeV3Section(PAGE_STORE, { codec: null, parent: null, count: n, runs: n > 0 ? [0, n] : [], stored: this.pages });
  }
}

/** Reads a verified store and hands out copies of its pages to the decoder, checking canonical use. */
export class PageStoreReader {
  private readonly count: number;
  private readonly store: Uint8Array;
  /** "section "pages" (vN)", for messages */
  private readonly label: string;
  private nextNew = 1;
  /** The page object handed out for each stored page (all references share it). */
  private readonly views: Uint8Array[] = [];
  /** page references decoded so far (with repeats, zero pages included) */
  referencedCount = 0;

  /**
   * A store section (v1, or a full v3 one), or the page list of a store resolved through its chain
   * (snapshot/chain.ts, already verified). Verifies v1's hash table and every page against its hash,
   * v3's checksum; no duplicates, no page of zeros. The pages are copied once (the file is not aliased).
   */
  constructor(input: SectionIn | readonly Uint8Array[]) {
    this.label = "payload" in input ? sectionLabel(input.name, input.version) : sectionLabel(PAGE_STORE, PAGE_STORE_V3);
    if (!("payload" in input) || input.version === PAGE_STORE_V3) {
      const pages = "payload" in input ? pagesOfV3(input, readHeadV3(input), null) : input;
      this.count = pages.length;
      this.store = new Uint8Array(this.count * PAGE);
      pages.forEach((p, i) => this.store.set(p, i * PAGE));
      checkPages(this.list(), this.label); // on the aligned copy: the checks read words
      return;
    }
    const s = input;
    const where = this.label;
    if (s.version !== 1) {
      throw new SnapshotError(`${where}: unsupported version (this cryobox reads v1 to v${PAGE_STORE_VERSION})`, s.name);
    }
    const r = new ByteReader(s.payload);
    let count: number;
    try {
      count = r.uint("$.pages.count");
    } catch (e) {
      throw new SnapshotError(`${where}: ${(e as StateError).message}`, s.name);
    }
    const tableEnd = r.pos + count * HASH;
    if (tableEnd > s.payload.length || s.payload.length - tableEnd !== count * PAGE) {
      throw new SnapshotError(`${where}: $.pages.count: ${count} pages do not fit the ${s.payload.length}-byte section`, s.name, "$.pages.count");
    }
    if (toHex(sha256(s.payload.subarray(0, tableEnd))) !== s.sha256) {
      throw new SnapshotError(`${where}: checksum mismatch (the page table is damaged)`, s.name);
    }
    const seen = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const want = s.payload.subarray(r.pos + i * HASH, r.pos + (i + 1) * HASH);
      const page = s.payload.subarray(tableEnd + i * PAGE, tableEnd + (i + 1) * PAGE);
      const ok = sha256(page);
      if (!sameHash(ok, want)) {
        throw new SnapshotError(`${where}: page ${i + 1}: checksum mismatch (the page is damaged)`, s.name, `$.pages[${i + 1}]`);
      }
      const hex = toHex(ok);
      if (sameHash(ok, ZERO_HASH) || seen.has(hex)) {
        throw new SnapshotError(`${where}: page ${i + 1}: stored twice or all zeros (not canonical)`, s.name, `$.pages[${i + 1}]`);
      }
      seen.set(hex, i);
    }
    this.count = count;
    // One copy of all pages; every use of a page is the same view into it (source).
    this.store = s.payload.slice(tableEnd);
  }

  /** One page of zeros for every zero reference (shared, like every repeated page: see source). */
  private zero: Uint8Array | null = null;

  /**
   * The codec hook: page `ref`. Every reference to the same stored page (and every zero reference)
   * gets the same page object, so a restore allocates each distinct page once; the kernel counts
   * the sharing in its page store (cpu/page-store.ts) and copies a shared page before writing it.
   * Whoever mutates decoded pages outside a kernel must copy them first.
   */
  readonly source = (ref: number, path: string): Uint8Array => {
    this.referencedCount++;
    if (ref === 0) return (this.zero ??= new Uint8Array(PAGE));
    if (ref > this.count) throw new StateError(path, `page reference ${ref} is outside the store (${this.count} pages)`);
    if (ref > this.nextNew) throw new StateError(path, `page reference ${ref} used before ${this.nextNew} (not canonical)`);
    const at = (ref - 1) * PAGE;
    if (ref === this.nextNew) this.nextNew++;
    return (this.views[ref - 1] ??= this.store.subarray(at, at + PAGE));
  };

  /** After decoding everything: every stored page was used (no orphans). */
  finish(): void {
    if (this.nextNew !== this.count + 1) {
      throw new SnapshotError(`${this.label}: ${this.count - this.nextNew + 1} stored page(s) are never used (not canonical)`, PAGE_STORE);
    }
  }

  /** Every stored page, in reference order (views into the reader's one copy; chains and merge read them). */
  list(): Uint8Array[] {
    return Array.from({ length: this.count }, (_, i) => this.store.subarray(i * PAGE, (i + 1) * PAGE));
  }

  /** Distinct non-zero pages in the store. */
  get size(): number {
    return this.count;
  }
}
