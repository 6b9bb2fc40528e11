// The shell's line editor (user/src/sh/lineedit.c) in a booted box: the terminal is in
// non-canonical mode while a line is read and the shell echoes and edits; arrows, ^A/^E, ^U/^K/^W,
// backspace in the middle, history with up/down and ^R, ^C abandoning a line; and the history
// survives a checkpoint: in the restored machine, up-arrow brings back the commands typed before.
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { Session, breakMachine, expectSameFuture } from "../scenarios/helpers.js";

const UP = "\x1b[A";
const DOWN = "\x1b[B";
const LEFT = "\x1b[D";
const RIGHT = "\x1b[C";

function boot(): Session {
  const s = new Session(Machine.boot({ ttys: 1 }), 0, 0);
  s.expect("$ ");
  return s;
}

/** Type keys, then Enter; returns what the command printed (the lines after the echoed line). */
function run(s: Session, keys: string): string {
  s.type(keys + "\r");
  s.expect("\r\n"); // the end of the edited line (repaints inside it start with "\r" alone)
  return s.expect("$ ").replace(/\r\n/g, "\n").slice(0, -2);
}

describe("the shell's line editor", () => {
  it("typing at the end echoes exactly as the cooked terminal did", () => {
    const s = boot();
    s.type("echo hello\r");
    expect(s.expect("$ ")).toBe("echo hello\r\nhello\r\n$ ");
    s.type("echo abx\x7fc\r"); // backspace at the end: "\b \b"
    expect(s.expect("$ ")).toBe("echo abx\b \bc\r\nabc\r\n$ ");
  });

  it("moves and edits inside the line", () => {
    const s = boot();
    expect(run(s, `echo wrld${LEFT}${LEFT}${LEFT}o`)).toBe("world\n");
    expect(run(s, `cho front\x01e`)).toBe("front\n"); // ^A, insert at the start
    expect(run(s, `echo one two\x17three`)).toBe("one three\n"); // ^W deletes a word
    expect(run(s, `xx echo keep\x01${RIGHT}${RIGHT}${RIGHT}\x15`)).toBe("keep\n"); // ^U kills before the cursor
    expect(run(s, `echo cut here\x01${RIGHT.repeat(8)}\x0b`)).toBe("cut\n"); // ^K kills after
    expect(run(s, `echo ab${LEFT}\x7fX\x05Y`)).toBe("XbY\n"); // backspace in the middle, ^E
  });

  it("history: up and down, ^R search, the history builtin; ^C abandons a line", () => {
    const s = boot();
    run(s, "echo first");
    run(s, "echo second");
    run(s, "echo third");
    expect(run(s, UP)).toBe("third\n");
    expect(run(s, UP + UP)).toBe("second\n"); // the re-run "echo third" is one entry, not two
    expect(run(s, UP + UP + DOWN)).toBe("second\n");
    expect(run(s, "\x12fir")).toBe("first\n");
    expect(run(s, "\x12echo\x12\x12")).toBe("third\n"); // ^R again walks further back: first, second, third
    s.type("echo never");
    s.m.runUntil(() => false, 10_000_000); // (typed in one go, ^C would flush the unread text first)
    s.type("\x03");
    expect(s.expect("$ ")).toBe("echo never^C\r\n$ ");
    expect(run(s, "echo after")).toBe("after\n");
    expect(run(s, "history")).toMatch(/ {4}1 {2}echo first\n.*\n {4}\d+ {2}history\n$/s);
  });

  it("the history survives a checkpoint and restart", () => {
    const s = boot();
    run(s, "echo before the checkpoint");
    run(s, "x=42");
    const t = breakMachine(s.m);
    for (const side of [t.a[0]!, t.b[0]!]) {
      expect(run(side, UP + UP)).toBe("before the checkpoint\n");
      expect(run(side, "\x12x=\x05; echo $x")).toBe("42\n"); // found by ^R, ^E, appended to
    }
    expectSameFuture(t);
  });

  it("commands typed ahead while one runs are not echoed twice", () => {
    const s = boot();
    s.type("sleep 1\r");
    s.m.runUntil(() => false, 20_000_000);
    s.type("echo ahead\r"); // echoed by the cooked terminal while sleep runs
    const shown = s.expect("ahead\r\n$ ", 1_000_000_000);
    expect(shown.split("echo ahead").length - 1).toBe(1);
  });

  it("a job stopped in non-canonical mode (more, ^Z) does not leave the shell's terminal so", () => {
    const s = boot();
    run(s, "seq 100 > /tmp/n");
    s.type("more /tmp/n\r");
    s.expect("--More--");
    s.type("\x1a"); // ^Z: more stops with the terminal in non-canonical mode
    s.expect("$ ");
    expect(run(s, "stty -a | grep -c ' icanon '")).toBe("1\n");
    expect(run(s, "echo still echoing")).toBe("still echoing\n");
    run(s, "kill -9 %1");
  });
});
