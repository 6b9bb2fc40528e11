// The loader (cpu/elf.ts) and the disassembler's reader (cpu/asm/elf-read.ts)
// identify an ELF file with one check (cpu/elf-ident.ts): on any damage to the
// identification bytes both refuse, with the same words.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";
import { ElfError, parseElf } from "../../cpu/elf.js";
import { ElfReadError, readElf } from "../../cpu/asm/elf-read.js";
import { elfIdentProblem } from "../../cpu/elf-ident.js";

const good = new Uint8Array(readFileSync(join(packageRoot(), "user/bin/true")));

function refusal(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof ElfError || e instanceof ElfReadError) return e.message;
    throw e;
  }
}

describe("ELF identification", () => {
  it("a good program passes both readers", () => {
    expect(elfIdentProblem(good)).toBeNull();
    expect(refusal(() => parseElf(good))).toBeNull();
    expect(refusal(() => readElf(good))).toBeNull();
  });

  it("property: damage to the identification bytes is refused by both readers with the shared message", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 60 }), (at, byte, cut) => {
        const b = good.slice(0, cut === 60 ? good.length : cut);
        if (at < b.length) b[at] = byte;
        const problem = elfIdentProblem(b);
        if (problem === null) return;
        expect(refusal(() => readElf(b))).toBe(problem);
        expect(refusal(() => parseElf(b))).toBe(elfIdentProblem(b, "executable"));
      }),
    );
  });
});
