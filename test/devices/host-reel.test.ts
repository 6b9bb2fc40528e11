// The host-file reel (machine/host-reels.ts, the one host adapter): the same
// bytes and identity as an in-memory reel after the same drive operations,
// and a drive on it survives being reopened.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openHostReelFile } from "../../machine/host-reels.js";
import {
  MemoryReel, MtOp, closeDevice, mountReel, mtOp, newDrive, readRecord, readTapFile, reelIdentity, writeRecord, type ReelMedia,
} from "../../devices/tape/index.js";

const dir = mkdtempSync(join(tmpdir(), "cryobox-reel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function session(media: ReelMedia): void {
  const s = newDrive(0);
  mountReel(s, reelIdentity("r.tap", media), true);
  for (const text of ["alpha", "beta", "gamma"]) writeRecord(s, media, new TextEncoder().encode(text));
  closeDevice(s, media, false);
  writeRecord(s, media, new TextEncoder().encode("second file"));
  closeDevice(s, media, true);
  mtOp(s, media, MtOp.MTFSR, 1);
  writeRecord(s, media, new TextEncoder().encode("B")); // truncates after the first record
  closeDevice(s, media, true);
}

/** A host reel's media and its release. */
function hostReel(path: string, readOnly = false): ReelMedia & { close(): void } {
  const r = openHostReelFile(path, { readOnly, create: true });
  const m = r.loaded.media;
  return {
    size: () => m.size(),
    read: (o, n) => m.read(o, n),
    write: (o, b) => m.write(o, b),
    truncate: (n) => m.truncate(n),
    close: () => r.loaded.close?.(),
  };
}

describe("host reel file", () => {
  it("ends with the same bytes and identity as a MemoryReel after the same operations", () => {
    const path = join(dir, "a.tap");
    const host = hostReel(path);
    const mem = new MemoryReel();
    session(host);
    session(mem);
    expect(new Uint8Array(readFileSync(path))).toEqual(mem.bytes());
    expect(reelIdentity("x", host)).toEqual(reelIdentity("x", mem));
    expect(readTapFile(mem.bytes()).map((r) => r.kind)).toEqual(["data", "data", "mark"]);
    host.close();
  });

  it("reads an existing reel read-only", () => {
    const path = join(dir, "b.tap");
    const w = hostReel(path);
    const s = newDrive(0);
    mountReel(s, reelIdentity(path, w), true);
    writeRecord(s, w, Uint8Array.of(1, 2, 3));
    w.close();
    const r = hostReel(path, true);
    const t = newDrive(0);
    mountReel(t, reelIdentity(path, r), false);
    expect(readRecord(t, r, 10)).toEqual({ kind: "data", bytes: Uint8Array.of(1, 2, 3), length: 3 });
    expect(readRecord(t, r, 10)).toEqual({ kind: "eom" });
    r.close();
  });
});
