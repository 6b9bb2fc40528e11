// The translator: one 4 KiB page of guest code → one JavaScript function
// (`new Function`), with every known entry point as a `case` of a switch on
// the pc inside a loop, so jumps and branches between blocks of the same page
// are a `continue` and never leave the function. What each instruction means
// comes from cpu/decode.ts, the same decoder the interpreter uses.
//
// Exactness: each block checks first that the budget covers all of it (else
// the dispatcher interprets the rest one instruction at a time), counts its
// instructions when it ends, and every instruction that can trap leaves the
// frame exactly as the interpreter would (pc of the instruction, instructions
// retired before it). Instructions the translator leaves to the interpreter
// (ecall, ebreak, CSR reads, atomics, illegal ones, a 32-bit instruction
// straddling the page end) end the block with "interpret from here". A store
// that lands on a page holding translated code ends the block right after it,
// so the next instruction is fetched from the new bytes.
//
// The generated function only touches the guest through the frame it is
// given, so one translation serves every address space holding the same bytes
// at the same page (cache.ts shares them across fork/exec).

import { type Decoded, decode, Op } from "../decode.js";
import { CONDS, emit, exit, r, regsOf } from "./emit.js";
import { scopeSites } from "./emit-mem.js";
import { Exit } from "./exit.js";

export { Exit } from "./exit.js";

/** A translated page: the bytes it was made from, its entry points, the function. */
export interface PageCode {
  readonly vpn: number;
  readonly bytes: Uint8Array;
  readonly entries: ReadonlySet<number>;
  /** every block start in address order, and each block's instruction count */
  readonly starts: readonly number[];
  readonly lens: readonly number[];
  /** characters of JavaScript source of all its functions (the warm-up's measure of their size) */
  readonly chars: number;
  /** the page's functions (one unless its code is too long for one, see sourceTuning) */
  readonly fns: readonly ((frame: unknown) => number)[];
  /** which function holds the entry at each 2-byte offset (0 for offsets that are not entries) */
  readonly groupAt: Uint8Array;
  /** instructions its functions have retired in real runs (host bookkeeping for dispatch.ts, not state) */
  ran: number;
}

const MAX_BLOCK = 128;
/** Instructions the warm-up runs after leaving an inner loop early (see render). */
const WARM_TAIL = 32;

/** Helpers the generated code calls (slow paths, high multiplies). */
export interface JitHelpers {
  ld(frame: unknown, a: number, size: number, signed: boolean): boolean;
  st(frame: unknown, a: number, size: number, v: number): number;
  mulh(a: number, b: number): number;
  mulhsu(a: number, b: number): number;
  mulhu(a: number, b: number): number;
}

/** The instruction at page offset `off` of `bytes`, or null when it straddles the page end. */
function insnAt(bytes: Uint8Array, off: number): Decoded | null {
  const lo = bytes[off]! | (bytes[off + 1]! << 8);
  if ((lo & 3) !== 3) return decode(lo);
  if (off + 4 > bytes.length) return null;
  return decode(lo | (bytes[off + 2]! << 16) | (bytes[off + 3]! << 24));
}

/** Whether the translator emits code for `op` (everything else goes back to the interpreter). */
function translatable(op: number): boolean {
  return op !== Op.ILLEGAL && op < Op.ECALL || op === Op.FENCE || op === Op.FENCE_I;
}

function isTerminator(op: number): boolean {
  return op === Op.JAL || op === Op.JALR || (op >= Op.BEQ && op <= Op.BGEU);
}

/**
 * The target of a `jalr` right after the `auipc` that set its base register (`call`/`tail` far
 * form, as linkers leave them without relaxation), or null when it depends on run-time values.
 */
function staticTarget(prev: Decoded | null, prevPc: number, d: Decoded): number | null {
  if (prev === null || prev.op !== Op.AUIPC || prev.rd === 0 || prev.rd !== d.rs1) return null;
  return (((prevPc + prev.imm) | 0) + d.imm) & -2;
}

