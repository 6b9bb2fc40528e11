// Chains of incremental snapshots: finding, verifying and merging them.
//
// A file's identity is its trailer (the SHA-256 that covers its directory,
// which covers every section checksum, which cover every byte). An incremental
// file names its parent by that identity (and by file name, a hint); the
// parent may itself be incremental, up to a full snapshot at the root. Reading
// a chain asks a resolver for each parent (the host looks in a folder:
// machine/host-chain.ts; a library caller may keep files in memory), checks
// that what it got is an intact snapshot whose identity is the one named, and
// refuses with one line otherwise. Node-free: bytes in, bytes out.

import { toHex } from "../state/index.js";
import { SnapshotError, sectionLabel } from "./errors.js";
import { type SectionIn, type SectionOut, assemble, parseContainer, verifyPlain } from "./format.js";
import type { PageCodec } from "./compress.js";
import { PAGE_STORE, PageStoreReader } from "./pages.js";
import { PageTable, type StoreHead, absorbStore, expandStore, readStoreHead } from "./store-v2.js";
import { type HeadV3, PAGE_STORE_V3, pagesOfV3, readHeadV3, storeV3Section } from "./store-v3.js";

/** Bytes of the file with identity `id` (hex), named `name` by its child; null when it cannot be found. */
export type ParentResolver = (id: string, name: string) => Uint8Array | null;

/** More links than this is a forged or runaway chain, not a history (periodic checkpoints keep far fewer). */
export const MAX_CHAIN = 10_000;

/** One file of a chain, as inspect shows it. */
export interface ChainLink {
  /** the file's identity (hex of its trailer) */
  id: string;
  /** the name its child called it by ("" for the tip) */
  name: string;
  /** its parent, or null for a full snapshot */
  parent: { id: string; name: string } | null;
  /** "" = page data not compressed */
  codec: string;
  /** distinct pages the machine references, and how many of them this file stores */
  pages: number;
  stored: number;
  /** the file's size */
  bytes: number;
}

/** A store's head, whatever its version: v1 and v2 find pages by hash, v3 by place in the parent's list. */
export interface AnyHead {
  version: number;
  codec: string;
  parent: { id: string; name: string } | null;
  /** distinct pages the machine references, and how many of them this file stores */
  count: number;
  stored: number;
  v2: StoreHead | null;
  v3: HeadV3 | null;
}

/** Read (and verify the checksum of) a store's head, any version this build reads. */
export function readAnyHead(s: SectionIn): AnyHead {
  if (s.version === PAGE_STORE_V3) {
    const h = readHeadV3(s);
    return { version: 3, codec: h.codec, parent: h.parent, count: h.count, stored: h.stored, v2: null, v3: h };
  }
  if (s.version !== 1 && s.version !== 2) {
    throw new SnapshotError(`${sectionLabel(s.name, s.version)}: unsupported version (this cryobox reads v1 to v${PAGE_STORE_V3})`, s.name);
  }
  const h = readStoreHead(s);
  return { version: s.version, codec: h.codec, parent: h.parent, count: h.count, stored: h.refs ? h.refs.length : h.count, v2: h, v3: null };
}

interface Opened {
  link: ChainLink;
  store: SectionIn;
  head: AnyHead;
  sections: SectionIn[];
}

/** The identity of a file that parseContainer accepted (its trailer). */
export function fileId(file: Uint8Array): string {
  return toHex(file.subarray(file.length - 32));
}

/** Check a whole file's container and plain sections, and read its store head. */
function open(file: Uint8Array, name: string): Opened {
  const sections = parseContainer(file, (s) => {
    if (s.name !== PAGE_STORE) verifyPlain(s);
  });
  const store = sections[sections.length - 1];
  if (!store || store.name !== PAGE_STORE) throw new SnapshotError(`the last section must be "${PAGE_STORE}", found ${store ? `"${store.name}"` : "none"}`);
  const head = readAnyHead(store);
  return { link: { id: fileId(file), name, parent: head.parent, codec: head.codec, pages: head.count, stored: head.stored, bytes: file.length }, store, head, sections };
}

function short(id: string): string {
  return id.slice(0, 12);
}

/** The parent of `child`, fetched and verified (identity and integrity); one-line SnapshotError otherwise. */
function openParent(child: Opened, resolve: ParentResolver | undefined): Opened {
  const p = child.head.parent!;
  const what = `parent ${p.name === "" ? "(unnamed)" : JSON.stringify(p.name)} (id ${short(p.id)})`;
  const childName = child.link.name === "" ? "the snapshot" : JSON.stringify(child.link.name);
  const bytes = resolve?.(p.id, p.name) ?? null;
  if (!bytes) throw new SnapshotError(`incremental chain: ${childName} needs its ${what}, which was not found`, PAGE_STORE, "$.pages.parent");
  let opened: Opened;
  try {
    opened = open(bytes, p.name);
  } catch (e) {
    if (e instanceof SnapshotError) throw new SnapshotError(`incremental chain: ${what} of ${childName} is damaged: ${e.message}`, e.section, e.path);
    throw e;
  }
  if (opened.link.id !== p.id) {
    throw new SnapshotError(`incremental chain: ${what} of ${childName} was altered or replaced (the file found has id ${short(opened.link.id)})`, PAGE_STORE, "$.pages.parent");
  }
  return opened;
}

