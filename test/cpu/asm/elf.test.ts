// Executables: a hello-world assembled by cryobox is a well-formed ELF (parsed
// back field by field), loads with the team's loader, runs in `cryobox run`'s
// machine and (where installed) under qemu-riscv32 with the same output; the
// disassembly listing matches llvm-objdump (committed fixture, and live on
// clang-built programs when llvm-objdump is installed).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/asm/assemble.js";
import { readElf } from "../../../cpu/asm/elf-read.js";
import { writeElf } from "../../../cpu/asm/elf-write.js";
import { listElf } from "../../../cpu/asm/listing.js";
import { parseElf } from "../../../cpu/elf.js";
import { bufferIO } from "../../../cli/run-buffers.js";
import { runProgram } from "../../../cli/run.js";
import { FIXTURES, HELLO } from "./helpers.js";


function has(cmd: string): boolean {
  return spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;
}

describe("hello world ELF", () => {
  const bytes = writeElf(assemble(HELLO, "hello.s"));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  it("has a well-formed ELF header and program headers", () => {
    expect(Array.from(bytes.subarray(0, 7))).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
    expect(v.getUint16(16, true)).toBe(2); // ET_EXEC
    expect(v.getUint16(18, true)).toBe(243); // EM_RISCV
    const entry = v.getUint32(24, true), phoff = v.getUint32(28, true), phnum = v.getUint16(44, true);
    expect(phnum).toBe(2);
    const segs = Array.from({ length: phnum }, (_, i) => {
      const o = phoff + 32 * i;
      const f = (k: number): number => v.getUint32(o + 4 * k, true);
      return { type: f(0), offset: f(1), vaddr: f(2), filesz: f(4), memsz: f(5), flags: f(6), align: f(7) };
    });
    for (const s of segs) {
      expect(s.type).toBe(1);
      expect(s.align).toBe(0x1000);
      expect(s.offset % s.align).toBe(s.vaddr % s.align);
      expect(s.filesz).toBeLessThanOrEqual(s.memsz);
      expect(s.offset + s.filesz).toBeLessThanOrEqual(bytes.length);
    }
    const [code, data] = segs as [typeof segs[0], typeof segs[0]];
    expect(code.vaddr).toBe(0x10000);
    expect(code.flags).toBe(5); // R+X
    expect(data.flags).toBe(6); // R+W
    expect(entry).toBeGreaterThanOrEqual(code.vaddr);
    expect(entry).toBeLessThan(code.vaddr + code.memsz);
    // Different pages, so the protections cannot clash.
    expect(Math.floor((code.vaddr + code.memsz - 1) / 0x1000)).toBeLessThan(Math.floor(data.vaddr / 0x1000));
    expect(data.memsz - data.filesz).toBe(256);
  });

  it("has section headers and a symbol table that read back", () => {
    const elf = readElf(bytes);
    expect(elf.sections.map((s) => s.name)).toEqual(["", ".text", ".rodata", ".data", ".bss", ".symtab", ".strtab", ".shstrtab"]);
    const rodata = elf.sections.find((s) => s.name === ".rodata")!;
    expect(new TextDecoder().decode(rodata.bytes)).toBe("hello, world\n");
    const names = elf.symbols.map((s) => s.name);
    expect(names).toEqual(["msg", "len", "status", "scratch", "_start"]);
    expect(elf.symbols.find((s) => s.name === "_start")!.value).toBe(elf.entry);
  });

  it("is accepted by cpu/elf.ts and runs in cryobox run's machine", () => {
    const parsed = parseElf(bytes);
    expect(parsed).toBeTruthy();
    const io = bufferIO();
    const end = runProgram(bytes, { argv: ["hello"], envp: [] }, io.io);
    expect(new TextDecoder().decode(io.stdout())).toBe("hello, world\n");
    expect(end).toMatchObject({ kind: "exit", status: 3 });
  });

  it.skipIf(!has("qemu-riscv32"))("runs under qemu-riscv32 with the same output and status", () => {
    const dir = mkdtempSync(join(tmpdir(), "asm-"));
    writeFileSync(join(dir, "hello"), bytes, { mode: 0o755 });
    const r = spawnSync("qemu-riscv32", [join(dir, "hello")], { encoding: "utf8" });
    expect(r.stdout).toBe("hello, world\n");
    expect(r.status).toBe(3);
  });
  if (!has("qemu-riscv32")) console.warn("qemu-riscv32 not installed: skipping the qemu run of the assembled hello world");
});

