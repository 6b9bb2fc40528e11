// Whole-state snapshots, generic over a root struct schema: the writer turns
// (config, outside, root state) into file bytes, the reader validates a file
// completely and gives the three back. Nothing here knows the kernel; the
// kernel binding (checkpoint.ts) supplies KernelState and its version table.
//
// Section order in a file: config, outside, the root's sections (sectionsOf),
// pages. The reader insists on exactly that order, so a file that decodes is
// the canonical encoding of what it decodes to.

import { ByteWriter, StateError, type StructSchema, sha256, toHex, withPageHooks } from "../state/index.js";
import { SnapshotError, asSnapshotError, sectionLabel } from "./errors.js";
import { FORMAT_VERSION, type SectionIn, type SectionOut, concatChunks, layout, parseContainer, verifyPlain } from "./format.js";
import { OutsideSchema, type Outside } from "./outside.js";
import { PAGE_STORE, PageStoreReader, PageStoreWriter } from "./pages.js";
import { type SectionDef, type VersionTable, decodeSection, encodeSection, putSection, sectionValue, sectionsOf } from "./sections.js";
import { CONFIG_VERSION, OUTSIDE_UPGRADES, OUTSIDE_VERSION } from "./versions.js";
import { type ParentResolver, expandStoreOf, resolveMapsV4 } from "./chain.js";
import { PAGE_STORE_V4 } from "./store-v4.js";
import { type PageMap, pageSites } from "./page-sites.js";

/** What a kind of snapshot holds: a machine configuration schema and a root state schema with versions. */
export interface SnapshotSpec {
  config: StructSchema;
  root: StructSchema;
  versions: VersionTable;
}

const RESERVED = new Set(["config", "outside", PAGE_STORE]);

/** All section definitions of a spec, in file order (without the page store). */
export function specSections(spec: SnapshotSpec): SectionDef[] {
  const roots = sectionsOf(spec.root, spec.versions);
  for (const d of roots) if (RESERVED.has(d.name)) throw new Error(`state table "${d.name}" clashes with a snapshot section name`);
  return [
    { name: "config", version: CONFIG_VERSION, schema: spec.config, upgrades: [], fields: ["config"] },
    { name: "outside", version: OUTSIDE_VERSION, schema: OutsideSchema, upgrades: OUTSIDE_UPGRADES, fields: ["outside"] },
    ...roots,
  ];
}

/** Size and checksum of one section, as inspect shows them. */
export interface SectionInfo {
  name: string;
  version: number;
  bytes: number;
  sha256: string;
}

/** A fully validated snapshot. */
export interface Decoded<C, S> {
  formatVersion: number;
  config: C;
  outside: Outside;
  state: S;
  sections: SectionInfo[];
  /** distinct non-zero pages stored, and page references (with repeats, zero pages included) */
  pages: { stored: number; referenced: number };
}

/** How the page store of a file is written (snapshot/incremental.ts: compression, a parent). */
export interface StoreOptions {
  section?: (store: PageStoreWriter) => SectionOut;
  /** the page store writer to encode with (an incremental one knows the pages unchanged since its parent) */
  store?: PageStoreWriter;
}

/** Encode every section (pages through a fresh store); the store comes last. */
function encodeAll(spec: SnapshotSpec, config: unknown, outside: Outside, state: unknown, opts: StoreOptions = {}): { sections: SectionOut[]; store: PageStoreWriter } {
  const store = opts.store ?? new PageStoreWriter();
  const root = state as Record<string, unknown>;
  const w = new ByteWriter(16 * 1024); // one writer for every section: each payload is a view of it
  const sections = withPageHooks({ sink: store.sink }, () =>
    specSections(spec).map((def) =>
      encodeSection(def, def.name === "config" ? config : def.name === "outside" ? outside : sectionValue(def, root), w),
    ),
  );
  sections.push(opts.section ? opts.section(store) : store.section());
  return { sections, store };
}

/** The snapshot file of (config, outside, state). Canonical: equal inputs give equal bytes. */
export function writeSnapshotFile(spec: SnapshotSpec, config: unknown, outside: Outside, state: unknown, opts?: StoreOptions): Uint8Array {
  return concatChunks(writeSnapshotChunks(spec, config, outside, state, opts));
}

/** The same file as chunks (format.ts layout): page data not copied, valid until the machine changes a page. */
export function writeSnapshotChunks(spec: SnapshotSpec, config: unknown, outside: Outside, state: unknown, opts?: StoreOptions): Uint8Array[] {
  return layout(encodeAll(spec, config, outside, state, opts).sections);
}

/**
 * Hex SHA-256 over exactly the machine a snapshot holds (config and state; not
 * the outside records): the section checksums, which cover every byte of them.
 */
export function stateDigest(spec: SnapshotSpec, config: unknown, state: unknown): string {
  const empty: Outside = { reels: [], terminals: [], disks: [] };
  const { sections } = encodeAll(spec, config, empty, state);
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const s of sections) {
    if (s.name === "outside") continue;
    parts.push(enc.encode(`${s.name}\0${s.version}\0`), s.sha256);
  }
  return toHex(sha256(...parts));
}

