// Compression of page data in snapshot files (docs/checkpoints.md "Compression").
//
// A codec turns the concatenated bytes of a file's stored pages into a smaller
// blob and back. The file records the codec by name (page store v2,
// snapshot/store-v2.ts); a reader that lacks it refuses with one line. The core
// must run in a browser too, so it only ships the pure-TypeScript "lz" codec
// (snapshot/lz.ts); a host may register more (snapshot/host-deflate.ts:
// node:zlib's raw deflate as "deflate"). Which codecs are registered is host
// configuration, never machine state.

import { lzCompress, lzDecompress } from "./lz.js";

/** A page-data codec: `decompress` must return exactly `size` bytes or throw (any exception = damaged data). */
export interface PageCodec {
  /** the name recorded in the file (short, lower case) */
  readonly name: string;
  compress(data: Uint8Array): Uint8Array;
  decompress(data: Uint8Array, size: number): Uint8Array;
}

/** Damaged or foreign compressed data (the reader turns it into a one-line SnapshotError). */
export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodecError";
  }
}

/** A compression name no registered codec has (a bad option, not a bad file). */
export class UnknownCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownCodecError";
  }
}

/** The pure-TypeScript LZ codec (runs everywhere the core runs). */
export const LZ_CODEC: PageCodec = { name: "lz", compress: lzCompress, decompress: lzDecompress };

const codecs = new Map<string, PageCodec>([[LZ_CODEC.name, LZ_CODEC]]);

/** Make `codec` available to writers and readers (host files register theirs on import). */
export function registerCodec(codec: PageCodec): void {
  if (!/^[a-z0-9-]{1,16}$/.test(codec.name)) throw new RangeError(`bad codec name ${JSON.stringify(codec.name)}`);
  codecs.set(codec.name, codec);
}

/** The codec called `name`, or null when this host has none by that name. */
export function codecByName(name: string): PageCodec | null {
  return codecs.get(name) ?? null;
}

/** Names of the registered codecs ("none" is always accepted besides them). */
export function codecNames(): string[] {
  return [...codecs.keys()].sort();
}

/**
 * The codec a caller asked for: undefined/null/"none" = no compression; an unknown name is an
 * UnknownCodecError naming the known ones (a bad command, not a bad file).
 */
export function pickCodec(name: string | null | undefined): PageCodec | null {
  if (name === undefined || name === null || name === "none" || name === "") return null;
  const c = codecs.get(name);
  if (!c) throw new UnknownCodecError(`unknown compression "${name}" (known: none, ${codecNames().join(", ")})`);
  return c;
}
