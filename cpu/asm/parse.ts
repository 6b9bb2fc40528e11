// Source text → statements: strips `#` comments, splits `;`-separated
// statements, peels off labels (numeric local labels get unique names) and
// separates the mnemonic or directive from its operand text.

import { StatementError } from "./errors.js";

/** One statement of source. `op` is lower-cased ("addi", ".word"); absent for a label-only line. */
export interface Stmt {
  line: number;
  text: string;
  labels: string[];
  op?: string;
  args: string;
  /** Numeric local label counters at this statement (after its own labels), for 1b/1f. */
  locals: ReadonlyMap<string, number>;
}

/** Internal symbol name of the k-th definition of numeric local label n. */
export function localName(n: string, k: number): string {
  return `.L${n}$${k}`;
}

/** Resolve `1b` / `1f` against the counters of a statement. */
export function resolveLocal(locals: ReadonlyMap<string, number>, n: string, dir: "b" | "f"): string {
  const seen = locals.get(n) ?? 0;
  return localName(n, dir === "b" ? seen - 1 : seen);
}

/** Remove a `#` comment, respecting string and character literals. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"') quote = c;
    else if (c === "'" && i + 1 < line.length) {
      // A character constant 'x' or '\x': skip it whole.
      i += line[i + 1] === "\\" ? 3 : 2;
    } else if (c === "#") return line.slice(0, i);
  }
  return line;
}

/** Split on `sep` at the top level (outside quotes and parentheses). */
export function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0, quote: string | null = null, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"') quote = c;
    else if (c === "'" && i + 2 < text.length) i += text[i + 1] === "\\" ? 3 : 2;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

const LABEL = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:/;
const ASSIGN = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(.*)$/;

/** Parse a whole source file into statements (errors carry only the message; caller adds FILE:LINE). */
export function parseSource(src: string, onError: (line: number, e: StatementError) => never): Stmt[] {
  const out: Stmt[] = [];
  const locals = new Map<string, number>();
  src.split(/\r?\n/).forEach((raw, idx) => {
    const lineNo = idx + 1;
    for (const part of splitTop(stripComment(raw), ";")) {
      let rest = part;
      const labels: string[] = [];
      let m: RegExpExecArray | null;
      while ((m = LABEL.exec(rest))) {
        const name = m[1]!;
        if (/^[0-9]+$/.test(name)) {
          const k = locals.get(name) ?? 0;
          labels.push(localName(name, k));
          locals.set(name, k + 1);
        } else labels.push(name);
        rest = rest.slice(m[0].length);
      }
      const text = part.trim();
      const assign = ASSIGN.exec(rest);
      if (assign) {
        out.push({ line: lineNo, text, labels, op: ".set", args: `${assign[1]}, ${assign[2]}`, locals: new Map(locals) });
        continue;
      }
      rest = rest.trim();
      if (rest === "" && labels.length === 0) continue;
      if (rest === "") {
        out.push({ line: lineNo, text, labels, args: "", locals: new Map(locals) });
        continue;
      }
      const opm = /^([A-Za-z_.][A-Za-z0-9_.]*)(\s+|$)/.exec(rest);
      if (!opm) onError(lineNo, new StatementError(`cannot parse '${rest}'`));
      out.push({
        line: lineNo, text, labels, op: opm![1]!.toLowerCase(), args: rest.slice(opm![0].length).trim(),
        locals: new Map(locals),
      });
    }
  });
  return out;
}
