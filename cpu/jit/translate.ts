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

/** What a page function returns; the frame holds pc and the retired count. */
export const Exit = {
  LEFT: 0, // control left the page (or fell off a block into one this page does not know)
  MISS: 1, // pc is not an entry of this translation
  TRAP: 2, // frame.cause / frame.tval hold the trap; pc is the trapping instruction
  CODE_WRITTEN: 3, // a store changed translated code; pc is the next instruction
  BUDGET: 4, // the next block is longer than what is left of the budget
  INTERPRET: 5, // the instruction at pc is one the translator leaves to the interpreter
} as const;

/** A translated page: the bytes it was made from, its entry points, the function. */
export interface PageCode {
  readonly vpn: number;
  readonly bytes: Uint8Array;
  readonly entries: ReadonlySet<number>;
  readonly fn: (frame: unknown) => number;
}

const MAX_BLOCK = 128;

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

const r = (i: number): string => (i === 0 ? "0" : `r${i}`);

/** Registers an instruction reads and writes (x0 never: it is the literal 0). */
function regsOf(d: Decoded, read: Set<number>, written: Set<number>): void {
  if (d.rs1 !== 0) read.add(d.rs1);
  if (d.rs2 !== 0) read.add(d.rs2);
  if (d.rd !== 0) written.add(d.rd);
}

// Every exit leaves the loop through `break L` with the local pc, n and the exit code e set; the
// one epilogue after the loop writes the registers back and the frame's pc and count.
const exit = (pc: string, n: string, e: number): string => `{ pc = ${pc}; n = ${n}; e = ${e}; break L; }`;

