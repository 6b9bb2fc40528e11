// Compressed code against the LLVM assembler, live where llvm-mc is installed
// (CI installs llvm; without it these skip with a warning): explicit c.*
// instructions, the compressed form `.option rvc` picks for plain
// instructions, and whole programs of branches and jumps to labels, whose
// relaxation must give the bytes llvm-mc gives (-mattr=+c,-relax, so llvm
// resolves local branches itself instead of leaving them to the linker).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/asm/assemble.js";
import { readElf } from "../../../cpu/asm/elf-read.js";
import { cInsn, plainInsn } from "./rvc-gen.js";

const has = (cmd: string): boolean => spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;
const llvm = has("llvm-mc") && has("llvm-objcopy");
if (!llvm) console.warn("llvm-mc/llvm-objcopy not installed: skipping the comparison of compressed code with the LLVM assembler");
const LONG = process.env.CRYOBOX_LONG === "1";

const dir = llvm ? mkdtempSync(join(tmpdir(), "rvc-llvm-")) : "";
const hex = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const ours = (src: string): string => hex(assemble(src, "t.s").sections.find((s) => s.name === ".text")!.bytes);

/** llvm-mc's encoding of each line (one instruction per line), from -show-encoding. */
function llvmEncodings(lines: string[]): string[] {
  const file = join(dir, "lines.s");
  writeFileSync(file, lines.join("\n") + "\n");
  const out = execFileSync("llvm-mc", ["-triple=riscv32", "-mattr=+c,+m,+a", "-show-encoding", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  return out.split("\n").filter((l) => l.includes("# encoding: [")).map((l) =>
    /# encoding: \[([^\]]*)\]/.exec(l)![1]!.split(",").map((x) => x.slice(2)).join(""));
}

/** Several programs assembled by one llvm-mc run (spawning it costs up to half a second on a
 *  loaded host), each in a section of its own so each is laid out on its own: the bytes of
 *  each, or llvm-mc's complaint. */
function llvmPrograms(progs: string[]): { texts: string[]; errors: string } {
  const s = join(dir, "progs.s"), o = join(dir, "progs.o");
  const src = progs.map((p, i) => `.section .text.p${i},"ax",@progbits\n${p.replace(/\bL(\d+)\b/g, `P${i}_L$1`)}`).join("\n");
  writeFileSync(s, src + "\n");
  const r = spawnSync("llvm-mc", ["-triple=riscv32", "-mattr=+m,-relax", "-filetype=obj", s, "-o", o], { encoding: "utf8" });
  if (r.status !== 0) return { texts: [], errors: r.stderr || "failed" };
  const elf = readElf(new Uint8Array(readFileSync(o)));
  return { texts: progs.map((_, i) => hex(elf.sections.find((x) => x.name === `.text.p${i}`)?.bytes ?? [])), errors: "" };
}

describe.skipIf(!llvm)("compressed code agrees with llvm-mc", () => {
  it("every c.* instruction form: the same parcel (random operands from every legal range)", () => {
    const cases = fc.sample(cInsn, { numRuns: LONG ? 100000 : 6000, seed: 12 }).filter((c) => !c.llvmRejects);
    const want = llvmEncodings(cases.map((c) => c.text));
    expect(want.length).toBe(cases.length);
    const got = cases.map((c) => ours(c.text));
    const diff = cases.map((c, i) => [c.text, got[i], want[i]]).filter(([, g, w]) => g !== w);
    expect(diff.slice(0, 10)).toEqual([]);
    // every mnemonic was exercised
    expect(new Set(cases.map((c) => c.text.split(" ")[0])).size).toBe(27);
  });

  it("with .option rvc, plain instructions take the compressed form llvm-mc -mattr=+c picks (or none)", () => {
    const lines = fc.sample(plainInsn, { numRuns: LONG ? 200000 : 12000, seed: 7 });
    const want = llvmEncodings(lines);
    expect(want.length).toBe(lines.length);
    const diff = lines.map((l, i) => [l, ours(`.option rvc\n${l}`), want[i]]).filter(([, g, w]) => g !== w);
    expect(diff.slice(0, 10)).toEqual([]);
    // and plenty of them were compressed
    expect(want.filter((w) => w!.length === 4).length).toBeGreaterThan(lines.length / 6);
  });

  it("programs of branches and jumps to labels relax to the same bytes", () => {
    const program = fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom("beqz a0,", "bnez s1,", "beqz t0,", "bne a0, zero,", "j", "jal", "beq a0, a1,"), fc.nat(11)).map(([m, to]) => `${m} L${to}`),
        fc.constantFrom("addi a0, a0, 1", "li a5, 7", "mv s0, a1", "ret", "add t0, t1, t2", "lw a0, 8(sp)"),
        fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 1100 })).map((n) => `.space ${2 * n}`),
      ),
      { minLength: 1, maxLength: 36 },
    ).map((items) => {
      const lines = [".option rvc"];
      let label = 0;
      items.forEach((it, i) => {
        if (i % 3 === 0) lines.push(`L${label++}:`);
        lines.push(it);
      });
      for (; label < 12; label++) lines.push(`L${label}:`);
      return lines.join("\n");
    });
    const progs = fc.sample(program, { numRuns: LONG ? 3000 : 300, seed: 3 });
    const mine = progs.map((src) => {
      try {
        return ours(src);
      } catch {
        return null; // a branch out of any encoding's range
      }
    });
    const good = progs.filter((_, i) => mine[i] !== null);
    const { texts, errors } = llvmPrograms(good);
    expect(errors).toBe("");
    const diff = good.map((src, i) => [src, mine.filter((m) => m !== null)[i], texts[i]]).filter(([, g, w]) => g !== w);
    expect(diff.slice(0, 3)).toEqual([]);
    // what we refused, llvm-mc refuses too ("fixup value out of range", reported without a line,
    // so a few of them are tried one by one)
    for (const p of progs.filter((_, i) => mine[i] === null).slice(0, 4)) {
      expect(llvmPrograms([p]).errors, p).toMatch(/out of range/);
    }
    const compared = good.length;
    expect(compared).toBeGreaterThan(progs.length / 2);
  });
});