describe("process start-up", () => {
  it("an assembled program sees argc and argv on its initial stack", () => {
    // Prints argv[1] and exits with argc: the Linux RV32 start-up the contract promises.
    const src = `_start:
	lw	s0, 0(sp)		# argc
	lw	a1, 8(sp)		# argv[1]
	mv	a2, a1
1:	lbu	t0, 0(a2)
	beqz	t0, 2f
	addi	a2, a2, 1
	j	1b
2:	sub	a2, a2, a1		# strlen
	li	a0, 1
	li	a7, 64
	ecall
	mv	a0, s0
	li	a7, 93
	ecall`;
    const io = bufferIO();
    const end = runProgram(writeElf(assemble(src, "args.s")), { argv: ["args", "first", "second"], envp: [] }, io.io);
    expect(new TextDecoder().decode(io.stdout())).toBe("first");
    expect(end).toMatchObject({ kind: "exit", status: 3 });
  });
});

describe("compiler output", () => {
  it("assembles clang -S output (jump tables, .comm, .section flags, notes) into a program that runs", () => {
    const src = readFileSync(join(FIXTURES, "clang-prog.s"), "utf8");
    const io = bufferIO();
    const end = runProgram(writeElf(assemble(src, "clang-prog.s")), { argv: ["p"], envp: [] }, io.io);
    expect(new TextDecoder().decode(io.stdout())).toBe("zero one two three 33825\n");
    expect(end).toMatchObject({ kind: "exit", status: 42 });
  });
});

const norm = (s: string): string => s.split("\n").map((l) => l.trimEnd()).join("\n");

describe("disassembly listing", () => {
  it("matches the committed llvm-objdump listing of program.s as cryobox assembles it", () => {
    const src = readFileSync(join(FIXTURES, "program.s"), "utf8");
    const mine = listElf(writeElf(assemble(src, "program.s")), "program");
    // Data words inside code: objdump says <unknown> (in 2-byte steps when the low bits
    // say "compressed"); we print `.word 0x…`, which assembles back. Everything else is equal.
    const code = (s: string): string[] => norm(s).split("\n").filter((l) => !/<unknown>|\.word\t/.test(l));
    const theirs = code(readFileSync(join(FIXTURES, "program.objdump.txt"), "utf8"));
    expect(code(mine)).toEqual(theirs);
    expect(theirs.length).toBeGreaterThan(50);
    expect(mine).toContain("   10108: 01 00 00 00  \t.word\t0x00000001");
  });

  const bins = join(FIXTURES, "../../../user/bin");
  const live = has("llvm-objdump");
  if (!live) console.warn("llvm-objdump not installed: skipping the live listing comparison with clang-built programs");
  it.skipIf(!live)("matches llvm-objdump -d on the clang-built programs in user/bin", () => {
    let files: string[] = [];
    try {
      files = readdirSync(bins).slice(0, 6);
    } catch {
      files = [];
    }
    for (const f of files) {
      const path = join(bins, f);
      const want = execFileSync("llvm-objdump", ["-d", path], { encoding: "utf8", maxBuffer: 256 << 20 }); // awk lists to megabytes
      expect(norm(listElf(readFileSync(path), path)), f).toBe(norm(want));
      const raw = execFileSync("llvm-objdump", ["-d", "-M", "no-aliases", path], { encoding: "utf8", maxBuffer: 256 << 20 });
      expect(norm(listElf(readFileSync(path), path, false)), `${f} no-aliases`).toBe(norm(raw));
    }
  });
});