/** JavaScript for one non-terminating instruction at `pc`, the `k`-th of its block. */
function emit(d: Decoded, pc: number, k: number): string {
  const { rd, rs1, rs2, imm } = d;
  // Registers live in int32 locals: every value written is normalised with `| 0` (an Int32Array
  // store used to do it), so the locals stay int32 for V8 and equal to what the interpreter holds.
  const set = (v: string): string => (rd === 0 ? "" : `r${rd} = ${v};`);
  const trap = exit(`${pc}`, `n + ${k}`, Exit.TRAP);
  const addr = `const a = (${r(rs1)} + ${imm}) | 0, p = a >>> 12, i = p & 255;`;
  const stored = `if (w !== 0) { if (w < 0) ${trap} ${exit(`${(pc + d.size) | 0}`, `n + ${k + 1}`, Exit.CODE_WRITTEN)} }`;
  switch (d.op) {
    case Op.ADDI: return set(rs1 === 0 ? `${imm}` : `(${r(rs1)} + ${imm}) | 0`);
    case Op.SLTI: return set(`${r(rs1)} < ${imm} ? 1 : 0`);
    case Op.SLTIU: return set(`${r(rs1)} >>> 0 < ${imm >>> 0} ? 1 : 0`);
    case Op.XORI: return set(`${r(rs1)} ^ ${imm}`);
    case Op.ORI: return set(`${r(rs1)} | ${imm}`);
    case Op.ANDI: return set(`${r(rs1)} & ${imm}`);
    case Op.SLLI: return set(`${r(rs1)} << ${imm}`);
    case Op.SRLI: return set(`(${r(rs1)} >>> ${imm}) | 0`);
    case Op.SRAI: return set(`${r(rs1)} >> ${imm}`);
    case Op.ADD: return set(`(${r(rs1)} + ${r(rs2)}) | 0`);
    case Op.SUB: return set(`(${r(rs1)} - ${r(rs2)}) | 0`);
    case Op.SLL: return set(`${r(rs1)} << ${r(rs2)}`);
    case Op.SLT: return set(`${r(rs1)} < ${r(rs2)} ? 1 : 0`);
    case Op.SLTU: return set(`${r(rs1)} >>> 0 < ${r(rs2)} >>> 0 ? 1 : 0`);
    case Op.XOR: return set(`${r(rs1)} ^ ${r(rs2)}`);
    case Op.SRL: return set(`(${r(rs1)} >>> ${r(rs2)}) | 0`);
    case Op.SRA: return set(`${r(rs1)} >> ${r(rs2)}`);
    case Op.OR: return set(`${r(rs1)} | ${r(rs2)}`);
    case Op.AND: return set(`${r(rs1)} & ${r(rs2)}`);
    case Op.MUL: return set(`Math.imul(${r(rs1)}, ${r(rs2)})`);
    case Op.MULH: return set(`mulh(${r(rs1)}, ${r(rs2)})`);
    case Op.MULHSU: return set(`mulhsu(${r(rs1)}, ${r(rs2)})`);
    case Op.MULHU: return set(`mulhu(${r(rs1)}, ${r(rs2)})`);
    // div: /0 → −1; INT_MIN/−1 → INT_MIN (`| 0` wraps 2^31). rem: %0 → dividend; `| 0` turns −0 into 0.
    case Op.DIV: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? -1 : (${r(rs1)} / b) | 0; }`;
    case Op.DIVU: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? -1 : ((${r(rs1)} >>> 0) / (b >>> 0)) | 0; }`;
    case Op.REM: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? ${r(rs1)} : (${r(rs1)} % b) | 0; }`;
    case Op.REMU: return rd === 0 ? "" : `{ const b = ${r(rs2)}; r${rd} = b === 0 ? ${r(rs1)} : ((${r(rs1)} >>> 0) % (b >>> 0)) | 0; }`;
    case Op.LUI: return set(`${imm}`);
    case Op.AUIPC: return set(`${(pc + imm) | 0}`);
    case Op.LW:
      return `{ ${addr} if (rTag[i] === p && (a & 3) === 0) { ${set("rI32[i][(a & 4095) >> 2]")} } else { if (!ld(s, a, 4, true)) ${trap} ${set("s.v")} } }`;
    case Op.LB: case Op.LBU: {
      const v = d.op === Op.LB ? "(rU8[i][a & 4095] << 24) >> 24" : "rU8[i][a & 4095]";
      return `{ ${addr} if (rTag[i] === p) { ${set(v)} } else { if (!ld(s, a, 1, ${d.op === Op.LB})) ${trap} ${set("s.v")} } }`;
    }
    case Op.LH: case Op.LHU: {
      const v = d.op === Op.LH ? "rI16[i][(a & 4095) >> 1]" : "rI16[i][(a & 4095) >> 1] & 65535";
      return `{ ${addr} if (rTag[i] === p && (a & 1) === 0) { ${set(v)} } else { if (!ld(s, a, 2, ${d.op === Op.LH})) ${trap} ${set("s.v")} } }`;
    }
    case Op.SW:
      return `{ ${addr} if (wTag[i] === p && (a & 3) === 0) wI32[i][(a & 4095) >> 2] = ${r(rs2)}; else { const w = st(s, a, 4, ${r(rs2)}); ${stored} } }`;
    case Op.SH:
      return `{ ${addr} if (wTag[i] === p && (a & 1) === 0) wI16[i][(a & 4095) >> 1] = ${r(rs2)}; else { const w = st(s, a, 2, ${r(rs2)}); ${stored} } }`;
    case Op.SB:
      return `{ ${addr} if (wTag[i] === p) wU8[i][a & 4095] = ${r(rs2)}; else { const w = st(s, a, 1, ${r(rs2)}); ${stored} } }`;
    default: // FENCE, FENCE_I: one hart, and stores drop code eagerly, so nothing to do
      return "";
  }
}

const CONDS: Record<number, string> = {
  [Op.BEQ]: "A === B", [Op.BNE]: "A !== B", [Op.BLT]: "A < B", [Op.BGE]: "A >= B",
  [Op.BLTU]: "A >>> 0 < B >>> 0", [Op.BGEU]: "A >>> 0 >= B >>> 0",
};

/**
 * JavaScript for one block starting at `start`; the registers it reads and writes are added to the
 * sets. `follow` is the block emitted right after this one: a jump to it as the block's last act
 * falls through into its case instead of going round the switch (the common not-taken branch). A
 * block that branches back to its own start (a one-block loop) becomes a loop of its own.
 */
function emitBlock(
  bytes: Uint8Array, base: number, start: number, starts: ReadonlySet<number>, label: number, follow: number,
  read: Set<number>, written: Set<number>,
): string {
  const vpn = base >>> 12;
  const goTo = (t: number, last: boolean): string =>
    last && t === follow ? "" : t >>> 12 === vpn && starts.has(t) ? `pc = ${t}; continue L;` : exit(`${t}`, "n", Exit.LEFT);
  const budget = (k: number): string => `if (n + ${k} > lim) ${exit(`${start}`, "n", Exit.BUDGET)}`;
  const body: string[] = [];
  let pc = start;
  let k = 0;
  let end = "";
  let prev: Decoded | null = null; // the instruction before, in this block
  let prevPc = 0;
  for (;;) {
    if (pc >>> 12 !== vpn) {
      end = goTo(pc, true); // fell off the page
      break;
    }
    if (k > 0 && starts.has(pc)) {
      end = goTo(pc, true);
      break;
    }
    const d = insnAt(bytes, pc - base);
    if (d === null || !translatable(d.op)) {
      end = exit(`${pc}`, "n", Exit.INTERPRET);
      break;
    }
    regsOf(d, read, written);
    const next = (pc + d.size) | 0;
    if (isTerminator(d.op)) {
      // A terminator cannot trap: the block's instructions are counted just before it jumps.
      k++;
      body.push(`n += ${k};`);
      if (d.op === Op.JAL) {
        if (d.rd !== 0) body.push(`r${d.rd} = ${next};`);
        end = goTo((pc + d.imm) | 0, true);
      } else if (d.op === Op.JALR) {
        const t = staticTarget(prev, prevPc, d);
        if (t !== null) {
          // auipc + jalr: the target is known now, so it is a direct jump like jal's
          if (d.rd !== 0) body.push(`r${d.rd} = ${next};`);
          end = goTo(t, true);
        } else {
          body.push(`pc = (${r(d.rs1)} + ${d.imm}) & -2;`); // rs1 is read before rd is written
          if (d.rd !== 0) body.push(`r${d.rd} = ${next};`);
          end = `if ((pc >>> 12) === ${vpn}) continue L; ${exit("pc", "n", Exit.LEFT)}`;
        }
      } else {
        const cond = CONDS[d.op]!.replace("A", r(d.rs1)).replace("B", r(d.rs2));
        const target = (pc + d.imm) | 0;
        if (target === start) {
          // one-block loop: iterate here, without going back through the switch
          return `case ${label}: for (;;) { ${budget(k)}\n${body.join("\n")}\nif (${cond}) continue; break; }\n${goTo(next, true)}`;
        }
        end = `if (${cond}) { ${goTo(target, false)} } ${goTo(next, true)}`;
      }
      return `case ${label}: { ${budget(k)}\n${body.join("\n")}\n${end} }`;
    }
    body.push(emit(d, pc, k));
    prev = d;
    prevPc = pc;
    k++;
    pc = next;
    if (k >= MAX_BLOCK) {
      end = goTo(pc, true);
      break;
    }
  }
  if (k === 0) return `case ${label}: ${end}`;
  body.push(`n += ${k};`);
  return `case ${label}: { ${budget(k)}\n${body.join("\n")}\n${end} }`;
}

/** JavaScript source of the factory for page `vpn` with code `bytes` entered at `entries`. */
export function pageSource(vpn: number, bytes: Uint8Array, entries: Iterable<number>): { src: string; starts: number[] } {
  const base = vpn * 4096;
  const starts = blockStarts(bytes, base, entries);
  const set = new Set(starts);
  const read = new Set<number>();
  const written = new Set<number>();
  // The switch is on a block number looked up from the pc's offset (dense labels 1..n: a jump
  // table), not on the pc itself (sparse labels: a chain of comparisons).
  const cases = starts.map((st, i) => emitBlock(bytes, base, st, set, i + 1, starts[i + 1] ?? -1, read, written)).join("\n");
  const used = [...new Set([...read, ...written])].sort((a, b) => a - b);
  const load = used.length === 0 ? "" : `let ${used.map((i) => `r${i} = x[${i}]`).join(", ")};`;
  const store = [...written].sort((a, b) => a - b).map((i) => `x[${i}] = r${i};`).join(" ");
  const src = `"use strict";
const ld = h.ld, st = h.st, mulh = h.mulh, mulhsu = h.mulhsu, mulhu = h.mulhu;
return function page_${vpn.toString(16)}(s) {
const x = s.x, rTag = s.rTag, rI32 = s.rI32, rI16 = s.rI16, rU8 = s.rU8, wTag = s.wTag, wI32 = s.wI32, wI16 = s.wI16, wU8 = s.wU8;
const lim = s.limit;
let pc = s.pc | 0, n = s.n, e = ${Exit.MISS};
${load}
L: for (;;) {
switch (t[(pc & 4095) >> 1]) {
${cases}
default: break L;
}
}
${store}
s.pc = pc; s.n = n;
return e;
};`;
  return { src, starts };
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
  const { src, starts } = pageSource(vpn, copy, entries);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- translating guest code is the point
  const factory = new Function("h", "t", src) as (h: JitHelpers, t: Uint16Array) => (frame: unknown) => number;
  return { vpn, bytes: copy, entries: new Set(starts), fn: factory(helpers, entryTable(starts)) };
}
