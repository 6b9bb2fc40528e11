// What one terminal displayed since a Machine attached: an append-only byte
// log with a doubling buffer. Host-side (outside the machine), never saved.

const decoder = new TextDecoder();

export class OutputLog {
  private buf = new Uint8Array(1024);
  private len = 0;

  /** Number of bytes logged so far. */
  get length(): number {
    return this.len;
  }

  /** Append `b` at the end. */
  append(b: Uint8Array): void {
    if (this.len + b.length > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + b.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** A copy of all logged bytes. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** A copy of the bytes from `offset` on (clamped to the log). */
  since(offset: number): Uint8Array {
    return this.buf.slice(Math.max(0, Math.min(offset, this.len)), this.len);
  }

  /** The log decoded as UTF-8 (invalid sequences become U+FFFD). */
  text(): string {
    return decoder.decode(this.buf.subarray(0, this.len));
  }
}
