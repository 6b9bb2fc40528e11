// Data directives: .byte/.half/.word (and their aliases), .ascii/.asciz/.string,
// .space/.zero/.skip, .align/.p2align/.balign. Each appends bytes to the current section.

import { StatementError } from "./errors.js";
import { splitTop } from "./parse.js";

/** Where data directives put their bytes. */
export interface DataSink {
  readonly final: boolean;
  emitBytes(bytes: ArrayLike<number>): void;
  alignTo(n: number, fill: number | undefined): void;
  fill(count: number, byte: number): void;
}

/** Largest single .space: 64 MiB (the whole guest address space is 4 GiB, but files this big are mistakes). */
const MAX_SPACE = 1 << 26;

const WIDTH: Record<string, number> = {
  ".byte": 1, ".half": 2, ".2byte": 2, ".short": 2, ".word": 4, ".4byte": 4, ".long": 4, ".int": 4,
};

const SIMPLE_ESC: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, "\\": 92, '"': 34, "'": 39 };

/** Bytes of one "…" string literal with C escapes (UTF-8 for non-ASCII text). */
export function stringBytes(lit: string): number[] {
  const t = lit.trim();
  if (t.length < 2 || !t.startsWith('"') || !t.endsWith('"')) throw new StatementError(`expected a string in double quotes, got '${t}'`);
  const body = t.slice(1, -1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out.push(...new TextEncoder().encode(c));
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new StatementError(`string ends with a lone backslash: '${t}'`);
    if (e in SIMPLE_ESC) out.push(SIMPLE_ESC[e]!);
    else if (e === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1));
      if (!m) throw new StatementError(`bad \\x escape in '${t}'`);
      out.push(parseInt(m[0], 16));
      i += m[0].length;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))!;
      out.push(parseInt(m[0], 8) & 0xff);
      i += m[0].length - 1;
    } else out.push(e.charCodeAt(0));
  }
  return out;
}

/** Handle a data directive; false when `op` is not one. `value` evaluates an expression. */
export function dataDirective(op: string, args: string, sink: DataSink, value: (text: string) => number): boolean {
  const list = (): string[] => (args.trim() === "" ? [] : splitTop(args, ",").map((a) => a.trim()));
  const width = WIDTH[op];
  if (width !== undefined) {
    for (const a of list()) {
      const v = value(a);
      const lo = width === 4 ? -(2 ** 31) : -(2 ** (8 * width - 1));
      const hi = width === 4 ? 2 ** 32 - 1 : 2 ** (8 * width) - 1;
      if (sink.final && (v < lo || v > hi)) throw new StatementError(`value '${a}' = ${v} does not fit in ${width} byte${width > 1 ? "s" : ""}`);
      const bytes: number[] = [];
      for (let i = 0; i < width; i++) bytes.push((v >>> (8 * i)) & 0xff);
      sink.emitBytes(bytes);
    }
    return true;
  }
  switch (op) {
    case ".ascii": case ".asciz": case ".string": {
      const items = list();
      if (items.length === 0) throw new StatementError(`${op} needs a string`);
      for (const s of items) {
        const b = stringBytes(s);
        if (op !== ".ascii") b.push(0);
        sink.emitBytes(b);
      }
      return true;
    }
    case ".space": case ".zero": case ".skip": {
      const [n, fill] = list();
      if (n === undefined) throw new StatementError(`${op} needs a size`);
      const size = value(n);
      if (size < 0 || size > MAX_SPACE) throw new StatementError(`${op} size ${size} is out of range [0, ${MAX_SPACE}]`);
      sink.fill(size, fill === undefined || op === ".zero" ? 0 : value(fill) & 0xff);
      return true;
    }
    case ".align": case ".p2align": case ".balign": {
      const [n, fill] = list();
      if (n === undefined) throw new StatementError(`${op} needs an alignment`);
      const v = value(n);
      // On RISC-V `.align n` means 2^n bytes, like .p2align.
      const bytes = op === ".balign" ? v : v >= 0 && v <= 16 ? 2 ** v : -1;
      if (bytes < 1 || bytes > 65536 || (bytes & (bytes - 1)) !== 0) {
        throw new StatementError(`${op} ${n}: alignment must be a power of two up to 65536`);
      }
      sink.alignTo(bytes, fill === undefined || fill === "" ? undefined : value(fill) & 0xff);
      return true;
    }
  }
  return false;
}
