// Growable byte writer and bounds-checked byte reader: the primitives of the
// canonical encoding. Little-endian fixed-width integers, LEB128 for lengths
// and counters. The reader never reads past its end: it throws StateError
// with the path it was decoding, so a truncated snapshot names its field.

import { StateError } from "./schema.js";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** Appends bytes to a buffer that doubles as needed. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialSize = 4096) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.reserve(1);
    this.buf[this.length++] = v;
  }

  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }

  /** LEB128 of a non-negative safe integer. */
  uint(v: number): void {
    this.reserve(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  /** Zig-zag LEB128 of a signed safe integer. */
  int(v: number): void {
    this.uint(v < 0 ? -2 * v - 1 : 2 * v);
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(bytes: Uint8Array): void {
    this.uint(bytes.length);
    this.raw(bytes);
  }

  string(s: string): void {
    // Most state strings are short and ASCII (names, paths): their UTF-8 is their code units, and their
    // length prefix one byte. Written in place, without TextEncoder's allocation; anything else as before.
    const n = s.length;
    if (n < 0x80) {
      this.reserve(n + 1);
      const buf = this.buf;
      let at = this.length + 1;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) return this.bytes(textEncoder.encode(s)); // what was put past `length` is overwritten
        buf[at++] = c;
      }
      buf[this.length] = n;
      this.length = at;
      return;
    }
    this.bytes(textEncoder.encode(s));
  }

  /** The bytes written so far (a copy, so the writer may be reused). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /**
   * The bytes written from `start` on, without a copy: a view that stays valid as long as the writer is
   * only appended to (growing moves later bytes to a new buffer and leaves the viewed ones alone).
   */
  since(start: number): Uint8Array {
    return this.buf.subarray(start, this.length);
  }
}

/** Reads what ByteWriter wrote; every read is bounds-checked against `end`. */
export class ByteReader {
  private readonly view: DataView;
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, path: string): void {
    if (n > this.end - this.pos) {
      throw new StateError(path, `truncated: needs ${n} more byte(s) at offset ${this.pos}, ${this.end - this.pos} left`);
    }
  }

  u8(path: string): number {
    this.need(1, path);
    return this.buf[this.pos++]!;
  }

  u16(path: string): number {
    this.need(2, path);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(path: string): number {
    this.need(4, path);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  uint(path: string): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8(path);
      result += (b & 0x7f) * scale;
      if (result > Number.MAX_SAFE_INTEGER) throw new StateError(path, "integer out of range");
      if ((b & 0x80) === 0) {
        // Canonical form: no redundant trailing zero groups.
        if (b === 0 && i > 0) throw new StateError(path, "non-canonical integer encoding");
        return result;
      }
      scale *= 0x80;
    }
    throw new StateError(path, "integer encoding too long");
  }

  int(path: string): number {
    const z = this.uint(path);
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  raw(n: number, path: string): Uint8Array {
    this.need(n, path);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(path: string, max = Infinity): Uint8Array {
    const n = this.uint(path);
    if (n > max) throw new StateError(path, `length ${n} exceeds the limit ${max}`);
    return this.raw(n, path);
  }

  string(path: string): string {
    const n = this.uint(path);
    this.need(n, path);
    // Short ASCII (most state strings) is its own text: no copy, no TextDecoder call. Anything else
    // (including a byte-order mark, which TextDecoder would drop) is decoded as before.
    const start = this.pos;
    if (n <= 64) {
      let i = start;
      while (i < start + n && this.buf[i]! < 0x80) i++;
      if (i === start + n) {
        this.pos = i;
        return String.fromCharCode.apply(null, this.buf.subarray(start, i) as unknown as number[]);
      }
    }
    const b = this.raw(n, path);
    try {
      return textDecoder.decode(b);
    } catch {
      throw new StateError(path, "invalid UTF-8 text");
    }
  }
}
