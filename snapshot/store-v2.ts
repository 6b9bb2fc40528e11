// Page store version 2 (read only: this build writes v3, snapshot/store-v3.ts):
// the v1 page store (snapshot/pages.ts) with two optional features, each
// recorded in the file — compressed page data, and a parent (an incremental
// snapshot stores only the pages its ancestors lack, found by hash).
//
// Files with neither feature were written as page store v1. The hash table is
// the same as in v1 (every page the machine references, in first-use order).
//
// Payload of "pages" v2:
//   string codec                      "" = raw page bytes
//   u8 hasParent                      0 | 1
//   [32 bytes parentId, string name]  parent's file identity (its trailer) and its file name, a hint
//   uint count, count × SHA-256       the hash table, as v1
//   [uint newCount, newCount × uint]  incremental only: references stored here, strictly ascending
//   uint dataLength, data             stored pages concatenated (all of them for a full file), maybe compressed
// The directory checksum is SHA-256 of everything before `data`; each stored
// page is checked against its hash after decompression. Canonical: an
// incremental file stores exactly the pages whose hash its parent's table lacks.

import { ByteReader, ByteWriter, StateError, sha256, toHex } from "../state/index.js";
import { CodecError, codecByName } from "./compress.js";
import { SnapshotError, sectionLabel } from "./errors.js";
import type { SectionIn } from "./format.js";

export const PAGE_STORE_V2 = 2;
const PAGE = 4096;
const HASH = 32;

