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
import { type SectionIn, parseContainer, verifyPlain } from "./format.js";
import type { PageCodec } from "./compress.js";
import { PAGE_STORE, PageStoreReader } from "./pages.js";
import { PageTable, type StoreHead, absorbStore, expandStore, readStoreHead } from "./store-v2.js";
import { type HeadV3, PAGE_STORE_V3, pagesOfV3, readHeadV3, storeV3Section } from "./store-v3.js";
import { type HeadV4, PAGE_STORE_V4, applyV4, readHeadV4 } from "./store-v4.js";
import type { PageMap } from "./page-sites.js";
import { readSnapshotFile, writeSnapshotFile } from "./snapshot.js";
import { KERNEL_SNAPSHOT } from "./spec.js";

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
  /** distinct pages the machine references (v4: page map entries), and how many pages this file stores */
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
  v4: HeadV4 | null;
}

/** Read (and verify the checksum of) a store's head, any version this build reads. */
export function readAnyHead(s: SectionIn): AnyHead {
  if (s.version === PAGE_STORE_V4) {
    const h = readHeadV4(s);
    return { version: 4, codec: h.codec, parent: h.parent, count: h.mapped, stored: h.stored, v2: null, v3: null, v4: h };
  }
  if (s.version === PAGE_STORE_V3) {
    const h = readHeadV3(s);
    return { version: 3, codec: h.codec, parent: h.parent, count: h.count, stored: h.stored, v2: null, v3: h, v4: null };
  }
  if (s.version !== 1 && s.version !== 2) {
    throw new SnapshotError(`${sectionLabel(s.name, s.version)}: unsupported version (this cryobox reads v1 to v${PAGE_STORE_V4})`, s.name);
  }
  const h = readStoreHead(s);
  return { version: s.version, codec: h.codec, parent: h.parent, count: h.count, stored: h.refs ? h.refs.length : h.count, v2: h, v3: null, v4: null };
}

interface Opened {
  /** the whole file (a v4 chain decodes its first link that is not v4) */
  file: Uint8Array;
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
  return { file, link: { id: fileId(file), name, parent: head.parent, codec: head.codec, pages: head.count, stored: head.stored, bytes: file.length }, store, head, sections };
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
      if (o.head.v4) throw new SnapshotError(`${sectionLabel(PAGE_STORE, 4)}: an incremental v${chain[i - 1]?.head.version ?? 3} store cannot follow it`, PAGE_STORE);
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
  const tip: Opened = { file: new Uint8Array(0), link: { id: "", name: "", parent: head.parent, codec: head.codec, pages: head.count, stored: head.stored, bytes: 0 }, store, head, sections: [] };
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

/**
 * The page maps of a v4 store `store` (the tip of a file being read): its chain is opened back to the
 * first link that is not v4, whose machine `readRoot` decodes (its own chain included: any store
 * version) into its maps; then each v4 link applies its changes, every link verified on the way.
 */
export function resolveMapsV4(store: SectionIn, resolve: ParentResolver | undefined, readRoot: (file: Uint8Array) => PageMap[]): PageMap[] {
  const head = readAnyHead(store);
  const chain: Opened[] = [{ file: new Uint8Array(0), link: { id: "", name: "", parent: head.parent, codec: head.codec, pages: head.count, stored: head.stored, bytes: 0 }, store, head, sections: [] }];
  const seen = new Set<string>();
  while (chain[chain.length - 1]!.head.v4) {
    if (chain.length > MAX_CHAIN) throw new SnapshotError(`incremental chain: more than ${MAX_CHAIN} links`, PAGE_STORE);
    const next = openParent(chain[chain.length - 1]!, resolve);
    if (seen.has(next.link.id)) throw new SnapshotError(`incremental chain: file ${short(next.link.id)} appears twice`, PAGE_STORE);
    seen.add(next.link.id);
    chain.push(next);
  }
  const root = chain[chain.length - 1]!;
  const inLink = (o: Opened, e: unknown): unknown => {
    if (!(e instanceof SnapshotError) || o === chain[0]) return e;
    return new SnapshotError(`incremental chain: ${o.link.name === "" ? "a link" : JSON.stringify(o.link.name)}: ${e.message}`, e.section, e.path);
  };
  let maps: PageMap[];
  try {
    maps = readRoot(root.file);
  } catch (e) {
    throw inLink(root, e);
  }
  for (let i = chain.length - 2; i >= 0; i--) {
    const o = chain[i]!;
    try {
      maps = applyV4(o.store, o.head.v4!, maps);
    } catch (e) {
      throw inLink(o, e);
    }
  }
  return maps;
}

/**
 * One full snapshot from the chain ending at `file`: the machine decoded (every link verified, old
 * section versions upgraded), written as the full snapshot it is (optionally compressed) — byte for
 * byte the full checkpoint of the same machine with that codec, whatever the versions of the links.
 */
export function mergeChain(file: Uint8Array, resolve: ParentResolver | undefined, codec: PageCodec | null = null): Uint8Array {
  openChain(file, resolve); // a missing, damaged or altered link is named before anything is decoded
  const d = readSnapshotFile(KERNEL_SNAPSHOT, file, resolve);
  return writeSnapshotFile(KERNEL_SNAPSHOT, d.config, d.outside, d.state, {
    section: (w) => storeV3Section(PAGE_STORE, { codec, parent: null, count: w.count, runs: w.count > 0 ? [0, w.count] : [], stored: w.stored }),
  });
}
