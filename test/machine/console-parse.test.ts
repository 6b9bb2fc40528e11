// Tests for the console language parser: tokens, escapes, numbers, errors naming line and column.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ConsoleSyntaxError, parseCount, parseLine, parseScript, tokenize } from "../../machine/console-parse.js";

const bytes = (s: string): number[] => [...new TextEncoder().encode(s)];

describe("console parser", () => {
  it("parses every command form", () => {
    expect(parseLine('send tty0 "ls\\n"')).toMatchObject({ op: "send", tty: 0, data: new Uint8Array(bytes("ls\n")) });
    expect(parseLine('expect tty1 "$ " 5M')).toMatchObject({ op: "expect", tty: 1, ticks: 5_000_000 });
    expect(parseLine('expect 2 "x"')).toMatchObject({ op: "expect", tty: 2, ticks: null });
    expect(parseLine("run")).toMatchObject({ op: "run", ticks: null });
    expect(parseLine("run 1_000_000")).toMatchObject({ op: "run", ticks: 1_000_000 });
    expect(parseLine("checkpoint-system /tmp/a.ckpt")).toMatchObject({ op: "checkpoint-system", file: "/tmp/a.ckpt" });
    expect(parseLine('restart-system "/tmp/with space.ckpt"')).toMatchObject({ op: "restart-system", file: "/tmp/with space.ckpt" });
    expect(parseLine("mount 0 vol.tap ro")).toMatchObject({ op: "mount", unit: 0, reel: "vol.tap", readOnly: true });
    expect(parseLine("mount mt1 vol.tap")).toMatchObject({ op: "mount", unit: 1, readOnly: false });
    expect(parseLine("unmount 0")).toMatchObject({ op: "unmount", unit: 0 });
    expect(parseLine("show pipes")).toMatchObject({ op: "show", what: "pipes" });
    expect(parseLine("print tty3")).toMatchObject({ op: "print", tty: 3 });
    for (const op of ["ps", "crash", "halt", "help", "continue"]) expect(parseLine(op)).toMatchObject({ op });
  });

  it("decodes C escapes", () => {
    const t = tokenize('"a\\n\\r\\t\\x03\\\\\\"\\0"', 1);
    expect(t[0]).toMatchObject({ kind: "string" });
    expect([...(t[0] as { bytes: Uint8Array }).bytes]).toEqual([97, 10, 13, 9, 3, 92, 34, 0]);
  });

  it("skips comments and blank lines, keeping line numbers", () => {
    const cmds = parseScript('# a comment\n\nsend tty0 "#not a comment" # but this is\n  run 10k\n');
    expect(cmds.map((c) => [c.op, c.line])).toEqual([["send", 3], ["run", 4]]);
  });

  it("names line and column in errors", () => {
    const cases: [string, number, RegExp][] = [
      ['run\nsend tty0 "abc', 2, /column 11: unterminated string/],
      ["run\nfrobnicate", 2, /unknown command 'frobnicate'/],
      ['run\n\nsend ttyX "a"', 3, /column 6: 'ttyX' is not a terminal/],
      ["run 12q", 1, /column 5: '12q' is not a number/],
      ["send tty0", 1, /missing argument/],
      ['send tty0 "a" "b"', 1, /column 15: too many arguments/],
      ['send tty0 "\\q"', 1, /unknown escape/],
      ["show cats", 1, /cannot show 'cats'/],
    ];
    for (const [src, line, re] of cases) {
      let err: unknown;
      try {
        parseScript(src);
      } catch (e) {
        err = e;
      }
      expect(err, src).toBeInstanceOf(ConsoleSyntaxError);
      expect((err as ConsoleSyntaxError).line, src).toBe(line);
      expect((err as Error).message, src).toMatch(re);
    }
  });

  it("parses counts with separators and suffixes", () => {
    expect(parseCount("1_000")).toBe(1000);
    expect(parseCount("3k")).toBe(3000);
    expect(parseCount("2G")).toBe(2e9);
    expect(parseCount("0x10")).toBe(16);
    expect(parseCount("1_")).toBeNull();
    expect(parseCount("-1")).toBeNull();
  });

  it("round-trips any byte string through a quoted, escaped send", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        const quoted = [...data].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("");
        const cmd = parseLine(`send tty0 "${quoted}"`);
        expect(cmd).toMatchObject({ op: "send", data });
      }),
    );
  });

  it("never throws anything but ConsoleSyntaxError on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          parseScript(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ConsoleSyntaxError);
        }
      }),
    );
  });
});
