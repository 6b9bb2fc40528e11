// The syscall list is written twice — user/libc/syscall.h (what the code uses) and
// docs/syscalls-used.md (what the kernel implements) — and they must agree number for number.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";
import { USER } from "./helpers.js";

function fromHeader(): Map<string, number> {
  const text = readFileSync(join(USER, "libc/syscall.h"), "utf8");
  return new Map([...text.matchAll(/^#define SYS_(\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}
function fromDoc(): Map<string, number> {
  const text = readFileSync(join(packageRoot(), "docs/syscalls-used.md"), "utf8");
  return new Map([...text.matchAll(/^\| (\d+) \| (\w+) \|/gm)].map((m) => [m[2]!, Number(m[1])]));
}

describe("syscall list", () => {
  it("syscall.h and docs/syscalls-used.md list the same calls with the same numbers", () => {
    const h = fromHeader();
    expect(h.size).toBeGreaterThan(30);
    expect([...fromDoc()].sort()).toEqual([...h].sort());
  });

  it("uses the rv32 numbers (no time32 calls, no wait4/renameat/fstat)", () => {
    const h = fromHeader();
    for (const gone of ["nanosleep", "wait4", "renameat", "fstat", "newfstatat", "clock_gettime", "lseek"]) expect(h.has(gone)).toBe(false);
    expect(h.get("clock_gettime64")).toBe(403);
    expect(h.get("clock_nanosleep_time64")).toBe(407);
    expect(h.get("waitid")).toBe(95);
    expect(h.get("llseek")).toBe(62);
    expect(h.get("statx")).toBe(291);
  });
});
