// Opening a reel that is a host file (SIMH .tap), for Machine.mount and
// `--tape`. Host-side file (node fs). Reads and writes go straight to the file
// with positioned I/O, so a crash of the host process loses nothing the guest
// already wrote.

import { closeSync, existsSync, fstatSync, ftruncateSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { type ReelMedia, reelIdentity } from "../devices/tape/media.js";
import type { Reel } from "./reels.js";

class FileReel implements ReelMedia {
  constructor(private fd: number) {}
  size(): number {
    return fstatSync(this.fd).size;
  }
  read(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.size() - offset));
    const buf = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  }
  write(offset: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
  }
  truncate(length: number): void {
    ftruncateSync(this.fd, length);
  }
  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** Open host file `path` as a reel (created empty when writable and missing). Throws a one-line Error. */
export function openHostReelFile(path: string, readOnly: boolean): Reel {
  const abs = resolve(path);
  if (readOnly && !existsSync(abs)) throw new Error(`reel ${path}: no such file`);
  let fd: number;
  try {
    fd = openSync(abs, readOnly ? "r" : existsSync(abs) ? "r+" : "w+");
  } catch (e) {
    throw new Error(`reel ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const media = new FileReel(fd);
  return { media, identity: reelIdentity(abs, media), writable: !readOnly, close: () => media.close() };
}

/**
 * Reopen a reel a snapshot recorded, for restart: only if the host file still exists and still has
 * the recorded size and hash. Returns the reel, or a one-line reason why the drive stays offline.
 */
export function reopenRecordedReel(rec: { path: string; size: number; sha256: string; writable: boolean }): Reel | string {
  if (!existsSync(rec.path)) return `reel ${rec.path} is missing; mount it to continue`;
  const r = openHostReelFile(rec.path, !rec.writable);
  if (r.identity.size !== rec.size || r.identity.sha256 !== rec.sha256) {
    r.close?.();
    return `reel ${rec.path} changed since the checkpoint (sha256 ${rec.sha256.slice(0, 12)}… now ${r.identity.sha256.slice(0, 12)}…); not mounted — mount it by hand to use it anyway`;
  }
  return r;
}
