// Page store version 3: no hash per page. The store is a plain section (its
// directory checksum is the SHA-256 of the whole payload, page data included),
// so a writer hashes the pages it stores in one pass and a reader verifies
// them the same way; pages are deduplicated by content (snapshot/page-index.ts:
// a cheap key, then a byte comparison), and an incremental store names the
// pages it shares with its parent by their place in the parent's page list
// instead of by hash.
//
// Payload of "pages" v3:
//   string codec                      "" = raw page bytes
//   u8 hasParent                      0 | 1
//   [32 bytes parentId, string name]  the parent file's identity (its trailer) and file name (a hint)
//   uint count                        distinct non-zero pages the machine references (first-use order)
//   uint runs, runs × (uint from, uint length)
//                                     where the count pages come from, in order: from = 0 → the next
//                                     `length` pages stored here; from = j ≥ 1 → the parent's pages
//                                     j … j + length − 1 (its own list of `count` pages)
//   uint dataLength, data             the stored pages concatenated, maybe compressed
//
// Canonical form: runs are non-empty, two neighbours never form one run, a full
// store (no parent) is the single run (0, count); the resolved list holds no
// page of zeros and no page twice. A full store is therefore the same bytes
// for the same machine, whoever writes it (checkpoint, merge, digest). An
// incremental one shares what the writer knows to be unchanged since its
// parent (snapshot/page-cache.ts) and stores the rest.

import { ByteReader, ByteWriter, StateError, sha256Of, toHex } from "../state/index.js";
import { CodecError, type PageCodec, codecByName } from "./compress.js";
import { SnapshotError, sectionLabel } from "./errors.js";
import type { SectionIn, SectionOut } from "./format.js";
import { PAGE, PageIndex, isZeroPage } from "./page-index.js";

export const PAGE_STORE_V3 = 3;
const HASH = 32;
/** More pages than a 32-bit address space holds is a forgery (the codec's own bound for one `pages` field). */
const MAX_PAGES = 0x100000;
/** No codec here expands more than this (deflate's limit is ≈ 1032:1): a larger claim is a forged bomb. */
const MAX_RATIO = 1100;

/** What a v3 store holds, as its writer gives it. */
export interface StoreV3 {
  codec: PageCodec | null;
  parent: { id: Uint8Array; name: string } | null;
  count: number;
  /** (from, length) pairs, canonical (see the header) */
  runs: readonly number[];
  /** the pages stored here, in order */
  stored: readonly Uint8Array[];
}

/** The section of a v3 store. The page data is passed as the pages themselves (no copy) unless compressed. */
export function storeV3Section(name: string, s: StoreV3): SectionOut {
  const head = new ByteWriter(64 + s.runs.length * 4);
  head.string(s.codec?.name ?? "");
  head.u8(s.parent ? 1 : 0);
  if (s.parent) {
    head.raw(s.parent.id);
    head.string(s.parent.name);
  }
  head.uint(s.count);
  head.uint(s.runs.length / 2);
  for (const v of s.runs) head.uint(v);
  let data: Uint8Array[] = s.stored as Uint8Array[];
  let dataLength = s.stored.length * PAGE;
  if (s.codec && s.stored.length > 0) {
    const raw = new Uint8Array(dataLength);
    s.stored.forEach((p, i) => raw.set(p, i * PAGE));
    data = [s.codec.compress(raw)];
    dataLength = data[0]!.length;
  }
  head.uint(dataLength);
  const chunks = [head.finish(), ...data];
  return { name, version: PAGE_STORE_V3, chunks, sha256: sha256Of(chunks) };
}

/** The runs of a list whose page i comes from parent page from[i] (0 = stored here): canonical (from, length) pairs. */
export function runsOf(from: ArrayLike<number>): number[] {
  const runs: number[] = [];
  for (let i = 0; i < from.length; i++) {
    const f = from[i]!;
    const n = runs.length;
    const extends_ = n > 0 && (f === 0 ? runs[n - 2] === 0 : runs[n - 2]! !== 0 && runs[n - 2]! + runs[n - 1]! === f);
    if (extends_) runs[n - 1]!++;
    else runs.push(f, 1);
  }
  return runs;
}

/** A v3 store's head, parsed and verified (the checksum covers the whole payload). */
export interface HeadV3 {
  codec: string;
  parent: { id: string; name: string } | null;
  count: number;
  runs: number[];
  /** pages stored here */
  stored: number;
  data: Uint8Array;
}

function fail(s: SectionIn, path: string, problem: string): never {
  throw new SnapshotError(`${sectionLabel(s.name, s.version)}: ${path}: ${problem}`, s.name, path);
}

