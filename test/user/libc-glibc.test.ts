// Our libc against glibc, source for source: user/tests/conform/cf_scanf.c, cf_math.c and
// cf_malloc.c (alignment, calloc overflow, realloc in place, the aligned allocators, bad frees) are
// built for the host with its own C library (glibc and libm, -fno-builtin so the compiler does
// not fold the calls) and run there; the committed RV32 builds (our libc) run in the box; the
// two must print the same lines. conformance.test.ts compares the box with qemu-riscv32 (the
// same binary on Linux) — this compares the library with Linux's own. Two kinds of line are
// left out, each for a stated reason: "%Lf" checks (the host's long double need not be binary128
// as RV32's is) and checks named "glibc's is an ulp off" (glibc's cbrt is not correctly rounded).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bufferIO } from "../../cli/run-buffers.js";
import { runWithHost } from "../../cli/run.js";
import { packageRoot } from "../../state/root.js";
import { defaultImage } from "../../machine/host-image.js";

const dir = join(packageRoot(), "user/tests/conform");
const cc = ["cc", "clang", "gcc"].find((c) => spawnSync("sh", ["-c", `command -v ${c}`]).status === 0);
if (!cc) console.warn("libc-glibc: no host C compiler — the comparison with glibc is skipped");
const tmp = mkdtempSync(join(tmpdir(), "cryobox-libc-glibc-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function box(name: string): string {
  const buf = bufferIO(new Uint8Array(0));
  const status = runWithHost(["--max-instructions", "2000000000", "--argv0", name, join(dir, "bin", name)], {
    io: buf.io,
    stdout: () => {},
    stderr: () => {},
    readFile: (p) => new Uint8Array(readFileSync(p)),
    clock: () => 0,
    rootfs: defaultImage,
  });
  expect(status).toBe(0);
  return new TextDecoder().decode(buf.stdout());
}

function host(name: string): string {
  const exe = join(tmp, name);
  const b = spawnSync(cc!, ["-w", "-O1", "-fno-builtin", "-o", exe, join(dir, `${name}.c`), "-lm"]);
  expect(b.status, b.stderr.toString()).toBe(0);
  const r = spawnSync(exe, [], { input: "", timeout: 60_000 });
  expect(r.status).toBe(0);
  return r.stdout.toString();
}

// a box run is seconds of synchronous work: let the worker answer vitest's runner first
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const comparable = (l: string) => !l.startsWith("%Lf") && !l.includes("glibc's is an ulp off");

describe("our libc prints what glibc prints", () => {
  for (const name of ["cf_scanf", "cf_math", "cf_malloc"]) {
    it.skipIf(!cc)(`${name}`, async () => {
      await breathe();
      const mine = box(name).split("\n");
      await breathe();
      const theirs = host(name).split("\n");
      expect(mine.length).toBeGreaterThan(name === "cf_malloc" ? 25 : 50);
      expect(mine.filter(comparable)).toEqual(theirs.filter(comparable));
      // what was left out is still checked in the box (every check passes)
      expect(mine.filter((l) => !comparable(l)).every((l) => l.endsWith(": ok"))).toBe(true);
    }, 120_000);
  }
});
