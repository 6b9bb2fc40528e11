// The live-migration protocol on the wire (docs/checkpoints.md "Live
// migration"): simple, versioned, and bounded so that a hostile or broken peer
// cannot crash or exhaust the receiver. Host-neutral (bytes in, bytes out).
//
// Each side first sends a greeting: MAGIC "CRYOMIG\0" and a u32 LE protocol
// version. Then frames: u32 LE length L (of what follows), u8 type, L−1 bytes
// of payload. A frame longer than its type allows is refused before a byte of
// its payload is buffered.
//
// sender → receiver                           receiver → sender
//   HELLO   u32 page limit, u32 ttys            READY    (after HELLO)
//   PAGES   u32 n, n × (u32 slot, 4096 bytes)   ARRIVED  (the machine is built, waiting for GO)
//   MAPS    page-map changes (migrate-maps.ts)  REFUSED  UTF-8 reason (one line)
//   FREE    u32 n, n × u32 slot
//   DRAFT   the state as of this round, page maps empty (a rehearsal of STATE)
//   SYNC    (end of a pre-copy round)               SYNCED   (all before it is taken)
//   SITES   the order of the page maps (last round)
//   STATE   snapshot container, its page maps empty
//   TERMS   the terminals' scrollback and console cursors
//   GO      f64 host epoch ms of the stop (commit: the receiver runs the machine, the sender exits)
//   ABORT   UTF-8 reason
// Pages are named by slots the sender chooses (dense, reused after FREE), so
// the receiver's table is bounded by the page limit it accepted in HELLO.
// Version 2 (this one) sends the page maps as per-round deltas; version 1
// sent them whole at the stop (PMAP), which a version-2 peer refuses.

/** "CRYOMIG\0" */
export const MIGRATE_MAGIC = new Uint8Array([0x43, 0x52, 0x59, 0x4f, 0x4d, 0x49, 0x47, 0x00]);
export const MIGRATE_VERSION = 2;
export const GREETING_BYTES = 12;
export const PAGE_BYTES = 4096;
/** Pages per PAGES frame. */
export const PAGES_PER_FRAME = 256;
/** Largest STATE frame (kernel tables without the pages; a box's tables are kilobytes to a few megabytes). */
export const MAX_STATE_BYTES = 64 << 20;
/** Largest TERMS frame: 64 terminals × the 1 MiB scrollback tail, and the cursors. */
export const MAX_TERMS_BYTES = 64 * ((1 << 20) + 64) + 16;
/** Most pages (slots) a receiver accepts: 256 MiB of guest memory plus 64 MiB of tmpfs, and some slack. */
export const MAX_SLOTS = (256 + 64) * 256 + 1024;
const MAX_REASON = 1024;
/** Largest MAPS: 8 bytes per page reference set (a page shared by many processes counts once per process). */
export const MAX_MAPS_BYTES = 64 << 20;
/** Most page-map entries (page references) a receiver holds: what MAX_MAPS_BYTES can name. */
export const MAX_REFS = MAX_MAPS_BYTES / 8;

export const T = {
  HELLO: 1,
  FREE: 2,
  PAGES: 3,
  STATE: 4,
  TERMS: 5,
  GO: 6,
  ABORT: 7,
  SYNC: 8,
  SITES: 9,
  MAPS: 10,
  DRAFT: 11,
  READY: 16,
  ARRIVED: 17,
  REFUSED: 18,
  SYNCED: 19,
} as const;

/** Largest payload of each frame type (the receiver's and the sender's reader check it before buffering). */
const MAX_PAYLOAD: Record<number, number> = {
  [T.HELLO]: 8,
  [T.FREE]: 4 + 4 * 65536,
  [T.PAGES]: 4 + PAGES_PER_FRAME * (4 + PAGE_BYTES),
  [T.STATE]: MAX_STATE_BYTES,
  [T.TERMS]: MAX_TERMS_BYTES,
  [T.GO]: 8,
  [T.ABORT]: MAX_REASON,
  [T.SYNC]: 0,
  [T.SITES]: 4 + 4 * (1 << 16),
  [T.MAPS]: MAX_MAPS_BYTES,
  [T.DRAFT]: MAX_STATE_BYTES,
  [T.SYNCED]: 0,
  [T.READY]: 0,
  [T.ARRIVED]: 0,
  [T.REFUSED]: MAX_REASON,
};

