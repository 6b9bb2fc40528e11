// SHA-256 for digests and section checksums. The one host dependency of the
// state layer, kept in this file so a browser build can swap it for a pure
// implementation (ROADMAP 4) without touching anything else.

import { createHash } from "node:crypto";

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
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

/** An incremental SHA-256 (large inputs hashed piece by piece in bounded memory: tape reels). */
export interface Sha256Stream {
  update(part: Uint8Array): void;
  /** lower-case hex of everything fed so far; the stream must not be used afterwards */
  hex(): string;
}

/** A fresh incremental SHA-256. */
export function sha256Stream(): Sha256Stream {
  const h = createHash("sha256");
  return {
    update: (part) => void h.update(part),
    hex: () => h.digest("hex"),
  };
}
