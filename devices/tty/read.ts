// The read side: what read(2) on a terminal returns. Canonical mode hands out
// at most one line per read (a ^D on an empty line reads as 0 bytes);
// non-canonical mode follows VMIN/VTIME, with the VTIME timer kept as data
// (a deadline in virtual ticks) that the kernel schedules and re-polls.

import { L, V } from "./termios.js";
import { TICKS_PER_DECISECOND, type TtyState } from "./state.js";

/**
 * read(2) of at most `max` bytes at virtual time `now`. Returns the bytes (an
 * empty array is end-of-file in canonical mode, or "nothing before the timer"
 * in non-canonical mode) or "block": put the reader to sleep until ttyReceive
 * reports `wake`, or until ttyWakeAt(state) if that is not null, then call
 * ttyRead again. Pass `fresh` = true on the first attempt of a read(2) (not
 * on a retry after a wake-up) so a VTIME timer left by an interrupted read
 * starts over.
 */
export function ttyRead(s: TtyState, max: number, now: number, fresh = false): Uint8Array | "block" {
  syncMode(s);
  if (fresh) disarm(s);
  if (max <= 0) return new Uint8Array(0);
  if (s.lflag & L.ICANON) return readLine(s, max);
  return readRaw(s, max, now);
}

function readLine(s: TtyState, max: number): Uint8Array | "block" {
  if (s.lineEnds.length === 0) return "block";
  const end = s.lineEnds[0]!;
  if (end === 0) {
    s.lineEnds.shift(); // the EOF marker is consumed by the read that returns 0
    return new Uint8Array(0);
  }
  return take(s, Math.min(max, end));
}

function readRaw(s: TtyState, max: number, now: number): Uint8Array | "block" {
  const vmin = s.cc[V.VMIN]!;
  const vtime = s.cc[V.VTIME]!;
  const avail = s.input.length;
  const want = Math.min(vmin, max);
  if (vtime === 0) {
    // VMIN=0: never block. VMIN>0: block until VMIN bytes (or `max`, if smaller) are there.
    if (vmin === 0 || avail >= want) return take(s, Math.min(avail, max));
    return "block";
  }
  const span = vtime * TICKS_PER_DECISECOND;
  if (vmin === 0) {
    // A read timer from the start of the read: any byte, or nothing when it expires.
    if (avail > 0) return take(s, Math.min(avail, max));
    if (s.vtimeDeadline !== 0 && now >= s.vtimeDeadline) {
      disarm(s);
      return new Uint8Array(0);
    }
    if (s.vtimeDeadline === 0) arm(s, now + span, 0);
    return "block";
  }
  // VMIN>0, VTIME>0: an inter-byte timer, started by the first byte, restarted by each new one.
  if (avail >= want) return take(s, Math.min(avail, max));
  if (avail === 0) {
    disarm(s);
    return "block";
  }
  if (s.vtimeDeadline !== 0 && avail === s.vtimeSeen && now >= s.vtimeDeadline) return take(s, avail);
  if (s.vtimeDeadline === 0 || avail !== s.vtimeSeen) arm(s, now + span, avail);
  return "block";
}

function arm(s: TtyState, deadline: number, seen: number): void {
  s.vtimeDeadline = Math.max(1, deadline);
  s.vtimeSeen = seen;
}

function disarm(s: TtyState): void {
  s.vtimeDeadline = 0;
  s.vtimeSeen = 0;
}

/**
 * Bring the queues in line with ICANON after a mode change made by writing
 * the flag fields directly (ttySetTermios does this itself): in raw mode a
 * half-typed line becomes readable and line ends are forgotten; in canonical
 * mode bytes queued in raw mode become one readable line. Idempotent.
 */
export function syncMode(s: TtyState): void {
  if (s.lflag & L.ICANON) {
    const last = s.lineEnds.length > 0 ? s.lineEnds[s.lineEnds.length - 1]! : 0;
    if (s.input.length > last) s.lineEnds.push(s.input.length);
    return;
  }
  if (s.editing.length > 0) {
    const joined = new Uint8Array(s.input.length + s.editing.length);
    joined.set(s.input, 0);
    joined.set(s.editing, s.input.length);
    s.input = joined;
    s.editing = new Uint8Array(0);
  }
  if (s.lineEnds.length > 0) s.lineEnds = [];
}

/** Remove `n` bytes from the front of the read queue, keeping the line ends in step. */
function take(s: TtyState, n: number): Uint8Array {
  disarm(s);
  const out = s.input.slice(0, n);
  s.input = s.input.subarray(n); // a view: the queue is never mutated in place, only replaced
  if (n > 0 && s.lineEnds.length > 0) {
    const ends: number[] = [];
    let lineDone = false;
    for (const e of s.lineEnds) {
      const moved = e - n;
      if (moved < 0) continue;
      // the line this read finished disappears; an EOF marker right after it (length 0) stays
      if (moved === 0 && e > 0 && !lineDone) {
        lineDone = true;
        continue;
      }
      ends.push(moved);
    }
    s.lineEnds = ends;
  }
  return out;
}

/** The virtual time at which a reader blocked in ttyRead must be retried (VTIME), or null. */
export function ttyWakeAt(s: TtyState): number | null {
  return s.vtimeDeadline === 0 ? null : s.vtimeDeadline;
}

/** Bytes a read could return now (FIONREAD). */
export function ttyReadable(s: TtyState): number {
  syncMode(s);
  return s.input.length;
}

/** Would read(2) return without blocking (poll/select POLLIN)? Ignores VTIME timeouts not yet due. */
export function ttyCanRead(s: TtyState): boolean {
  syncMode(s);
  if (s.lflag & L.ICANON) return s.lineEnds.length > 0;
  return s.input.length > 0 || s.cc[V.VMIN] === 0;
}
