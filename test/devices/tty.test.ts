// Unit tests of the line discipline: Linux defaults, canonical editing, EOF,
// signals, input and output mapping, flow control, VMIN/VTIME, bounds.

import { describe, expect, it } from "vitest";
import { assertConforms, decode, encode } from "../../state/index.js";
import {
  I, L, O, SIGINT, SIGQUIT, SIGTSTP, TICKS_PER_DECISECOND, TTY_OUTPUT_MAX, TtyState, V, newTty, ttyCanRead, ttyFlush,
  ttyGetTermios, ttyRead, ttyReadable, ttyReceive, ttySetTermios, ttySetWinsize, ttyTakeOutput, ttyWakeAt, ttyWritable,
  ttyWrite, TCIFLUSH,
} from "../../devices/tty/index.js";
import { dec, enc, makeRaw, screen } from "./tty-helpers.js";

const read = (s: TtyState, max = 4096, now = 0): string | "block" => {
  const r = ttyRead(s, max, now);
  return r === "block" ? r : dec(r);
};
const type = (s: TtyState, text: string) => ttyReceive(s, enc(text));
const out = (s: TtyState) => dec(ttyTakeOutput(s));

describe("tty defaults", () => {
  it("is `stty sane`: ICRNL IXON, OPOST ONLCR, ECHO ECHOE ECHOK ECHOCTL ECHOKE ICANON ISIG IEXTEN, ^C ^\\ DEL ^U ^D ^Z, VMIN 1", () => {
    const s = newTty();
    assertConforms(TtyState, s);
    expect(s.iflag & (I.ICRNL | I.IXON)).toBe(I.ICRNL | I.IXON);
    expect(s.oflag).toBe(O.OPOST | O.ONLCR);
    expect(s.lflag).toBe(L.ISIG | L.ICANON | L.ECHO | L.ECHOE | L.ECHOK | L.ECHOCTL | L.ECHOKE | L.IEXTEN);
    expect([...s.cc.subarray(0, 11)]).toEqual([3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a]);
    expect([s.rows, s.cols]).toEqual([24, 80]);
  });
});

