// Page store version 4: the store of an incremental snapshot, written in time
// proportional to what changed since its parent, not to the machine.
//
// A v4 file's other sections are the machine's state with every page map
// ("site": a process's address space, a tmpfs file's blocks, in the canonical
// order of snapshot/page-sites.ts) left empty; the maps are here, each as a
// delta against a map of the parent (its place in the parent's site list), or
// whole for a map the parent did not have. Only the pages written since the
// parent (process pages: their dirty bits; tmpfs blocks: a new block object,
// since blocks are frozen at every tracked checkpoint) are stored, so an
// unchanged page costs nothing at all: no lookup, no reference written. Full
// snapshots stay store v3 (canonical: one file per machine); `merge` of a v4
// chain decodes the machine and writes that full file.
//
// Payload of "pages" v4:
//   string codec                      "" = raw page bytes
//   32 bytes parentId, string name    the parent file's identity (its trailer) and file name (a hint)
//   uint mapped                       page map entries of the whole machine (checked: what inspect shows)
//   uint sites                        page maps of the machine, in canonical order
//   per site: uint base               0 = a map the parent lacks (entries: all of it); j ≥ 1 = the parent's j-th map
//             uint n, n × (uint vpnGap, uint ref)
//                                     entries by ascending vpn (gap = vpn − previous vpn − 1); ref 0 = the
//                                     entry is removed (only with a base, only an entry the base has),
//                                     1 = a page of zeros, k ≥ 2 = stored page k − 1
//   uint stored                       pages stored here; each is used, none is all zeros
//   uint dataLength, data             the stored pages concatenated, maybe compressed
//
// A page rewritten with the bytes it had, or shared with a map the parent had
// under another name (a fork), is stored again: a v4 file is canonical for
// its history, not across histories (a merge is canonical).

import { ByteReader, ByteWriter, StateError, sha256Of, toHex } from "../state/index.js";
import { CodecError, type PageCodec, codecByName } from "./compress.js";
import { SnapshotError, sectionLabel } from "./errors.js";
import type { SectionIn, SectionOut } from "./format.js";
import { PAGE, isZeroPage } from "./page-index.js";
import type { PageMap } from "./page-sites.js";

export const PAGE_STORE_V4 = 4;
const HASH = 32;
/** Largest vpn + 1 (4 GiB / 4 KiB). */
const VPN_LIMIT = 0x100000;
/** More maps than this is a forgery (a machine has at most NPROC + NINODE). */
const MAX_SITES = 1 << 20;
/** No codec here expands more than this (deflate's limit is ≈ 1032:1): a larger claim is a forged bomb. */
const MAX_RATIO = 1100;

/** One map's entry list as the writer gives it. */
export interface SiteDelta {
  /** 0: a map the parent lacks; j ≥ 1: the parent's j-th map */
  base: number;
  /** ascending vpns, and for each its ref (0 removed, 1 zeros, k ≥ 2 stored page k − 1) */
  vpns: readonly number[];
  refs: readonly number[];
}

/** What a v4 store holds, as its writer gives it. */
export interface StoreV4 {
  codec: PageCodec | null;
  parent: { id: Uint8Array; name: string };
  mapped: number;
  sites: readonly SiteDelta[];
  stored: readonly Uint8Array[];
}

/** The section of a v4 store. The page data is passed as the pages themselves (no copy) unless compressed. */
export function storeV4Section(name: string, s: StoreV4): SectionOut {
  let entries = 0;
  for (const d of s.sites) entries += d.vpns.length;
  const head = new ByteWriter(96 + 3 * s.sites.length + 6 * entries);
  head.string(s.codec?.name ?? "");
  head.raw(s.parent.id);
  head.string(s.parent.name);
  head.uint(s.mapped);
  head.uint(s.sites.length);
  for (const d of s.sites) {
    head.uint(d.base);
    head.uint(d.vpns.length);
    let prev = -1;
    for (let i = 0; i < d.vpns.length; i++) {
      const vpn = d.vpns[i]!;
      head.uint(vpn - prev - 1);
      head.uint(d.refs[i]!);
      prev = vpn;
    }
  }
  head.uint(s.stored.length);
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
  return { name, version: PAGE_STORE_V4, chunks, sha256: sha256Of(chunks) };
}

/** A v4 store, parsed and verified (checksum, bounds, order), its pages not yet looked at. */
export interface HeadV4 {
  codec: string;
  parent: { id: string; name: string };
  mapped: number;
  sites: SiteDelta[];
  stored: number;
  data: Uint8Array;
}

function fail(s: SectionIn, path: string, problem: string): never {
  throw new SnapshotError(`${sectionLabel(s.name, s.version)}: ${path}: ${problem}`, s.name, path);
}

