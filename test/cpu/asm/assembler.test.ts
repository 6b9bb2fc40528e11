// The assembler's language: labels, local labels, expressions, directives,
// pseudo-instructions with symbols, sections and symbols, and its error
// messages (one line, FILE:LINE, quoting the statement).

import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/asm/assemble.js";
import { disassemble } from "../../../cpu/asm/disasm.js";
import { AsmError } from "../../../cpu/asm/errors.js";
import { textWords } from "./helpers.js";

const section = (src: string, name: string): Uint8Array => assemble(src).sections.find((s) => s.name === name)!.bytes;
const listing = (src: string): string[] => {
  const p = assemble(src);
  const t = p.sections.find((s) => s.name === ".text")!;
  return textWords(src).map((w, i) => disassemble(w, t.addr + 4 * i));
};

describe("labels and expressions", () => {
  it("numeric local labels: 1b is the nearest before, 1f the nearest after", () => {
    const l = listing(`_start:
1: nop
1: beqz a0, 1b
   bnez a0, 1f
   j 1b
1: ret`);
    expect(l).toEqual(["nop", "beqz a0, 0x10078", "bnez a0, 0x10084", "j 0x10078", "ret"]);
  });
  it(".equ / .set / = define constants usable before their definition (li is sized in later passes)", () => {
    const w = textWords(`li a0, BIG
li a1, SMALL
.equ BIG, 0x12345678
SMALL = BIG & 0xff
.set X, 3
.set X, X + 1
li a2, X`);
    expect(w.map((x) => disassemble(x))).toEqual(["lui a0, 74565", "addi a0, a0, 1656", "li a1, 120", "li a2, 4"]);
  });
  it("evaluates + - * / % << >> & | ^ ~, parentheses, chars, bases and `.`", () => {
    const d = section(`.data
a: .word 1+2*3, (1+2)*3, -7/2, 7%3, 1<<4, -16>>2, 6&3, 6|3, 6^3, ~0, 'A', '\\n', 0x10, 0b101, 010, . - a, b - a
b:`, ".data");
    const v = new DataView(d.buffer, d.byteOffset);
    const words = Array.from({ length: 17 }, (_, i) => v.getInt32(4 * i, true));
    expect(words).toEqual([7, 9, -3, 1, 16, -4, 2, 7, 5, -1, 65, 10, 16, 5, 8, 60, 68]);
  });
  it("%hi/%lo of a label rebuild its address; la and call reach their targets", () => {
    const p = assemble(`_start:
  lui a0, %hi(msg)
  addi a0, a0, %lo(msg)
  la a1, msg
  call f
f: ret
.data
.space 0x7fc
msg: .byte 1`);
    const msg = p.symbols.find((s) => s.name === "msg")!.value;
    const [lui, addi, auipc, addi2, auipc2, jalr] = textWords(`_start:
  lui a0, %hi(msg)
  addi a0, a0, %lo(msg)
  la a1, msg
  call f
f: ret
.data
.space 0x7fc
msg: .byte 1`);
    const sx = (w: number): number => w >> 20;
    expect(((lui! & 0xfffff000) + sx(addi!)) | 0).toBe(msg);
    expect((0x10074 + 8 + (auipc! & 0xfffff000) + sx(addi2!)) | 0).toBe(msg);
    expect((0x10074 + 16 + (auipc2! & 0xfffff000) + sx(jalr!)) | 0).toBe(p.symbols.find((s) => s.name === "f")!.value);
  });
});

describe("pseudo-instructions with symbols", () => {
  it("%pcrel_lo names the auipc's label (a numeric local label works too)", () => {
    const a = textWords("_start:\n1: auipc a0, %pcrel_hi(msg)\n addi a0, a0, %pcrel_lo(1b)\n.data\nmsg: .byte 0");
    expect(a).toEqual(textWords("_start: la a0, msg\n.data\nmsg: .byte 0"));
  });
  it("call f@plt is call f (no PLT in a static program); tail uses t1", () => {
    expect(textWords("_start: call f@plt\nf: ret")).toEqual(textWords("_start: call f\nf: ret"));
    expect(listing("_start: tail f\nf: ret")).toEqual(["auipc t1, 0", "jr 8(t1)", "ret"]);
  });
  it("global loads and stores go through auipc with the right low part", () => {
    const l = listing("_start: lw a0, v\nsw a0, v, t2\nlbu a1, v+3\n.data\nv: .word 1");
    expect(l).toEqual(["auipc a0, 1", "lw a0, 24(a0)", "auipc t2, 1", "sw a0, 16(t2)", "auipc a1, 1", "lbu a1, 11(a1)"]);
    // v is at 0x1108c: 0x10074 + 0x1000 + 24, 0x1007c + 0x1000 + 16, 0x10084 + 0x1000 + 11 = v + 3.
  });
});

