// user/libc/syscall.h is generated from the kernel's table (every call the kernel implements,
// test/docs/generated.test.ts keeps it fresh); docs/syscalls-used.md lists the calls the userland
// issues. Every used call must be in the header with the same number, and the used ones must be
// real rv32 Linux calls (the kernel also answers a few older numbers, such as renameat, that rv32
// Linux lacks: the userland must not rely on them, or it would not run under qemu-riscv32).

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
  it("every call docs/syscalls-used.md lists is in syscall.h with the same number", () => {
    const h = fromHeader();
    const used = fromDoc();
    expect(used.size).toBeGreaterThan(30);
    for (const [name, nr] of used) expect([name, h.get(name)]).toEqual([name, nr]);
  });

  it("the userland uses the rv32 numbers (no time32 calls, no wait4/renameat/fstat)", () => {
    const used = fromDoc();
    for (const gone of ["nanosleep", "wait4", "renameat", "fstat", "newfstatat", "clock_gettime", "lseek"]) expect(used.has(gone)).toBe(false);
    const h = fromHeader();
    expect(h.get("clock_gettime64")).toBe(403);
    expect(h.get("clock_nanosleep_time64")).toBe(407);
    expect(h.get("waitid")).toBe(95);
    expect(h.get("llseek")).toBe(62);
    expect(h.get("statx")).toBe(291);
  });
});
