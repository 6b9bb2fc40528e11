// The ELF loader: good files load where they say with the right permissions,
// every kind of bad file is an ElfError with a one-line message naming the
// problem, mutated files never throw anything else, and the initial stack is
// laid out as Linux lays it out (parsed back from guest memory).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  AT,
  buildInitialStack,
  ElfError,
  loadElf,
  parseElf,
  STACK_BOTTOM,
  STACK_SIZE,
  STACK_TOP,
} from "../../cpu/elf.js";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import { packageRoot } from "../../state/root.js";

const hello = new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin/hello")));

interface SegSpec {
  vaddr: number;
  flags: number; // PF_R 4, PF_W 2, PF_X 1
  data: number[];
  memsz?: number;
  type?: number;
}

/** A minimal ELF32 RISC-V executable: header, program headers, then each segment's bytes. */
function makeElf(entry: number, segs: SegSpec[]): Uint8Array {
  const phoff = 52;
  let offset = phoff + segs.length * 32;
  const size = offset + segs.reduce((n, s) => n + s.data.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 243, true); // EM_RISCV
  dv.setUint32(20, 1, true);
  dv.setUint32(24, entry, true);
  dv.setUint32(28, phoff, true);
  dv.setUint16(40, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, segs.length, true);
  segs.forEach((s, i) => {
    const o = phoff + i * 32;
    dv.setUint32(o, s.type ?? 1, true);
    dv.setUint32(o + 4, offset, true);
    dv.setUint32(o + 8, s.vaddr, true);
    dv.setUint32(o + 12, s.vaddr, true);
    dv.setUint32(o + 16, s.data.length, true);
    dv.setUint32(o + 20, s.memsz ?? s.data.length, true);
    dv.setUint32(o + 24, s.flags, true);
    dv.setUint32(o + 28, 0x1000, true);
    out.set(s.data, offset);
    offset += s.data.length;
  });
  return out;
}

/** A copy of `bytes` with `edit` applied through a DataView. */
function mutate(bytes: Uint8Array, edit: (dv: DataView, b: Uint8Array) => void): Uint8Array {
  const b = bytes.slice();
  edit(new DataView(b.buffer), b);
  return b;
}

/** Offset of program header `i` in `hello` (phoff is 52). */
const ph = (i: number): number => 52 + i * 32;

// What the committed hello holds, read here with a DataView (not with the reader under test), so the
// expectations follow a rebuilt image: its entry and each program header's type, offset, vaddr, sizes, flags.
const helloView = new DataView(hello.buffer, hello.byteOffset, hello.byteLength);
const HELLO_ENTRY = helloView.getUint32(24, true);
const helloPh = Array.from({ length: helloView.getUint16(44, true) }, (_, i) => ({
  type: helloView.getUint32(ph(i), true),
  offset: helloView.getUint32(ph(i) + 4, true),
  vaddr: helloView.getUint32(ph(i) + 8, true),
  filesz: helloView.getUint32(ph(i) + 16, true),
  memsz: helloView.getUint32(ph(i) + 20, true),
  flags: helloView.getUint32(ph(i) + 24, true),
}));
const hx = (n: number): string => "0x" + n.toString(16);

