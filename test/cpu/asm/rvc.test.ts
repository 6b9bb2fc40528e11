// Compressed instructions in the assembler: explicit c.* mnemonics round-trip
// through the CPU's decoder and the disassembler to the same parcel; `.option
// rvc` compresses only into parcels that do what the 32-bit instruction does,
// and its relaxation of branches to labels converges to a correct layout;
// `.align` pads code as GNU as does; range and register errors are one line.
// (Agreement with llvm-mc, where installed: rvc-llvm.test.ts.)

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble, AsmProgram } from "../../../cpu/asm/assemble.js";
import { disassemble, disassembleLine } from "../../../cpu/asm/disasm.js";
import { decode } from "../../../cpu/asm/isa.js";
import { writeElf } from "../../../cpu/asm/elf-write.js";
import { readElf } from "../../../cpu/asm/elf-read.js";
import { listElf } from "../../../cpu/asm/listing.js";
import { decode as cpuDecode, Decoded, Op } from "../../../cpu/decode.js";
import { bufferIO } from "../../../cli/run-buffers.js";
import { runProgram } from "../../../cli/run.js";
import { HELLO } from "./helpers.js";
import { cInsn, plainInsn } from "./rvc-gen.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const runs = (n: number): { numRuns: number } => ({ numRuns: LONG ? n * 20 : n });

const text = (p: AsmProgram): Uint8Array => p.sections.find((s) => s.name === ".text")!.bytes;
const textOf = (src: string): Uint8Array => text(assemble(src, "t.s"));
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");
/** The instructions of a .text image: [offset, size, bits]. */
function parcels(b: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < b.length;) {
    const lo = b[i]! | (b[i + 1]! << 8);
    if ((lo & 3) !== 3) {
      out.push([i, 2, lo]);
      i += 2;
    } else {
      out.push([i, 4, (lo | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0]);
      i += 4;
    }
  }
  return out;
}
/** One parcel from assembling one line. */
function parcelOf(src: string): number {
  const b = textOf(src);
  expect(b.length, `'${src}' is 2 bytes`).toBe(2);
  return b[0]! | (b[1]! << 8);
}
/** What an instruction does, with the spellings that mean the same folded together:
 *  `add rd, x0, rs` = `addi rd, rs, 0`, and the commuted operands of add/xor/or/and. */
function effect(d: Decoded): string {
  let { op, rs1, rs2 } = d;
  const { rd, imm } = d;
  if (op === Op.ADD && (rs1 === 0 || rs2 === 0)) return `addi ${rd} ${rs1 | rs2} 0`;
  if (op === Op.ADDI && imm === 0) return `addi ${rd} ${rs1} 0`;
  if ((op === Op.ADD || op === Op.XOR || op === Op.OR || op === Op.AND) && rs1 > rs2) [rs1, rs2] = [rs2, rs1];
  return `${op} ${rd} ${rs1} ${rs2} ${imm}`;
}

