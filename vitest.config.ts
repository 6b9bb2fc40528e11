import { defineConfig } from "vitest/config";

// Robust on a busy 2-core machine (#8): forked workers, at most two of them
// (more only starve each other, and a starved worker once failed the suite
// with "Timeout calling onTaskUpdate" after 12 minutes), generous per-test and
// per-hook timeouts for long guest runs.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // setup-hash: node:crypto hashing as under the Node entry points; setup-cpu: CRYOBOX_JIT=0 runs the
    // interpreter only (docs/cpu.md); setup-platform: the Node platform (machine/platform.ts), as under the entry points;
    // setup-bytes: toEqual of byte arrays in one loop (vitest's element walk took 32 s for a 2.5 MB snapshot)
    setupFiles: ["test/setup-hash.ts", "test/setup-cpu.ts", "test/setup-platform.ts", "test/setup-bytes.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    slowTestThreshold: 10_000,
  },
});
