// Properties of the line discipline: lines come back exactly, the editor
// agrees with a simple model, echo equals the typed text, raw mode is
// transparent, and a state that went through encode/decode behaves the same.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assertConforms, decode, encode } from "../../state/index.js";
import {
  L, TtyState, ttyGetTermios, newTty, ttyRead, ttyReceive, ttySetTermios, ttyTakeOutput, ttyWrite,
} from "../../devices/tty/index.js";
import { dec, makeRaw, screen } from "./tty-helpers.js";

const RUNS = process.env.CRYOBOX_LONG === "1" ? 2000 : 150;
const printable = fc.integer({ min: 0x20, max: 0x7e });
const text = fc.array(printable, { maxLength: 200 });

describe("tty properties", () => {
  it("cooked mode: any typed text followed by Enter reads back as exactly one line", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(printable, fc.integer({ min: 0x80, max: 0xff })), { maxLength: 300 }), (keys) => {
        const s = newTty();
        ttyReceive(s, Uint8Array.from([...keys, 0x0d]));
        const r = ttyRead(s, 100000, 0);
        expect(r).not.toBe("block");
        expect([...(r as Uint8Array)]).toEqual([...keys, 0x0a]);
        expect(ttyRead(s, 100000, 0)).toBe("block");
      }),
      { numRuns: RUNS },
    );
  });

  it("cooked mode: lines typed in any chunks and read with any sizes come back whole, one line per read at most", () => {
    const lineArb = fc.array(printable, { maxLength: 30 });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (lines, cuts, sizes) => {
        const s = newTty();
        const typed = lines.flatMap((l) => [...l, 0x0d]);
        for (let at = 0, i = 0; at < typed.length; i++) {
          const n = cuts[i % cuts.length]!;
          ttyReceive(s, Uint8Array.from(typed.slice(at, at + n)));
          at += n;
        }
        const reads: number[][] = [];
        for (let i = 0; ; i++) {
          const r = ttyRead(s, sizes[i % sizes.length]!, 0);
          if (r === "block") break;
          reads.push([...r]);
        }
        expect(reads.flat()).toEqual(lines.flatMap((l) => [...l, 0x0a]));
        for (const r of reads) expect(r.slice(0, -1)).not.toContain(0x0a); // a newline only ever ends a read
      }),
      { numRuns: RUNS },
    );
  });

  it("cooked mode: echo equals the typed text, with Enter shown as CR LF", () => {
    fc.assert(
      fc.property(text, (keys) => {
        const s = newTty();
        for (const k of keys) ttyReceive(s, Uint8Array.of(k)); // one key at a time, as typed
        ttyReceive(s, Uint8Array.of(0x0d));
        expect(dec(ttyTakeOutput(s))).toBe(String.fromCharCode(...keys) + "\r\n");
      }),
      { numRuns: RUNS },
    );
  });

  // The editor model: DEL and ^H erase a character, ^U the line, ^W trailing
  // non-word characters and then a word (Linux's ALTWERASE rule).
  const isWord = (c: number) => /[A-Za-z0-9_]/.test(String.fromCharCode(c));
  function model(keys: number[]): number[] {
    const line: number[] = [];
    for (const k of keys) {
      if (k === 0x7f || k === 0x08) line.pop();
      else if (k === 0x15) line.length = 0;
      else if (k === 0x17) {
        let seen = false;
        while (line.length > 0) {
          const c = line[line.length - 1]!;
          if (isWord(c)) seen = true;
          else if (seen) break;
          line.pop();
        }
      } else line.push(k);
    }
    return line;
  }

  it("cooked mode: erase, kill and word erase agree with the model, in the line read and on the screen", () => {
    const key = fc.oneof({ weight: 6, arbitrary: printable }, fc.constantFrom(0x7f, 0x08, 0x15, 0x17));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 120 }), (keys) => {
        const s = newTty();
        ttyReceive(s, Uint8Array.from(keys));
        const shown = screen(dec(ttyTakeOutput(s)));
        ttyReceive(s, Uint8Array.of(0x0d));
        const want = model(keys);
        const r = ttyRead(s, 100000, 0) as Uint8Array;
        expect([...r]).toEqual([...want, 0x0a]);
        expect(shown).toEqual([String.fromCharCode(...want).trimEnd()]); // the screen model trims trailing blanks
      }),
      { numRuns: RUNS },
    );
  });

  it("raw mode delivers every byte unchanged, in order, without echo or signals", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), fc.integer({ min: 1, max: 100 }), (chunks, max) => {
        const s = newTty();
        makeRaw(s);
        const got: number[] = [];
        const sent: number[] = [];
        for (const c of chunks) {
          const r = ttyReceive(s, c);
          expect(r.signals).toEqual([]);
          sent.push(...c);
          for (;;) {
            const b = ttyRead(s, max, 0);
            if (b === "block") break;
            got.push(...b);
          }
        }
        expect(got).toEqual(sent);
        expect(ttyTakeOutput(s).length).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  type Op =
    | { op: "keys"; bytes: Uint8Array }
    | { op: "read"; max: number; dt: number }
    | { op: "write"; bytes: Uint8Array }
    | { op: "take" }
    | { op: "mode"; canon: boolean; echo: boolean; vmin: number; vtime: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant("keys" as const), bytes: fc.uint8Array({ maxLength: 12 }) }),
    fc.record({ op: fc.constant("read" as const), max: fc.integer({ min: 0, max: 20 }), dt: fc.nat(30_000_000) }),
    fc.record({ op: fc.constant("write" as const), bytes: fc.uint8Array({ maxLength: 12 }) }),
    fc.record({ op: fc.constant("take" as const) }),
    fc.record({
      op: fc.constant("mode" as const),
      canon: fc.boolean(),
      echo: fc.boolean(),
      vmin: fc.integer({ min: 0, max: 3 }),
      vtime: fc.integer({ min: 0, max: 3 }),
    }),
  );

  /** Apply one op; return an observable summary of what it did. */
  function apply(s: TtyState, o: Op, clock: { now: number }): string {
    switch (o.op) {
      case "keys": {
        const r = ttyReceive(s, o.bytes);
        return `keys ${r.signals.join(",")} ${r.wake}`;
      }
      case "read": {
        clock.now += o.dt;
        const r = ttyRead(s, o.max, clock.now);
        return r === "block" ? "block" : `read ${[...r].join(",")}`;
      }
      case "write":
        return `write ${ttyWrite(s, o.bytes)}`;
      case "take":
        return `take ${[...ttyTakeOutput(s)].join(",")}`;
      case "mode": {
        const tio = ttyGetTermios(s);
        tio.lflag = (tio.lflag & ~(L.ICANON | L.ECHO)) | (o.canon ? L.ICANON : 0) | (o.echo ? L.ECHO : 0);
        tio.cc[6] = o.vmin;
        tio.cc[5] = o.vtime;
        ttySetTermios(s, tio);
        return "mode";
      }
    }
  }

  it("state always conforms to its schema, and decode(encode(state)) continues identically", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.array(opArb, { maxLength: 40 }), (before, after) => {
        const a = newTty();
        const clockA = { now: 0 };
        for (const o of before) {
          apply(a, o, clockA);
          assertConforms(TtyState, a);
        }
        const b = decode(TtyState, encode(TtyState, a));
        const clockB = { now: clockA.now };
        for (const o of after) {
          expect(apply(b, o, clockB)).toBe(apply(a, o, clockA));
          assertConforms(TtyState, a);
        }
        expect(encode(TtyState, b)).toEqual(encode(TtyState, a));
      }),
      { numRuns: RUNS },
    );
  });
});
