// The bytes of a tmpfs file: how a file's contents grow without copying the
// whole file on every small append.

import { MAX_FILE_SIZE } from "./param.js";

/**
 * File contents grown to `size` bytes, new bytes zero. The declared state is the
 * view (its length is the file size, so snapshots stay canonical); the buffer
 * behind it keeps spare capacity that doubles, so a file written by many small
 * appends (`primes > /tmp/p`) costs amortised O(1) per byte instead of a copy
 * of the whole file per write.
 */
export function growFile(data: Uint8Array, size: number): Uint8Array {
  // Only a buffer this function allocated is known to be the file's alone (a decoded snapshot's
  // bytes, say, may be a view into something shared).
  const capacity = fileBuffers.has(data.buffer) ? data.buffer.byteLength - data.byteOffset : data.length;
  if (size <= capacity) {
    const view = new Uint8Array(data.buffer, data.byteOffset, size);
    view.fill(0, data.length); // the spare room may hold bytes of an earlier, longer life
    return view;
  }
  const buffer = new ArrayBuffer(Math.min(MAX_FILE_SIZE, Math.max(size, 2 * data.length, 256)));
  fileBuffers.add(buffer);
  const grown = new Uint8Array(buffer, 0, size);
  grown.set(data);
  return grown;
}

/** Transient: the buffers growFile allocated (spare capacity that no one else sees). */
const fileBuffers = new WeakSet<ArrayBufferLike>();
