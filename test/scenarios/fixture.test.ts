// The committed guest fixture test/scenarios/fixtures/scen is what its recipe builds (clang only).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";
import { scenElf } from "./helpers.js";
import { spawnAsync } from "../helpers/spawn-async.js";

const haveClang = spawnSync("clang", ["--version"]).status === 0 && spawnSync("make", ["--version"]).status === 0;
if (!haveClang) console.warn("test/scenarios/fixture.test.ts: clang or make missing — the rebuild check of fixtures/scen is skipped");
/** libc sources with uncommitted edits in a git checkout (someone is working on them): the committed image cannot match yet. */
const libcDirty = (() => {
  const r = spawnSync("git", ["status", "--porcelain", "--", "user/libc"], { cwd: packageRoot(), encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() !== "";
})();
if (haveClang && libcDirty) console.warn("test/scenarios/fixture.test.ts: user/libc has uncommitted changes — the rebuild check of fixtures/scen is skipped");

describe("scenario fixture", () => {
  it("is a static RV32 ELF", () => {
    const elf = scenElf();
    expect(Array.from(elf.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(elf[4]).toBe(1); // ELFCLASS32
    expect(elf[18]! | (elf[19]! << 8)).toBe(243); // EM_RISCV
  });

  it.skipIf(!haveClang || libcDirty)("the recipe rebuilds the committed image byte for byte", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-scen-build-"));
    try {
      const out = join(dir, "scen");
      const r = await spawnAsync("make", ["-s", "-C", join(packageRoot(), "test/scenarios/fixtures"), `OBJ=${join(dir, "obj")}`, `OUT=${out}`], { timeoutMs: 120_000 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(Buffer.from(readFileSync(out)).equals(Buffer.from(scenElf()))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
