// Terminal ioctls that change or report modes: TCGETS/TCSETS* (with the
// line-discipline consequences of switching ICANON), TCFLSH, TIOCGWINSZ/
// TIOCSWINSZ. The byte layouts are in termios.ts; this file applies them.

import { I, L, NCCS, TCIFLUSH, TCIOFLUSH, TCOFLUSH, type Termios, type Winsize } from "./termios.js";
import { type TtyState } from "./state.js";
import { syncMode } from "./read.js";
import { flushInput } from "./input.js";

/** The current modes (TCGETS). */
export function ttyGetTermios(s: TtyState): Termios {
  return { iflag: s.iflag, oflag: s.oflag, cflag: s.cflag, lflag: s.lflag, line: s.line, cc: s.cc.slice() };
}

/**
 * Set the modes (TCSETS "now", TCSETSW "drain", TCSETSF "flush"). Output is
 * considered transmitted once queued, so "drain" acts at once; "flush" also
 * discards pending input. Leaving canonical mode makes the half-typed line
 * readable; entering it turns bytes already queued into one readable line
 * (Linux does the same, so nothing typed is lost or stuck).
 */
export function ttySetTermios(s: TtyState, tio: Termios, action: "now" | "drain" | "flush" = "now"): void {
  const wasCanon = (s.lflag & L.ICANON) !== 0;
  s.iflag = tio.iflag >>> 0;
  s.oflag = tio.oflag >>> 0;
  s.cflag = tio.cflag >>> 0;
  s.lflag = tio.lflag >>> 0;
  s.line = tio.line & 0xff;
  const cc = new Uint8Array(NCCS);
  cc.set(tio.cc.subarray(0, NCCS));
  s.cc = cc;
  if (action === "flush") flushInput(s);
  if (wasCanon !== ((s.lflag & L.ICANON) !== 0)) {
    s.literalNext = false;
    s.editColumn = s.column;
  }
  syncMode(s);
  if (!(s.iflag & I.IXON)) s.stopped = false;
  s.vtimeDeadline = 0;
  s.vtimeSeen = 0;
}

/** TCFLSH: discard pending input (TCIFLUSH 0), queued output (TCOFLUSH 1) or both (TCIOFLUSH 2); false for another value. */
export function ttyFlush(s: TtyState, which: number): boolean {
  if (which !== TCIFLUSH && which !== TCOFLUSH && which !== TCIOFLUSH) return false;
  if (which !== TCOFLUSH) flushInput(s);
  if (which !== TCIFLUSH) s.output = new Uint8Array(0);
  return true;
}

/** TIOCGWINSZ. */
export function ttyGetWinsize(s: TtyState): Winsize {
  return { rows: s.rows, cols: s.cols, xpixel: s.xpixel, ypixel: s.ypixel };
}

/** TIOCSWINSZ; returns true when the size changed (the kernel then sends SIGWINCH 28 to the foreground group). */
export function ttySetWinsize(s: TtyState, ws: Winsize): boolean {
  const changed = ws.rows !== s.rows || ws.cols !== s.cols || ws.xpixel !== s.xpixel || ws.ypixel !== s.ypixel;
  s.rows = ws.rows & 0xffff;
  s.cols = ws.cols & 0xffff;
  s.xpixel = ws.xpixel & 0xffff;
  s.ypixel = ws.ypixel & 0xffff;
  return changed;
}