function same(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < HASH; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What the store of a written file holds (for the tracker and lastCheckpoint). */
export interface StoreSummary {
  /** distinct non-zero pages the machine references */
  pages: number;
  /** pages whose bytes this file holds (all of them for a full snapshot) */
  stored: number;
  /** bytes of page data in the file (after compression) */
  dataBytes: number;
}

/** The head of a v2 store, parsed and checked against its checksum (no page data touched). */
export interface StoreHead {
  codec: string;
  parent: { id: string; name: string } | null;
  count: number;
  /** the hash table: count × 32 bytes */
  table: Uint8Array;
  /** references stored in this file (ascending); null = all (not incremental) */
  refs: number[] | null;
  data: Uint8Array;
}

function fail(s: SectionIn, path: string, problem: string): never {
  throw new SnapshotError(`${sectionLabel(s.name, s.version)}: ${path}: ${problem}`, s.name, path);
}

/** Parse a v1 or v2 store's head (v1: no codec, no parent, all pages stored raw). */
export function readStoreHead(s: SectionIn): StoreHead {
  const where = sectionLabel(s.name, s.version);
  if (s.version !== 1 && s.version !== PAGE_STORE_V2) {
    throw new SnapshotError(`${where}: unsupported version (this cryobox reads v1 and v${PAGE_STORE_V2})`, s.name);
  }
  const r = new ByteReader(s.payload);
  try {
    if (s.version === 1) {
      const count = r.uint("$.pages.count");
      if (count > (s.payload.length - r.pos) / (HASH + PAGE)) fail(s, "$.pages.count", `${count} pages do not fit the ${s.payload.length}-byte section`);
      const table = s.payload.subarray(r.pos, r.pos + count * HASH);
      return { codec: "", parent: null, count, table, refs: null, data: s.payload.subarray(r.pos + count * HASH) };
    }
    const codec = r.string("$.pages.codec");
    const hasParent = r.u8("$.pages.hasParent");
    if (hasParent > 1) fail(s, "$.pages.hasParent", `${hasParent} is neither 0 nor 1`);
    const parent = hasParent === 1 ? { id: toHex(r.raw(HASH, "$.pages.parent")), name: r.string("$.pages.parentName") } : null;
    const count = r.uint("$.pages.count");
    if (count > (s.payload.length - r.pos) / HASH) fail(s, "$.pages.count", `${count} hashes do not fit the ${s.payload.length}-byte section`);
    const table = s.payload.subarray(r.pos, r.pos + count * HASH);
    r.pos += count * HASH;
    let refs: number[] | null = null;
    if (parent) {
      const n = r.uint("$.pages.stored");
      if (n > count) fail(s, "$.pages.stored", `${n} stored pages but only ${count} in the table`);
      refs = [];
      for (let i = 0; i < n; i++) {
        const ref = r.uint(`$.pages.stored[${i}]`);
        if (ref < 1 || ref > count || (i > 0 && ref <= refs[i - 1]!)) fail(s, `$.pages.stored[${i}]`, `reference ${ref} is out of range or order`);
        refs.push(ref);
      }
    }
    const dataLength = r.uint("$.pages.dataLength");
    if (dataLength !== r.remaining) fail(s, "$.pages.dataLength", `${dataLength} bytes of page data, the section has ${r.remaining}`);
    if (toHex(sha256(s.payload.subarray(0, r.pos))) !== s.sha256) throw new SnapshotError(`${where}: checksum mismatch (the page table is damaged)`, s.name);
    const stored = refs ? refs.length : count;
    if (codec === "" && dataLength !== stored * PAGE) fail(s, "$.pages.dataLength", `${dataLength} bytes do not hold ${stored} pages`);
    return { codec, parent, count, table, refs, data: s.payload.subarray(r.pos) };
  } catch (e) {
    if (e instanceof StateError) throw new SnapshotError(`${where}: ${e.path}: ${e.problem}`, s.name, e.path);
    throw e;
  }
}

/**
 * The pages of a chain by hash, from its root up to some file: what the next file finds in its
 * ancestors. An incremental file may use a page of any ancestor (the writer knows them as one set).
 */
export class PageTable {
  private readonly byPrefix = new Map<number, { hash: Uint8Array; page: Uint8Array }[]>();
  private static key(h: Uint8Array): number {
    return h[0]! + h[1]! * 0x100 + h[2]! * 0x10000 + h[3]! * 0x1000000 + h[4]! * 0x100000000 + h[5]! * 0x10000000000;
  }
  find(hash: Uint8Array): Uint8Array | undefined {
    return this.byPrefix.get(PageTable.key(hash))?.find((e) => same(e.hash, hash))?.page;
  }
  has(hash: Uint8Array): boolean {
    return this.find(hash) !== undefined;
  }
  add(hash: Uint8Array, page: Uint8Array): void {
    const k = PageTable.key(hash);
    const list = this.byPrefix.get(k);
    if (!list) this.byPrefix.set(k, [{ hash, page }]);
    else if (!list.some((e) => same(e.hash, hash))) list.push({ hash, page });
  }
}

/** Page bytes of a stored page list (decompressed), each checked later by PageStoreReader. */
function storedBytes(s: SectionIn, head: StoreHead): Uint8Array {
  const n = head.refs ? head.refs.length : head.count;
  if (head.codec === "") return head.data;
  if (n === 0 && head.data.length === 0) return head.data; // nothing stored: the writer compresses nothing
  const codec = codecByName(head.codec);
  if (!codec) throw new SnapshotError(`${sectionLabel(s.name, s.version)}: page data compressed with "${head.codec}", which this cryobox does not have`, s.name, "$.pages.codec");
  try {
    const out = codec.decompress(head.data, n * PAGE);
    if (out.length !== n * PAGE) throw new CodecError(`${out.length} bytes instead of ${n * PAGE}`);
    return out;
  } catch (e) {
    // A codec says damage with CodecError (host codecs wrap their library's errors); anything else is a bug.
    if (e instanceof CodecError) {
      throw new SnapshotError(`${sectionLabel(s.name, s.version)}: $.pages.data: damaged ${head.codec} data (${e.message})`, s.name, "$.pages.data");
    }
    throw e;
  }
}

/**
 * Turn a v2 store (given its parent's pages when incremental) into the v1 store of the same machine, which
 * PageStoreReader then verifies page by page. A v1 store is returned as it is.
 */
export function expandStore(s: SectionIn, parent: PageTable | null): SectionIn {
  // `parent`: the pages of every ancestor (PageTable), for an incremental store.
  if (s.version === 1) return s;
  const head = readStoreHead(s);
  const bytes = storedBytes(s, head);
  const w = new ByteWriter(16);
  w.uint(head.count);
  const countBytes = w.finish();
  const tableEnd = countBytes.length + head.count * HASH;
  const payload = new Uint8Array(tableEnd + head.count * PAGE);
  payload.set(countBytes, 0);
  payload.set(head.table, countBytes.length);
  if (!head.refs) {
    payload.set(bytes, tableEnd);
  } else {
    if (!parent) throw new SnapshotError(`${sectionLabel(s.name, s.version)}: an incremental snapshot needs its parent (none was given)`, s.name);
    let next = 0;
    for (let i = 0; i < head.count; i++) {
      const hash = head.table.subarray(i * HASH, (i + 1) * HASH);
      const at = tableEnd + i * PAGE;
      if (next < head.refs.length && head.refs[next] === i + 1) {
        if (parent.has(hash)) fail(s, `$.pages.stored[${next}]`, `page ${i + 1} is stored but an ancestor has it (not canonical)`);
        payload.set(bytes.subarray(next * PAGE, (next + 1) * PAGE), at);
        next++;
      } else {
        const page = parent.find(hash);
        if (!page) fail(s, `$.pages[${i + 1}]`, "the page is in neither this file nor its ancestors (the chain is not the one this file was written against)");
        payload.set(page, at);
      }
    }
  }
  return { name: s.name, version: 1, sha256: toHex(sha256(payload.subarray(0, tableEnd))), payload };
}

/**
 * Add the pages an ancestor stores to `table`, each checked against its hash (a damaged page of any link
 * is found, used or not), after checking the file stores exactly what its own ancestors lack (canonical).
 */
export function absorbStore(s: SectionIn, table: PageTable): void {
  const head = readStoreHead(s);
  const bytes = storedBytes(s, head);
  const refs = head.refs;
  let next = 0;
  for (let i = 0; i < head.count; i++) {
    const hash = head.table.subarray(i * HASH, (i + 1) * HASH);
    const isStored = refs ? next < refs.length && refs[next] === i + 1 : true;
    if (!isStored) {
      if (!table.has(hash)) fail(s, `$.pages[${i + 1}]`, "the page is in neither this file nor its ancestors");
      continue;
    }
    if (refs && table.has(hash)) fail(s, `$.pages.stored[${next}]`, `page ${i + 1} is stored but an ancestor has it (not canonical)`);
    const page = bytes.subarray(next * PAGE, (next + 1) * PAGE);
    if (!same(sha256(page), hash)) fail(s, `$.pages[${i + 1}]`, "checksum mismatch (the page is damaged)");
    table.add(hash, page);
    next++;
  }
}
