// Input side of the line discipline: keystrokes from the host become
// readable input. Input mapping (ISTRIP, IUCLC, IGNCR, ICRNL, INLCR), flow control
// (IXON ^S/^Q), signals (ISIG: ^C ^\ ^Z), the canonical line editor (erase,
// kill, word erase, reprint, literal next, EOF, line terminators) and echo.

import { I, L, SIGINT, SIGQUIT, SIGTSTP, V } from "./termios.js";
import { TTY_INPUT_MAX, TTY_MAX_LINE, type TtyState } from "./state.js";
import { syncMode } from "./read.js";
import { appendBytes } from "./queue.js";
import { echoChar, echoWidth, isSpecial, opost, queueOutput } from "./output.js";

/** What one batch of keystrokes did. */
export interface TtyReceiveResult {
  /** signals for the foreground process group, in order (SIGINT 2, SIGQUIT 3, SIGTSTP 20) */
  signals: number[];
  /** something became readable: readers blocked on this tty should retry */
  wake: boolean;
}

const NL = 0x0a;
const CR = 0x0d;
const BELL = 0x07;

/**
 * The queues being changed by one ttyReceive call, as growable arrays: the
 * state's byte fields are rebuilt once at the end, so a large paste costs
 * linear time rather than one copy per key.
 */
interface Work {
  /** bytes appended to s.input during this call */
  added: number[];
  /** the line being edited (replaces s.editing until the end of the call) */
  line: number[];
  echo: number[];
}

/** Feed host keystrokes into the terminal. Never throws; bytes that do not fit are dropped. */
export function ttyReceive(s: TtyState, bytes: Uint8Array): TtyReceiveResult {
  const result: TtyReceiveResult = { signals: [], wake: false };
  syncMode(s);
  const w: Work = { added: [], line: [...s.editing], echo: [] };
  for (let i = 0; i < bytes.length; i++) receiveByte(s, w, bytes[i]!, result);
  s.input = appendBytes(s.input, w.added);
  s.editing = Uint8Array.from(w.line);
  queueOutput(s, w.echo);
  return result;
}

function receiveByte(s: TtyState, w: Work, byte: number, r: TtyReceiveResult): void {
  const echo = w.echo;
  let c = s.iflag & I.ISTRIP ? byte & 0x7f : byte;
  if (s.iflag & I.IUCLC && s.lflag & L.IEXTEN && c >= 0x41 && c <= 0x5a) c += 0x20; // as Linux: only with IEXTEN
  const canon = (s.lflag & L.ICANON) !== 0;
  if (s.literalNext) {
    s.literalNext = false;
    putChar(s, w, c, r);
    return;
  }
  // The order is Linux n_tty's: flow control, signals, IXANY, CR/NL mapping, then the editor.
  if (s.iflag & I.IXON) {
    if (isSpecial(s, c, V.VSTOP) && !(s.stopped && isSpecial(s, c, V.VSTART))) {
      s.stopped = true;
      return;
    }
    if (isSpecial(s, c, V.VSTART)) {
      s.stopped = false;
      return;
    }
  }
  if (s.lflag & L.ISIG) {
    const sig = isSpecial(s, c, V.VINTR) ? SIGINT : isSpecial(s, c, V.VQUIT) ? SIGQUIT : isSpecial(s, c, V.VSUSP) ? SIGTSTP : 0;
    if (sig !== 0) {
      if (!(s.lflag & L.NOFLSH)) {
        flushInput(s);
        w.added = [];
        w.line = [];
      }
      if (s.iflag & I.IXON) s.stopped = false;
      if (s.lflag & L.ECHO) echoChar(s, c, echo);
      r.signals.push(sig);
      return;
    }
  }
  if (s.stopped && s.iflag & I.IXON && s.iflag & I.IXANY) s.stopped = false;
  if (c === CR) {
    if (s.iflag & I.IGNCR) return;
    if (s.iflag & I.ICRNL) c = NL;
  } else if (c === NL && s.iflag & I.INLCR) c = CR;
  if (canon && editKey(s, w, c, r)) return;
  putChar(s, w, c, r);
}

/** Canonical-mode editing keys; returns true when `c` was one of them. */
function editKey(s: TtyState, w: Work, c: number, r: TtyReceiveResult): boolean {
  const echo = w.echo;
  const iexten = (s.lflag & L.IEXTEN) !== 0;
  if (isSpecial(s, c, V.VERASE) || c === 0x08) {
    erase(s, w, "char", c);
    return true;
  }
  if (isSpecial(s, c, V.VKILL)) {
    erase(s, w, "line", c);
    return true;
  }
  if (iexten && isSpecial(s, c, V.VWERASE)) {
    erase(s, w, "word", c);
    return true;
  }
  if (iexten && isSpecial(s, c, V.VREPRINT)) {
    if (s.lflag & L.ECHO) {
      echoChar(s, c, echo);
      opost(s, NL, echo);
      s.editColumn = s.column;
      for (const b of w.line) echoChar(s, b, echo);
    }
    return true;
  }
  if (iexten && isSpecial(s, c, V.VLNEXT)) {
    s.literalNext = true;
    if (s.lflag & L.ECHO && s.lflag & L.ECHOCTL) {
      opost(s, 0x5e, echo);
      opost(s, 0x08, echo);
    }
    return true;
  }
  if (isSpecial(s, c, V.VEOF)) {
    // ^D: the line so far becomes readable without a terminator; on an empty line that is EOF.
    // Line ends are bounded as bytes are (an EOF marker takes no byte but one entry).
    if (s.lineEnds.length < TTY_INPUT_MAX) completeLine(s, w, r);
    return true;
  }
  return false;
}