/** Parse a v4 store and check its checksum and form (every ref within the stored pages, vpns ascending). */
export function readHeadV4(s: SectionIn): HeadV4 {
  const where = sectionLabel(s.name, s.version);
  if (toHex(sha256Of([s.payload])) !== s.sha256) throw new SnapshotError(`${where}: checksum mismatch (the section is damaged)`, s.name);
  const r = new ByteReader(s.payload);
  try {
    const codec = r.string("$.pages.codec");
    const parent = { id: toHex(r.raw(HASH, "$.pages.parent")), name: r.string("$.pages.parentName") };
    const mapped = r.uint("$.pages.mapped");
    const n = r.uint("$.pages.sites");
    if (n > MAX_SITES || n > r.remaining) fail(s, "$.pages.sites", `${n} page maps do not fit the section`);
    const sites: SiteDelta[] = [];
    let maxRef = 1;
    for (let i = 0; i < n; i++) {
      const at = `$.pages.sites[${i}]`;
      const base = r.uint(`${at}.base`);
      const count = r.uint(`${at}.entries`);
      if (count > VPN_LIMIT || 2 * count > r.remaining) fail(s, `${at}.entries`, `${count} entries do not fit the section`);
      const vpns = new Array<number>(count);
      const refs = new Array<number>(count);
      let vpn = -1;
      for (let k = 0; k < count; k++) {
        vpn += r.uint(`${at}.entries[${k}].vpn`) + 1;
        if (vpn >= VPN_LIMIT) fail(s, `${at}.entries[${k}].vpn`, `page number ${vpn} is beyond a 32-bit address space`);
        const ref = r.uint(`${at}.entries[${k}].ref`);
        if (ref === 0 && base === 0) fail(s, `${at}.entries[${k}].ref`, "a map the parent lacks removes no page");
        if (ref > maxRef) maxRef = ref;
        vpns[k] = vpn;
        refs[k] = ref;
      }
      sites.push({ base, vpns, refs });
    }
    const stored = r.uint("$.pages.stored");
    if (maxRef > stored + 1) fail(s, "$.pages.sites", `a page map names stored page ${maxRef - 1} of ${stored}`);
    const dataLength = r.uint("$.pages.dataLength");
    if (dataLength !== r.remaining) fail(s, "$.pages.dataLength", `${dataLength} bytes of page data, the section has ${r.remaining}`);
    if (codec === "" && dataLength !== stored * PAGE) fail(s, "$.pages.dataLength", `${dataLength} bytes do not hold ${stored} pages`);
    if (codec !== "" && stored * PAGE > MAX_RATIO * dataLength + PAGE) fail(s, "$.pages.dataLength", `${dataLength} compressed bytes cannot hold ${stored} pages`);
    return { codec, parent, mapped, sites, stored, data: s.payload.subarray(r.pos) };
  } catch (e) {
    if (e instanceof StateError) throw new SnapshotError(`${where}: ${e.path}: ${e.problem}`, s.name, e.path);
    throw e;
  }
}

/** The stored pages, decompressed into one aligned copy of our own (the machine will write them). */
function storedPages(s: SectionIn, head: HeadV4): Uint8Array[] {
  const size = head.stored * PAGE;
  let bytes: Uint8Array;
  if (head.codec === "" || head.stored === 0) {
    if (head.codec !== "" && head.data.length !== 0) fail(s, "$.pages.data", "page data where no page is stored");
    bytes = head.data.slice();
  } else {
    const codec = codecByName(head.codec);
    if (!codec) throw new SnapshotError(`${sectionLabel(s.name, s.version)}: page data compressed with "${head.codec}", which this cryobox does not have`, s.name, "$.pages.codec");
    try {
      bytes = codec.decompress(head.data, size);
      if (bytes.length !== size) throw new CodecError(`${bytes.length} bytes instead of ${size}`);
    } catch (e) {
      if (e instanceof CodecError) fail(s, "$.pages.data", `damaged ${head.codec} data (${e.message})`);
      throw e;
    }
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  }
  const pages: Uint8Array[] = [];
  for (let i = 0; i < head.stored; i++) {
    const page = bytes.subarray(i * PAGE, (i + 1) * PAGE);
    if (isZeroPage(page)) fail(s, `$.pages.stored[${i + 1}]`, "a page of zeros is stored (not canonical)");
    pages.push(page);
  }
  return pages;
}

/**
 * The machine's page maps after this store: the parent's maps (`parent`, resolved) changed as the
 * store says. Refuses a base outside the parent or used twice, a removal of an entry the base lacks,
 * a stored page never used, and a total other than `mapped`.
 */
export function applyV4(s: SectionIn, head: HeadV4, parent: readonly PageMap[]): PageMap[] {
  const pages = storedPages(s, head);
  const used = new Uint8Array(head.stored + 2);
  const bases = new Set<number>();
  let zero: Uint8Array | null = null;
  let mapped = 0;
  const out = head.sites.map((d, i) => {
    const at = `$.pages.sites[${i}]`;
    if (d.base > parent.length) fail(s, `${at}.base`, `map ${d.base} of a parent that has ${parent.length}`);
    if (d.base > 0) {
      if (bases.has(d.base)) fail(s, `${at}.base`, `the parent's map ${d.base} is the base of two maps`);
      bases.add(d.base);
    }
    const m: PageMap = d.base > 0 ? new Map(parent[d.base - 1]!) : new Map();
    for (let k = 0; k < d.vpns.length; k++) {
      const vpn = d.vpns[k]!;
      const ref = d.refs[k]!;
      if (ref === 0) {
        if (!m.delete(vpn)) fail(s, `${at}.entries[${k}]`, `removes page ${vpn}, which the parent's map ${d.base} does not hold`);
        continue;
      }
      used[ref] = 1;
      m.set(vpn, ref === 1 ? (zero ??= new Uint8Array(PAGE)) : pages[ref - 2]!);
    }
    mapped += m.size;
    return m;
  });
  for (let k = 2; k < head.stored + 2; k++) if (used[k] === 0) fail(s, `$.pages.stored[${k - 1}]`, "a stored page is never used (not canonical)");
  if (mapped !== head.mapped) fail(s, "$.pages.mapped", `${head.mapped} entries announced, the maps hold ${mapped}`);
  return out;
}
