// The operator console language: text → typed commands.
//
// One command per line; `#` at the start of a token starts a comment; words are
// runs of non-blank characters; strings are double-quoted with C escapes
// (\n \r \t \0 \\ \" \xHH); numbers may use `_` separators and k/M/G suffixes
// (decimal: 1k = 1000). Errors are ConsoleSyntaxError values naming the line
// and column, so a script author sees exactly what was wrong and where.
// Nothing here touches the machine: console.ts executes what this file builds.

import { SIGTERM, signalNumber } from "../kernel/signals-def.js";

/** A syntax or usage error in console input; the message names line and column. */
export class ConsoleSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`line ${line}, column ${column}: ${problem}`);
    this.name = "ConsoleSyntaxError";
  }
}

/** One lexical token of a console line. `col` is 1-based. */
export type Token =
  | { kind: "word"; text: string; col: number }
  | { kind: "string"; bytes: Uint8Array; col: number };

export type ShowWhat = "ttys" | "pipes" | "tapes" | "mem";

/** A parsed console command. Every command carries the line it came from. */
export type ConsoleCommand = { line: number; source: string } & (
  | { op: "send"; tty: number; data: Uint8Array }
  | { op: "expect"; tty: number; text: Uint8Array; ticks: number | null }
  | { op: "run"; ticks: number | null }
  | { op: "checkpoint-system"; file: string; withFiles: boolean; incremental: boolean; compress: string | null }
  | { op: "restart-system"; file: string; args: string[] }
  | { op: "attach-disk"; dir: string; at: string | null }
  | { op: "detach-disk"; at: string }
  | { op: "chkpnt" | "restart"; args: string[] } // job checkpoint/restart (machine/jobs-console.ts)
  | { op: "mount"; unit: number; reel: string; readOnly: boolean; force: boolean }
  | { op: "unmount"; unit: number; force: boolean }
  | { op: "ps" }
  | { op: "show"; what: ShowWhat }
  | { op: "print"; tty: number }
  | { op: "crash" }
  | { op: "halt" }
  | { op: "help"; topic: string | null }
  | { op: "continue" }
  | { op: "quit" } // also `exit`
  | { op: "kill"; pid: number; sig: number }
  | { op: "debug"; name: string; args: string[] } // look, step and go back (machine/debug-console.ts)
  | { op: "gdb"; port: number; pid: number } // serve one process to gdb (interactive sessions)
  | { op: "show-checkpoints" } // periodic checkpoints (machine/host-periodic.ts)
  | { op: "migrate"; host: string; port: number } // live migration, run by the CLI (cli/migrate.ts)
);

/** The debugging commands, executed by machine/debug-console.ts (docs/debugging.md). */
export const DEBUG_COMMANDS = ["examine", "deposit", "step", "break", "watch", "delete", "go", "trace", "timeline", "back", "goto"] as const;

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, "0": 0, "\\": 92, '"': 34, a: 7, b: 8, e: 27 };

/** Split one line into tokens; null-free. Throws ConsoleSyntaxError. */
export function tokenize(text: string, line: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") break;
    const col = i + 1;
    if (c === '"') {
      const bytes: number[] = [];
      i++;
      for (;;) {
        if (i >= text.length) throw new ConsoleSyntaxError(line, col, "unterminated string");
        const d = text[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === "\\") {
          const e = text[i + 1];
          if (e === undefined) throw new ConsoleSyntaxError(line, i + 1, "backslash at end of line");
          if (e === "x") {
            const hex = text.slice(i + 2, i + 4);
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new ConsoleSyntaxError(line, i + 1, `bad escape '\\x${hex}': two hex digits expected`);
            bytes.push(parseInt(hex, 16));
            i += 4;
            continue;
          }
          const v = ESCAPES[e];
          if (v === undefined) throw new ConsoleSyntaxError(line, i + 1, `unknown escape '\\${e}'`);
          bytes.push(v);
          i += 2;
          continue;
        }
        // Other characters are taken as UTF-8, so `send tty0 "héllo"` types the bytes a terminal would.
        const cp = text.codePointAt(i)!;
        for (const b of new TextEncoder().encode(String.fromCodePoint(cp))) bytes.push(b);
        i += cp > 0xffff ? 2 : 1;
      }
      if (i < text.length && !/[ \t\r]/.test(text[i]!)) throw new ConsoleSyntaxError(line, i + 1, "blank expected after a string");
      out.push({ kind: "string", bytes: Uint8Array.from(bytes), col });
      continue;
    }
    let j = i;
    while (j < text.length && !/[ \t\r]/.test(text[j]!)) {
      if (text[j] === '"') throw new ConsoleSyntaxError(line, j + 1, "quote inside a word");
      j++;
    }
    out.push({ kind: "word", text: text.slice(i, j), col });
    i = j;
  }
  return out;
}