/** Validate and decode a snapshot file: checksums first, then every field; SnapshotError on anything wrong. */
export function readSnapshotFile<C, S>(spec: SnapshotSpec, file: Uint8Array, parents?: ParentResolver): Decoded<C, S> {
  try {
    return readChecked<C, S>(spec, file, parents);
  } catch (e) {
    throw asSnapshotError(e, null, null); // StateError → SnapshotError; a host exception → SnapshotBug, never "damaged"
  }
}

function readChecked<C, S>(spec: SnapshotSpec, file: Uint8Array, parents: ParentResolver | undefined): Decoded<C, S> {
  const defs = specSections(spec);
  const found = parseContainer(file, (s) => {
    if (s.name !== PAGE_STORE) verifyPlain(s);
  });
  // The page store verifies its own pages (one hash per page).
  const storeIn = found[found.length - 1];
  if (!storeIn || storeIn.name !== PAGE_STORE) throw new SnapshotError(`the last section must be "${PAGE_STORE}", found ${storeIn ? `"${storeIn.name}"` : "none"}`);
  // A v4 store (incremental) holds the page maps, as changes to its parent's: resolved through the chain,
  // they take the place of the empty maps of the other sections (snapshot/store-v4.ts).
  const maps: PageMap[] | null =
    storeIn.version === PAGE_STORE_V4 ? resolveMapsV4(storeIn, parents, (f) => pageSites(spec.root, readChecked<C, S>(spec, f, parents).state).map((x) => x.map)) : null;
  // A compressed or incremental store (v2, v3) becomes the v1/v3 store of the same machine first (snapshot/chain.ts).
  const store = maps ? null : new PageStoreReader(expandStoreOf(storeIn, parents));
  const noPages = (_ref: number, path: string): Uint8Array => {
    throw new StateError(path, "a page map of an incremental (v4) snapshot belongs in its page store, not here");
  };
  // A table added after a snapshot was written is absent from it: decoded as empty (docs/snapshot.md).
  const present = new Set(found.map((s) => s.name));
  const absent = defs.filter((d) => d.optional === true && !present.has(d.name));
  const listed = defs.filter((d) => !absent.includes(d));
  checkOrder(listed, found.slice(0, -1));
  const root: Record<string, unknown> = {};
  let config: unknown = null;
  let outside: unknown = null;
  withPageHooks({ source: store ? store.source : noPages }, () => {
    for (const def of absent) putSection(def, root, def.schema.kind === "map" ? new Map() : []);
    listed.forEach((def, i) => {
      const value = decodeSection(def, found[i]!);
      if (def.name === "config") config = value;
      else if (def.name === "outside") outside = value;
      else putSection(def, root, value);
    });
  });
  let pages = { stored: 0, referenced: 0 };
  if (store) {
    store.finish();
    pages = { stored: store.size, referenced: store.referencedCount };
  } else {
    const sites = pageSites(spec.root, root);
    if (sites.length !== maps!.length) {
      throw new SnapshotError(`${sectionLabel(PAGE_STORE, PAGE_STORE_V4)}: $.pages.sites: ${maps!.length} page maps, the machine has ${sites.length}`, PAGE_STORE, "$.pages.sites");
    }
    sites.forEach((x, i) => x.set(maps![i]!));
    const distinct = new Set<Uint8Array>();
    for (const m of maps!) for (const p of m.values()) distinct.add(p);
    pages = { stored: distinct.size, referenced: maps!.reduce((n, m) => n + m.size, 0) };
  }
  return {
    formatVersion: FORMAT_VERSION,
    config: config as C,
    outside: outside as Outside,
    state: root as S,
    sections: found.map((s) => ({ name: s.name, version: s.version, bytes: s.payload.length, sha256: s.sha256 })),
    pages,
  };
}

/** The section holding root path `path` (`$.pipes[3]` → pipes, `$.clock` → globals), for error messages. */
export function sectionOfPath(spec: SnapshotSpec, path: string): SectionDef | null {
  const m = /^\$\.([A-Za-z0-9_]+)/.exec(path);
  if (!m) return null;
  return specSections(spec).find((d) => d.name !== "config" && d.fields.includes(m[1]!)) ?? null;
}

/** The directory must list exactly the expected sections, in order. */
function checkOrder(defs: SectionDef[], found: SectionIn[]): void {
  for (let i = 0; i < Math.max(defs.length, found.length); i++) {
    const want = defs[i];
    const got = found[i];
    if (!got) throw new SnapshotError(`section "${want!.name}" is missing`, want!.name);
    if (!want) throw new SnapshotError(`${sectionLabel(got.name, got.version)}: unknown section (this cryobox does not know it)`, got.name);
    if (want.name !== got.name) {
      const known = defs.some((d) => d.name === got.name);
      throw new SnapshotError(
        known
          ? `${sectionLabel(got.name, got.version)}: out of order (expected section "${want.name}" here)`
          : `${sectionLabel(got.name, got.version)}: unknown section (expected section "${want.name}")`,
        got.name,
      );
    }
  }
}
