// A reel backed by a host file (node fs, synchronous): what the CLI mounts.
// Outside the machine by design; the machine only ever sees ReelMedia.

import * as fs from "node:fs";
import { type ReelMedia } from "./media.js";

/** A .tap file on the host. Opens read-write unless `readOnly`; a missing file is created when writable. */
export class HostReel implements ReelMedia {
  private readonly fd: number;

  constructor(
    readonly path: string,
    readOnly = false,
  ) {
    this.fd = fs.openSync(path, readOnly ? "r" : fs.existsSync(path) ? "r+" : "w+");
  }

  size(): number {
    return fs.fstatSync(this.fd).size;
  }

  read(offset: number, length: number): Uint8Array {
    const size = this.size();
    const n = Math.max(0, Math.min(length, size - offset));
    const buf = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const r = fs.readSync(this.fd, buf, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return got === n ? buf : buf.subarray(0, got);
  }

  write(offset: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
  }

  truncate(length: number): void {
    fs.ftruncateSync(this.fd, length);
  }

  /** Release the host file (after unmount). */
  close(): void {
    fs.closeSync(this.fd);
  }
}
