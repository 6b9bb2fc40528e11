// The libc allocator (user/libc/malloc.c) under random use, in the box: user/tests/mallocfuzz
// performs seeded random malloc/calloc/realloc/memalign/free over 512 slots, fills every block with
// a pattern of its own and checks it before each resize and free (overlapping blocks or bytes lost
// in a realloc change a pattern), checks alignment and malloc_usable_size, and at the end wants the
// break back near where it started. fast-check picks the seeds; a failing seed is printed by
// fast-check and replays with `cryobox run user/tests/bin/mallocfuzz SEED OPS`.
// Where qemu-riscv32 is installed, one long seed also runs on Linux and must print the same line
// (the same binary: the allocator must not depend on anything the box does differently).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bufferIO } from "../../cli/run-buffers.js";
import { runWithHost } from "../../cli/run.js";
import { packageRoot } from "../../state/root.js";

const exe = join(packageRoot(), "user/tests/bin/mallocfuzz");
const LONG = process.env.CRYOBOX_LONG === "1";
const haveQemu = spawnSync("sh", ["-c", "command -v qemu-riscv32"]).status === 0;
if (!haveQemu) console.warn("malloc-fuzz: qemu-riscv32 not installed — the comparison with Linux is skipped");

function box(args: string[]): { stdout: string; stderr: string; status: number } {
  const buf = bufferIO(new Uint8Array(0));
  let messages = "";
  const status = runWithHost(["--max-instructions", "3000000000", "--argv0", "mallocfuzz", exe, ...args], {
    io: buf.io,
    stdout: () => {},
    stderr: (t) => (messages += t),
    readFile: (p) => new Uint8Array(readFileSync(p)),
    clock: () => 0,
  });
  const dec = new TextDecoder();
  return { stdout: dec.decode(buf.stdout()), stderr: dec.decode(buf.stderr()) + messages, status };
}

// a box run is synchronous work: let the worker answer vitest's runner between runs
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("malloc under random use (mallocfuzz in the box)", () => {
  it("random seeds: every block keeps its bytes, alignment and usable size hold, the break comes back", async () => {
    const ops = LONG ? 10000 : 2500;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0x7fffffff }), async (seed) => {
        await breathe();
        const r = box([String(seed), String(ops)]);
        expect(r.stderr).toBe("");
        expect(r.stdout).toMatch(new RegExp(`^ok ${ops} \\d+\\n$`));
        expect(r.status).toBe(0);
      }),
      { numRuns: LONG ? 100 : 10 },
    );
  }, 300_000);

  it("a wrong call is refused in the program's words (usage, status 2)", () => {
    const r = box([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage: mallocfuzz SEED [OPS]");
  });

  it.skipIf(!haveQemu)("prints what Linux (qemu-riscv32) prints for the same seed", () => {
    const args = ["12345", "20000"];
    const mine = box(args);
    const linux = spawnSync("qemu-riscv32", [exe, ...args], { input: "", timeout: 60_000, env: {} });
    expect(mine.stdout).toMatch(/^ok 20000 \d+\n$/);
    expect(mine.stdout).toBe(linux.stdout.toString());
    expect(mine.status).toBe(linux.status);
  }, 120_000);
});