describe("canonical mode", () => {
  it("delivers a line only after Enter, with CR mapped to NL, and echoes it with CRLF", () => {
    const s = newTty();
    expect(type(s, "hello").wake).toBe(false);
    expect(read(s)).toBe("block");
    expect(ttyCanRead(s)).toBe(false);
    expect(type(s, "\r").wake).toBe(true);
    expect(ttyReadable(s)).toBe(6);
    expect(read(s)).toBe("hello\n");
    expect(out(s)).toBe("hello\r\n");
  });

  it("hands out at most one line per read, and a long line in pieces", () => {
    const s = newTty();
    type(s, "one\rtwo\r");
    expect(read(s, 2)).toBe("on");
    expect(read(s, 100)).toBe("e\n");
    expect(read(s, 100)).toBe("two\n");
    expect(read(s)).toBe("block");
  });

  it("^D on an empty line reads as end of file once; ^D after text pushes the text without a newline", () => {
    const s = newTty();
    type(s, "abc\x04");
    expect(read(s)).toBe("abc");
    expect(read(s)).toBe("block");
    type(s, "\x04");
    expect(read(s)).toBe("");
    expect(read(s)).toBe("block");
    type(s, "x\r\x04");
    expect(read(s)).toBe("x\n");
    expect(read(s)).toBe("");
    expect(out(s)).toBe("abcx\r\n"); // ^D is not echoed
  });

  it("erases with DEL and ^H (\\b \\b), kills with ^U, erases words with ^W", () => {
    const s = newTty();
    type(s, "helq\x7fp\r");
    expect(read(s)).toBe("help\n");
    type(s, "ab\x08c\r");
    expect(read(s)).toBe("ac\n");
    type(s, "junk line\x15ok\r");
    expect(read(s)).toBe("ok\n");
    type(s, "cp foo bar  \x17baz\r");
    expect(read(s)).toBe("cp foo baz\n");
    expect(screen(out(s))).toEqual(["help", "ac", "ok", "cp foo baz", ""]);
  });

  it("echoes control characters as ^X with ECHOCTL and erases both columns", () => {
    const s = newTty();
    type(s, "a\x01");
    expect(out(s)).toBe("a^A");
    type(s, "\x7f");
    expect(out(s)).toBe("\b \b\b \b");
  });

  it("erases a tab back to where it started", () => {
    const s = newTty();
    ttyWrite(s, enc("$ ")); // prompt: column 2
    type(s, "ab\t");
    ttyTakeOutput(s);
    type(s, "\x7f");
    expect(out(s)).toBe("\b\b\b\b"); // from column 8 back to column 4
    type(s, "c\r");
    expect(read(s)).toBe("abc\n");
  });

  it("without ECHOE, erase echoes the erase character; without ECHOKE, kill echoes ^U and a newline", () => {
    const s = newTty();
    const tio = ttyGetTermios(s);
    tio.lflag &= ~(L.ECHOE | L.ECHOKE);
    ttySetTermios(s, tio);
    type(s, "ab\x7f");
    expect(out(s)).toBe("ab^?");
    type(s, "\x15");
    expect(out(s)).toBe("^U\r\n");
  });

  it("^V takes the next key literally", () => {
    const s = newTty();
    type(s, "a\x16\x03b\x16\x7f\r");
    expect(read(s)).toBe("a\x03b\x7f\n");
  });

  it("^R reprints the line being edited", () => {
    const s = newTty();
    type(s, "abc");
    ttyTakeOutput(s);
    type(s, "\x12");
    expect(out(s)).toBe("^R\r\nabc");
  });

  it("with ECHO off echoes nothing, but ECHONL still echoes the newline", () => {
    const s = newTty();
    const tio = ttyGetTermios(s);
    tio.lflag = (tio.lflag & ~L.ECHO) | L.ECHONL;
    ttySetTermios(s, tio);
    type(s, "secret\r");
    expect(read(s)).toBe("secret\n");
    expect(out(s)).toBe("\r\n");
  });

  it("drops keys past the 4095-byte line limit, with a bell", () => {
    const s = newTty();
    type(s, "x".repeat(5000));
    const o = out(s);
    expect(o.length).toBe(4095 + (5000 - 4095));
    expect(o.endsWith("\x07")).toBe(true);
    type(s, "\r");
    expect(read(s, 10000)).toBe("x".repeat(4095) + "\n");
  });
});

describe("signals", () => {
  it("^C, ^\\ and ^Z become SIGINT, SIGQUIT, SIGTSTP, echo as ^C, and flush pending input", () => {
    const s = newTty();
    type(s, "done\rpartial");
    const r = type(s, "\x03");
    expect(r.signals).toEqual([SIGINT]);
    expect(read(s)).toBe("block");
    expect(out(s)).toBe("done\r\npartial^C");
    expect(type(s, "\x1c\x1a").signals).toEqual([SIGQUIT, SIGTSTP]);
  });

  it("NOFLSH keeps the input; without ISIG the keys are data", () => {
    const s = newTty();
    let tio = ttyGetTermios(s);
    tio.lflag |= L.NOFLSH;
    ttySetTermios(s, tio);
    type(s, "keep\r\x03");
    expect(read(s)).toBe("keep\n");
    tio = ttyGetTermios(s);
    tio.lflag &= ~L.ISIG;
    ttySetTermios(s, tio);
    expect(type(s, "\x03\r").signals).toEqual([]);
    expect(read(s)).toBe("\x03\n");
  });
});

describe("input mapping", () => {
  it("ICRNL maps CR to NL; INLCR maps NL to CR; IGNCR drops CR", () => {
    const s = newTty();
    makeRaw(s);
    let tio = ttyGetTermios(s);
    tio.iflag |= I.INLCR;
    ttySetTermios(s, tio);
    type(s, "a\nb\r");
    expect(read(s)).toBe("a\rb\r");
    tio = ttyGetTermios(s);
    tio.iflag = (tio.iflag & ~I.INLCR) | I.IGNCR;
    ttySetTermios(s, tio);
    type(s, "x\ry");
    expect(read(s)).toBe("xy");
  });

  it("IUCLC (with IEXTEN) lowers input; OLCUC raises output", () => {
    const s = newTty();
    const tio = ttyGetTermios(s);
    tio.iflag |= I.IUCLC;
    tio.oflag |= O.OLCUC;
    ttySetTermios(s, tio);
    type(s, "MiXed\r");
    expect(read(s)).toBe("mixed\n");
    expect(out(s)).toBe("MIXED\r\n");
  });

  it("ISTRIP clears bit 7", () => {
    const s = newTty();
    makeRaw(s);
    const tio = ttyGetTermios(s);
    tio.iflag |= I.ISTRIP;
    ttySetTermios(s, tio);
    ttyReceive(s, new Uint8Array([0xc1]));
    expect(read(s)).toBe("A");
  });
});