function elfErrorOf(bytes: Uint8Array): string {
  try {
    parseElf(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(ElfError);
    const msg = (err as Error).message;
    expect(msg).not.toContain("\n");
    return msg;
  }
  throw new Error("expected an ElfError");
}

describe("parseElf and loadElf on good files", () => {
  it("loads the committed hello: entry, segments, permissions, brk, phdr", () => {
    // lld's layout for a static RV32 executable: PT_PHDR, then read-only, code, data PT_LOADs, then GNU_STACK
    expect(helloPh.map((h) => h.type)).toEqual([6, 1, 1, 1, 0x6474e551]);
    const [, ro, code, data] = helloPh as [unknown, (typeof helloPh)[0], (typeof helloPh)[0], (typeof helloPh)[0]];
    const elf = parseElf(hello);
    expect(elf.entry).toBe(HELLO_ENTRY);
    expect(elf.loads.map((s) => s.index)).toEqual([1, 2, 3]);
    const mem = new Memory();
    const img = loadElf(elf, mem);
    expect(img.entry).toBe(HELLO_ENTRY);
    expect(img.phnum).toBe(5);
    expect(img.phdr).toBe(helloPh[0]!.vaddr); // PT_PHDR
    expect(img.brk).toBe(Math.ceil((data.vaddr + data.memsz) / 4096) * 4096); // the end of the bss, rounded up
    expect(mem.regionAt(ro.vaddr)?.perm).toBe(PROT_READ);
    expect(mem.regionAt(HELLO_ENTRY)?.perm).toBe(PROT_READ | PROT_EXEC);
    expect(mem.regionAt(data.vaddr)?.perm).toBe(PROT_READ | PROT_WRITE);
    expect(mem.regionAt(0xfff)).toBeUndefined();
    // the code bytes are the file's bytes
    const at = code.offset + (HELLO_ENTRY - code.vaddr);
    expect(mem.copyIn(HELLO_ENTRY, 16)).toEqual(hello.subarray(at, at + 16));
  });

  it("fills p_filesz bytes and zeros up to p_memsz, across pages", () => {
    const data = Array.from({ length: 100 }, (_, i) => i + 1);
    const bytes = makeElf(0x10000, [
      { vaddr: 0x10000, flags: 5, data: [0x13, 0, 0, 0] },
      { vaddr: 0x20ff0, flags: 6, data, memsz: 0x3000 },
    ]);
    const mem = new Memory();
    const img = loadElf(parseElf(bytes), mem);
    expect([...mem.copyIn(0x20ff0, 100)!]).toEqual(data);
    expect(mem.copyIn(0x20ff0 + 100, 0x3000 - 100)!.every((b) => b === 0)).toBe(true);
    expect(img.brk).toBe(0x24000);
    // no PT_PHDR and headers not in a segment: Linux's fallback, first vaddr - offset + phoff
    expect(img.phdr).toBe(0x10000 - 116 + 52);
  });

  it("gives a page shared by two segments the union of their permissions", () => {
    const bytes = makeElf(0x10000, [
      { vaddr: 0x10000, flags: 5, data: [0x13, 0, 0, 0] },
      { vaddr: 0x10800, flags: 6, data: [1, 2, 3, 4] },
    ]);
    const mem = new Memory();
    loadElf(parseElf(bytes), mem);
    expect(mem.regionAt(0x10000)?.perm).toBe(PROT_READ | PROT_WRITE | PROT_EXEC);
    expect([...mem.copyIn(0x10800, 4)!]).toEqual([1, 2, 3, 4]);
  });

  it("ignores empty PT_LOADs and non-load headers", () => {
    const bytes = makeElf(0x10000, [
      { vaddr: 0x10000, flags: 5, data: [0x13, 0, 0, 0] },
      { vaddr: 0x50000, flags: 6, data: [] },
      { vaddr: 0, flags: 6, data: [], type: 0x6474e551 }, // GNU_STACK
    ]);
    const mem = new Memory();
    loadElf(parseElf(bytes), mem);
    expect(mem.regionAt(0x50000)).toBeUndefined();
  });
});

describe("parseElf rejects bad files with one line naming the problem", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty file", new Uint8Array(0), /^not an ELF file \(magic missing/],
    ["wrong magic", mutate(hello, (_, b) => (b[3] = 0x47)), /^not an ELF file \(magic 7f 45 4c 47\)$/],
    ["a text file", new TextEncoder().encode("#!/bin/sh\necho hi\n"), /^not an ELF file \(magic 23 21 2f 62\)$/],
    ["ELF64", mutate(hello, (_, b) => (b[4] = 2)), /^not a 32-bit ELF file \(class 2, ELF64\)$/],
    ["big-endian", mutate(hello, (_, b) => (b[5] = 2)), /^not a little-endian ELF file/],
    ["x86", mutate(hello, (dv) => dv.setUint16(18, 3, true)), /^not a RISC-V executable \(machine 3, expected 243\)$/],
    ["shared object", mutate(hello, (dv) => dv.setUint16(16, 3, true)), /ET_DYN/],
    ["relocatable", mutate(hello, (dv) => dv.setUint16(16, 1, true)), /ET_REL/],
    ["truncated header", hello.slice(0, 40), /^truncated ELF header \(40 bytes, need 52\)$/],
    ["truncated program headers", hello.slice(0, 52 + 70), /^truncated program headers/],
    ["no program headers", mutate(hello, (dv) => dv.setUint16(44, 0, true)), /^no program headers/],
    ["bad phentsize", mutate(hello, (dv) => dv.setUint16(42, 56, true)), /^bad program header size 56/],
    [
      "segment past end of file",
      mutate(hello, (dv) => dv.setUint32(ph(2) + 4, 0x1000, true)),
      new RegExp(`^segment 2 extends past end of file \\(offset 0x1000 \\+ ${hx(helloPh[2]!.filesz)} > 0x[0-9a-f]+\\)$`),
    ],
    ["filesz > memsz", mutate(hello, (dv) => dv.setUint32(ph(1) + 20, 4, true)), new RegExp(`^segment 1 has file size ${hx(helloPh[1]!.filesz)} > memory size 0x4$`)],
    [
      "overlapping segments",
      mutate(hello, (dv) => dv.setUint32(ph(3) + 8, 0x11300, true)),
      /^segments 2 and 3 overlap/,
    ],
    ["wrapping segment", mutate(hello, (dv) => dv.setUint32(ph(3) + 20, 0xfffff000, true)), /^segment 3 wraps past the end/],
    ["segment in the stack", mutate(hello, (dv) => dv.setUint32(ph(3) + 8, STACK_BOTTOM, true)), /^segment 3 reaches into the stack area/],
    ["huge bss into the stack", mutate(hello, (dv) => dv.setUint32(ph(3) + 20, 0x7f7f0000, true)), /^segment 3 reaches into the stack area/],
    ["page zero", mutate(hello, (dv) => dv.setUint32(ph(1) + 8, 0, true)), /^segment 1 maps page zero/],
    [
      "no PT_LOAD",
      mutate(hello, (dv) => [1, 2, 3].forEach((i) => dv.setUint32(ph(i), 0, true))),
      /^no loadable segment/,
    ],
    ["PT_INTERP", mutate(hello, (dv) => dv.setUint32(ph(4), 3, true)), /^dynamically linked/],
    ["entry outside code", mutate(hello, (dv) => dv.setUint32(24, 0x10000, true)), /^entry point 0x10000 is not in an executable segment$/],
    ["misaligned entry", mutate(hello, (dv) => dv.setUint32(24, HELLO_ENTRY + 2, true)), new RegExp(`^entry point ${hx(HELLO_ENTRY + 2)} is not 4-byte aligned$`)],
    ["segment without permissions", mutate(hello, (dv) => dv.setUint32(ph(3) + 24, 0, true)), /^segment 3 has no permissions/],
  ];
  for (const [name, bytes, pattern] of cases) {
    it(name, () => expect(elfErrorOf(bytes)).toMatch(pattern));
  }
});

