// `cryobox asm` and `cryobox disasm` as commands: exit statuses, the files they
// write (mode 0755), one-line errors, --help.

import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AsmHost, asmCommand, disasmCommand } from "../../../cli/asm.js";
import { HELLO } from "./helpers.js";

/** An in-memory host: files in a map, output collected. */
function fakeHost(files: Record<string, string | Uint8Array>): AsmHost & { out: string; err: string; written: Map<string, Uint8Array> } {
  const h = {
    out: "",
    err: "",
    written: new Map<string, Uint8Array>(),
    readFile(p: string): Uint8Array {
      const f = files[p] ?? h.written.get(p);
      if (f === undefined) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return typeof f === "string" ? new TextEncoder().encode(f) : f;
    },
    writeExecutable(p: string, b: Uint8Array): void {
      h.written.set(p, b);
    },
    stdout(t: string): void {
      h.out += t;
    },
    stderr(t: string): void {
      h.err += t;
    },
  };
  return h;
}

describe("cryobox asm", () => {
  it("writes an executable with mode 0755 and exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asmcli-"));
    writeFileSync(join(dir, "hello.s"), HELLO);
    const out = join(dir, "hello");
    writeFileSync(out, "old", { mode: 0o600 });
    expect(await asmCommand([join(dir, "hello.s"), "-o", out])).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o755);
    expect(Array.from(readFileSync(out).subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  });
  it("defaults the output to a.out and accepts -oFILE", async () => {
    const h = fakeHost({ "p.s": "nop" });
    expect(await asmCommand(["p.s"], h)).toBe(0);
    expect(await asmCommand(["-ox", "p.s"], h)).toBe(0);
    expect([...h.written.keys()]).toEqual(["a.out", "x"]);
  });
  it("reports a source error as one FILE:LINE line, status 2, writing nothing", async () => {
    const h = fakeHost({ "bad.s": "nop\nli a0, nowhere\n" });
    expect(await asmCommand(["bad.s", "-o", "out"], h)).toBe(2);
    expect(h.err).toBe("bad.s:2: undefined symbol 'nowhere' in 'li a0, nowhere'\n");
    expect(h.written.size).toBe(0);
  });
  it("usage errors and unreadable files: one line, status 2", async () => {
    for (const [args, msg] of [
      [[], "cryobox asm: no input file (see 'cryobox asm --help')\n"],
      [["a.s", "b.s"], "cryobox asm: only one input file is accepted (got 'a.s' and 'b.s') (see 'cryobox asm --help')\n"],
      [["--frob"], "cryobox asm: unknown option '--frob' (see 'cryobox asm --help')\n"],
      [["x.s", "-o"], "cryobox asm: -o needs a file name (see 'cryobox asm --help')\n"],
      [["missing.s"], "cryobox asm: cannot read 'missing.s': no such file or directory\n"],
    ] as [string[], string][]) {
      const h = fakeHost({});
      expect(await asmCommand(args, h)).toBe(2);
      expect(h.err).toBe(msg);
    }
  });
  it("--help prints usage on stdout, status 0", async () => {
    const h = fakeHost({});
    expect(await asmCommand(["--help"], h)).toBe(0);
    expect(h.out).toMatch(/^usage: cryobox asm FILE\.s \[-o OUT\]/);
  });
});

describe("cryobox disasm", () => {
  it("lists an assembled file with labels and branch targets", async () => {
    const h = fakeHost({ "p.s": "_start: li a0, 1\nloop: bnez a0, loop\n j _start\n" });
    expect(await asmCommand(["p.s", "-o", "p"], h)).toBe(0);
    expect(await disasmCommand(["p"], h)).toBe(0);
    expect(h.out).toBe(`
p:\tfile format elf32-littleriscv

Disassembly of section .text:

00010074 <_start>:
   10074: 13 05 10 00  \tli\ta0, 1

00010078 <loop>:
   10078: 63 10 05 00  \tbnez\ta0, 0x10078 <loop>
   1007c: 6f f0 9f ff  \tj\t0x10074 <_start>
`);
  });
  it("-w disassembles words given on the command line", async () => {
    const h = fakeHost({});
    expect(await disasmCommand(["-w", "00a50533", "0xfff00513", "0"], h)).toBe(0);
    expect(h.out).toBe("00a50533  add a0, a0, a0\nfff00513  li a0, -1\n00000000  .word 0x00000000\n");
    expect(await disasmCommand(["-w", "xyz"], h)).toBe(2);
  });
  it("--no-aliases and -M no-aliases show the real instructions", async () => {
    for (const flags of [["--no-aliases"], ["-M", "no-aliases"]]) {
      const h = fakeHost({});
      expect(await disasmCommand([...flags, "-w", "00100513", "00008067", "c0002573"], h)).toBe(0);
      expect(h.out).toBe("00100513  addi a0, zero, 1\n00008067  jalr zero, 0(ra)\nc0002573  csrrs a0, cycle, zero\n");
    }
  });
  it("a non-ELF, truncated or foreign file gives one line naming the problem, status 2", async () => {
    const elf = fakeHost({ "p.s": "nop" });
    await asmCommand(["p.s", "-o", "p"], elf);
    const good = elf.written.get("p")!;
    const x86 = good.slice();
    x86[18] = 62;
    const cut = good.slice();
    new DataView(cut.buffer).setUint32(32, 1 << 30, true); // section headers beyond the file
    const cases: [string, string | Uint8Array, string][] = [
      ["t.s", "nop\n", "cryobox disasm: t.s: not an ELF file (magic 6e 6f 70 0a)\n"],
      ["short", good.slice(0, 20), "cryobox disasm: short: truncated ELF header (20 bytes, need 52)\n"],
      ["x86", x86, "cryobox disasm: x86: not a RISC-V ELF file (machine 62, expected 243)\n"],
      ["cut", cut, "cryobox disasm: cut: section header table lies outside the file (offset 1073741824, size 200, file 372)\n"],
    ];
    for (const [name, bytes, msg] of cases) {
      const h = fakeHost({ [name]: bytes });
      expect(await disasmCommand([name], h), name).toBe(2);
      expect(h.err).toBe(msg);
    }
    const none = fakeHost({});
    expect(await disasmCommand(["nothing"], none)).toBe(2);
    expect(none.err).toBe("cryobox disasm: cannot read 'nothing': no such file or directory\n");
  });
  it("--help prints usage, status 0", async () => {
    const h = fakeHost({});
    expect(await disasmCommand(["--help"], h)).toBe(0);
    expect(h.out).toMatch(/^usage: cryobox disasm \[--no-aliases\] FILE/);
  });
});
