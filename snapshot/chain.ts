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

import { ByteWriter, sha256, toHex } from "../state/index.js";
import { SnapshotError } from "./errors.js";
import { type SectionIn, type SectionOut, assemble, parseContainer, verifyPlain } from "./format.js";
import type { PageCodec } from "./compress.js";
import { PAGE_STORE, PAGE_STORE_VERSION } from "./pages.js";
import { PageTable, type StoreHead, absorbStore, expandStore, readStoreHead } from "./store-v2.js";

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

interface Opened {
  link: ChainLink;
  store: SectionIn;
  head: StoreHead;
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
  const head = readStoreHead(store);
  const stored = head.refs ? head.refs.length : head.count;
  return { link: { id: fileId(file), name, parent: head.parent, codec: head.codec, pages: head.count, stored, bytes: file.length }, store, head, sections };
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

/** Expand the stores from the root to the tip; returns the tip's store as v1 (every page of the machine). */
function expandAll(chain: Opened[]): SectionIn {
  const table = new PageTable();
  for (let i = chain.length - 1; i > 0; i--) {
    try {
      absorbStore(chain[i]!.store, table);
    } catch (e) {
      const name = chain[i]!.link.name;
      if (e instanceof SnapshotError) throw new SnapshotError(`incremental chain: ${name === "" ? "a link" : JSON.stringify(name)}: ${e.message}`, e.section, e.path);
      throw e;
    }
  }
  return expandStore(chain[0]!.store, chain.length > 1 ? table : null);
}

/**
 * The store section `store` of a file being read, as v1: itself when full (v1 or v2), else expanded
 * through its parents (found with `resolve`). Used by the snapshot reader (snapshot.ts).
 */
export function expandStoreOf(store: SectionIn, resolve: ParentResolver | undefined): SectionIn {
  if (store.version === PAGE_STORE_VERSION) return store;
  const head = readStoreHead(store);
  if (!head.parent) return expandStore(store, null);
  const tip: Opened = { link: { id: "", name: "", parent: head.parent, codec: head.codec, pages: head.count, stored: head.refs!.length, bytes: 0 }, store, head, sections: [] };
  const chain = [tip];
  const seen = new Set<string>();
  while (chain[chain.length - 1]!.head.parent) {
    if (chain.length > MAX_CHAIN) throw new SnapshotError(`incremental chain: more than ${MAX_CHAIN} links`, PAGE_STORE);
    const next = openParent(chain[chain.length - 1]!, resolve);
    if (seen.has(next.link.id)) throw new SnapshotError(`incremental chain: file ${short(next.link.id)} appears twice`, PAGE_STORE);
    seen.add(next.link.id);
    chain.push(next);
  }
  return expandAll(chain);
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A v1 store section as output, optionally compressed (v2 without a parent). */
function storeOut(v1: SectionIn, codec: PageCodec | null): SectionOut {
  if (!codec) return { name: v1.name, version: 1, chunks: [v1.payload], sha256: fromHex(v1.sha256) };
  // count | table | pages: rewrite the head as v2 (codec, no parent), compress the pages.
  const probe = new ByteWriter(16);
  const count = readStoreHead(v1).count;
  probe.uint(count);
  const countLen = probe.finish().length;
  const table = v1.payload.subarray(countLen, countLen + count * 32);
  const data = codec.compress(v1.payload.subarray(countLen + count * 32));
  const head = new ByteWriter(64 + table.length);
  head.string(codec.name);
  head.u8(0);
  head.uint(count);
  head.raw(table);
  head.uint(data.length);
  const h = head.finish();
  return { name: PAGE_STORE, version: 2, chunks: [h, data], sha256: sha256(h) };
}

/**
 * One full snapshot from the chain ending at `file`: the tip's sections, with every page in the store.
 * Uncompressed, it is byte for byte the full checkpoint of the same machine.
 */
export function mergeChain(file: Uint8Array, resolve: ParentResolver | undefined, codec: PageCodec | null = null): Uint8Array {
  const chain = openChain(file, resolve);
  const v1 = expandAll(chain);
  const out: SectionOut[] = chain[0]!.sections.slice(0, -1).map((s) => ({ name: s.name, version: s.version, chunks: [s.payload], sha256: fromHex(s.sha256) }));
  out.push(storeOut(v1, codec));
  return assemble(out);
}