describe("robustness", () => {
  it("byte flips and truncations of a valid ELF give ElfError or a loadable image, nothing else", () => {
    const header = Math.min(hello.length, 52 + 5 * 32); // flip where it matters most, mostly
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(hello.length - 1), fc.nat(255), fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(hello.length), { nil: undefined }),
        (flips, cut) => {
          const b = hello.slice(0, cut ?? hello.length);
          for (const [pos, val, inHeader] of flips) {
            const at = inHeader ? pos % header : pos;
            if (at < b.length) b[at] = val;
          }
          try {
            const elf = parseElf(b);
            const mem = new Memory();
            const img = loadElf(elf, mem);
            buildInitialStack(mem, ["x"], [], img, new Uint8Array(16));
          } catch (err) {
            if (!(err instanceof ElfError)) throw err;
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("buildInitialStack", () => {
  /** Parse the Linux initial stack back from guest memory. */
  function parseStack(mem: Memory, sp: number) {
    const word = (a: number): number => mem.load32(a)! >>> 0;
    const str = (a: number): string => mem.readCString(a, 4096) as string;
    const argc = word(sp);
    let p = sp + 4;
    const argv: string[] = [];
    for (let i = 0; i < argc; i++, p += 4) argv.push(str(word(p)));
    const argvNull = word(p);
    p += 4;
    const envp: string[] = [];
    for (; word(p) !== 0; p += 4) envp.push(str(word(p)));
    p += 4;
    const auxv = new Map<number, number>();
    const keys: number[] = [];
    for (; word(p) !== AT.NULL; p += 8) {
      auxv.set(word(p), word(p + 4));
      keys.push(word(p));
    }
    return { argc, argv, argvNull, envp, auxv, keys, end: p + 8 };
  }

  it("lays out argc, argv, NULL, envp, NULL, auxv as Linux does", () => {
    const mem = new Memory();
    const img = loadElf(parseElf(hello), mem);
    const random = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const argv = ["prog", "--flag=1", "", "two words", "ünï"];
    const envp = ["HOME=/", "X="];
    const sp = buildInitialStack(mem, argv, envp, img, random);
    expect(sp % 16).toBe(0);
    expect(sp).toBeLessThan(STACK_TOP);
    expect(sp).toBeGreaterThan(STACK_TOP - 4096);
    const s = parseStack(mem, sp);
    expect(s.argc).toBe(argv.length);
    expect(s.argv).toEqual(argv);
    expect(s.argvNull).toBe(0);
    expect(s.envp).toEqual(envp);
    expect(s.auxv.get(AT.PHDR)).toBe(helloPh[0]!.vaddr);
    expect(s.auxv.get(AT.PHENT)).toBe(32);
    expect(s.auxv.get(AT.PHNUM)).toBe(5);
    expect(s.auxv.get(AT.PAGESZ)).toBe(4096);
    expect(s.auxv.get(AT.ENTRY)).toBe(HELLO_ENTRY);
    for (const k of [AT.UID, AT.EUID, AT.GID, AT.EGID]) expect(s.auxv.get(k)).toBe(0);
    expect(new Set(s.keys).size).toBe(s.keys.length); // no key twice
    expect(mem.copyIn(s.auxv.get(AT.RANDOM)!, 16)).toEqual(random);
    expect(mem.readCString(s.auxv.get(AT.EXECFN)!, 100)).toBe("prog");
    // strings live above the vectors, inside the stack, below its top
    for (const a of [s.auxv.get(AT.RANDOM)!, s.auxv.get(AT.EXECFN)!]) {
      expect(a).toBeGreaterThanOrEqual(s.end);
      expect(a).toBeLessThan(STACK_TOP);
    }
    // the stack is mapped read/write, not executable, 8 MiB below the top
    expect(mem.regionAt(sp)?.perm).toBe(PROT_READ | PROT_WRITE);
    expect(mem.regionAt(STACK_TOP - STACK_SIZE)?.name).toBe("stack");
    expect(mem.regionAt(STACK_TOP - STACK_SIZE - 1)).toBeUndefined();
    expect(mem.regionAt(STACK_TOP)).toBeUndefined();
  });

  it("keeps sp 16-byte aligned and the strings intact for any argv/envp", () => {
    const img = loadElf(parseElf(hello), new Memory());
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }).filter((s) => !s.includes("\0")), { maxLength: 12 }), fc.array(fc.string({ maxLength: 12 }).filter((s) => !s.includes("\0")), { maxLength: 6 }), (argv, envp) => {
        const mem = new Memory();
        const sp = buildInitialStack(mem, argv, envp, img, new Uint8Array(16));
        expect(sp % 16).toBe(0);
        const s = parseStack(mem, sp);
        expect(s.argv).toEqual(argv);
        expect(s.envp).toEqual(envp);
      }),
      { numRuns: 100 },
    );
  });

  it("accepts a kernel-chosen stack layout", () => {
    const mem = new Memory();
    const img = loadElf(parseElf(hello), mem);
    const sp = buildInitialStack(mem, ["a"], [], img, new Uint8Array(16), { top: 0x7fff0000, size: 0x40000 });
    expect(sp).toBeLessThan(0x7fff0000);
    expect(mem.regionAt(0x7fff0000 - 0x40000)?.name).toBe("stack");
    expect(mem.regionAt(0x7fff0000 - 0x40000 - 1)).toBeUndefined();
  });

  it("refuses an argument list that is too long, and a wrong-sized AT_RANDOM", () => {
    const img = loadElf(parseElf(hello), new Memory());
    expect(() => buildInitialStack(new Memory(), ["x".repeat(9 << 20)], [], img, new Uint8Array(16))).toThrow(/argument list too long/);
    expect(() => buildInitialStack(new Memory(), ["a"], [], img, new Uint8Array(8))).toThrow(ElfError);
  });
});
