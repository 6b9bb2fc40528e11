// The committed images in user/bin: one per program (user/src/NAME.c, or a directory
// user/src/NAME/ of .c files linked together), each a static RV32 ELF linked at
// 0x10000; and, where clang/lld/make are installed, `make` in a fresh copy of user/ reproduces
// every committed image byte for byte.

import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, USER, has } from "./helpers.js";
import { spawnAsync } from "../helpers/spawn-async.js";

const haveClang = has("clang") && has("ld.lld") && has("make");
if (!haveClang) console.warn("test/user/build: clang, ld.lld or make not installed — reproducible-build check skipped");

const programs = readdirSync(join(USER, "src"), { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? [e.name] : e.name.endsWith(".c") ? [e.name.slice(0, -2)] : []))
  .sort();

describe("committed user images", () => {
  it("there is exactly one image per program source (plus `[`, a copy of test)", () => {
    expect(readdirSync(BIN).sort()).toEqual([...programs, "["].sort());
    expect(readFileSync(join(BIN, "[")).equals(readFileSync(join(BIN, "test")))).toBe(true);
  });

  it.each(programs)("%s is a static little-endian ELF32 RISC-V executable at 0x10000", (name) => {
    const b = readFileSync(join(BIN, name));
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    expect([...b.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(b[4]).toBe(1); // ELFCLASS32
    expect(b[5]).toBe(1); // little-endian
    expect(dv.getUint16(16, true)).toBe(2); // ET_EXEC
    expect(dv.getUint16(18, true)).toBe(243); // EM_RISCV
    const entry = dv.getUint32(24, true);
    expect(entry).toBeGreaterThanOrEqual(0x10000);
    expect(entry).toBeLessThan(0x10000 + b.length);
    // No PT_INTERP / PT_DYNAMIC: fully static.
    const phoff = dv.getUint32(28, true), phentsize = dv.getUint16(42, true), phnum = dv.getUint16(44, true);
    const types = Array.from({ length: phnum }, (_, i) => dv.getUint32(phoff + i * phentsize, true));
    expect(types).not.toContain(2);
    expect(types).not.toContain(3);
    const loads = Array.from({ length: phnum }, (_, i) => phoff + i * phentsize).filter((o) => dv.getUint32(o, true) === 1);
    expect(Math.min(...loads.map((o) => dv.getUint32(o + 8, true)))).toBe(0x10000);
  });
});

describe.skipIf(!haveClang)("make -C user", () => {
  it("reproduces every committed image byte for byte", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-userbuild-"));
    try {
      for (const part of ["Makefile", "libc", "src"]) cpSync(join(USER, part), join(dir, part), { recursive: true });
      const r = await spawnAsync("make", ["-s", "-j2", "-C", dir]);
      expect(r.status, r.stderr).toBe(0);
      const differ = [...programs, "["].filter((p) => !readFileSync(join(dir, "bin", p)).equals(readFileSync(join(BIN, p))));
      expect(differ).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
