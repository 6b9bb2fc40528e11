// The container: byte layout of a snapshot file, independent of what the
// sections hold.
//
//   0      8  magic "CRYOBOX\0"
//   8      4  format version (u32 LE)
//   12     4  header length H (u32 LE)
//   16     H  header: canonical encoding of HeaderSchema (the section directory)
//   16+H   …  section payloads, in directory order, back to back
//   end-32 32 trailer: SHA-256 of bytes [0, 16+H)
//
// Each directory entry carries the section's name, version, length and
// SHA-256, so the trailer (which covers the directory) covers every byte of
// the file. parseContainer checks all of it — magic, version, lengths,
// trailer, every section checksum — before anyone decodes a field.

import { ByteReader, ByteWriter, StateError, decode, encode, type Infer, sha256, t, toHex } from "../state/index.js";
import { SnapshotError, asSnapshotError, sectionLabel } from "./errors.js";

export const MAGIC = new Uint8Array([0x43, 0x52, 0x59, 0x4f, 0x42, 0x4f, 0x58, 0x00]); // "CRYOBOX\0"
/** The container format version this build writes and the newest it reads. */
export const FORMAT_VERSION = 1;
const PREAMBLE = 16;
const TRAILER = 32;
/** More header than this is damage, not a machine (a directory entry is ~50 bytes). */
const MAX_HEADER = 1 << 20;

export const DirectoryEntry = t.struct({
  name: t.string,
  version: t.uint,
  length: t.uint,
  sha256: t.boundedBytes(32),
});
export type DirectoryEntry = Infer<typeof DirectoryEntry>;
export const HeaderSchema = t.struct({ sections: t.array(DirectoryEntry, 4096) });

/** A section ready to be laid out: its payload may be given as several chunks (no copy until assembly). */
export interface SectionOut {
  name: string;
  version: number;
  chunks: Uint8Array[];
  /** the section checksum (normally SHA-256 of the payload; see pages.ts for the page store) */
  sha256: Uint8Array;
}

/** A section found in a file: where its payload lies. */
export interface SectionIn {
  name: string;
  version: number;
  sha256: string;
  payload: Uint8Array; // a view into the file, not a copy
}

/**
 * The file of `sections` as a list of chunks to write one after the other (preamble and directory,
 * every section's chunks as given — no copy — and the trailer). A host writes them with one gathered
 * write (snapshot/host-file.ts); `assemble` concatenates them.
 */
export function layout(sections: SectionOut[]): Uint8Array[] {
  const header = encode(HeaderSchema, {
    sections: sections.map((s) => ({
      name: s.name,
      version: s.version,
      length: s.chunks.reduce((n, c) => n + c.length, 0),
      sha256: s.sha256,
    })),
  });
  const pre = new ByteWriter(PREAMBLE + header.length);
  pre.raw(MAGIC);
  pre.u32(FORMAT_VERSION);
  pre.u32(header.length);
  pre.raw(header);
  const head = pre.finish();
  const out: Uint8Array[] = [head];
  for (const s of sections) for (const c of s.chunks) if (c.length > 0) out.push(c);
  out.push(sha256(head));
  return out;
}

/** Concatenate chunks (a laid-out file) into one array. */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Lay out `sections` into one file (the only full copy of the payloads). */
export function assemble(sections: SectionOut[]): Uint8Array {
  return concatChunks(layout(sections));
}

/**
 * Split a file into its sections, verifying everything the container knows:
 * magic, format version, header, total length, trailer. Section checksums are
 * checked by `verify` (the page store has its own rule), called per section.
 */
export function parseContainer(file: Uint8Array, verify: (s: SectionIn) => void): SectionIn[] {
  if (file.length < MAGIC.length || !MAGIC.every((b, i) => file[i] === b)) {
    throw new SnapshotError("not a cryobox snapshot (wrong magic number)");
  }
  if (file.length < PREAMBLE + TRAILER) throw new SnapshotError(`truncated snapshot: ${file.length} bytes is shorter than the smallest possible file`);
  const r = new ByteReader(file, MAGIC.length);
  const version = r.u32("$.formatVersion");
  if (version === 0 || version > FORMAT_VERSION) {
    throw new SnapshotError(`snapshot format version ${version} is not supported (this cryobox reads version 1 to ${FORMAT_VERSION})`);
  }
  const h = r.u32("$.headerLength");
  if (h > MAX_HEADER || PREAMBLE + h + TRAILER > file.length) {
    throw new SnapshotError(`truncated or damaged snapshot: header length ${h} does not fit in ${file.length} bytes`);
  }
  const trailer = file.subarray(file.length - TRAILER);
  const expected = sha256(file.subarray(0, PREAMBLE + h));
  const dirOk = expected.every((b, i) => trailer[i] === b);
  let header: Infer<typeof HeaderSchema> | null = null;
  try {
    header = decode(HeaderSchema, file.subarray(PREAMBLE, PREAMBLE + h), "$.header");
  } catch (e) {
    // A damaged directory is reported below by the trailer; an exception that is no StateError is a bug either way.
    if (dirOk || !(e instanceof StateError)) throw asSnapshotError(e, null, null);
  }
  // Prefer the most telling message: a length mismatch says "truncated".
  if (header) {
    const payloadBytes = header.sections.reduce((n, s) => n + s.length, 0);
    const actual = file.length - PREAMBLE - h - TRAILER;
    if (payloadBytes !== actual) {
      throw new SnapshotError(`truncated or damaged snapshot: the directory lists ${payloadBytes} payload bytes, the file has ${actual}`);
    }
  }
  if (!dirOk || !header) throw new SnapshotError("damaged snapshot: the header checksum (trailer) does not match");
  const out: SectionIn[] = [];
  const seen = new Set<string>();
  let at = PREAMBLE + h;
  for (const e of header.sections) {
    if (seen.has(e.name)) throw new SnapshotError(`${sectionLabel(e.name, e.version)}: appears twice`, e.name);
    seen.add(e.name);
    if (e.sha256.length !== 32) throw new SnapshotError(`${sectionLabel(e.name, e.version)}: checksum is ${e.sha256.length} bytes, not 32`, e.name);
    const s: SectionIn = { name: e.name, version: e.version, sha256: toHex(e.sha256), payload: file.subarray(at, at + e.length) };
    verify(s);
    out.push(s);
    at += e.length;
  }
  return out;
}

/** The usual section check: SHA-256 of the payload equals the directory's. */
export function verifyPlain(s: SectionIn): void {
  if (toHex(sha256(s.payload)) !== s.sha256) {
    throw new SnapshotError(`${sectionLabel(s.name, s.version)}: checksum mismatch (the section is damaged)`, s.name);
  }
}