/** The peer broke the protocol (garbage, a wrong version, an oversized frame): one line. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

export interface Frame {
  type: number;
  payload: Uint8Array;
}

export function greeting(): Uint8Array {
  const b = new Uint8Array(GREETING_BYTES);
  b.set(MIGRATE_MAGIC);
  new DataView(b.buffer).setUint32(8, MIGRATE_VERSION, true);
  return b;
}

/** One frame's bytes. */
export function frame(type: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(5 + payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, payload.length + 1, true);
  out[4] = type;
  out.set(payload, 5);
  return out;
}

export function u32s(...values: number[]): Uint8Array {
  const b = new Uint8Array(4 * values.length);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setUint32(4 * i, x, true));
  return b;
}

export function textFrame(type: number, text: string): Uint8Array {
  return frame(type, new TextEncoder().encode(text.slice(0, MAX_REASON / 4)));
}

export function frameText(f: Frame): string {
  return new TextDecoder().decode(f.payload).replace(/[\x00-\x1f\x7f]+/g, " ");
}

/**
 * Splits a byte stream into frames, checking the peer's greeting first. `push` bytes as they come;
 * `next()` gives complete frames. Throws ProtocolError on anything out of bounds. It never holds more
 * than one frame (bounded by its type's limit) plus the bytes of one read.
 */
export class FrameReader {
  private chunks: Uint8Array[] = [];
  private have = 0;
  private greeted = false;

  constructor(private readonly allowed: ReadonlySet<number>) {}

  push(b: Uint8Array): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.have += b.length;
    this.check();
  }

  /** The next complete frame, or null. */
  next(): Frame | null {
    if (!this.greeted || this.have < 5) return null;
    this.check(); // the header of the frame now at the front
    const head = this.peek(5);
    const len = new DataView(head.buffer, head.byteOffset).getUint32(0, true);
    if (this.have < 4 + len) return null;
    this.take(5);
    return { type: head[4]!, payload: this.take(len - 1) };
  }

  /** Refuse an unknown type or an oversized frame as soon as its header is in. */
  private check(): void {
    if (!this.greeted) {
      if (this.have < MIGRATE_MAGIC.length) return;
      const m = this.peek(MIGRATE_MAGIC.length);
      if (!MIGRATE_MAGIC.every((x, i) => m[i] === x)) throw new ProtocolError("the peer does not speak the cryobox migration protocol (wrong magic)");
      if (this.have < GREETING_BYTES) return;
      const g = this.take(GREETING_BYTES);
      const v = new DataView(g.buffer, g.byteOffset).getUint32(8, true);
      if (v !== MIGRATE_VERSION) throw new ProtocolError(`the peer speaks migration protocol version ${v}, this cryobox speaks ${MIGRATE_VERSION}`);
      this.greeted = true;
    }
    if (this.have < 5) return;
    const head = this.peek(5);
    const len = new DataView(head.buffer, head.byteOffset).getUint32(0, true);
    const type = head[4]!;
    if (!this.allowed.has(type)) throw new ProtocolError(`unexpected frame type ${type}`);
    if (len < 1 || len - 1 > MAX_PAYLOAD[type]!) throw new ProtocolError(`frame type ${type} of ${len - 1} bytes is larger than allowed (${MAX_PAYLOAD[type]})`);
  }

  private peek(n: number): Uint8Array {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!.subarray(0, n);
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      const k = Math.min(c.length, n - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (at === n) break;
    }
    return out;
  }

  private take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.have -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.have -= n;
    return out;
  }
}
