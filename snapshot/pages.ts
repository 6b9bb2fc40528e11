// The page store: every distinct 4 KiB page of guest memory stored once.
//
// Sections that hold `pages` fields (process address spaces) do not carry page
// bytes; each page is a reference into this store: 0 = a page of zeros (never
// stored — a touched but all-zero page costs one byte), n ≥ 1 = the n-th stored
// page. Pages are numbered in first-use order while the sections are encoded,
// so the same machine always gives the same store (canonical bytes).
//
// Payload of the "pages" section:  uint count | count × SHA-256 | count × 4096 bytes.
// Its directory checksum is the SHA-256 of `uint count | hashes` only, and each
// page is checked against its own hash: the pages are hashed exactly once on
// write (the hash is also the dedup key) and once on read.

import { ByteReader, ByteWriter, sha256, StateError, toHex } from "../state/index.js";
import { SnapshotError, sectionLabel } from "./errors.js";
import type { SectionIn, SectionOut } from "./format.js";

export const PAGE_STORE = "pages";
export const PAGE_STORE_VERSION = 1;
const PAGE = 4096;
const HASH = 32;
const ZERO_HASH = sha256(new Uint8Array(PAGE));

/** A number from the first 48 bits of a hash: a cheap map key (full hashes are compared on a hit). */
function prefixOf(h: Uint8Array): number {
  return h[0]! + h[1]! * 0x100 + h[2]! * 0x10000 + h[3]! * 0x1000000 + h[4]! * 0x100000000 + h[5]! * 0x10000000000;
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < HASH; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Distinct hashes → index, keyed by prefix; a (practically impossible) prefix clash just scans a short list. */
class HashIndex {
  private readonly byPrefix = new Map<number, number[]>();
  constructor(private readonly hashes: Uint8Array[]) {}
  find(h: Uint8Array): number | undefined {
    return this.byPrefix.get(prefixOf(h))?.find((i) => sameHash(this.hashes[i]!, h));
  }
  add(h: Uint8Array, i: number): void {
    const k = prefixOf(h);
    const list = this.byPrefix.get(k);
    if (list) list.push(i);
    else this.byPrefix.set(k, [i]);
  }
}

/** Collects pages while sections are encoded; `sink` is the codec's page hook. */
export class PageStoreWriter {
  private readonly pages: Uint8Array[] = [];
  private readonly hashes: Uint8Array[] = [];
  private readonly index = new HashIndex(this.hashes);
  /**
   * References already computed for a page object: address spaces share page objects
   * (copy-on-write after fork or restore), and nothing changes a page during one encode, so a
   * shared page is hashed once however many processes map it.
   */
  private readonly byObject = new Map<Uint8Array, number>();
  /** pages referenced (with repeats), for inspect-style statistics */
  referenced = 0;

  /** `hashOf`: SHA-256 of a page; a caller may pass a cache of it (snapshot/page-cache.ts). */
  constructor(private readonly hashOf: (page: Uint8Array) => Uint8Array = sha256) {}

  /** The codec hook: returns the page's reference (0 for zeros). Keeps the page, does not copy it. */
  readonly sink = (page: Uint8Array): number => {
    this.referenced++;
    const known = this.byObject.get(page);
    if (known !== undefined) return known;
    const ref = this.refOf(page);
    this.byObject.set(page, ref);
    return ref;
  };

  private refOf(page: Uint8Array): number {
    const hash = this.hashOf(page);
    if (sameHash(hash, ZERO_HASH)) return 0;
    const i = this.index.find(hash);
    if (i !== undefined) return i + 1;
    this.pages.push(page);
    this.hashes.push(hash);
    this.index.add(hash, this.hashes.length - 1);
    return this.pages.length;
  }

  /** Distinct non-zero pages stored. */
  get count(): number {
    return this.pages.length;
  }

  /** The stored pages and their hashes, in reference order (page i has reference i + 1): store v2 and chains read them. */
  get stored(): { readonly pages: readonly Uint8Array[]; readonly hashes: readonly Uint8Array[] } {
    return { pages: this.pages, hashes: this.hashes };
  }

  /** The store as a section (payload in chunks; the page bytes are copied only by assemble). */
  section(): SectionOut {
    const w = new ByteWriter(16 + this.hashes.length * HASH);
    w.uint(this.pages.length);
    for (const h of this.hashes) w.raw(h);
    const head = w.finish();
    return { name: PAGE_STORE, version: PAGE_STORE_VERSION, chunks: [head, ...this.pages], sha256: sha256(head) };
  }
}

/** Reads a verified store and hands out copies of its pages to the decoder, checking canonical use. */
export class PageStoreReader {
  private readonly count: number;
  private readonly store: Uint8Array;
  private nextNew = 1;
  /** The page object handed out for each stored page (all references share it). */
  private readonly views: Uint8Array[] = [];
  /** page references decoded so far (with repeats, zero pages included) */
  referencedCount = 0;

  /** Parse and verify the store: its hash table, every page against its hash, no duplicates, no zero page. */
  constructor(private readonly s: SectionIn) {
    const where = sectionLabel(s.name, s.version);
    if (s.version !== PAGE_STORE_VERSION) {
      throw new SnapshotError(`${where}: unsupported version (this cryobox reads v${PAGE_STORE_VERSION})`, s.name);
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
    const hashes: Uint8Array[] = [];
    const seen = new HashIndex(hashes);
    for (let i = 0; i < count; i++) {
      const want = s.payload.subarray(r.pos + i * HASH, r.pos + (i + 1) * HASH);
      const page = s.payload.subarray(tableEnd + i * PAGE, tableEnd + (i + 1) * PAGE);
      const ok = sha256(page);
      if (!ok.every((b, j) => b === want[j])) {
        throw new SnapshotError(`${where}: page ${i + 1}: checksum mismatch (the page is damaged)`, s.name, `$.pages[${i + 1}]`);
      }
      if (sameHash(ok, ZERO_HASH) || seen.find(ok) !== undefined) {
        throw new SnapshotError(`${where}: page ${i + 1}: stored twice or all zeros (not canonical)`, s.name, `$.pages[${i + 1}]`);
      }
      hashes.push(ok);
      seen.add(ok, i);
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
      throw new SnapshotError(
        `${sectionLabel(this.s.name, this.s.version)}: ${this.count - this.nextNew + 1} stored page(s) are never used (not canonical)`,
        this.s.name,
      );
    }
  }

  /** Distinct non-zero pages in the store. */
  get size(): number {
    return this.count;
  }
}
