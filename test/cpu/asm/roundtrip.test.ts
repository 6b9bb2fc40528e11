// Properties of the assembler/disassembler pair: valid instruction words built
// field by field survive disassemble → assemble unchanged, decode inverts
// encode, and no 32-bit word makes the disassembler throw (every word, valid
// or not, even round-trips, since unknown words print as `.word`).

import fc from "fast-check";
import { decode as cpuDecode, Op } from "../../../cpu/decode.js";
import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/asm/assemble.js";
import { disassemble } from "../../../cpu/asm/disasm.js";
import { decode, encode, Insn, OPS } from "../../../cpu/asm/isa.js";
import { textWords } from "./helpers.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const runs = (n: number): { numRuns: number } => ({ numRuns: LONG ? n * 50 : n });

const r5 = fc.integer({ min: 0, max: 31 });
const sImm = (bits: number): fc.Arbitrary<number> => fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
const even = (bits: number): fc.Arbitrary<number> => sImm(bits - 1).map((v) => v * 2);

/** A valid instruction, built by choosing a form and then its fields within their ranges. */
export const validInsn: fc.Arbitrary<Insn> = fc.constantFrom(...OPS).chain((op): fc.Arbitrary<Insn> => {
  const mk = (rd: number, rs1: number, rs2: number, imm: number): Insn => ({ name: op.name, rd, rs1, rs2, imm });
  switch (op.fmt) {
    case "R": case "AMO": return fc.tuple(r5, r5, r5).map(([a, b, c]) => mk(a, b, c, 0));
    case "LR": return fc.tuple(r5, r5).map(([a, b]) => mk(a, b, 0, 0));
    case "I": case "LOAD": case "JALR": return fc.tuple(r5, r5, sImm(12)).map(([a, b, i]) => mk(a, b, 0, i));
    case "SHIFT": return fc.tuple(r5, r5, r5).map(([a, b, i]) => mk(a, b, 0, i));
    case "STORE": return fc.tuple(r5, r5, sImm(12)).map(([a, b, i]) => mk(0, a, b, i));
    case "BRANCH": return fc.tuple(r5, r5, even(13)).map(([a, b, i]) => mk(0, a, b, i));
    case "U": return fc.tuple(r5, fc.integer({ min: 0, max: 0xfffff })).map(([a, i]) => mk(a, 0, 0, i));
    case "JAL": return fc.tuple(r5, even(21)).map(([a, i]) => mk(a, 0, 0, i));
    case "CSR": case "CSRI": return fc.tuple(r5, r5, fc.integer({ min: 0, max: 4095 })).map(([a, b, c]) => mk(a, b, 0, c));
    case "FENCE": return fc.integer({ min: 0, max: 255 }).map((i) => mk(0, 0, 0, i));
    case "SFENCE": return fc.tuple(r5, r5).map(([a, b]) => mk(0, a, b, 0));
    case "FIXED": return fc.constant(mk(0, 0, 0, 0));
  }
});

describe("disassemble → assemble", () => {
  it("gives back every valid instruction word", () => {
    fc.assert(
      fc.property(validInsn, (insn) => {
        const word = encode(insn);
        const text = disassemble(word);
        expect(text.startsWith(".word"), `${text} for a valid word`).toBe(false);
        expect(textWords(text)).toEqual([word]);
      }),
      runs(3000),
    );
  });

  it("gives back any 32-bit word at all (unknown ones go through .word; compressed parcels are checked below)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (word) => {
        // a word whose low bits are not 11 is a 16-bit parcel; the assembler writes 32-bit encodings only
        if ((word & 3) !== 3 && decode(word) !== null) return;
        expect(textWords(disassemble(word))).toEqual([word]);
      }),
      runs(2000),
    );
  });

  it("never throws, with or without a pc and a symbolizer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (word, pc) => {
        expect(typeof disassemble(word)).toBe("string");
        expect(typeof disassemble(word, pc, (a) => (a % 3 === 0 ? `f+0x${a.toString(16)}` : undefined))).toBe("string");
      }),
      runs(5000),
    );
  });

  it("branch targets shown as addresses assemble back to the same word at that pc", () => {
    fc.assert(
      fc.property(validInsn.filter((i) => i.name === "jal" || i.name.startsWith("b")), (insn) => {
        const word = encode(insn);
        const pc = 0x10074;
        // With a pc the listing shows an absolute address; written as `.+N` it is the same target.
        const text = disassemble(word, pc).replace(/0x([0-9a-f]+)$/, (_, h: string) => `. + ${parseInt(h, 16) - pc}`);
        expect(textWords(`_start: ${text}`)).toEqual([word]);
      }),
      runs(500),
    );
  });
});