describe("directives", () => {
  it("strings with escapes, .asciz/.string terminate, .ascii does not", () => {
    const d = section(`.data
.ascii "a\\tb\\"\\\\\\x41\\101\\0"
.asciz "hi", "yo"
.string "é"`, ".data");
    expect(Array.from(d)).toEqual([97, 9, 98, 34, 92, 0x41, 0x41, 0, 104, 105, 0, 121, 111, 0, 0xc3, 0xa9, 0]);
  });
  it(".byte/.half/.word little-endian, .space with fill, .align pads data with zeros and code with nops", () => {
    expect(Array.from(section(`.data
.byte 1, -1, 255
.half 0x1234, -2
.align 2
.word 0xdeadbeef
.space 3, 0x55
.zero 2
.balign 4`, ".data"))).toEqual([1, 255, 255, 0x34, 0x12, 0xfe, 0xff, 0, 0xef, 0xbe, 0xad, 0xde, 0x55, 0x55, 0x55, 0, 0, 0, 0, 0]);
    expect(textWords(`ret\n.p2align 4\nret`).map((w) => disassemble(w))).toEqual(["ret", "nop", "nop", "nop", "ret"]);
  });
  it("places .text, .rodata, .data and .bss the way the ELF layout says", () => {
    const p = assemble(`.text
nop
.section .rodata
r: .byte 1
.data
d: .word 2
.bss
b: .space 16
.section .text.more
nop`);
    const s = Object.fromEntries(p.sections.map((x) => [x.name, x]));
    expect(s[".text"]!.addr).toBe(0x10074);
    expect(s[".text"]!.size).toBe(8);
    expect(s[".rodata"]!.addr).toBe(0x1007c);
    expect(s[".data"]!.addr % 0x1000).toBe(s[".data"]!.offset % 0x1000);
    expect(s[".data"]!.addr).toBeGreaterThanOrEqual(0x11000);
    expect(s[".bss"]!.addr).toBe(s[".data"]!.addr + 4);
    expect(s[".bss"]!.size).toBe(16);
    expect(p.symbols.map((x) => [x.name, x.section])).toEqual([["r", ".rodata"], ["d", ".data"], ["b", ".bss"]]);
  });
  it("entry is _start when defined, else the start of .text; .globl marks globals; .L labels stay local", () => {
    const a = assemble(`nop\n.globl _start\n_start: nop\n.Lhidden: nop`);
    expect(a.entry).toBe(0x10078);
    expect(a.symbols).toEqual([{ name: "_start", value: 0x10078, section: ".text", global: true }]);
    expect(assemble(`f: nop`).entry).toBe(0x10074);
  });
  it(".comm reserves aligned zeroed space in .bss; non-allocated sections are dropped", () => {
    const p = assemble(`.data
d: .byte 1
.comm buf, 10, 8
.section .note.GNU-stack,"",@progbits
.word 0x12345678
.section .comment,"MS",@progbits,1
.asciz "clang"
.text
nop`);
    const s = Object.fromEntries(p.sections.map((x) => [x.name, x]));
    const buf = p.symbols.find((x) => x.name === "buf")!;
    expect(buf.section).toBe(".bss");
    expect(buf.value % 8).toBe(0);
    expect(s[".bss"]!.size).toBeGreaterThanOrEqual(10);
    expect(s[".data"]!.size).toBe(1);
    expect(s[".text"]!.size).toBe(4);
  });
  it("comments, ; separators, several labels on a line, ignored metadata directives", () => {
    expect(textWords(`# comment
a: b: addi a0, a0, 1 # trailing ; not a separator inside a comment
li a0, '#' ; li a1, 2 ; nop
.type a, @function
.size a, 4
.option norvc
.file "x.c"`).map((w) => disassemble(w))).toEqual(["addi a0, a0, 1", "li a0, 35", "li a1, 2", "nop"]);
  });
});

