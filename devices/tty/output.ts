// Output side of the line discipline: OPOST processing (ONLCR, OCRNL, ONOCR,
// ONLRET, OLCUC, tab expansion) into the bounded output queue, the column the
// cursor is at (needed to erase tabs exactly), echo of typed characters, and
// draining by the host.

import { I, L, O } from "./termios.js";
import { TTY_OUTPUT_MAX, type TtyState } from "./state.js";
import { appendBytes } from "./queue.js";

/** Is this byte a UTF-8 continuation byte that takes no column (with IUTF8)? */
function isContinuation(s: TtyState, c: number): boolean {
  return (c & 0xc0) === 0x80 && (s.iflag & I.IUTF8) !== 0;
}

/** Append the OPOST rendering of `c` to `out`, tracking the column. */
export function opost(s: TtyState, c: number, out: number[]): void {
  if ((s.oflag & O.OPOST) === 0) {
    out.push(c);
    return;
  }
  switch (c) {
    case 0x0a: // \n
      if (s.oflag & O.ONLRET) s.column = 0;
      if (s.oflag & O.ONLCR) {
        s.column = 0;
        out.push(0x0d, 0x0a);
        return;
      }
      out.push(0x0a);
      return;
    case 0x0d: // \r
      if (s.oflag & O.ONOCR && s.column === 0) return;
      if (s.oflag & O.OCRNL) {
        if (s.oflag & O.ONLRET) s.column = 0;
        out.push(0x0a);
        return;
      }
      s.column = 0;
      out.push(0x0d);
      return;
    case 0x09: {
      // \t
      const spaces = 8 - (s.column % 8);
      s.column += spaces;
      if ((s.oflag & O.TABDLY) === O.XTABS) {
        for (let i = 0; i < spaces; i++) out.push(0x20);
      } else out.push(0x09);
      return;
    }
    case 0x08: // \b
      if (s.column > 0) s.column--;
      out.push(0x08);
      return;
    default:
      if (c >= 0x20 && c !== 0x7f && !isContinuation(s, c)) s.column++;
      out.push(s.oflag & O.OLCUC && c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
  }
}

/**
 * Append `out` to the output queue, up to TTY_OUTPUT_MAX: echo never blocks, so echo that does not
 * fit while nobody takes output is dropped (Linux drops echoes when the line has no room).
 */
export function queueOutput(s: TtyState, out: number[]): void {
  const room = TTY_OUTPUT_MAX - s.output.length;
  if (out.length > room) out = out.slice(0, Math.max(0, room));
  if (out.length > 0) s.output = appendBytes(s.output, out);
}

/**
 * Write guest bytes to the terminal: OPOST-processes and queues as many as fit
 * under TTY_OUTPUT_MAX. Returns how many bytes of `bytes` were consumed; 0 for
 * a non-empty write means the queue is full and the writer should block until
 * the host takes output.
 */
export function ttyWrite(s: TtyState, bytes: Uint8Array): number {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    // A byte is taken only when its whole rendering fits (\n → \r\n, a tab → up to 8 spaces):
    // the queue never holds more than TTY_OUTPUT_MAX, which restore checks.
    const column = s.column;
    const before = out.length;
    opost(s, bytes[i]!, out);
    if (s.output.length + out.length > TTY_OUTPUT_MAX) {
      out.length = before;
      s.column = column;
      break;
    }
    i++;
  }
  queueOutput(s, out);
  return i;
}

/** True when ttyWrite would accept at least one byte. */
export function ttyWritable(s: TtyState): boolean {
  return s.output.length < TTY_OUTPUT_MAX;
}

/** Bytes waiting in the output queue (TIOCOUTQ). */
export function ttyOutputPending(s: TtyState): number {
  return s.output.length;
}

/**
 * The host takes everything displayed since the last take. While output is
 * stopped (^S with IXON) nothing comes out and the queue keeps it.
 */
export function ttyTakeOutput(s: TtyState): Uint8Array {
  if (s.stopped && s.iflag & I.IXON) return new Uint8Array(0); // (IXON cleared by a direct flag write also releases it)
  const out = s.output;
  s.output = new Uint8Array(0);
  return out;
}

/** Is `c` shown as ^X when ECHOCTL is set? (controls except TAB and NL, and DEL) */
export function echoesAsCaret(s: TtyState, c: number): boolean {
  return (s.lflag & L.ECHOCTL) !== 0 && ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f);
}

/** Echo one typed character (ECHOCTL turns controls into ^X), through OPOST. */
export function echoChar(s: TtyState, c: number, out: number[]): void {
  if (echoesAsCaret(s, c)) {
    opost(s, 0x5e, out); // '^'
    opost(s, c ^ 0x40, out);
  } else opost(s, c, out);
}

/** The echo width in columns of `c` when it follows column `col` (for erasing). */
export function echoWidth(s: TtyState, c: number, col: number): number {
  if (c === 0x09) return 8 - (col % 8);
  if (echoesAsCaret(s, c)) return 2;
  if (c < 0x20 || c === 0x7f || isContinuation(s, c)) return 0;
  return 1;
}

/** The disabled-or-equal test for special characters (0 disables). */
export function isSpecial(s: TtyState, c: number, index: number): boolean {
  const v = s.cc[index]!;
  return v !== 0 && v === c;
}