/** Parse a v3 store and check its checksum and canonical form (no page bytes looked at). */
export function readHeadV3(s: SectionIn): HeadV3 {
  const where = sectionLabel(s.name, s.version);
  if (toHex(sha256Of([s.payload])) !== s.sha256) throw new SnapshotError(`${where}: checksum mismatch (the section is damaged)`, s.name);
  const r = new ByteReader(s.payload);
  try {
    const codec = r.string("$.pages.codec");
    const hasParent = r.u8("$.pages.hasParent");
    if (hasParent > 1) fail(s, "$.pages.hasParent", `${hasParent} is neither 0 nor 1`);
    const parent = hasParent === 1 ? { id: toHex(r.raw(HASH, "$.pages.parent")), name: r.string("$.pages.parentName") } : null;
    const count = r.uint("$.pages.count");
    if (count > MAX_PAGES) fail(s, "$.pages.count", `${count} pages is more than a 32-bit address space holds`);
    const n = r.uint("$.pages.runs");
    if (n > count) fail(s, "$.pages.runs", `${n} runs for ${count} pages`);
    const runs: number[] = [];
    let total = 0;
    let stored = 0;
    for (let i = 0; i < n; i++) {
      const at = `$.pages.runs[${i}]`;
      const from = r.uint(`${at}.from`);
      const len = r.uint(`${at}.length`);
      if (len < 1 || len > count - total) fail(s, `${at}.length`, `${len} pages do not fit the ${count} announced`);
      if (from !== 0 && !parent) fail(s, `${at}.from`, "a full store takes no page from a parent");
      const p = runs.length;
      if (p > 0 && (from === 0 ? runs[p - 2] === 0 : runs[p - 2]! !== 0 && runs[p - 2]! + runs[p - 1]! === from)) {
        fail(s, at, "continues the run before it (not canonical)");
      }
      runs.push(from, len);
      total += len;
      if (from === 0) stored += len;
    }
    if (total !== count) fail(s, "$.pages.runs", `${total} pages in runs, ${count} announced`);
    const dataLength = r.uint("$.pages.dataLength");
    if (dataLength !== r.remaining) fail(s, "$.pages.dataLength", `${dataLength} bytes of page data, the section has ${r.remaining}`);
    if (codec === "" && dataLength !== stored * PAGE) fail(s, "$.pages.dataLength", `${dataLength} bytes do not hold ${stored} pages`);
    if (codec !== "" && stored * PAGE > MAX_RATIO * dataLength + PAGE) fail(s, "$.pages.dataLength", `${dataLength} compressed bytes cannot hold ${stored} pages`);
    return { codec, parent, count, runs, stored, data: s.payload.subarray(r.pos) };
  } catch (e) {
    if (e instanceof StateError) throw new SnapshotError(`${where}: ${e.path}: ${e.problem}`, s.name, e.path);
    throw e;
  }
}

/** The stored pages' bytes (decompressed). */
function storedBytes(s: SectionIn, head: HeadV3): Uint8Array {
  if (head.codec === "" || head.stored === 0) {
    if (head.codec !== "" && head.data.length !== 0) fail(s, "$.pages.data", "page data where no page is stored");
    return head.data;
  }
  const codec = codecByName(head.codec);
  if (!codec) throw new SnapshotError(`${sectionLabel(s.name, s.version)}: page data compressed with "${head.codec}", which this cryobox does not have`, s.name, "$.pages.codec");
  const size = head.stored * PAGE;
  try {
    const out = codec.decompress(head.data, size);
    if (out.length !== size) throw new CodecError(`${out.length} bytes instead of ${size}`);
    return out;
  } catch (e) {
    // A codec says damage with CodecError (host codecs wrap their library's errors); anything else is a bug.
    if (e instanceof CodecError) fail(s, "$.pages.data", `damaged ${head.codec} data (${e.message})`);
    throw e;
  }
}

/**
 * The page list of a v3 store: its own pages and its parent's (`parent`: the parent's list), each a view
 * (no copy, maybe unaligned). Its canonical form (no page of zeros, no page twice) is checked by whoever
 * takes the pages (`checkPages`, on the aligned copy the page store reader makes).
 */
export function pagesOfV3(s: SectionIn, head: HeadV3, parent: readonly Uint8Array[] | null): Uint8Array[] {
  const bytes = storedBytes(s, head);
  if (head.parent && !parent) throw new SnapshotError(`${sectionLabel(s.name, s.version)}: an incremental snapshot needs its parent (none was given)`, s.name);
  const out: Uint8Array[] = [];
  let next = 0;
  for (let i = 0; i < head.runs.length; i += 2) {
    const from = head.runs[i]!;
    const len = head.runs[i + 1]!;
    if (from !== 0 && from + len - 1 > parent!.length) fail(s, `$.pages.runs[${i / 2}].from`, `pages ${from}…${from + len - 1} of a parent that has ${parent!.length}`);
    for (let k = 0; k < len; k++) {
      if (from === 0) {
        out.push(bytes.subarray(next * PAGE, (next + 1) * PAGE));
        next++;
      } else out.push(parent![from - 1 + k]!);
    }
  }
  return out;
}

/** The canonical form of a store's page list: no page of zeros, no page twice (`label`: the store, for messages). */
export function checkPages(pages: readonly Uint8Array[], label: string): void {
  const index = new PageIndex((n) => pages[n - 1]!);
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i]!;
    if (isZeroPage(page)) throw new SnapshotError(`${label}: $.pages[${i + 1}]: a page of zeros is stored (not canonical)`, "pages", `$.pages[${i + 1}]`);
    if (index.findOrAdd(page, i + 1) !== 0) throw new SnapshotError(`${label}: $.pages[${i + 1}]: the same page appears twice (not canonical)`, "pages", `$.pages[${i + 1}]`);
  }
}
