// runSingleProcess: one program on the full kernel with host stdio.

import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../state/root.js";
import { runSingleProcess } from "../../kernel/run-single.js";
import type { HostIO } from "../../kernel/kernel.js";
import { ElfError } from "../../cpu/elf.js";
import { ktestImage } from "./helpers.js";

function memIo(input: string) {
  let inp = new TextEncoder().encode(input);
  const out: number[][] = [[], [], []];
  const io: HostIO = {
    read: (_fd, max) => {
      const b = inp.slice(0, max);
      inp = inp.slice(b.length);
      return b;
    },
    write: (fd, bytes) => {
      out[fd]!.push(...bytes);
      return bytes.length;
    },
    kind: () => "pipe",
    size: () => 0,
  };
  return { io, out: (fd: number) => new TextDecoder().decode(new Uint8Array(out[fd]!)) };
}

describe("runSingleProcess", () => {
  it("runs a program with exit status", () => {
    const { io } = memIo("");
    const r = runSingleProcess(ktestImage(), ["/bin/ktest", "execd"], ["K=v"], io);
    expect(r).toMatchObject({ kind: "exit", status: 7 });
  });

  const cat = join(packageRoot(), "user/bin/cat");
  it.skipIf(!existsSync(cat))("copies host stdin to stdout byte for byte (user/bin/cat)", () => {
    const { io, out } = memIo("line one\nline two\r\n\x00\xff");
    const r = runSingleProcess(new Uint8Array(readFileSync(cat)), ["cat"], [], io);
    expect(r).toMatchObject({ kind: "exit", status: 0 });
    expect(out(1)).toBe("line one\nline two\r\n\x00\xff");
  });

  it("rejects a file that is not an ELF with ElfError", () => {
    const { io } = memIo("");
    expect(() => runSingleProcess(new TextEncoder().encode("#!/bin/sh\n"), ["x"], [], io)).toThrow(ElfError);
  });

  it("stops at the tick limit", () => {
    const { io } = memIo("");
    // ktest as a whole needs far more than 10,000 ticks
    const r = runSingleProcess(ktestImage(), ["/bin/ktest"], [], io, { maxTicks: 10_000 });
    expect(r.kind).toBe("limit");
  });
});
