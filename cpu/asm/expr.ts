// Assembler expressions: numbers, characters, symbols, `.`, numeric local
// labels (1b/1f), the operators + - * / % << >> & | ^ ~, parentheses, and the
// relocation functions %hi %lo %pcrel_hi %pcrel_lo. Parsed once into a tree,
// evaluated at every layout pass (everything is absolute in a static ELF).

import { StatementError } from "./errors.js";

export type Expr =
  | { k: "num"; v: number }
  | { k: "sym"; name: string }
  | { k: "dot" }
  | { k: "un"; op: string; e: Expr }
  | { k: "bin"; op: string; a: Expr; b: Expr }
  | { k: "fn"; fn: "hi" | "lo" | "pcrel_hi" | "pcrel_lo"; e: Expr };

/** What evaluation needs: symbol values, the current address, the auipc targets for %pcrel_lo. */
export interface EvalEnv {
  lookup(name: string): number | undefined;
  dot: number;
  /** Target of the %pcrel_hi at address `addr` (for %pcrel_lo), if known. */
  pcrelHi(addr: number): number | undefined;
  /** When false (layout passes), unknown symbols count as 0 instead of failing. */
  final: boolean;
}

/** Maps a numeric local label reference (`1`, "b"|"f") to its unique symbol name. */
export type LocalRef = (n: string, dir: "b" | "f") => string;

