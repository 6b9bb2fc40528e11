// The contents of a tmpfs file, stored the way guest memory is: in 4 KiB
// blocks (Inode.blocks, block number → bytes, a `pages` field) beside the file
// size (Inode.size). A block that was never written is absent — a hole that
// reads as zeros and costs no host memory, so a sparse file (one lseek + write
// far out) costs one block, not its size. A write of a whole block of zeros
// into a hole leaves the hole. A snapshot stores the blocks through the page
// store (snapshot/pages.ts): zero blocks as one byte, equal blocks once.
//
// Sharing: a restore may hand the same block object to several files (equal
// contents) and to guest memory (cpu/page-store.ts). A block this module
// allocated belongs to exactly one file; any other block is copied before it is
// written (copy-on-write), so a shared block is never changed in place.
// `unshareFileBlocks` runs when a kernel adopts a state, so that guest memory
// never writes in place a page a file also holds.

import type { Inode } from "./state.js";

export const BLOCK = 4096;
const SHIFT = 12;

/** Transient: the blocks this module allocated, each held by exactly one file (never state). */
const owned = new WeakSet<Uint8Array>();

function fresh(): Uint8Array {
  const b = new Uint8Array(BLOCK);
  owned.add(b);
  return b;
}

/**
 * From now on, the next write to block `b` gives its file a new block object (copy-on-write), as for a
 * shared block. A checkpoint freezes every file block it sees (snapshot/page-cache.ts): then a block
 * object still held later holds the bytes it held then, so no block is hashed again at each checkpoint
 * to find out. Costs one 4 KiB copy per block first written after a checkpoint.
 */
export function freezeFileBlock(b: Uint8Array): void {
  owned.delete(b);
}

/** Host memory the file's contents take: its blocks (holes are free). */
export function allocatedBytes(n: Inode): number {
  return n.blocks.size * BLOCK;
}

/** Bytes [offset, offset + len) of the file, clipped at its end; holes read as zeros. A new array. */
export function readFile(n: Inode, offset: number, len: number): Uint8Array {
  const start = Math.min(offset, n.size);
  const end = Math.min(offset + len, n.size);
  const out = new Uint8Array(Math.max(0, end - start));
  for (let at = start; at < end; ) {
    const bn = at >>> SHIFT;
    const within = at & (BLOCK - 1);
    const take = Math.min(BLOCK - within, end - at);
    const b = n.blocks.get(bn);
    if (b) out.set(b.subarray(within, within + take), at - start);
    at += take;
  }
  return out;
}

/** The whole file (exec's image). */
export function fileContents(n: Inode): Uint8Array {
  return readFile(n, 0, n.size);
}

function allZero(data: Uint8Array, from: number, to: number): boolean {
  let i = from;
  // Four bytes at a time where the bytes are aligned (a megabyte of zeros is checked in well under a millisecond).
  if (((data.byteOffset + i) & 3) === 0 && to - i >= 64) {
    const words = new Int32Array(data.buffer, data.byteOffset + i, (to - i) >> 2);
    for (let w = 0; w < words.length; w++) if (words[w] !== 0) return false;
    i += words.length << 2;
  }
  for (; i < to; i++) if (data[i] !== 0) return false;
  return true;
}

/** Blocks a write of `data` at `at` would add (holes it fills with something other than a whole block of zeros). */
export function blocksToAdd(n: Inode, at: number, data: Uint8Array): number {
  let add = 0;
  const end = at + data.length;
  for (let pos = at; pos < end; ) {
    const bn = pos >>> SHIFT;
    const within = pos & (BLOCK - 1);
    const take = Math.min(BLOCK - within, end - pos);
    if (!n.blocks.has(bn) && !(take === BLOCK && allZero(data, pos - at, pos - at + take))) add++;
    pos += take;
  }
  return add;
}

/** Block `bn` of `n`, writable by this file alone: allocated for a hole, copied when shared. */
function writable(n: Inode, bn: number): Uint8Array {
  const b = n.blocks.get(bn);
  if (b && owned.has(b)) return b;
  const w = fresh();
  if (b) w.set(b);
  n.blocks.set(bn, w);
  return w;
}

/** Write `data` at `at`, growing the file as needed (the caller checked the size limits). */
export function writeFile(n: Inode, at: number, data: Uint8Array): void {
  const end = at + data.length;
  for (let pos = at; pos < end; ) {
    const bn = pos >>> SHIFT;
    const within = pos & (BLOCK - 1);
    const take = Math.min(BLOCK - within, end - pos);
    const src = data.subarray(pos - at, pos - at + take);
    // A whole block of zeros over a hole stays a hole: it reads the same and costs nothing.
    if (n.blocks.has(bn) || take !== BLOCK || !allZero(src, 0, take)) writable(n, bn).set(src, within);
    pos += take;
  }
  if (end > n.size) n.size = end;
}

/**
 * Set the file's size: blocks past the new end are dropped, and the rest of the
 * last block is zeroed (the bytes a later extension must read as zeros).
 */
export function truncateFile(n: Inode, size: number): void {
  const keep = Math.ceil(size / BLOCK);
  for (const bn of [...n.blocks.keys()]) if (bn >= keep) n.blocks.delete(bn);
  const tail = size & (BLOCK - 1);
  if (tail !== 0 && size < n.size) {
    const last = n.blocks.get(keep - 1);
    if (last && !allZero(last, tail, BLOCK)) writable(n, keep - 1).fill(0, tail);
  }
  n.size = size;
}

/** Replace the contents with a copy of `bytes` (boot's root files, a job restore's saved files). */
export function setContents(n: Inode, bytes: Uint8Array): void {
  n.blocks = new Map();
  n.size = 0;
  writeFile(n, 0, bytes);
}

/** Do two files hold the same bytes? (holes equal zeros) */
export function sameContents(a: Inode, b: Inode): boolean {
  if (a.size !== b.size) return false;
  for (let at = 0; at < a.size; at += BLOCK) {
    const x = a.blocks.get(at >>> SHIFT);
    const y = b.blocks.get(at >>> SHIFT);
    if (x === y) continue;
    if (!x || !y) {
      if (!allZero(x ?? y!, 0, BLOCK)) return false;
      continue;
    }
    for (let i = 0; i < BLOCK; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

/**
 * A kernel adopts `inodes` (restore): a block object that guest memory also
 * holds (`inMemory`) is replaced by one copy per object, shared by the files
 * that held it (still copy-on-write for them), so memory that owns its page
 * alone can keep writing it in place without changing a file.
 */
export function unshareFileBlocks(inodes: Iterable<Inode>, inMemory: (b: Uint8Array) => boolean): void {
  const copies = new Map<Uint8Array, Uint8Array>();
  for (const n of inodes) {
    for (const [bn, b] of n.blocks) {
      if (!inMemory(b)) continue;
      let c = copies.get(b);
      if (!c) copies.set(b, (c = b.slice()));
      n.blocks.set(bn, c);
    }
  }
}