describe("error messages", () => {
  const cases: [string, string][] = [
    ["nop\nfrob a0, a1", "t.s:2: unknown instruction 'frob' in 'frob a0, a1'"],
    ["addi a0, a9, 1", "t.s:1: expected a register, got 'a9' in 'addi a0, a9, 1'"],
    ["addi a0, a0, 2048", "t.s:1: immediate 2048 must be an integer in the range [-2048, 2047] in 'addi a0, a0, 2048'"],
    ["slli a0, a0, 32", "t.s:1: immediate 32 must be an integer in the range [0, 31] in 'slli a0, a0, 32'"],
    ["lui a0, -1", "t.s:1: immediate -1 must be an integer in the range [0, 1048575] in 'lui a0, -1'"],
    ["call nowhere", "t.s:1: undefined symbol 'nowhere' in 'call nowhere'"],
    ["j 1f", "t.s:1: undefined symbol '1' in 'j 1f'"],
    ["x: nop\nx: nop", "t.s:2: symbol 'x' is already defined in 'x: nop'"],
    ["beq a0, a1, far\n.space 4096\nfar: ret", "t.s:1: target 'far' is 4100 bytes away; it must be even and within [-4096, 4094] in 'beq a0, a1, far'"],
    ["beq a0, a1, 3", "t.s:1: target '3' is 3 bytes away; it must be even and within [-4096, 4094] in 'beq a0, a1, 3'"],
    [".frob 1", "t.s:1: unknown directive '.frob' in '.frob 1'"],
    [".section .weird", "t.s:1: unsupported section '.weird' (use .text, .rodata, .data or .bss) in '.section .weird'"],
    [".data\n.byte 256", "t.s:2: value '256' = 256 does not fit in 1 byte in '.byte 256'"],
    [".ascii hello", "t.s:1: expected a string in double quotes, got 'hello' in '.ascii hello'"],
    [".bss\nnop", "t.s:2: instructions cannot go in .bss in 'nop'"],
    [".bss\n.word 1", "t.s:2: only zero bytes (.space, .zero) may go in .bss in '.word 1'"],
    ["add a0, a1", "t.s:1: expected 3 operands (rd, rs1, rs2), got 2 in 'add a0, a1'"],
    ["li a0, 1 +", "t.s:1: bad expression '1 +' in 'li a0, 1 +'"],
    ["li a0, %foo(1)", "t.s:1: unknown relocation function '%foo' in '%foo(1)' in 'li a0, %foo(1)'"],
    ["fence rw, x", "t.s:1: fence operand 'x' must be letters from 'iorw' in that order, or 0 in 'fence rw, x'"],
    [".globl main\nnop", "t.s:1: 'main' is declared global but never defined"],
    [".data\n.space 0x4000000\n.space 0x4000000\n.space 0x4000000\n.space 0x4000000\n.byte 1", "t.s:6: section .data would exceed 256 MiB in '.byte 1'"],
    [".align 20", "t.s:1: .align 20: alignment must be a power of two up to 65536 in '.align 20'"],
    ["li a0, 1/0", "t.s:1: division by zero in 'li a0, 1/0'"],
    ["li a0, 0x100000000", "t.s:1: operand '0x100000000' = 4294967296 must be an integer in the range [-2147483648, 4294967295] in 'li a0, 0x100000000'"],
    ["addi a0, a0, 0xffffffff", "t.s:1: operand '0xffffffff' = 4294967295 must be an integer in the range [-2048, 2047] in 'addi a0, a0, 0xffffffff'"],
    [".data\n.half 0x10000", "t.s:2: value '0x10000' = 65536 does not fit in 2 bytes in '.half 0x10000'"],
    ["addi a0, a0, %pcrel_lo(x)\nx: nop", "t.s:1: %pcrel_lo: no auipc with %pcrel_hi at 0x10078 in 'addi a0, a0, %pcrel_lo(x)'"],
  ];
  it("hostile expressions (deep nesting, huge chains) are errors, not host stack overflows", () => {
    for (const src of ["li a0, " + "(".repeat(5000) + "1" + ")".repeat(5000), "li a0, " + "-".repeat(50000) + "1",
      "li a0, " + "1+".repeat(100000) + "1", "li a0, " + "(".repeat(150) + "1" + ")".repeat(150)]) {
      let err: unknown;
      try {
        assemble(src, "t.s");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AsmError);
      expect((err as AsmError).message).toMatch(/^t\.s:1: expression (too long \(\d+ tokens, at most 1000\)|nested more than 100 deep) in 'li a0, .{110}\.\.\.'$/);
    }
    expect(textWords("li a0, " + "(".repeat(50) + "7" + ")".repeat(50))).toEqual(textWords("li a0, 7"));
  });
  for (const [src, msg] of cases) {
    it(`reports ${JSON.stringify(msg.replace(/^t\.s:\d+: /, ""))}`, () => {
      let err: unknown;
      try {
        assemble(src, "t.s");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AsmError);
      expect((err as AsmError).message).toBe(msg);
    });
  }
});
