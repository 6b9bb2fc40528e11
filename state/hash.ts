// SHA-256 for digests, section checksums and reel identities. The machine core
// hashes with the pure implementation in state/sha256.ts, so it needs no host
// library (a browser build runs the same core). A host may register a faster,
// equivalent implementation (state/host-hash.ts: node:crypto, ~10× faster),
// which the Node entry points do; the bytes produced are the same either way.
// The registered implementation is host configuration, not machine state.

import { PureSha256 } from "./sha256.js";

/** An incremental SHA-256 (large inputs hashed piece by piece in bounded memory: tape reels). */
export interface Sha256Stream {
  update(part: Uint8Array): void;
  /** lower-case hex of everything fed so far; the stream must not be used afterwards */
  hex(): string;
}

/** What a hashing implementation provides: a fresh incremental SHA-256 giving raw bytes. */
export interface Sha256Impl {
  name: string;
  create(): { update(part: Uint8Array): unknown; digest(): Uint8Array };
  /** SHA-256 of one byte array in one call, when the implementation has a cheaper path for it (node:crypto's hash) */
  once?(data: Uint8Array): Uint8Array;
}

const pure: Sha256Impl = { name: "pure", create: () => new PureSha256() };
let impl: Sha256Impl = pure;

/** Use `next` for every hash from now on (null: back to the pure implementation). Returns the previous one. */
export function useSha256(next: Sha256Impl | null): Sha256Impl {
  const prev = impl;
  impl = next ?? pure;
  return prev;
}

/** The implementation in use ("pure", "node:crypto"). */
export function sha256ImplName(): string {
  return impl.name;
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && impl.once) return impl.once(parts[0]!);
  const h = impl.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** SHA-256 of the concatenation of `parts`, fed piece by piece (no spread: page stores pass thousands of pages). */
export function sha256Of(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && impl.once) return impl.once(parts[0]!);
  const h = impl.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += bytes[i]!.toString(16).padStart(2, "0");
  return s;
}

/** Hex SHA-256 of `parts`. */
export function sha256Hex(...parts: Uint8Array[]): string {
  return toHex(sha256(...parts));
}

/** A fresh incremental SHA-256. */
export function sha256Stream(): Sha256Stream {
  const h = impl.create();
  return {
    update: (part) => void h.update(part),
    hex: () => toHex(h.digest()),
  };
}