describe("output", () => {
  it("maps NL to CRLF with ONLCR, CR to NL with OCRNL, and passes bytes unchanged without OPOST", () => {
    const s = newTty();
    expect(ttyWrite(s, enc("a\nb"))).toBe(3);
    expect(out(s)).toBe("a\r\nb");
    const tio = ttyGetTermios(s);
    tio.oflag = O.OPOST | O.OCRNL;
    ttySetTermios(s, tio);
    ttyWrite(s, enc("x\ry\n"));
    expect(out(s)).toBe("x\ny\n");
    tio.oflag = 0;
    ttySetTermios(s, tio);
    ttyWrite(s, enc("p\nq\r"));
    expect(out(s)).toBe("p\nq\r");
  });

  it("expands tabs with XTABS", () => {
    const s = newTty();
    const tio = ttyGetTermios(s);
    tio.oflag |= O.XTABS;
    ttySetTermios(s, tio);
    ttyWrite(s, enc("ab\tc"));
    expect(out(s)).toBe("ab      c");
  });

  it("bounds the output queue: a write accepts what fits, 0 when full, more after the host takes output", () => {
    const s = newTty();
    const big = new Uint8Array(TTY_OUTPUT_MAX + 100).fill(0x61);
    expect(ttyWrite(s, big)).toBe(TTY_OUTPUT_MAX);
    expect(ttyWritable(s)).toBe(false);
    expect(ttyWrite(s, enc("x"))).toBe(0);
    expect(ttyTakeOutput(s).length).toBe(TTY_OUTPUT_MAX);
    expect(ttyWrite(s, enc("x"))).toBe(1);
  });

  it("^S stops output until ^Q (IXON); the queue keeps what was written", () => {
    const s = newTty();
    type(s, "\x13");
    ttyWrite(s, enc("held"));
    expect(out(s)).toBe("");
    type(s, "\x11");
    expect(out(s)).toBe("held");
    type(s, "\x13\x11q\r");
    expect(read(s)).toBe("q\n"); // START/STOP are not input
    type(s, "\x13");
    ttyWrite(s, enc("x"));
    s.iflag &= ~I.IXON; // turning IXON off releases stopped output
    expect(out(s)).toBe("q\r\nx");
  });
});