/** Parse a count like `1_000_000`, `5M`, `10k`, `0x100`; null when `text` is not one. */
export function parseCount(text: string): number | null {
  const m = /^(0x[0-9a-fA-F_]+|[0-9][0-9_]*)([kKMG]?)$/.exec(text);
  if (!m || m[1]!.endsWith("_")) return null;
  const digits = m[1]!.replace(/_/g, "");
  const base = digits.startsWith("0x") ? parseInt(digits.slice(2), 16) : parseInt(digits, 10);
  const mult = { "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 }[m[2]!]!;
  const v = base * mult;
  return Number.isSafeInteger(v) ? v : null;
}

/** Parse a terminal name: `tty3` or `3`; null when it is not one. */
export function parseTtyName(text: string): number | null {
  const m = /^(?:tty)?([0-9]{1,3})$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Parse a tape unit: `0`, `mt0`, `rmt0`, `tape0`; null when it is not one. */
export function parseUnitName(text: string): number | null {
  const m = /^(?:mt|rmt|nrmt|tape)?([0-9]{1,2})$/.exec(text);
  return m ? Number(m[1]) : null;
}

const USAGE: Record<string, string> = {
  send: 'send TTY "TEXT"',
  expect: 'expect TTY "TEXT" [TICKS]',
  run: "run [TICKS]",
  "checkpoint-system": "checkpoint-system FILE [--with-files] [--incremental] [--compress none|lz|deflate]",
  "restart-system": "restart-system FILE [--files POLICY] [--disk DIR[:PATH]]… [--chain DIR]…",
  attach: "attach disk DIR [PATH]",
  detach: "detach disk PATH",
  chkpnt: "chkpnt -p PID | -j JID [-s | -k] [-c] FILE",
  restart: "restart [-r] [-t TTY] [-F] FILE",
  mount: "mount UNIT REEL [ro] [force]",
  unmount: "unmount UNIT [force]",
  ps: "ps",
  show: "show ttys|pipes|tapes|mem|breaks|timeline|checkpoints",
  print: "print TTY",
  crash: "crash",
  halt: "halt",
  help: "help [COMMAND]",
  continue: "continue",
  kill: "kill [-SIGNAL] PID",
  quit: "quit",
  exit: "exit",
  examine: "examine PID [REG|ADDR|SYMBOL [COUNT [x|b|a|i]]] | examine proc PID | pipe ID | ttyN",
  deposit: "deposit PID REG|ADDR|SYMBOL VALUE",
  step: "step [N] [PID]",
  break: "break PID ADDR|SYMBOL | break syscall NAME [PID] | break exit PID",
  watch: "watch PID ADDR|SYMBOL",
  delete: "delete N|all",
  go: "go [TICKS]",
  trace: "trace PID|all|off",
  timeline: "timeline on [EVERY]|off",
  back: "back TICKS",
  goto: "goto TICK",
  gdb: "gdb PORT PID",
  migrate: "migrate HOST:PORT",
};

/** The one-line usage of every command, for `help`. */
export function commandUsages(): string[] {
  return Object.entries(USAGE)
    .filter(([name]) => name !== "exit") // an alias of quit
    .map(([, u]) => u);
}

/** The one-line usage of command `name` (any case); undefined when there is none. */
export function commandUsage(name: string): string | undefined {
  return USAGE[name.toLowerCase()];
}

/** Every command name, for completion. */
export function commandNames(): string[] {
  return Object.keys(USAGE);
}

/** Parse one line; null for a blank or comment-only line. Throws ConsoleSyntaxError. */
export function parseLine(text: string, line = 1): ConsoleCommand | null {
  const toks = tokenize(text, line);
  if (toks.length === 0) return null;
  const head = toks[0]!;
  if (head.kind !== "word") throw new ConsoleSyntaxError(line, head.col, "a command name expected, found a string");
  const name = head.text.toLowerCase(); // HALT, Run: commands are case-insensitive
  const usage = USAGE[name];
  if (usage === undefined) throw new ConsoleSyntaxError(line, head.col, `unknown command '${name}' (try 'help')`);
  const args = toks.slice(1);
  const endCol = text.replace(/\s+$/, "").length + 1;
  const fail = (col: number, what: string): never => {
    throw new ConsoleSyntaxError(line, col, `${what} (usage: ${usage})`);
  };
  const arity = (min: number, max: number): void => {
    if (args.length < min) fail(endCol, "missing argument");
    if (args.length > max) fail(args[max]!.col, "too many arguments");
  };
  const word = (k: number, what: string): string => {
    const a = args[k]!;
    return a.kind === "word" ? a.text : fail(a.col, `${what} expected, found a string`);
  };
  const text1 = (k: number): string => {
    const a = args[k]!;
    return a.kind === "word" ? a.text : new TextDecoder().decode(a.bytes);
  };
  const str = (k: number): Uint8Array => {
    const a = args[k]!;
    return a.kind === "string" ? a.bytes : fail(a.col, 'a "quoted string" expected');
  };
  const tty = (k: number): number => parseTtyName(word(k, "a terminal")) ?? fail(args[k]!.col, `'${text1(k)}' is not a terminal (tty0, tty1, …)`);
  const unit = (k: number): number => parseUnitName(word(k, "a tape unit")) ?? fail(args[k]!.col, `'${text1(k)}' is not a tape unit (0, 1, …)`);
  const count = (k: number): number => parseCount(word(k, "a number")) ?? fail(args[k]!.col, `'${text1(k)}' is not a number`);
  const base = { line, source: text.trim() };

  switch (name) {
    case "send":
      arity(2, 2);
      return { ...base, op: "send", tty: tty(0), data: str(1) };
    case "expect":
      arity(2, 3);
      return { ...base, op: "expect", tty: tty(0), text: str(1), ticks: args.length > 2 ? count(2) : null };
    case "run":
      arity(0, 1);
      return { ...base, op: "run", ticks: args.length > 0 ? count(0) : null };
    case "checkpoint-system": {
      arity(1, 5);
      const cp = { withFiles: false, incremental: false, compress: null as string | null };
      for (let k = 1; k < args.length; k++) {
        const o = text1(k);
        if (o === "--with-files") cp.withFiles = true;
        else if (o === "--incremental") cp.incremental = true;
        else if (o === "--compress" && k + 1 < args.length) cp.compress = text1(++k);
        else fail(args[k]!.col, "'--with-files', '--incremental' or '--compress CODEC' expected");
      }
      return { ...base, op: name, file: text1(0), ...cp };
    }
    case "restart-system":
      arity(1, 16);
      return { ...base, op: name, file: text1(0), args: args.slice(1).map((_, k) => text1(k + 1)) };
    case "attach":
    case "detach":
      arity(name === "attach" ? 2 : 2, name === "attach" ? 3 : 2);
      if (word(0, "'disk'").toLowerCase() !== "disk") fail(args[0]!.col, "'disk' expected");
      return name === "attach" ? { ...base, op: "attach-disk", dir: text1(1), at: args.length > 2 ? text1(2) : null } : { ...base, op: "detach-disk", at: text1(1) };
    case "mount": {
      arity(2, 4);
      const flags = args.slice(2).map((a) => (a.kind === "word" && (a.text === "ro" || a.text === "rw" || a.text === "force") ? a.text : fail(a.col, "'ro', 'rw' or 'force' expected")));
      return { ...base, op: "mount", unit: unit(0), reel: text1(1), readOnly: flags.includes("ro"), force: flags.includes("force") };
    }
    case "unmount":
      arity(1, 2);
      if (args.length === 2 && !(args[1]!.kind === "word" && args[1].text === "force")) fail(args[1]!.col, "'force' expected");
      return { ...base, op: "unmount", unit: unit(0), force: args.length === 2 };
    case "show": {
      arity(1, 1);
      const w = word(0, "what to show").toLowerCase();
      if (w === "breaks" || w === "timeline") return { ...base, op: "debug", name: "show", args: [w] };
      if (w === "checkpoints") return { ...base, op: "show-checkpoints" };
      if (w !== "ttys" && w !== "pipes" && w !== "tapes" && w !== "mem") return fail(args[0]!.col, `cannot show '${w}'`);
      return { ...base, op: "show", what: w };
    }
    case "print":
      arity(1, 1);
      return { ...base, op: "print", tty: tty(0) };
    case "migrate": {
      arity(1, 1);
      const m = /^(?:(.+):)?([0-9]{1,5})$/.exec(text1(0));
      const port = m ? Number(m[2]) : NaN;
      if (!m || !(port >= 1 && port <= 65535)) fail(args[0]!.col, `'${text1(0)}' is not HOST:PORT`);
      return { ...base, op: "migrate", host: m![1] ?? "127.0.0.1", port };
    }
    case "gdb":
      arity(2, 2);
      return { ...base, op: "gdb", port: count(0), pid: count(1) };
    case "chkpnt":
    case "restart":
      arity(1, 9);
      return { ...base, op: name, args: args.map((_, k) => text1(k)) };
    case "examine":
    case "deposit":
    case "step":
    case "break":
    case "watch":
    case "delete":
    case "go":
    case "trace":
    case "timeline":
    case "back":
    case "goto":
      arity(0, 8);
      return { ...base, op: "debug", name, args: args.map((_, k) => { const t = text1(k); const n = parseCount(t); return n === null ? t : String(n); }) };
    case "ps":
    case "crash":
    case "halt":
    case "continue":
      arity(0, 0);
      return { ...base, op: name };
    case "quit":
    case "exit":
      arity(0, 0);
      return { ...base, op: "quit" };
    case "help":
      arity(0, 1);
      return { ...base, op: "help", topic: args.length > 0 ? word(0, "a command name").toLowerCase() : null };
    case "kill": {
      arity(1, 2);
      let sig = SIGTERM;
      if (args.length === 2) {
        const s = word(0, "a signal");
        sig = (s.startsWith("-") ? signalNumber(s.slice(1)) : null) ?? fail(args[0]!.col, `'${s}' is not a signal (-TERM, -9, -KILL, …)`);
      }
      const p = word(args.length - 1, "a pid");
      const pid = /^[0-9]{1,9}$/.test(p) && Number(p) > 0 ? Number(p) : fail(args[args.length - 1]!.col, `'${p}' is not a pid`);
      return { ...base, op: "kill", pid, sig };
    }
    default:
      return fail(head.col, `unknown command '${name}'`);
  }
}

/** Parse a whole script; every line is checked before anything runs. Throws ConsoleSyntaxError. */
export function parseScript(text: string): ConsoleCommand[] {
  const out: ConsoleCommand[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const cmd = parseLine(lines[i]!, i + 1);
    if (cmd) out.push(cmd);
  }
  return out;
}