describe("decode and encode", () => {
  it("decode inverts encode for valid instructions", () => {
    fc.assert(
      fc.property(validInsn, (insn) => {
        expect(decode(encode(insn))).toEqual(insn);
      }),
      runs(5000),
    );
  });

  it("encode inverts decode for every word that decodes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (word) => {
        const insn = decode(word);
        if (insn && insn.c === undefined) expect(encode(insn)).toBe(word);
      }),
      runs(20000),
    );
  });
  it("every compressed parcel disassembles to an instruction that assembles to the same operation", () => {
    // exhaustive over the 49,152 parcels: the expansion the CPU runs is what the listing shows
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 3) === 3) continue;
      const insn = decode(h);
      const d = cpuDecode(h);
      expect(insn === null).toBe(d.op === Op.ILLEGAL);
      if (!insn) continue;
      const full = cpuDecode(encode({ ...insn, c: undefined }));
      expect({ ...full, size: 2, cname: d.cname }).toEqual(d);
      // llvm-objdump shows c.mv as `mv`, which assemblers write as addi rd, rs, 0: same effect, other op
      if (insn.c !== "c.mv") expect(textWords(disassemble(h))).toEqual([encode({ ...insn, c: undefined })]);
    }
  });
});

describe("the assembler on arbitrary text", () => {
  it("either assembles or throws AsmError with a one-line FILE:LINE message — nothing else", () => {
    const piece = fc.constantFrom("addi", "li", "la", "a0", "x31", ",", "(", ")", "%hi(", "%pcrel_lo(", "1b", "1f", "1:",
      "foo:", "foo", ".word", ".ascii", '"', "\\", "#", ";", "-", "+", "0x", "99999999999", ".align", "64", ".bss",
      ".space", ".equ", "beq", "call", "lw", "8(sp)", "csrr", "mstatus", "fence", "rw", "\n", " ", "'", ".section", ".Lx");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const src = parts.join(" ");
        try {
          assemble(src, "fuzz.s");
        } catch (e) {
          expect((e as Error).name).toBe("AsmError");
          expect((e as Error).message).toMatch(/^fuzz\.s:\d+: [^\n]+$/);
        }
      }),
      runs(2000),
    );
  });
});

describe("the ELF reader and listing on damaged files", () => {
  it("either lists or throws ElfReadError — never another exception", async () => {
    const { writeElf } = await import("../../../cpu/asm/elf-write.js");
    const { listElf } = await import("../../../cpu/asm/listing.js");
    const good = writeElf(assemble("_start: li a0, 1\n.data\nd: .word 5\n.bss\n.space 8", "x.s"));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: good.length }),
        (edits, cut) => {
          const bad = good.slice(0, Math.max(cut, 60));
          for (const [at, b] of edits) if (at < bad.length) bad[at] = b;
          try {
            expect(typeof listElf(bad, "x")).toBe("string");
          } catch (e) {
            expect((e as Error).name).toBe("ElfReadError");
            expect((e as Error).message).not.toContain("\n");
          }
        },
      ),
      runs(2000),
    );
  });
});
