// A long-running shell gives memory back (user/libc/malloc.c trims the heap and unmaps big blocks):
// the login shell of a booted box holds a 589 KB variable (x=$(seq 1 100000)) and drops it, three
// times; afterwards it must hold no more than 256 KiB above what it held at the prompt. The first-fit
// allocator before it kept its peak for good (572 pages, 2.3 MB, after the first round).

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Kernel } from "../../kernel/kernel.js";
import { BIN } from "./helpers.js";

describe("the shell's heap", () => {
  it("goes back down after a big variable is dropped", () => {
    const rootfs = readdirSync(BIN).map((n) => ({ path: `/bin/${n}`, mode: 0o755, data: new Uint8Array(readFileSync(join(BIN, n))) }));
    const k = Kernel.boot({ ttys: 1, drives: 0, memoryLimit: 64 << 20 }, rootfs);
    k.run(2_000_000_000);
    const dec = new TextDecoder();
    expect(dec.decode(k.ttyTakeOutput(0))).toBe("$ ");
    const type = (line: string): string => {
      k.ttyInput(0, new TextEncoder().encode(line));
      k.run(5_000_000_000);
      return dec.decode(k.ttyTakeOutput(0));
    };
    const shell = [...k.state.procs.values()].find((p) => p.comm === "sh" || p.comm === "-sh")!;
    const pages = (): number => k.state.procs.get(shell.pid)!.mem.pages.size;
    const start = pages();
    let peak = 0;
    for (let round = 0; round < 3; round++) {
      expect(type("x=$(seq 1 100000); echo ${#x}\r")).toContain("\r\n588894\r\n$ ");
      peak = Math.max(peak, pages());
      type("x=\r");
    }
    expect(peak).toBeGreaterThan(start + 144); // the variable really was there (589 KB)
    expect(pages()).toBeLessThanOrEqual(start + 64);
  }, 120_000);
});
