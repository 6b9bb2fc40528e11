// Appending to a byte queue held in declared state. State fields are plain
// Uint8Arrays whose length is exactly their content, and they are replaced,
// never changed in place by anyone else. Copying the whole queue on every
// append would make a guest that writes one byte at a time quadratic, so a
// queue built here sits at the start of a larger buffer we allocated, and the
// next append fills the spare room when nothing else has appended from the
// same view. Which buffers have spare room is a cache (a WeakMap keyed by
// buffer), never state: losing it only costs a copy.

/** buffer → offset just past the bytes some view of it has claimed */
const claimed = new WeakMap<ArrayBufferLike, number>();

/** `a` followed by `b`, as a new view; amortised O(b.length). `a` itself is unchanged. */
export function appendBytes(a: Uint8Array, b: ArrayLike<number>): Uint8Array {
  if (b.length === 0) return a;
  const end = a.byteOffset + a.length;
  if (claimed.get(a.buffer) === end && end + b.length <= a.buffer.byteLength) {
    const out = new Uint8Array(a.buffer, a.byteOffset, a.length + b.length);
    out.set(b, a.length);
    claimed.set(a.buffer, end + b.length);
    return out;
  }
  const length = a.length + b.length;
  const buffer = new ArrayBuffer(Math.max(64, length * 2));
  const out = new Uint8Array(buffer, 0, length);
  out.set(a, 0);
  out.set(b, a.length);
  claimed.set(buffer, length);
  return out;
}