/** The chain ending at `file`, tip first, every link verified; refuses when one is missing, damaged or altered. */
function openChain(file: Uint8Array, resolve: ParentResolver | undefined): Opened[] {
  const chain = [open(file, "")];
  const seen = new Set([chain[0]!.link.id]);
  while (chain[chain.length - 1]!.head.parent) {
    if (chain.length > MAX_CHAIN) throw new SnapshotError(`incremental chain: more than ${MAX_CHAIN} links`, PAGE_STORE);
    const next = openParent(chain[chain.length - 1]!, resolve);
    if (seen.has(next.link.id)) throw new SnapshotError(`incremental chain: file ${short(next.link.id)} appears twice`, PAGE_STORE);
    seen.add(next.link.id);
    chain.push(next);
  }
  return chain;
}

/** The links of the chain ending at `file`, tip first (what `cryobox inspect` shows). */
export function chainOf(file: Uint8Array, resolve?: ParentResolver): ChainLink[] {
  return openChain(file, resolve).map((o) => o.link);
}

/**
 * The tip's pages, resolved from the root up, every link checked (a damaged page of any link is
 * found, used or not): a list of page views in the tip's reference order. v1/v2 links are resolved
 * by hash through every ancestor (as v2 was written); a v3 link takes pages from its parent's list.
 */
function resolveAll(chain: Opened[]): SectionIn | Uint8Array[] {
  let table: PageTable | null = null; // pages by hash of the v1/v2 links so far
  let list: Uint8Array[] | null = null; // the page list of the link just resolved
  for (let i = chain.length - 1; i >= 0; i--) {
    const o = chain[i]!;
    try {
      if (o.head.v3) {
        list = pagesOfV3(o.store, o.head.v3, list);
        table = null; // a v2 link never follows a v3 one: its pages would be "in no ancestor"
        continue;
      }
      // v1/v2: its own list is needed when it is the tip or a v3 link follows it.
      const before = table;
      if (i === 0 && list === null) return expandStore(o.store, before); // an old chain: the reader checks each page's hash
      if (i === 0 || chain[i - 1]!.head.v3) list = new PageStoreReader(expandStore(o.store, before)).list();
      if (i > 0) absorbStore(o.store, (table ??= new PageTable()));
    } catch (e) {
      if (i === 0 || !(e instanceof SnapshotError)) throw e;
      const name = o.link.name;
      throw new SnapshotError(`incremental chain: ${name === "" ? "a link" : JSON.stringify(name)}: ${e.message}`, e.section, e.path);
    }
  }
  return list!;
}

/**
 * The store section `store` of a file being read, as the page store reader takes it (snapshot/pages.ts):
 * itself when full, else resolved through its parents (found with `resolve`). Used by the snapshot reader.
 */
export function expandStoreOf(store: SectionIn, resolve: ParentResolver | undefined): SectionIn | Uint8Array[] {
  if (store.version === 1) return store;
  const head = readAnyHead(store);
  if (!head.parent) return head.v2 ? expandStore(store, null) : store;
  const tip: Opened = { link: { id: "", name: "", parent: head.parent, codec: head.codec, pages: head.count, stored: head.stored, bytes: 0 }, store, head, sections: [] };
  const chain = [tip];
  const seen = new Set<string>();
  while (chain[chain.length - 1]!.head.parent) {
    if (chain.length > MAX_CHAIN) throw new SnapshotError(`incremental chain: more than ${MAX_CHAIN} links`, PAGE_STORE);
    const next = openParent(chain[chain.length - 1]!, resolve);
    if (seen.has(next.link.id)) throw new SnapshotError(`incremental chain: file ${short(next.link.id)} appears twice`, PAGE_STORE);
    seen.add(next.link.id);
    chain.push(next);
  }
  return resolveAll(chain);
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The pages of a chain's tip as a list, whatever the versions of its links. */
export function chainPages(file: Uint8Array, resolve: ParentResolver | undefined): Uint8Array[] {
  return new PageStoreReader(resolveAll(openChain(file, resolve))).list(); // an aligned copy, checked
}

/**
 * One full snapshot from the chain ending at `file`: the tip's sections, with every page in the store
 * (optionally compressed). It is byte for byte the full checkpoint of the same machine with that codec.
 */
export function mergeChain(file: Uint8Array, resolve: ParentResolver | undefined, codec: PageCodec | null = null): Uint8Array {
  const chain = openChain(file, resolve);
  const pages = new PageStoreReader(resolveAll(chain)).list(); // checked: the merged store is canonical
  const out: SectionOut[] = chain[0]!.sections.slice(0, -1).map((s) => ({ name: s.name, version: s.version, chunks: [s.payload], sha256: fromHex(s.sha256) }));
  out.push(storeV3Section(PAGE_STORE, { codec, parent: null, count: pages.length, runs: pages.length > 0 ? [0, pages.length] : [], stored: pages }));
  return assemble(out);
}
