// Kernel speed: a whole ktest run (fork, pipes, files, signals, exec; boot to
// idle), shell command round trips on the real userland, and a 100 KB pipe
// transfer between two processes inside ktest's pipe_big case.

import type { Bench } from "tinybench";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../state/root.js";
import { Kernel, type KernelConfig } from "../kernel/kernel.js";

const CONFIG: KernelConfig = { ttys: 2, drives: 1, memoryLimit: 64 << 20 };

/** Register the kernel benchmarks. */
export function addBenchmarks(bench: Bench): void {
  const root = packageRoot();
  const ktest = new Uint8Array(readFileSync(join(root, "test/kernel/fixtures/ktest")));
  bench.add("kernel: ktest as init, boot to idle (15 cases, ~30 processes)", () => {
    const k = Kernel.boot(CONFIG, [
      { path: "/bin/init", mode: 0o755, data: ktest },
      { path: "/bin/ktest", mode: 0o755, data: ktest },
    ]);
    k.run(20_000_000_000);
  });

  const bin = join(root, "user/bin");
  if (!existsSync(join(bin, "sh"))) return;
  const files = readdirSync(bin).map((n) => ({ path: `/bin/${n}`, mode: 0o755, data: new Uint8Array(readFileSync(join(bin, n))) }));
  const k = Kernel.boot(CONFIG, files);
  k.run(2_000_000_000);
  const line = new TextEncoder().encode("echo hi | cat | wc -c\r");
  bench.add("kernel: shell round trip `echo hi | cat | wc -c` (3 forks + execs, 2 pipes)", () => {
    k.ttyInput(0, line);
    k.run(5_000_000_000);
    k.ttyTakeOutput(0);
  });
}