describe("non-canonical reads (VMIN/VTIME)", () => {
  const T = TICKS_PER_DECISECOND;

  it("VMIN=1 VTIME=0 (cfmakeraw) blocks until a byte, then returns what is there, unechoed", () => {
    const s = newTty();
    makeRaw(s);
    expect(read(s)).toBe("block");
    expect(type(s, "ab\x03\r").wake).toBe(true);
    expect(read(s)).toBe("ab\x03\r");
    expect(out(s)).toBe("");
  });

  it("VMIN=0 VTIME=0 never blocks", () => {
    const s = newTty();
    makeRaw(s, 0, 0);
    expect(read(s)).toBe("");
    expect(ttyCanRead(s)).toBe(true);
    type(s, "z");
    expect(read(s)).toBe("z");
  });

  it("VMIN=0 VTIME=5 waits for a byte or 0.5 virtual seconds from the start of the read", () => {
    const s = newTty();
    makeRaw(s, 0, 5);
    expect(read(s, 10, 1000)).toBe("block");
    expect(ttyWakeAt(s)).toBe(1000 + 5 * T);
    expect(read(s, 10, 1000 + 5 * T - 1)).toBe("block");
    expect(read(s, 10, 1000 + 5 * T)).toBe("");
    expect(ttyWakeAt(s)).toBe(null);
    expect(read(s, 10, 2000)).toBe("block");
    type(s, "k");
    expect(read(s, 10, 2001)).toBe("k");
    expect(ttyWakeAt(s)).toBe(null);
  });

  it("a fresh read restarts a VTIME timer left armed by an interrupted read", () => {
    const s = newTty();
    makeRaw(s, 0, 5);
    expect(read(s, 10, 1000)).toBe("block"); // interrupted by a signal: never retried
    expect(ttyRead(s, 10, 1000 + 9 * T, true)).toBe("block");
    expect(ttyWakeAt(s)).toBe(1000 + 14 * T);
  });

  it("VMIN=3 VTIME=0 waits for three bytes (or fewer when the read asks for fewer)", () => {
    const s = newTty();
    makeRaw(s, 3, 0);
    type(s, "ab");
    expect(read(s)).toBe("block");
    expect(read(s, 2)).toBe("ab");
    type(s, "cde");
    expect(read(s)).toBe("cde");
  });

  it("VMIN=3 VTIME=2: no timer before the first byte; each new byte restarts the inter-byte timer", () => {
    const s = newTty();
    makeRaw(s, 3, 2);
    expect(read(s, 10, 0)).toBe("block");
    expect(ttyWakeAt(s)).toBe(null);
    type(s, "a");
    expect(read(s, 10, 100)).toBe("block");
    expect(ttyWakeAt(s)).toBe(100 + 2 * T);
    type(s, "b");
    expect(read(s, 10, 150)).toBe("block");
    expect(ttyWakeAt(s)).toBe(150 + 2 * T);
    expect(read(s, 10, 150 + 2 * T)).toBe("ab");
    type(s, "cdef");
    expect(read(s, 10, 999)).toBe("cdef");
  });
});

describe("mode changes", () => {
  it("a checkpointed terminal in raw mode with echo off is still raw after restore (SCENARIOS 12)", () => {
    const s = newTty();
    makeRaw(s);
    type(s, "ab");
    const r = decode(TtyState, encode(TtyState, s));
    expect(read(r, 1)).toBe("a");
    type(r, "c");
    expect(read(r)).toBe("bc");
    expect(out(r)).toBe("");
  });

  it("a partial cooked line survives encode/decode and completes with the rest (SCENARIOS 13)", () => {
    const s = newTty();
    type(s, "hel");
    const r = decode(TtyState, encode(TtyState, s));
    type(r, "lo\r");
    expect(read(r)).toBe("hello\n");
  });

  it("leaving canonical mode makes the half-typed line readable; entering it makes raw bytes a line", () => {
    const s = newTty();
    type(s, "half");
    makeRaw(s);
    expect(read(s)).toBe("half");
    type(s, "raw");
    const tio = ttyGetTermios(s);
    tio.lflag |= L.ICANON;
    ttySetTermios(s, tio);
    expect(read(s)).toBe("raw");
  });

  it("also when the flag fields are written directly", () => {
    const s = newTty();
    type(s, "half");
    s.lflag &= ~L.ICANON;
    expect(read(s)).toBe("half");
  });

  it("TCSETSF and TCFLSH discard pending input", () => {
    const s = newTty();
    type(s, "gone\r");
    ttySetTermios(s, ttyGetTermios(s), "flush");
    expect(read(s)).toBe("block");
    type(s, "gone too\r");
    expect(ttyFlush(s, TCIFLUSH)).toBe(true);
    expect(read(s)).toBe("block");
    expect(ttyFlush(s, 7)).toBe(false);
  });

  it("TIOCSWINSZ reports whether the size changed", () => {
    const s = newTty();
    expect(ttySetWinsize(s, { rows: 24, cols: 80, xpixel: 0, ypixel: 0 })).toBe(false);
    expect(ttySetWinsize(s, { rows: 50, cols: 132, xpixel: 0, ypixel: 0 })).toBe(true);
    expect([s.rows, s.cols]).toEqual([50, 132]);
  });

  it("VEOL is an extra line terminator", () => {
    const s = newTty();
    s.cc[V.VEOL] = 0x3b; // ';'
    type(s, "a;b");
    expect(read(s)).toBe("a;");
  });
});
