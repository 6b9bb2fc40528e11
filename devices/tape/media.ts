// The reel: bytes outside the machine, reached through ReelMedia. A reel is
// never part of machine state; a checkpoint records only its identity
// (volume, path, size, content hash), which restart compares with what is
// mounted (verify.ts). Hashing is streamed and reels are bounded in size.

import { type Infer, sha256Stream, t } from "../../state/index.js";

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

/** A reel that cannot be used: not a tape image, too large, unreadable. One-line message. */
export class ReelError extends Error {
  override name = "ReelError";
}

/**
 * The largest reel cryobox mounts or lets a guest write (1 GiB). Hashing a
 * reel reads all of it, so a bound on the reel is a bound on the time a mount
 * or a checkpoint can take; a real reel ends too (the guest sees ENOSPC).
 */
export const MAX_REEL_BYTES = 1 << 30;

/** What restart verification needs to know that a reel is the same one. */
export const ReelIdentity = t.struct({
  /** where the operator mounted it from (host path, or a name for in-memory reels) */
  path: t.string,
  /** the volume: the VOL1 label's volume serial when the reel carries one, else the reel file's name */
  volume: t.string,
  /** `volume` comes from a VOL1 label (not from a file name) */
  labelled: t.bool,
  size: t.uint,
  /** lower-case hex SHA-256 of the whole reel */
  sha256: t.string,
});
export type ReelIdentity = Infer<typeof ReelIdentity>;

const HASH_CHUNK = 1 << 20;

/** The last component of a host path or reel name ("/a/b/VOL001.tap" → "VOL001.tap"). */
export function baseName(name: string): string {
  const parts = name.split(/[\\/]/).filter((x) => x !== "");
  return parts[parts.length - 1] ?? name;
}

/**
 * The volume serial of a VOL1 label (ANSI X3.27 / IBM standard labels): the
 * reel's first record is 80 bytes starting "VOL1", serial in bytes 4..9.
 * Null when the reel does not start with such a record.
 */
export function volumeLabel(media: ReelMedia): string | null {
  const head = media.read(0, 4 + 80 + 4);
  if (head.length < 88) return null;
  const len = head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24);
  if (len !== 80) return null;
  const text = String.fromCharCode(...head.subarray(4, 84));
  if (!text.startsWith("VOL1")) return null;
  const serial = text.slice(4, 10).trimEnd();
  return /^[\x21-\x7e]{1,6}$/.test(serial) ? serial : null;
}

/** Hex SHA-256 of bytes [0, end) of a reel, read in 1 MiB pieces (bounded memory). */
function hashRange(media: ReelMedia, end: number): string {
  const h = sha256Stream();
  for (let off = 0; off < end; off += HASH_CHUNK) {
    const part = media.read(off, Math.min(HASH_CHUNK, end - off));
    if (part.length === 0) break;
    h.update(part);
  }
  return h.hex();
}

/** Refuse a reel larger than MAX_REEL_BYTES before reading any of it. */
export function checkReelSize(name: string, size: number): void {
  if (size > MAX_REEL_BYTES) throw new ReelError(`reel ${name}: ${size} bytes is larger than the ${MAX_REEL_BYTES}-byte limit of a reel`);
}

/** Compute a reel's identity from its current contents (streamed; refuses reels over MAX_REEL_BYTES). */
export function reelIdentity(path: string, media: ReelMedia): ReelIdentity {
  const size = media.size();
  checkReelSize(path, size);
  const label = volumeLabel(media);
  return { path, volume: label ?? baseName(path), labelled: label !== null, size, sha256: hashRange(media, size) };
}

/**
 * Hex SHA-256 of the first `length` bytes of a reel (all of it if shorter).
 * Restart of a drive that was writing (SCENARIOS 11) needs only the bytes
 * before the head to be unchanged: everything after it is overwritten by the
 * next write, so a reel that grew past the checkpointed position is still the
 * right reel when this prefix hash matches.
 */
export function reelPrefixSha256(media: ReelMedia, length: number): string {
  return hashRange(media, Math.min(Math.max(0, length), media.size()));
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
