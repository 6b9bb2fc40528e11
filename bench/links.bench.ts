// Path resolution with symbolic links (kernel/namei.ts; `npm run bench links`): a 7-component
// path without links (what every open and stat pays, now with one look per component for a
// link), the same through one link, a chain of 40 links (the most one resolution follows), a
// cycle (41 links, then ELOOP), and the worst a guest or a hostile snapshot can build: 40 links
// whose targets are each ~4 KiB of "./" (41 × 2048 steps), the bound on any walk.

import type { Bench } from "tinybench";
import { Kernel, type KernelConfig } from "../kernel/kernel.js";
import { emptyState, populateRoot } from "../kernel/boot.js";
import { tmpfs } from "../kernel/fs-tmpfs.js";
import { resolve } from "../kernel/vfs.js";
import type { Node } from "../kernel/fs-types.js";

const CONFIG: KernelConfig = { ttys: 1, drives: 0, memoryLimit: 16 << 20 };

function mk(k: Kernel, dir: Node, name: string): Node {
  const n = tmpfs.create(k, dir, name, "dir", 0o755);
  if (typeof n === "number") throw new Error(`mkdir ${name}: ${n}`);
  return n;
}
function sym(k: Kernel, dir: Node, name: string, target: string): void {
  const r = tmpfs.symlink!(k, dir, name, target);
  if (typeof r === "number") throw new Error(`symlink ${name}: ${r}`);
}

/** A kernel with /tmp/a/b/c/d/e/f, a link to /tmp/a/b/c/d/e, a 40-link chain, a cycle, and the worst case. */
export function linkKernel(): Kernel {
  const k = new Kernel(CONFIG, emptyState(CONFIG));
  populateRoot(k, CONFIG, []);
  const tmp = resolve(k, k.state.rootIno, "/tmp") as Node;
  let d = tmp;
  for (const n of ["a", "b", "c", "d", "e", "f"]) d = mk(k, d, n);
  sym(k, tmp, "l", "a/b/c/d/e");
  sym(k, tmp, "c40", "a");
  for (let i = 39; i >= 0; i--) sym(k, tmp, `c${i}`, `c${i + 1}`);
  sym(k, tmp, "x", "y");
  sym(k, tmp, "y", "x");
  const dots = "./".repeat(2046) + "w"; // 4093 bytes, 2047 components
  sym(k, tmp, "w40", ".");
  for (let i = 39; i >= 0; i--) sym(k, tmp, `w${i}`, dots.slice(0, -1) + `w${i + 1}`);
  return k;
}

export function addBenchmarks(bench: Bench): void {
  const k = linkKernel();
  const root = k.state.rootIno;
  const check = (path: string, ok: boolean) => {
    const r = resolve(k, root, path);
    if ((typeof r !== "number") !== ok) throw new Error(`${path}: ${String(r)}`);
  };
  const cases: [string, string, boolean][] = [
    ["resolve /tmp/a/b/c/d/e/f (no link)", "/tmp/a/b/c/d/e/f", true],
    ["resolve /tmp/l/f (one link)", "/tmp/l/f", true],
    ["resolve /tmp/c1/b (40 links)", "/tmp/c1/b", true],
    ["resolve /tmp/x (a cycle: ELOOP)", "/tmp/x", false],
    ["resolve /tmp/w1 (40 links of 2047 components)", "/tmp/w1", true],
  ];
  for (const [name, path, ok] of cases) {
    check(path, ok);
    bench.add(name, () => {
      resolve(k, root, path);
    });
  }
}
