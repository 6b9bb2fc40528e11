// One argv limit (kernel/param.ts MAX_ARG_BYTES, MAX_ARGS) for every way a
// program starts: execve checked it, but `cryobox run`'s first program went
// only through the ELF loader's own, sixteen times larger limit — a process a
// restore would then refuse (validate-limits.ts checks the kernel's).
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../state/root.js";
import { runSingleProcess } from "../../kernel/run-single.js";
import type { HostIO } from "../../kernel/kernel.js";
import { MAX_ARG_BYTES, MAX_ARGS } from "../../kernel/param.js";

const io: HostIO = { read: () => new Uint8Array(0), write: (_fd, b) => b.length, kind: () => "pipe", size: () => 0 };
const trueBin = join(packageRoot(), "user/bin/true");

describe.skipIf(!existsSync(trueBin))("the argv limit", () => {
  const elf = () => new Uint8Array(readFileSync(trueBin));
  it("a first program whose strings fit the kernel's limit runs", () => {
    const arg = "x".repeat(MAX_ARG_BYTES - 64);
    expect(runSingleProcess(elf(), ["true", arg], [], io)).toMatchObject({ kind: "exit", status: 0 });
  });

  it("one byte past it is E2BIG (error 7), as execve says, and so is one string too many", () => {
    const arg = "x".repeat(MAX_ARG_BYTES - "true".length - 2 + 1); // "true\0" + arg + "\0" = MAX + 1
    expect(() => runSingleProcess(elf(), ["true", arg], [], io)).toThrow(/error 7\b/);
    expect(() => runSingleProcess(elf(), ["true", "y".repeat(MAX_ARG_BYTES - 7)], [], io)).not.toThrow();
    expect(() => runSingleProcess(elf(), Array.from({ length: MAX_ARGS + 1 }, () => "a"), [], io)).toThrow(/error 7\b/);
  });
});
