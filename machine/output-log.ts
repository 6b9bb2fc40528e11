// What one terminal displayed since a Machine attached: a byte log that keeps
// a bounded tail. Host-side (outside the machine), never saved. A guest can
// print without end (`yes`), so the log holds at most the last `tail` bytes
// it was given (and never more than twice that in host memory); `length`
// still counts every byte ever displayed, so offsets stay valid cursors and
// `since` of an offset that has been dropped starts at the oldest byte kept.

const decoder = new TextDecoder();

/** Bytes of each terminal's output a Machine keeps (docs/limits.md). */
export const OUTPUT_LOG_TAIL = 1 << 20;

export class OutputLog {
  private buf = new Uint8Array(1024);
  /** bytes held in buf, from index 0 */
  private held = 0;
  /** bytes dropped from the front since the log began */
  private dropped = 0;

  constructor(private readonly tail = OUTPUT_LOG_TAIL) {
    if (!Number.isSafeInteger(tail) || tail < 1) throw new RangeError(`output log tail must be a positive integer, not ${tail}`);
  }

  /** A log that goes on from another one: `bytes` kept, the first of them at offset `start` (live migration). */
  static resume(start: number, bytes: Uint8Array, tail = OUTPUT_LOG_TAIL): OutputLog {
    const log = new OutputLog(tail);
    log.append(bytes);
    log.dropped += start;
    return log;
  }

  /** Number of bytes logged so far (dropped ones included). */
  get length(): number {
    return this.dropped + this.held;
  }

  /** Offset of the oldest byte still kept. */
  get start(): number {
    return this.dropped;
  }

  /** Append `b` at the end; the oldest bytes go once more than twice the tail is held. */
  append(b: Uint8Array): void {
    if (b.length >= this.tail) {
      // Only b's own last `tail` bytes can survive.
      this.dropped += this.held + (b.length - this.tail);
      this.held = 0;
      b = b.subarray(b.length - this.tail);
    } else if (this.held + b.length > 2 * this.tail) {
      const keep = this.tail - b.length; // keep `tail` bytes in all after the append
      this.buf.copyWithin(0, this.held - keep, this.held);
      this.dropped += this.held - keep;
      this.held = keep;
    }
    if (this.held + b.length > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.held + b.length) cap *= 2;
      const next = new Uint8Array(Math.min(cap, 2 * this.tail));
      next.set(this.buf.subarray(0, this.held));
      this.buf = next;
    }
    this.buf.set(b, this.held);
    this.held += b.length;
  }

  /** A copy of the bytes kept (all logged bytes unless more than the tail was displayed). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.held);
  }

  /** A copy of the bytes from `offset` on (clamped to what is kept). */
  since(offset: number): Uint8Array {
    const from = Math.max(0, Math.min(offset - this.dropped, this.held));
    return this.buf.slice(from, this.held);
  }

  /** The kept bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
  text(): string {
    return decoder.decode(this.buf.subarray(0, this.held));
  }
}