const TOKEN = /\s*(0[xX][0-9a-fA-F]+|0[bB][01]+(?![0-9a-zA-Z_])|[0-9]+[bf](?![0-9a-zA-Z_.$])|[0-9]+|'(?:\\.|[^\\'])'?|%[a-z_]+|[A-Za-z_.$][A-Za-z0-9_.$]*|<<|>>|[-+*/%&|^~()])/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new StatementError(`unexpected '${text.slice(pos).trim().slice(0, 20)}' in expression`);
    out.push(m[1]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

const ESC: Record<string, number> = { n: 10, t: 9, r: 13, "0": 0, "\\": 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };

function number(tok: string): number | undefined {
  if (/^0[xX]/.test(tok)) return parseInt(tok.slice(2), 16);
  if (/^0[bB]/.test(tok)) return parseInt(tok.slice(2), 2);
  if (/^0[0-7]+$/.test(tok)) return parseInt(tok.slice(1), 8);
  if (/^[0-9]+$/.test(tok)) return parseInt(tok, 10);
  if (tok.startsWith("'")) {
    const body = tok.endsWith("'") && tok.length > 2 ? tok.slice(1, -1) : tok.slice(1);
    if (body.startsWith("\\")) return ESC[body[1]!] ?? body.charCodeAt(1);
    return body.charCodeAt(0);
  }
  return undefined;
}

const MAX_TOKENS = 1000;
const MAX_DEPTH = 100;

const BIN_LEVELS: string[][] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

/** Parse expression text; throws StatementError quoting the text. */
export function parseExpr(text: string, local: LocalRef): Expr {
  const toks = tokenize(text);
  if (toks.length === 0) throw new StatementError(`missing expression`);
  // Bounds so that hostile input cannot exhaust the host's stack (parse and evaluate recurse).
  if (toks.length > MAX_TOKENS) throw new StatementError(`expression too long (${toks.length} tokens, at most ${MAX_TOKENS})`);
  let i = 0, depth = 0;
  const nest = (): void => {
    if (++depth > MAX_DEPTH) throw new StatementError(`expression nested more than ${MAX_DEPTH} deep`);
  };
  const fail = (): never => {
    throw new StatementError(`bad expression '${text.trim()}'`);
  };
  const level = (n: number): Expr => {
    if (n === BIN_LEVELS.length) return unary();
    let a = level(n + 1);
    while (i < toks.length && BIN_LEVELS[n]!.includes(toks[i]!)) {
      const op = toks[i++]!;
      a = { k: "bin", op, a, b: level(n + 1) };
    }
    return a;
  };
  const unary = (): Expr => {
    const t = toks[i];
    if (t === "-" || t === "+" || t === "~") {
      i++;
      nest();
      const e: Expr = { k: "un", op: t, e: unary() };
      depth--;
      return e;
    }
    return primary();
  };
  const primary = (): Expr => {
    const t = toks[i++];
    if (t === undefined) return fail();
    if (t === "(") {
      nest();
      const e = level(0);
      depth--;
      if (toks[i++] !== ")") fail();
      return e;
    }
    if (t.startsWith("%")) {
      const fn = t.slice(1);
      if (fn !== "hi" && fn !== "lo" && fn !== "pcrel_hi" && fn !== "pcrel_lo") {
        throw new StatementError(`unknown relocation function '${t}' in '${text.trim()}'`);
      }
      if (toks[i++] !== "(") fail();
      nest();
      const e = level(0);
      depth--;
      if (toks[i++] !== ")") fail();
      return { k: "fn", fn, e };
    }
    const localLabel = /^([0-9]+)([bf])$/.exec(t);
    if (localLabel) return { k: "sym", name: local(localLabel[1]!, localLabel[2] as "b" | "f") };
    const v = number(t);
    if (v !== undefined) return { k: "num", v };
    if (t === ".") return { k: "dot" };
    if (/^[A-Za-z_.$]/.test(t)) return { k: "sym", name: t };
    return fail();
  };
  const e = level(0);
  if (i !== toks.length) fail();
  return e;
}

/** %hi: the upper 20 bits, rounded so that adding the sign-extended %lo gives `v`. */
export function hi20(v: number): number {
  return ((v + 0x800) >>> 12) & 0xfffff;
}
/** %lo: the low 12 bits, sign-extended. */
export function lo12(v: number): number {
  return (v << 20) >> 20;
}

/** Evaluate exactly (no 32-bit wrap-around, so range checks see overflow; bitwise operators
 *  work on 32 bits as in C). Throws StatementError for undefined symbols in the final pass. */
export function evaluate(e: Expr, env: EvalEnv): number {
  switch (e.k) {
    case "num": return e.v;
    case "dot": return env.dot;
    case "sym": {
      const v = env.lookup(e.name);
      if (v === undefined) {
        if (env.final) throw new StatementError(`undefined symbol '${displayName(e.name)}'`);
        return 0;
      }
      return v;
    }
    case "un": {
      const v = evaluate(e.e, env);
      return e.op === "-" ? -v : e.op === "~" ? ~v : v;
    }
    case "bin": {
      const a = evaluate(e.a, env), b = evaluate(e.b, env);
      switch (e.op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": case "%":
          if (b === 0) {
            if (env.final) throw new StatementError(`division by zero`);
            return 0;
          }
          return e.op === "/" ? Math.trunc(a / b) : a % b;
        case "<<": return a << (b & 31);
        case ">>": return a >> (b & 31);
        case "&": return a & b;
        case "|": return a | b;
        default: return a ^ b;
      }
    }
    case "fn": {
      if (e.fn === "pcrel_lo") {
        const at = evaluate(e.e, env);
        const t = env.pcrelHi(at >>> 0);
        if (t === undefined) {
          if (env.final) throw new StatementError(`%pcrel_lo: no auipc with %pcrel_hi at 0x${(at >>> 0).toString(16)}`);
          return 0;
        }
        return lo12(t - at);
      }
      const v = evaluate(e.e, env);
      if (e.fn === "hi") return hi20(v);
      if (e.fn === "lo") return lo12(v);
      return hi20(v - env.dot);
    }
  }
}

/** True when `e` uses %pcrel_hi (so the auipc's target must be recorded for %pcrel_lo). */
export function pcrelHiTarget(e: Expr): Expr | undefined {
  return e.k === "fn" && e.fn === "pcrel_hi" ? e.e : undefined;
}

/** A numeric local label's internal name back to what the user wrote. */
export function displayName(name: string): string {
  const m = /^\.L(\d+)\$-?\d+$/.exec(name);
  return m ? m[1]! : name;
}