describe("c.* mnemonics", () => {
  it("assemble → decode → disassemble → assemble gives back the same parcel (fast-check)", () => {
    fc.assert(
      fc.property(cInsn, (c) => {
        const h = parcelOf(c.text);
        const d = cpuDecode(h);
        expect(d.size).toBe(2);
        expect({ op: d.op, rd: d.rd, rs1: d.rs1, rs2: d.rs2, imm: d.imm }, c.text)
          .toEqual({ op: c.op, rd: c.rd, rs1: c.rs1, rs2: c.rs2, imm: c.imm });
        // `c.addi zero, N` is the c.nop hint: the decoder names it so; everything else keeps its name
        expect(d.cname).toBe(c.text.startsWith("c.addi zero") ? "c.nop" : c.text.split(" ")[0]);
        const listed = disassembleLine(h, undefined, undefined, false);
        expect(parcelOf(`${listed.mnemonic} ${listed.operands}`)).toBe(h);
      }),
      runs(3000),
    );
  });

  it("every legal parcel (all 49,152 non-32-bit parcels swept) lists as a c.* line that assembles back to it", () => {
    let legal = 0;
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 3) === 3 || decode(h) === null) continue;
      legal++;
      const l = disassembleLine(h, undefined, undefined, false);
      expect(l.mnemonic.startsWith("c."), `${h.toString(16)}: ${l.mnemonic}`).toBe(true);
      expect(parcelOf(`${l.mnemonic} ${l.operands}`)).toBe(h);
    }
    expect(legal).toBeGreaterThan(28000); // the rest are reserved, RV64-only or F/D slots
  });

  it("every legal parcel's alias listing (li, mv, ret, …) under .option rvc does what the parcel does", () => {
    let same = 0, legal = 0;
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 3) === 3 || decode(h) === null) continue;
      legal++;
      const b = textOf(`.option rvc\n${disassemble(h)}`);
      const p = parcels(b);
      expect(p.length).toBe(1);
      expect(effect(cpuDecode(p[0]![2]))).toBe(effect(cpuDecode(h)));
      if (p[0]![1] === 2 && p[0]![2] === h) same++;
    }
    // hints (c.nop 5, c.li zero, 3, c.slli a0, 0 …) have no compressed pattern and come out 32-bit
    expect(same / legal).toBeGreaterThan(0.9);
  });

  it("explicit branch targets: numbers are offsets, labels are addresses", () => {
    expect(hex(textOf("c.j 8\nc.bnez a0, -2"))).toBe(hex(textOf("c.j . + 8\nc.bnez a0, . - 2")));
    const b = textOf("top: c.nop\nc.beqz s1, top\nc.jal end\nc.nop\nend: c.j top");
    expect(parcels(b).map(([at, , h]) => disassemble(h, 0x10074 + at))).toEqual([
      "nop", "beqz s1, 0x10074", "jal 0x1007c", "nop", "j 0x10074",
    ]);
  });

  const bad: [string, string][] = [
    ["c.lw a0, 128(a1)", "t.s:2: immediate 128 must be a multiple of 4 in the range [0, 124] in 'c.lw a0, 128(a1)'"],
    ["c.lw a0, 2(a1)", "t.s:2: immediate 2 must be a multiple of 4 in the range [0, 124] in 'c.lw a0, 2(a1)'"],
    ["c.lw t0, 0(a1)", "t.s:2: register 't0' is not one of s0, s1, a0–a5 (x8–x15), which c.lw requires in 'c.lw t0, 0(a1)'"],
    ["c.sw a0, 0(sp)", "t.s:2: base register 'sp' is not one of s0, s1, a0–a5 (x8–x15), which c.sw requires in 'c.sw a0, 0(sp)'"],
    ["c.lwsp zero, 4(sp)", "t.s:2: the destination of c.lwsp may not be zero in 'c.lwsp zero, 4(sp)'"],
    ["c.swsp a0, 4(a1)", "t.s:2: c.swsp addresses through sp, not 'a1' in 'c.swsp a0, 4(a1)'"],
    ["c.addi4spn a0, sp, 0", "t.s:2: immediate 0 must be a multiple of 4 in the range [4, 1020] in 'c.addi4spn a0, sp, 0'"],
    ["c.addi4spn a0, a1, 8", "t.s:2: expected sp, got 'a1' in 'c.addi4spn a0, a1, 8'"],
    ["c.addi16sp sp, 0", "t.s:2: c.addi16sp needs a non-zero immediate in 'c.addi16sp sp, 0'"],
    ["c.addi16sp sp, 24", "t.s:2: immediate 24 must be a multiple of 16 in the range [-512, 496] in 'c.addi16sp sp, 24'"],
    ["c.addi a0, 32", "t.s:2: immediate 32 must be an integer in the range [-32, 31] in 'c.addi a0, 32'"],
    ["c.li a0, -33", "t.s:2: immediate -33 must be an integer in the range [-32, 31] in 'c.li a0, -33'"],
    ["c.lui a0, 32", "t.s:2: immediate 32 must be in [1, 31] or [0xfffe0, 0xfffff] (c.lui) in 'c.lui a0, 32'"],
    ["c.lui a0, 0", "t.s:2: immediate 0 must be in [1, 31] or [0xfffe0, 0xfffff] (c.lui) in 'c.lui a0, 0'"],
    ["c.lui sp, 1", "t.s:2: c.lui cannot write sp (that encoding is c.addi16sp) in 'c.lui sp, 1'"],
    ["c.srli a0, 32", "t.s:2: immediate 32 must be an integer in the range [0, 31] in 'c.srli a0, 32'"],
    ["c.and a0, t1", "t.s:2: register 't1' is not one of s0, s1, a0–a5 (x8–x15), which c.and requires in 'c.and a0, t1'"],
    ["c.mv a0, zero", "t.s:2: the source of c.mv may not be zero in 'c.mv a0, zero'"],
    ["c.jr zero", "t.s:2: the register of c.jr may not be zero in 'c.jr zero'"],
    ["c.beqz a0, 256", "t.s:2: target '256' is 256 bytes away; it must be even and within [-256, 254] in 'c.beqz a0, 256'"],
    ["c.j 3", "t.s:2: target '3' is 3 bytes away; it must be even and within [-2048, 2046] in 'c.j 3'"],
    ["c.jal far\n.space 4000\nfar:", "t.s:2: target 'far' is 4002 bytes away; it must be even and within [-2048, 2046] in 'c.jal far'"],
    ["c.add a0", "t.s:2: expected 2 operands (rd, rs2), got 1 in 'c.add a0'"],
    ["c.ebreak 1", "t.s:2: expected 0 operands (c.ebreak), got 1 in 'c.ebreak 1'"],
    ["c.addw a0, a1", "t.s:2: unknown instruction 'c.addw' in 'c.addw a0, a1'"],
    [".byte 1\nc.nop", "t.s:3: instruction at odd address 0x10075 (instructions start on 2-byte boundaries: add .align 1 before it) in 'c.nop'"],
    [".option pop", "t.s:2: .option pop without a matching .option push in '.option pop'"],
  ];
  it.each(bad)("rejects %j with a one-line message naming the line", (src, msg) => {
    expect(() => assemble(`_start:\n${src}`, "t.s")).toThrow(msg);
  });
});

