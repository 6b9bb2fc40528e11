// File contents are stored the way memory pages are (issue #7): eight sparse
// 64 MiB files (one lseek + write each) made the next checkpoint take 2.2 GB of
// host memory, and a snapshot of 320 MiB of zero-filled files was 336 MB. Now a
// file holds 4 KiB blocks (kernel/file-blocks.ts): holes and whole blocks of
// zeros written over them cost nothing, and a snapshot stores each distinct
// block once (snapshot/pages.ts) — in the machine, in the snapshot and after a
// restore.
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { SnapshotError } from "../../snapshot/errors.js";
import { fileContents, readFile, setContents } from "../../kernel/file-blocks.js";
import { tmpfsUsage } from "../../kernel/tmpfs-space.js";
import type { Inode } from "../../kernel/state.js";
import { bootToPrompt, fileText } from "../scenarios/helpers.js";
import { resolve } from "../../kernel/vfs.js";

const MiB = 1024 * 1024;

function inodeAt(m: Machine, path: string): Inode {
  const r = resolve(m.kernel, m.kernel.state.rootIno, path);
  if (typeof r === "number" || !("ino" in r)) throw new Error(`no ${path}`);
  return m.kernel.state.inodes.get(r.ino)!;
}

/** Blocks all tmpfs files hold (each a 4 KiB host allocation, or a shared one after a restore). */
function heldBlocks(m: Machine): number {
  let n = 0;
  for (const i of m.kernel.state.inodes.values()) n += i.blocks.size;
  return n;
}

describe("sparse and zero-filled files cost no host memory", () => {
  it("eight sparse 64 MiB files (lseek + write) hold one block each, in the machine, the snapshot and after a restore", () => {
    const s = bootToPrompt({ ttys: 1 });
    const before = heldBlocks(s.m);
    const snapBefore = s.m.checkpoint().length;
    s.command("for i in 1 2 3 4 5 6 7 8; do echo x$i | dd of=/tmp/s$i bs=1 seek=67108860; done");
    for (let i = 1; i <= 8; i++) {
      const n = inodeAt(s.m, `/tmp/s${i}`);
      expect(n.size).toBe(64 * MiB - 1);
      expect(n.blocks.size).toBe(1);
      expect(new TextDecoder().decode(readFile(n, 64 * MiB - 4, 8))).toBe(`x${i}\n`);
      expect(readFile(n, 1000, 4)).toEqual(new Uint8Array(4)); // the hole reads as zeros
    }
    expect(heldBlocks(s.m) - before).toBeLessThanOrEqual(8 + 2); // 8 blocks (and /tmp's own bookkeeping)
    expect(tmpfsUsage(s.m.kernel).used).toBeLessThan(DEFAULT_BOUND); // 512 MiB of file sizes fit a 64 MiB tmpfs
    const snap = s.m.checkpoint();
    expect(snap.length - snapBefore).toBeLessThan(256 * 1024); // was 512 MiB of zeros
    const r = Machine.restore(snap);
    expect(heldBlocks(r)).toBe(heldBlocks(s.m));
    expect(r.digest()).toBe(s.m.digest());
    expect(Buffer.from(r.checkpoint()).equals(Buffer.from(snap))).toBe(true); // canonical
    const t = new (s.constructor as typeof import("../scenarios/helpers.js").Session)(r, 0);
    t.command("echo y | dd of=/tmp/s1 bs=1 seek=4096; ls -l /tmp/s1");
    expect(inodeAt(r, "/tmp/s1").blocks.size).toBe(2);
    expect(inodeAt(s.m, "/tmp/s1").blocks.size).toBe(1); // the original is untouched
  });

  // The long form writes the 320 MiB (5 × 64 MiB, about a minute); the default 2 × 8 MiB.
  const [files, mib] = process.env.CRYOBOX_LONG === "1" ? [5, 64] : [2, 8];
  it(`${files * mib} MiB of zero-filled files: no blocks held, and a snapshot of a few hundred KB (320 MiB was 336 MB)`, () => {
    const s = bootToPrompt({ ttys: 1 });
    const before = heldBlocks(s.m);
    const snapBefore = s.m.checkpoint().length;
    s.command(`for i in ${Array.from({ length: files }, (_, i) => i + 1).join(" ")}; do dd if=/dev/zero of=/tmp/z$i bs=1M count=${mib}; done`, 8_000_000_000);
    for (let i = 1; i <= files; i++) expect(inodeAt(s.m, `/tmp/z${i}`).size).toBe(mib * MiB);
    expect(heldBlocks(s.m) - before).toBeLessThanOrEqual(2);
    const snap = s.m.checkpoint();
    expect(snap.length - snapBefore).toBeLessThan(256 * 1024);
    const r = Machine.restore(snap);
    expect(r.digest()).toBe(s.m.digest());
  });

  it("equal blocks are stored once in a snapshot, and a restore shares them until one is written", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("echo hi > /tmp/d1; echo hi > /tmp/d2");
    const block = new Uint8Array(4096).map((_, i) => 0x41 + (i % 26));
    const big = new Uint8Array(64 * 4096);
    for (let i = 0; i < 64; i++) big.set(block, i * 4096);
    setContents(inodeAt(s.m, "/tmp/d1"), big); // 2 × 64 equal non-zero blocks, through the kernel's own code
    setContents(inodeAt(s.m, "/tmp/d2"), big);
    const snap = s.m.checkpoint();
    const one = Machine.restore(snap).checkpoint().length;
    expect(one).toBe(snap.length);
    const r = Machine.restore(snap);
    const d1 = inodeAt(r, "/tmp/d1");
    const d2 = inodeAt(r, "/tmp/d2");
    expect(new Set([...d1.blocks.values(), ...d2.blocks.values()]).size).toBe(1); // one host block for 128
    const t = new (s.constructor as typeof import("../scenarios/helpers.js").Session)(r, 0);
    t.command("echo changed > /tmp/d1");
    expect(fileText(r, "/tmp/d1")).toBe("changed\n");
    expect(Buffer.from(fileContents(d2)).equals(Buffer.from(big))).toBe(true); // the other file kept its bytes
    // the snapshot grew by about one block of the file pair, not by 128 blocks
    const s0 = bootToPrompt({ ttys: 1 });
    s0.command("echo hi > /tmp/d1; echo hi > /tmp/d2");
    expect(snap.length - s0.m.checkpoint().length).toBeLessThan(3 * 4096);
  });
});

describe("a restore holds no more file blocks than the operator's tmpfs limit", () => {
  it("refuses with one line naming $.inodes and --tmpfs-size, and restores with a limit that fits", () => {
    const s = bootToPrompt({ ttys: 1 });
    setContents(inodeAt(s.m, "/bin/sh"), new Uint8Array(4 * MiB).fill(1)); // blocks held now: more than 4 MiB
    const snap = s.m.checkpoint();
    let message = "";
    try {
      Machine.restore(snap, { tmpfsSize: 2 * MiB });
    } catch (e) {
      expect(e).toBeInstanceOf(SnapshotError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/\$\.inodes.*tmpfs size limit.*--tmpfs-size/);
    expect(Machine.restore(snap, { tmpfsSize: 16 * MiB }).digest()).toBe(s.m.digest());
  });
});

const DEFAULT_BOUND = 64 * MiB;
