// The committed llvm fixtures still agree with their recipe (test/fixtures/asm/gen-lib.ts)
// where the tools are installed; on CI (no llvm) these skip and the committed files rule.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./helpers.js";

const has = (cmd: string): boolean => spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;
const llvm = has("llvm-mc") && has("ld.lld") && has("llvm-objcopy");
const clang = has("clang");
if (!llvm) console.warn("llvm-mc/ld.lld/llvm-objcopy not installed: skipping the check that asm fixtures match their recipe");
if (!clang) console.warn("clang not installed: skipping the check that clang-prog.s matches clang -S");

const committed = (name: string): string => readFileSync(join(FIXTURES, name), "utf8");

describe("asm fixtures vs their recipe", () => {
  it.skipIf(!llvm)("encodings.txt is what llvm-mc produces today", async () => {
    const lib = await import("../../fixtures/asm/gen-lib.js");
    expect(lib.encodings(lib.sourceLines()).join("\n") + "\n").toBe(committed("encodings.txt"));
  });
  it.skipIf(!llvm)("program.text.hex is what llvm-mc + ld.lld produce today", async () => {
    const lib = await import("../../fixtures/asm/gen-lib.js");
    expect(lib.programTextHex()).toBe(committed("program.text.hex"));
  });
  it.skipIf(!clang)("clang-prog.s is what clang -S produces today", async () => {
    const lib = await import("../../fixtures/asm/gen-lib.js");
    expect(lib.clangProg()).toBe(committed("clang-prog.s"));
  });
});