describe(".option rvc", () => {
  it("compresses an instruction only into a parcel that does the same, else leaves its 32-bit word (fast-check)", () => {
    fc.assert(
      fc.property(plainInsn, (line) => {
        const wide = parcels(textOf(line));
        const narrow = parcels(textOf(`.option rvc\n${line}`));
        expect(narrow.length).toBe(wide.length);
        narrow.forEach(([, size, bits], i) => {
          if (size === 4) expect(bits).toBe(wide[i]![2]);
          else expect(effect(cpuDecode(bits)), line).toBe(effect(cpuDecode(wide[i]![2])));
        });
      }),
      runs(3000),
    );
  });

  it("is scoped by .option norvc / push / pop and by .attribute arch", () => {
    const src = `addi a0, a0, 1
.option rvc
addi a0, a0, 1
.option push
.option norvc
addi a0, a0, 1
.option pop
addi a0, a0, 1
.attribute arch, "rv32i2p0_m2p0"
addi a0, a0, 1
.attribute 5, "rv32i2p0_m2p0_a2p0_c2p0"
addi a0, a0, 1`;
    expect(parcels(textOf(src)).map(([, s]) => s)).toEqual([4, 2, 4, 2, 4, 2]);
    expect(assemble("nop", "t.s").rvc).toBe(false);
    expect(assemble(".option rvc\nnop", "t.s").rvc).toBe(true);
    expect(assemble("c.nop", "t.s").rvc).toBe(true);
  });

  it("leaves auipc pairs and %hi/%lo operands wide (as llvm-mc: they are relocations there)", () => {
    const src = `.option rvc
x: la a0, x
call x
lui a0, %hi(x)
addi a0, a0, %lo(x)
li a0, 5
unimp`;
    expect(parcels(textOf(src)).map(([, s]) => s)).toEqual([4, 4, 4, 4, 4, 4, 2, 2]);
    expect(hex(textOf(".option rvc\nunimp"))).toBe("00 00");
  });

  /** A random program of branches and jumps to labels, with fillers of random size between them. */
  const program = fc.array(
    fc.oneof(
      fc.record({ k: fc.constant("br"), m: fc.constantFrom("beqz a0,", "bnez s1,", "beqz t0,", "beq a0, a1,", "j", "jal", "c.j"), to: fc.nat(15) }),
      fc.record({ k: fc.constant("fill"), n: fc.oneof(fc.integer({ min: 0, max: 140 }), fc.integer({ min: 0, max: 1100 })) }),
    ),
    { minLength: 1, maxLength: 40 },
  ).map((items) => {
    const lines: string[] = [".option rvc"];
    const branches: { line: number; to: string }[] = [];
    let label = 0;
    items.forEach((it, i) => {
      if (i % 3 === 0) lines.push(`L${label++}:`);
      if (it.k === "br") {
        const to = `L${it.to}`;
        branches.push({ line: lines.length, to });
        lines.push(`${it.m} ${to}`);
      } else lines.push(`.space ${2 * it.n}`);
    });
    for (; label < 16; label++) lines.push(`L${label}:`);
    return { src: lines.join("\n"), branches };
  });

  it("relaxes branches and jumps to labels: layout converges and every target is exact (fast-check)", () => {
    fc.assert(
      fc.property(program, ({ src }) => {
        let p: AsmProgram;
        try {
          p = assemble(src, "r.s");
        } catch (e) {
          // only what no encoding reaches: an explicit c.j (never widened) or a 32-bit branch past 4 KiB
          const m = /^r\.s:\d+: target 'L\d+' is (-?\d+) bytes away; it must be even and within \[(-2048, 2046|-4096, 4094)\] in '(c\.j|beqz|bnez|beq) /.exec((e as Error).message);
          expect(m, (e as Error).message).not.toBeNull();
          const off = Number(m![1]);
          if (m![3] === "c.j") expect(off < -2048 || off > 2046).toBe(true);
          else expect(off < -4096 || off > 4094).toBe(true);
          return;
        }
        const base = p.sections.find((s) => s.name === ".text")!.addr;
        const sym = new Map(p.symbols.map((s) => [s.name, s.value]));
        // walk the image statement by statement: .space is zeros, each branch one instruction
        const b = text(p);
        let at = 0;
        for (const line of src.split("\n").slice(1)) {
          const sp = /^\.space (\d+)$/.exec(line);
          if (sp) {
            at += Number(sp[1]);
            continue;
          }
          if (line.endsWith(":")) {
            expect(sym.get(line.slice(0, -1))).toBe(base + at);
            continue;
          }
          const lo = b[at]! | (b[at + 1]! << 8);
          const word = (lo & 3) === 3 ? (lo | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0 : lo;
          const d = cpuDecode(word);
          const to = sym.get(line.split(" ").pop()!)!;
          expect(d.op === Op.JAL || d.op === Op.BEQ || d.op === Op.BNE, line).toBe(true);
          expect(base + at + d.imm, line).toBe(to);
          const off = to - (base + at);
          // compressed exactly when it fits (a register outside x8–x15 or a beq never compresses)
          const fits = /^(beqz|bnez) (a0|s1)/.test(line) ? off >= -256 && off <= 254
            : /^(j|jal|c\.j) /.test(line) ? off >= -2048 && off <= 2046 : false;
          if (!fits) expect(d.size, `${line} at ${at}: ${off}`).toBe(4);
          at += d.size;
        }
        expect(at).toBe(b.length);
      }),
      runs(400),
    );
  });

  it("a branch widened for a label further on pushes an earlier one out of range: both end wide", () => {
    // the first beqz reaches `end` (254 bytes on) only while the second stays short, and the
    // second cannot: `far` is out of its range, found one pass after the first was placed
    const sizes = (space: number): number[] =>
      parcels(textOf(`.option rvc\nbeqz a0, end\nbeqz a0, far\n.space ${space}\nend: .space 300\nfar:`)).slice(0, 2).map(([, s]) => s);
    expect(sizes(250)).toEqual([4, 4]);
    expect(sizes(248)).toEqual([2, 4]);
  });
});

describe(".align in code", () => {
  it("pads as GNU as: a zero byte to an even address, one c.nop, then 4-byte nops", () => {
    expect(hex(textOf("c.nop\n.align 3\nc.ebreak"))).toBe("01 00 01 00 13 00 00 00 02 90");
    expect(hex(textOf("c.nop\n.align 2\nc.ebreak"))).toBe("01 00 01 00 02 90");
    expect(hex(textOf("nop\n.byte 7\n.align 3\nebreak"))).toBe("13 00 00 00 07 00 01 00 73 00 10 00");
    expect(hex(textOf("nop\n.byte 7\n.align 4\nebreak"))).toBe("13 00 00 00 07 00 01 00 13 00 00 00 13 00 00 00 73 00 10 00");
    expect(hex(textOf(".byte 7\n.align 2\nebreak"))).toBe("07 00 01 00 73 00 10 00");
    expect(hex(textOf("nop\n.align 3\nebreak"))).toBe("13 00 00 00 13 00 00 00 73 00 10 00");
    expect(hex(textOf("c.nop\n.balign 4, 0xff\nc.ebreak"))).toBe("01 00 ff ff 02 90");
  });
});

describe("compressed programs as ELF files", () => {
  const rvcHello = `.option rvc\n${HELLO}`;
  const bytes = writeElf(assemble(rvcHello, "hello.s"));

  it("sets EF_RISCV_RVC, lists 2 bytes at a time, and is shorter", () => {
    expect(readElf(bytes).rvc).toBe(true);
    expect(readElf(writeElf(assemble(HELLO, "hello.s"))).rvc).toBe(false);
    expect(text(assemble(rvcHello, "h.s")).length).toBeLessThan(text(assemble(HELLO, "h.s")).length);
    const listing = listElf(bytes, "hello");
    expect(listing).toMatch(/^\s+1[0-9a-f]{4}: 05 45 {8}\tli\ta0, 1$/m);
  });

  it("runs in cryobox run's machine with the same output as the 32-bit build", () => {
    const io = bufferIO();
    const end = runProgram(bytes, { argv: ["hello"], envp: [] }, io.io);
    expect(new TextDecoder().decode(io.stdout())).toBe("hello, world\n");
    expect(end).toMatchObject({ kind: "exit", status: 3 });
  });
});
