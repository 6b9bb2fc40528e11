// Runs the committed benchmark guest program (bench/fixtures/cpubench.elf, a
// sieve + hash + matrix multiply + digit sums compiled by clang -O2) to
// completion and checks its checksum, so the benchmark is also a correctness
// test of real compiler output. Where clang and qemu-riscv32 are present, also
// checks the committed ELF against its source and the checksum against qemu.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cpu/execute.js";
import { CPUBENCH_RESULT, cpubenchElf, loadGuest, runGuest } from "../../bench/fixtures/guest.js";

function have(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const hasClang = have("clang", ["--version"]) && have("ld.lld", ["--version"]);
const hasQemu = have("qemu-riscv32", ["--version"]);
const fixtures = join(import.meta.dirname, "../../bench/fixtures");

describe("cpubench guest program", () => {
  it("runs to exit with the expected checksum", () => {
    const { hart, mem } = loadGuest(cpubenchElf());
    const r = runGuest(hart, mem);
    expect(r.status >>> 0).toBe(CPUBENCH_RESULT);
    expect(r.stdout).toBe(`${CPUBENCH_RESULT.toString(16).padStart(8, "0")}\n`);
    expect(r.retired).toBeGreaterThan(10_000_000);
    expect(hart.instret).toBe(r.retired);
  });

  it("gives the same result when run in odd-sized slices (stop/resume anywhere)", () => {
    const { hart, mem } = loadGuest(cpubenchElf());
    const r = runGuest(hart, mem, 999_983);
    expect(r.status >>> 0).toBe(CPUBENCH_RESULT);
  });

  it("a run interrupted by the budget resumes identically after cloning memory (a fork-like copy)", () => {
    const a = loadGuest(cpubenchElf());
    expect(run(a.hart, a.mem, 3_000_001, 0).stop.kind).toBe("budget");
    const hart = { x: a.hart.x.slice(), pc: a.hart.pc, instret: a.hart.instret, resv: a.hart.resv };
    const r = runGuest(hart, a.mem.clone());
    expect(r.status >>> 0).toBe(CPUBENCH_RESULT);
  });

  it.skipIf(!hasClang)("the committed ELF is what the Makefile builds from the source", () => {
    const out = mkdtempSync(join(tmpdir(), "cpubench-"));
    execFileSync("make", ["-s", "-C", fixtures, `OUT=${out}/cpubench.elf`, `${out}/cpubench.elf`]);
    expect(Buffer.compare(readFileSync(`${out}/cpubench.elf`), readFileSync(join(fixtures, "cpubench.elf")))).toBe(0);
  });

  it.skipIf(!hasQemu)("qemu-riscv32 prints the same checksum", () => {
    const r = spawnSync("qemu-riscv32", [join(fixtures, "cpubench.elf")], { encoding: "utf8" });
    expect(r.stdout).toBe(`${CPUBENCH_RESULT.toString(16).padStart(8, "0")}\n`);
    expect(r.status).toBe(CPUBENCH_RESULT & 0xff); // the exit status keeps the low byte
  });
});

if (!hasClang) console.warn("program.test: clang/ld.lld not found; skipping the rebuild check of cpubench.elf");
if (!hasQemu) console.warn("program.test: qemu-riscv32 not found; skipping the comparison with qemu");
