// Pages by content without hashing every byte: the dedup index of the page
// store (snapshot/pages.ts, store-v3.ts).
//
// A page's cheap key is a mix of 32 of its 1024 words; an equal key is only a
// candidate, confirmed by comparing all 4096 bytes, so two different pages are
// never merged. A guest can make many different pages share a key (they differ
// only off the sampled words), which would make every lookup compare against a
// long list; so a key that meets two different pages becomes "contested" and
// its pages are told apart by SHA-256 from then on (a guest cannot forge a
// SHA-256 collision): the worst case costs one SHA-256 per page — what every
// page cost before store v3 — and never a quadratic number of comparisons.

import { sha256, toHex } from "../state/index.js";

export const PAGE = 4096;
const WORDS = PAGE / 4;
const SAMPLES = 32;

/** Word offsets of the sampled words: spread over the page, none at the same place in each 128-byte line. */
const AT = Array.from({ length: SAMPLES }, (_, i) => (i * 67 + 13) % WORDS);

/** An aligned 32-bit view of a page, or null when its bytes are not 4-aligned (pages inside a file). */
function wordsOf(page: Uint8Array): Uint32Array | null {
  return page.byteOffset % 4 === 0 ? new Uint32Array(page.buffer, page.byteOffset, WORDS) : null;
}

/** Is every byte of the page zero? (Most pages are not, and say so in their first bytes: no view is made for them.) */
export function isZeroPage(page: Uint8Array): boolean {
  for (let i = 0; i < 64; i++) if (page[i] !== 0) return false;
  const w = wordsOf(page);
  if (!w) {
    for (let i = 64; i < PAGE; i++) if (page[i] !== 0) return false;
    return true;
  }
  for (let i = 16; i < WORDS; i++) if (w[i] !== 0) return false;
  return true;
}

/** Do two pages hold the same bytes? */
export function samePage(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  const x = wordsOf(a);
  const y = wordsOf(b);
  if (!x || !y) {
    for (let i = 0; i < PAGE; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  for (let i = 0; i < WORDS; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The cheap key: a 30-bit mix of the sampled words (a small integer: a fast Map key), read byte by byte (no view). */
export function pageKey(p: Uint8Array): number {
  let h = 0x2545f491;
  for (let i = 0; i < SAMPLES; i++) {
    const o = AT[i]! << 2;
    h = Math.imul(h ^ (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)), 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h & 0x3fffffff;
}

/**
 * Numbered distinct pages (numbers ≥ 1 chosen by the caller), found again by content. The keys live in
 * an open-addressing table of typed arrays (a Map<number, number> cost a third of a 64 MiB checkpoint).
 */
export class PageIndex {
  /** slot i: keys[i] = key + 1 (0: empty), nums[i] = the number of the one page with that key, or -1 when contested */
  private keys = new Int32Array(1024);
  private nums = new Int32Array(1024);
  private used = 0;
  /** pages of contested keys, by hex SHA-256 */
  private readonly bySha = new Map<string, number>();
  /** SHA-256 computations made (for tests: contested keys cost one per page) */
  hashed = 0;

  /** `pageOf(n)`: the bytes of page number n (as they are now). */
  constructor(private readonly pageOf: (n: number) => Uint8Array) {}

  private shaKey(page: Uint8Array): string {
    this.hashed++;
    return toHex(sha256(page));
  }

  /** The slot of key k: where it is, or the empty slot where it would go. */
  private slot(k: number): number {
    const mask = this.keys.length - 1;
    let i = k & mask;
    for (;;) {
      const e = this.keys[i]!;
      if (e === 0 || e === k + 1) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const nums = this.nums;
    this.keys = new Int32Array(2 * keys.length);
    this.nums = new Int32Array(2 * keys.length);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const j = this.slot(keys[i]! - 1);
      this.keys[j] = keys[i]!;
      this.nums[j] = nums[i]!;
    }
  }

  /** The number of a page with the same bytes as `page`, or 0 after indexing `page` as number `n` (≥ 1). */
  findOrAdd(page: Uint8Array, n: number): number {
    const k = pageKey(page);
    let i = this.slot(k);
    if (this.keys[i] === 0) {
      // A new key (the common case: one probe). The table is kept at most half full.
      if (2 * (this.used + 1) > this.keys.length) {
        this.grow();
        i = this.slot(k);
      }
      this.keys[i] = k + 1;
      this.nums[i] = n;
      this.used++;
      return 0;
    }
    const e = this.nums[i]!;
    if (e > 0) {
      const other = this.pageOf(e);
      if (samePage(other, page)) return e;
      this.nums[i] = -1; // two different pages: this key is told apart by SHA-256 from now on
      this.bySha.set(this.shaKey(other), e);
    }
    const s = this.shaKey(page);
    const hit = this.bySha.get(s);
    // Equal SHA-256 with different bytes cannot be forged; if it ever happened the page would stay apart, never merged.
    if (hit !== undefined && samePage(this.pageOf(hit), page)) return hit;
    if (hit === undefined) this.bySha.set(s, n);
    return 0;
  }
}