/** Every block start reachable from `seeds` inside the page (branch targets, fall-throughs, return sites). */
function blockStarts(bytes: Uint8Array, base: number, seeds: Iterable<number>): number[] {
  const starts = new Set<number>();
  const work = [...seeds];
  const inPage = (pc: number): boolean => pc >>> 12 === base >>> 12 && (pc & 1) === 0;
  while (work.length > 0) {
    const start = work.pop()!;
    if (starts.has(start) || !inPage(start)) continue;
    starts.add(start);
    let pc = start;
    let prev: Decoded | null = null;
    let prevPc = 0;
    for (let k = 0; k < MAX_BLOCK && inPage(pc); k++) {
      const d = insnAt(bytes, pc - base);
      if (d === null || !translatable(d.op)) break;
      const next = (pc + d.size) | 0;
      if (d.op === Op.JAL) {
        work.push((pc + d.imm) | 0);
        if (d.rd !== 0) work.push(next); // a call returns here
        break;
      }
      if (d.op === Op.JALR) {
        const t = staticTarget(prev, prevPc, d);
        if (t !== null) work.push(t);
        if (d.rd !== 0) work.push(next);
        break;
      }
      prev = d;
      prevPc = pc;
      if (isTerminator(d.op)) {
        work.push((pc + d.imm) | 0, next);
        break;
      }
      pc = next;
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/** How a block ends. */
type End =
  | { kind: "goto"; to: number } // falls into the block at `to` (a block start, or off the page)
  | { kind: "interp"; pc: number } // the instruction at pc is the interpreter's
  | { kind: "jump"; to: number } // jal, or auipc+jalr: a direct jump
  | { kind: "jalr" } // a jump to a run-time address (already in the local pc)
  | { kind: "branch"; cond: string; taken: number; next: number };

/** One block: its instruction count, their code (with the count and link writes of a terminator), its end. */
interface Block {
  start: number;
  k: number;
  body: string[];
  end: End;
}

/** Decode and emit the block at `start`; the registers it reads and writes are added to the sets. */
function scanBlock(bytes: Uint8Array, base: number, start: number, starts: ReadonlySet<number>, read: Set<number>, written: Set<number>): Block {
  const vpn = base >>> 12;
  const body: string[] = [];
  let pc = start;
  let k = 0;
  let prev: Decoded | null = null; // the instruction before, in this block
  let prevPc = 0;
  for (;;) {
    if (pc >>> 12 !== vpn || (k > 0 && starts.has(pc))) return { start, k, body, end: { kind: "goto", to: pc } };
    const d = insnAt(bytes, pc - base);
    if (d === null || !translatable(d.op)) return { start, k, body, end: { kind: "interp", pc } };
    regsOf(d, read, written);
    const next = (pc + d.size) | 0;
    if (isTerminator(d.op)) {
      // A terminator cannot trap: the block's instructions are counted just before it jumps.
      k++;
      body.push(`n = (n + ${k}) | 0;`);
      if (d.op === Op.JAL) {
        if (d.rd !== 0) body.push(`r${d.rd} = ${next};`);
        return { start, k, body, end: { kind: "jump", to: (pc + d.imm) | 0 } };
      }
      if (d.op === Op.JALR) {
        const t = staticTarget(prev, prevPc, d);
        if (t === null) body.push(`pc = (${r(d.rs1)} + ${d.imm}) & -2;`); // rs1 is read before rd is written
        if (d.rd !== 0) body.push(`r${d.rd} = ${next};`);
        // auipc + jalr: the target is known now, so it is a direct jump like jal's
        return { start, k, body, end: t === null ? { kind: "jalr" } : { kind: "jump", to: t } };
      }
      const cond = CONDS[d.op]!.replace("A", r(d.rs1)).replace("B", r(d.rs2));
      return { start, k, body, end: { kind: "branch", cond, taken: (pc + d.imm) | 0, next } };
    }
    body.push(emit(d, pc, k));
    prev = d;
    prevPc = pc;
    k++;
    pc = next;
    if (k >= MAX_BLOCK) return { start, k, body, end: { kind: "goto", to: pc } };
  }
}

/**
 * Where a jump to `t` goes: "" when `last` (the block's final act) and the code placed right
 * after falls into `t`; else whatever the context says (an enclosing loop), else round the
 * switch (`continue L`) for a block of this page, else out to the dispatcher.
 */
type Jump = (t: number, last: boolean) => string;

/** The JavaScript of block `b`, its jumps resolved by `jump`. */
function render(b: Block, vpn: number, jump: Jump, warmBreak = ""): string {
  const e = b.end;
  if (b.k === 0) return e.kind === "interp" ? exit(`${e.pc}`, "n", Exit.INTERPRET) : jump((e as { to: number }).to, true);
  // `warmBreak`: in the warm-up only (frame.ts; `wm` is 0 in every real run), a budget running out
  // inside an inner loop of a copied loop leaves that loop instead, so the code after it runs too.
  // `n` counts the instructions retired minus the call's limit (int32, at most 0 while the budget
  // lasts: the dispatcher bounds a call to 2^30): a block's budget check is one compare with a
  // constant, and `| 0` spares V8 an overflow guard on each count.
  const budget = exit(`${b.start}`, "n", Exit.BUDGET);
  const check = warmBreak === "" ? budget : `{ if (wm) { wm--; lim = n + lim + ${WARM_TAIL}; n = ${-WARM_TAIL}; break ${warmBreak}; } ${budget} }`;
  const out = [`if (n > ${-b.k}) ${check}`, ...b.body];
  switch (e.kind) {
    case "goto": out.push(`n = (n + ${b.k}) | 0;`, jump(e.to, true)); break;
    case "interp": out.push(`n = (n + ${b.k}) | 0;`, exit(`${e.pc}`, "n", Exit.INTERPRET)); break;
    case "jump": out.push(jump(e.to, true)); break;
    case "jalr": out.push(`if ((pc >>> 12) === ${vpn}) continue L;`, exit("pc", "n", Exit.LEFT)); break;
    case "branch": out.push(`if (${e.cond}) { ${jump(e.taken, false)} }`, jump(e.next, true)); break;
  }
  return out.join("\n");
}

/** The targets a block's end may jump to directly. */
function targets(e: End): number[] {
  return e.kind === "branch" ? [e.taken, e.next] : e.kind === "goto" || e.kind === "jump" ? [e.to] : [];
}

/**
 * A loop being rendered: its label and the start of its head block (a jump there is `continue`);
 * or (`forward`) a labelled block right after which the code of block `head` is placed (a jump
 * there is `break`).
 */
interface Loop {
  label: string;
  head: number;
  forward?: boolean;
}

/**
 * The code of blocks lo..hi, in address order, each falling into the next; a run of them that
 * jumps back to its first block (the largest such run at each block) becomes a labelled
 * `for (;;)` whose back edges are `continue` — loops nest, so an inner loop of several blocks
 * runs without leaving its outer one. `loops`: the loops around the range (innermost last).
 * `fall(t)`: what leaving the range's last block for `t` is when that is not a jump to an
 * enclosing loop's head: "" (the code after the range is `t`), a statement, or null (`away`).
 */
function renderRange(
  blocks: Block[], lo: number, hi: number, vpn: number, loops: Loop[], away: (t: number) => string,
  fall: (t: number) => string | null, names: { n: number },
): string[] {
  const out: string[] = [];
  const inner = loops[loops.length - 1];
  for (let m = lo; m <= hi; m++) {
    const start = blocks[m]!.start;
    let q = -1;
    if (!(m === lo && inner !== undefined && inner.head === start)) {
      for (let j = m; j <= hi; j++) if (targets(blocks[j]!.end).includes(start)) q = j;
    }
    if (q >= 0) {
      const label = `S${names.n++}`;
      const after = q < hi ? blocks[q + 1]!.start : -1;
      const innerFall = (t: number): string | null => {
        if (q < hi) return t === after ? `break ${label};` : null;
        const f = fall(t);
        return f === "" ? `break ${label};` : f;
      };
      const body = renderRange(blocks, m, q, vpn, [...loops, { label, head: start }], away, innerFall, names);
      out.push(`${label}: for (;;) {`, ...body, "}");
      m = q;
      continue;
    }
    const next = m < hi ? blocks[m + 1]!.start : -1;
    const jump: Jump = (t, last) => {
      for (let k = loops.length - 1; k >= 0; k--) {
        const l = loops[k]!;
        if (l.head === t) return `${l.forward ? "break" : "continue"} ${l.label};`;
      }
      if (last && m < hi && t === next) return "";
      if (last && m === hi) {
        const f = fall(t);
        if (f !== null) return f;
      }
      return away(t);
    };
    // Inside a copied loop the warm-up may leave the loop early (see render), the outermost one
    // too: a loop running thousands of times never ends in a warm-up run, and the code the copy
    // holds after it (an unrolled program's next phase) had no feedback — a deoptimisation each.
    out.push(render(blocks[m]!, vpn, jump, loops.length >= 1 ? inner!.label : ""));
  }
  return out;
}

/** Most blocks and instructions of a loop copied into its head's case. */
const MAX_LOOP_BLOCKS = 8;
const MAX_LOOP_INSNS = 96;

/**
 * The loop headed by block `i`: the blocks i..j (consecutive in address order) when block j jumps
 * back to block i's start, the largest such j within the bounds; null when there is none.
 */
function loopAt(blocks: Block[], i: number): number | null {
  let found: number | null = null;
  let insns = 0;
  for (let j = i; j < blocks.length && j < i + MAX_LOOP_BLOCKS; j++) {
    insns += blocks[j]!.k;
    if (insns > MAX_LOOP_INSNS) break;
    if (j > i && blocks[j - 1]!.end.kind === "interp") break;
    if (targets(blocks[j]!.end).includes(blocks[i]!.start)) found = j;
  }
  return found;
}

/**
 * Whether block i-1 belongs to the loop entered at block i (blocks i..j, j = i when there is no
 * loop at i): some block of i..j jumps to it and it goes on to i — as in a loop whose compiler
 * placed a rarely taken arm before the head. Bounded like loopAt.
 */
function preHead(blocks: Block[], i: number, j: number): boolean {
  const lo = i - 1;
  if (lo < 0) return false;
  const pre = blocks[lo]!;
  if (pre.k === 0 || !targets(pre.end).includes(blocks[i]!.start)) return false;
  let insns = pre.k;
  let back = false;
  for (let m = i; m <= j; m++) {
    insns += blocks[m]!.k;
    if (targets(blocks[m]!.end).includes(pre.start)) back = true;
  }
  return back && insns <= MAX_LOOP_INSNS && j - i + 2 <= MAX_LOOP_BLOCKS;
}

/**
 * Most source characters per function. V8 never optimises a function of more than 60 KiB of
 * bytecode (about 0.7 byte per character of this code), so a page whose code is longer is split
 * into several functions by address, each for a run of consecutive blocks; a jump between them
 * goes through the dispatcher.
 */
export const sourceTuning = { maxSource: 60_000 }; // host tuning, not state (tests set it low to split small pages)

/** The source of a page's functions: blocks `starts[i]` are in function `group[i]`. */
export interface PageSource {
  srcs: string[];
  starts: number[];
  group: number[];
  lens: number[];
}

/** JavaScript source of the factories for page `vpn` with code `bytes` entered at `entries`. */
export function pageSource(vpn: number, bytes: Uint8Array, entries: Iterable<number>): PageSource {
  const base = vpn * 4096;
  const starts = blockStarts(bytes, base, entries);
  const set = new Set(starts);
  const index = new Map(starts.map((st, i) => [st, i]));
  const read = new Set<number>();
  const written = new Set<number>();
  const blocks = starts.map((st) => scanBlock(bytes, base, st, set, read, written));
  // The switch is on a block number looked up from the pc's offset (dense labels: a jump table),
  // not on the pc itself (sparse labels: a chain of comparisons). Each case may fall through into
  // the next (the block that follows in address order). A loop's head case holds a copy of the
  // whole loop as a JavaScript loop, so its iterations never go round the switch; its other
  // blocks keep their own cases for entries into the middle.
  const renderCases = (group: number[]): string[] =>
    blocks.map((b, i) => {
      const g = group[i]!;
      const away = (t: number): string => (index.has(t) && group[index.get(t)!] === g ? `pc = ${t}; continue L;` : exit(`${t}`, "n", Exit.LEFT));
      const follow = group[i + 1] === g ? blocks[i + 1]!.start : -1;
      const j = loopAt(blocks, i) ?? i;
      const lo = i - 1;
      if (preHead(blocks, i, j)) {
        // The loop entered at block i also runs block i-1, placed after it: i..j jump there by
        // leaving the labelled block F, and it falls back into i by `continue S0`.
        const loop: Loop = { label: "S0", head: b.start };
        const names = { n: 1 };
        const none = (): null => null;
        const body = renderRange(blocks, i, j, vpn, [loop, { label: "F", head: blocks[lo]!.start, forward: true }], away, none, names);
        const tail = renderRange(blocks, lo, lo, vpn, [loop], away, none, names);
        return `case ${i + 1}: S0: for (;;) {\nF: {\n${body.join("\n")}\n}\n${tail.join("\n")}\n}`;
      }
      const fall = (t: number): string | null => (t === follow ? "" : null);
      return `case ${i + 1}: ${renderRange(blocks, i, j, vpn, [], away, fall, { n: 0 }).join("\n")}`;
    });
  let group = blocks.map(() => 0);
  // (site caches scoped first, so that the size that decides a split is the size compiled)
  let cases = renderCases(group).map(scopeSites);
  const max = sourceTuning.maxSource;
  if (cases.reduce((sum, c) => sum + c.length, 0) > max) {
    let g = 0;
    let size = 0;
    group = cases.map((c) => {
      if (size > 0 && size + c.length > max) {
        g++;
        size = 0;
      }
      size += c.length;
      return g;
    });
    cases = renderCases(group).map(scopeSites);
  }
  const used = [...new Set([...read, ...written])].sort((a, b) => a - b);
  const load = used.length === 0 ? "" : `let ${used.map((i) => `r${i} = x[${i}]`).join(", ")};`;
  const store = [...written].sort((a, b) => a - b).map((i) => `x[${i}] = r${i};`).join(" ");
  const srcs: string[] = [];
  for (let g = 0; g <= (group[group.length - 1] ?? 0); g++) {
    const body = cases.filter((_, i) => group[i] === g).join("\n");
    srcs.push(`"use strict";
const ld = h.ld, st = h.st, mulh = h.mulh, mulhsu = h.mulhsu, mulhu = h.mulhu;
return function page_${vpn.toString(16)}_${g}(s) {
const x = s.x, rTag = s.rTag, rI32 = s.rI32, rI16 = s.rI16, rU8 = s.rU8, wTag = s.wTag, wI32 = s.wI32, wI16 = s.wI16, wU8 = s.wU8;
let lim = s.limit, wm = s.warm;
let pc = s.pc | 0, n = (s.n - lim) | 0, e = ${Exit.MISS};
${load}
L: for (;;) {
switch (t[(pc & 4095) >> 1]) {
${body}
default: if (t[(pc & 4095) >> 1] !== 0) e = ${Exit.LEFT}; break L; // an entry of another of the page's functions
}
}
${store}
s.pc = pc; s.n = n + lim;
return e;
};`);
  }
  return { srcs, starts, group, lens: blocks.map((b) => b.k) };
}

/** The block number of each 2-byte offset of the page (0 = not an entry). */
function entryTable(starts: number[]): Uint16Array {
  const t = new Uint16Array(2048);
  starts.forEach((st, i) => (t[(st & 4095) >> 1] = i + 1));
  return t;
}

/** Translate page `vpn` (its `bytes` are copied) for the given entry points. */
export function translatePage(vpn: number, bytes: Uint8Array, entries: Iterable<number>, helpers: JitHelpers): PageCode {
  const copy = bytes.slice();
  const { srcs, starts, group, lens } = pageSource(vpn, copy, entries);
  const t = entryTable(starts);
  const fns = srcs.map((src) => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- translating guest code is the point
    const factory = new Function("h", "t", src) as (h: JitHelpers, t: Uint16Array) => (frame: unknown) => number;
    return factory(helpers, t);
  });
  const groupAt = new Uint8Array(2048);
  starts.forEach((st, i) => (groupAt[(st & 4095) >> 1] = group[i]!));
  const chars = srcs.reduce((sum, src) => sum + src.length, 0);
  return { vpn, bytes: copy, entries: new Set(starts), starts, lens, chars, fns, groupAt, ran: 0 };
}
