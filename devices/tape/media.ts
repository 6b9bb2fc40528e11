// The reel: bytes outside the machine, reached through ReelMedia. A reel is
// never part of machine state; a checkpoint records only its identity
// (path, size, content hash), which restart compares with what is mounted.

import { type Infer, sha256Hex, t } from "../../state/index.js";

/** Random access to a reel's bytes (a SIMH .tap image). Synchronous; may throw only for host I/O failures. */
export interface ReelMedia {
  /** current length in bytes */
  size(): number;
  /** up to `length` bytes at `offset` (fewer at the end of the reel) */
  read(offset: number, length: number): Uint8Array;
  /** write `bytes` at `offset`, growing the reel if needed */
  write(offset: number, bytes: Uint8Array): void;
  /** cut (or zero-extend) the reel to `length` bytes */
  truncate(length: number): void;
}

/** What restart verification needs to know that a reel is the same one. */
export const ReelIdentity = t.struct({
  /** where the operator mounted it from (host path, or a name for in-memory reels) */
  path: t.string,
  size: t.uint,
  /** lower-case hex SHA-256 of the whole reel */
  sha256: t.string,
});
export type ReelIdentity = Infer<typeof ReelIdentity>;

const HASH_CHUNK = 1 << 20;

/** Compute a reel's identity from its current contents (reads it all, in 1 MiB pieces). */
export function reelIdentity(path: string, media: ReelMedia): ReelIdentity {
  const size = media.size();
  const parts: Uint8Array[] = [];
  for (let off = 0; off < size; off += HASH_CHUNK) parts.push(media.read(off, Math.min(HASH_CHUNK, size - off)));
  return { path, size, sha256: sha256Hex(...parts) };
}

/**
 * Hex SHA-256 of the first `length` bytes of a reel (all of it if shorter).
 * Restart of a drive that was writing (SCENARIOS 11) needs only the bytes
 * before the head to be unchanged: everything after it is overwritten by the
 * next write, so a reel that grew past the checkpointed position is still the
 * right reel when this prefix hash matches.
 */
export function reelPrefixSha256(media: ReelMedia, length: number): string {
  const end = Math.min(Math.max(0, length), media.size());
  const parts: Uint8Array[] = [];
  for (let off = 0; off < end; off += HASH_CHUNK) parts.push(media.read(off, Math.min(HASH_CHUNK, end - off)));
  return sha256Hex(...parts);
}

/** A reel held in memory (tests, the browser, the library API). */
export class MemoryReel implements ReelMedia {
  private data: Uint8Array;
  private length: number;

  constructor(initial: Uint8Array = new Uint8Array(0)) {
    this.data = initial.slice();
    this.length = initial.length;
  }

  size(): number {
    return this.length;
  }

  read(offset: number, length: number): Uint8Array {
    const start = Math.max(0, Math.min(offset, this.length));
    const end = Math.max(start, Math.min(offset + Math.max(0, length), this.length));
    return this.data.slice(start, end);
  }

  write(offset: number, bytes: Uint8Array): void {
    const end = offset + bytes.length;
    this.ensure(end);
    this.data.set(bytes, offset);
    if (end > this.length) this.length = end;
  }

  truncate(length: number): void {
    this.ensure(length);
    if (length > this.length) this.data.fill(0, this.length, length);
    this.length = length;
  }

  /** The reel's current bytes (a copy). */
  bytes(): Uint8Array {
    return this.data.slice(0, this.length);
  }

  private ensure(capacity: number): void {
    if (capacity <= this.data.length) return;
    const grown = new Uint8Array(Math.max(capacity, this.data.length * 2, 64));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}