/** An ordinary character (or a terminator): into the edited line (canonical) or the read queue. */
function putChar(s: TtyState, w: Work, c: number, r: TtyReceiveResult): void {
  const echo = w.echo;
  if (!(s.lflag & L.ICANON)) {
    if (s.input.length + w.added.length >= TTY_INPUT_MAX) return;
    w.added.push(c);
    if (s.lflag & L.ECHO) {
      if (c === NL) opost(s, NL, echo);
      else echoChar(s, c, echo);
    }
    r.wake = true;
    return;
  }
  const terminator = c === NL || isSpecial(s, c, V.VEOL) || ((s.lflag & L.IEXTEN) !== 0 && isSpecial(s, c, V.VEOL2));
  if (terminator) {
    // A terminator is a byte and a line end like any other key: when the read queue is full it is
    // dropped (issue 7: pressing Enter while nobody reads grew the queue without bound).
    if (inputRoom(s, w) < 1 || s.lineEnds.length >= TTY_INPUT_MAX) {
      if (s.iflag & I.IMAXBEL && s.lflag & L.ECHO) echo.push(BELL);
      return;
    }
    if (s.lflag & L.ECHO || (c === NL && s.lflag & L.ECHONL)) {
      if (c === NL) opost(s, NL, echo);
      else echoChar(s, c, echo);
    }
    w.line.push(c);
    completeLine(s, w, r);
    return;
  }
  // An ordinary key leaves room for one terminator, so a line typed into a full queue can still end.
  if (w.line.length >= TTY_MAX_LINE || inputRoom(s, w) < 2) {
    if (s.iflag & I.IMAXBEL && s.lflag & L.ECHO) echo.push(BELL);
    return;
  }
  if (w.line.length === 0) s.editColumn = s.column;
  w.line.push(c);
  if (s.lflag & L.ECHO) echoChar(s, c, echo);
}

/** Bytes the read queue can still take, counting the line being edited (TTY_INPUT_MAX in all). */
function inputRoom(s: TtyState, w: Work): number {
  return TTY_INPUT_MAX - (s.input.length + w.added.length + w.line.length);
}

/** Move the edited line to the read queue as one segment (empty = EOF marker). */
function completeLine(s: TtyState, w: Work, r: TtyReceiveResult): void {
  for (const b of w.line) w.added.push(b);
  s.lineEnds.push(s.input.length + w.added.length);
  w.line = [];
  s.editColumn = s.column;
  r.wake = true;
}

/** Discard typed-ahead input: the edited line and everything not yet read. */
export function flushInput(s: TtyState): void {
  s.editing = new Uint8Array(0);
  s.input = new Uint8Array(0);
  s.lineEnds = [];
  s.literalNext = false;
  s.vtimeDeadline = 0;
  s.vtimeSeen = 0;
}

const isWordChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;

/**
 * Erase the last character, the last word (BSD ALTWERASE, as Linux: trailing
 * non-word characters, then the word) or the whole line, echoing the erasure.
 */
function erase(s: TtyState, w: Work, kind: "char" | "word" | "line", key: number): void {
  const line = w.line;
  if (line.length === 0) return;
  const echoOn = (s.lflag & L.ECHO) !== 0;
  if (kind === "line" && (!echoOn || !(s.lflag & L.ECHOK) || !(s.lflag & L.ECHOKE) || !(s.lflag & L.ECHOE))) {
    line.length = 0;
    if (echoOn) {
      echoChar(s, key, w.echo);
      if (s.lflag & L.ECHOK) opost(s, NL, w.echo);
    }
    s.editColumn = s.column;
    return;
  }
  if (kind === "char" && echoOn && !(s.lflag & L.ECHOE)) {
    line.length -= charLength(s, line, line.length);
    echoChar(s, key, w.echo);
    return;
  }
  let seenWord = false;
  while (line.length > 0) {
    const start = line.length - charLength(s, line, line.length);
    const c = line[start]!;
    if (kind === "word") {
      if (isWordChar(c)) seenWord = true;
      else if (seenWord) break;
    }
    if (echoOn) rubOut(s, line, start, w.echo);
    line.length = start;
    if (kind === "char") break;
  }
}

/** Length of the last character ending at `end` (a UTF-8 sequence counts as one with IUTF8). */
function charLength(s: TtyState, line: number[], end: number): number {
  let n = 1;
  if (s.iflag & I.IUTF8) {
    while (n < end && (line[end - n]! & 0xc0) === 0x80) n++;
  }
  return n;
}

/** Visually erase the character that starts at `start` of the edited line (ECHOE). */
function rubOut(s: TtyState, line: number[], start: number, echo: number[]): void {
  const c = line[start]!;
  if (c === 0x09) {
    // A tab's width depends on where it started: replay the line's columns up to it.
    let col = s.editColumn;
    for (let i = 0; i < start; i++) col += echoWidth(s, line[i]!, col);
    const width = Math.max(0, s.column - col);
    for (let i = 0; i < width; i++) opost(s, 0x08, echo);
    return;
  }
  const width = echoWidth(s, c, s.column);
  for (let i = 0; i < width; i++) {
    opost(s, 0x08, echo);
    opost(s, 0x20, echo);
    opost(s, 0x08, echo);
  }
}
